@ Cortex-M4 start-up code calling a function from each of two C objects.
@ Assembled, it records no calling convention: it counts for neither ABI.
  .syntax unified
  .arch armv7e-m
  .thumb

  .section .vectors,"a",%progbits
  .word __stack
  .word Reset_Handler

  .text
  .globl Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  bl scale
  bl offset
  b .
  .size Reset_Handler, . - Reset_Handler
