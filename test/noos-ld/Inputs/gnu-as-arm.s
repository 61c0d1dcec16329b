@ ARM-state (A32) code, tagged v6T2 by GNU as: no M-profile core runs it.
  .syntax unified
  .arm
  .text
  .global triple
  .type triple, %function
triple:
  add r0, r0, r0, lsl #1
  movw r1, #0x1234
  bx lr
