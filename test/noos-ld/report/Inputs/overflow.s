@ An image too big for small regions: 70000 bytes of code and a 3000-byte
@ table for flash, a 100000-byte buffer for RAM. Reset_Handler refers to
@ each, so that garbage collection keeps them.
  .syntax unified
  .thumb
  .section .vectors,"a",%progbits
  .word __stack
  .word Reset_Handler

  .section .text.reset,"ax",%progbits
  .globl Reset_Handler
  .type Reset_Handler,%function
Reset_Handler:
  ldr r0, =big_code
  ldr r1, =table
  ldr r2, =buffer
  b .

  .section .text.big,"ax",%progbits
big_code:
  .space 70000

  .section .rodata.table,"a",%progbits
table:
  .space 3000

  .section .bss.buffer,"aw",%nobits
buffer:
  .space 100000
