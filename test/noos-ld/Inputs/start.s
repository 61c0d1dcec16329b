@ A minimal M-profile program: vector table, reset handler, some data.
  .syntax unified
  .thumb
  .section .vectors, "a"
  .word __stack
  .word Reset_Handler

  .text
  .global Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  ldr r0, =value
  ldr r0, [r0]
  ldr r1, =buffer
  b .

  .data
  .global value
value:
  .word 0x11223344

  .bss
buffer:
  .space 256
