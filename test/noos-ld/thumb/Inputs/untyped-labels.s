@ Hand-written Thumb code whose labels have no .type: their addresses,
@ stored by table.c, are even.
  .syntax unified
  .thumb

  .section .text.asm_label,"ax",%progbits
  .globl asm_label
asm_label:              @ starts Thumb code ($t here)
  movs r0, #1
  bx lr
  .globl asm_second
asm_second:             @ Thumb code after another label (no $t here)
  movs r0, #2
  bx lr
local_label:            @ a local label: references go through .text.asm_label
  movs r0, #3
  bx lr
  .globl code_end
code_end:               @ the end of the section: an address, not code

  .section .text.asm_typed,"ax",%progbits
  .globl asm_typed
  .type asm_typed, %function
asm_typed:
  movs r0, #4
  bx lr

  .section .text.asm_pool,"ax",%progbits
  .globl asm_pool
  .type asm_pool, %function
asm_pool:
  ldr r0, =asm_label    @ an assembler literal pool: not taken as a call
  bx lr
  .ltorg

  .section .rodata.asm_table,"a",%progbits
  .globl asm_table
asm_table:
  .word local_label     @ through the section symbol: an error
  .word asm_label + 1   @ bit 0 set by hand: fine
  .word code_end        @ the end of code: not a function
  .word asm_typed       @ a function: odd already
  .word code_end - asm_label  @ a size: no relocation
