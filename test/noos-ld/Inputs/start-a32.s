@ A minimal A-profile program of its own (no runtime): a vector table of
@ eight branches, a reset handler, some data. Not 32-byte aligned on
@ purpose: the layout asserts VBAR's alignment.
  .syntax unified
  .arm
  .section .vectors, "ax", %progbits
vectors:
  b Reset_Handler
  .rept 7
  b .
  .endr

  .text
  .global Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  ldr sp, =__stack
  ldr r0, =value
  ldr r0, [r0]
  b .

  .data
  .global value
value:
  .word 0x11223344
