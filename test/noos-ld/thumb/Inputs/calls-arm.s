@ Thumb start-up code that calls an ARM-state function.
  .syntax unified
  .arch armv7-m
  .thumb

  .section .vectors,"a",%progbits
  .word __stack
  .word Reset_Handler

  .text
  .globl Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  bl armfn
  b .
  .size Reset_Handler, . - Reset_Handler
