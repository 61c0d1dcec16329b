	.syntax unified
	.thumb
	.text
	.globl main
	.type main, %function
	.thumb_func
main:
	movs r0, #0
	bx lr
	.size main, . - main
