@ Start-up code whose Reset_Handler and SysTick_Handler are plain labels
@ (no .type/.thumb_func): LLD puts their even addresses in the vector table
@ and in e_entry, and a Cortex-M core would fault on reset.
  .syntax unified
  .thumb

  .section .vectors,"a",%progbits
  .word __stack
  .word Reset_Handler
  .word NMI_Handler
  .word 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
  .word SysTick_Handler

  .text
  .globl Reset_Handler
Reset_Handler:
  b .

  .globl NMI_Handler
  .thumb_func
NMI_Handler:
  b .

  .globl SysTick_Handler
SysTick_Handler:
  bx lr
