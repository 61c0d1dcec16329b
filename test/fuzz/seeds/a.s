  .syntax unified
  .thumb
  .section .vectors,"a"
  .word 0x20001000
  .word reset + 1
  .text
  .type reset, %function
  .thumb_func
reset:
  b reset
  .thumb
  .type armfn, %function
armfn:
  bx lr
