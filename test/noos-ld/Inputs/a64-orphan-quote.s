// Initialised data in a section the layout does not name, and that a
// linker script cannot spell (a quote in its name): LLD places the orphan
// between .data and .tdata, which startup code copies as one block.
  .text
  .global main
  .type main, %function
main:
  adrp x0, mine
  adrp x1, value
  mrs x2, tpidr_el0
  add x2, x2, :tprel_lo12_nc:tvalue
  mov w0, #0
  ret

  .data
value:
  .word 1

  .section "my\"data", "aw"
  .global mine
mine:
  .word 0x12345678

  .section .tdata, "awT"
tvalue:
  .word 5
