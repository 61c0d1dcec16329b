  .syntax unified
  .arm
  .text
  .type armfn, %function
  .globl armfn
armfn:
  bx lr
