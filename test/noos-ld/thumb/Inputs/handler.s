@ An interrupt handler without .type or .thumb_func.
  .syntax unified
  .arch armv7-m
  .thumb
  .text
  .globl TIMER0_IRQHandler
TIMER0_IRQHandler:
  bx lr
