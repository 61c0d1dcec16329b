@ A reset handler and no vector table (no .vectors or .isr_vector).
  .syntax unified
  .thumb
  .text
  .global Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  b .
