@ A Thumb routine whose label is not typed as a function.
  .syntax unified
  .thumb
  .text
  .globl asm_answer
asm_answer:
  movs r0, #42
  bx lr
