@ A function assembled for the ARM (A32) state, as armv7a code would be.
  .syntax unified
  .arch armv7-a
  .arm
  .text
  .globl armfn
  .type armfn, %function
armfn:
  bx lr
  .size armfn, . - armfn
