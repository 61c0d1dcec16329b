@ A table that stores the address of an untyped Thumb label through a
@ second symbol at the same place, whose name the test then erases
@ (Inputs/unname-symbol.py): an unnamed symbol is never a label itself.
  .syntax unified
  .thumb
  .text
  .globl alias_label
  .globl asm_label
alias_label:
asm_label:
  bx lr

  .globl main
  .type main, %function
main:
  ldr r0, =tbl
  ldr r0, [r0]
  movs r0, #0
  bx lr

  .section .rodata.tbl, "a"
  .globl tbl
tbl:
  .word alias_label
