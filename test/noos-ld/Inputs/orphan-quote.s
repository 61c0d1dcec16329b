@ Initialised data in a section the layout does not name, and that a linker
@ script cannot spell (a quote in its name), so noos-ld cannot place it: LLD
@ places the orphan after .data, between .data and .tdata, which startup
@ code copies as one block.
  .syntax unified
  .thumb
  .section .vectors, "a"
  .word __stack
  .word Reset_Handler

  .text
  .global Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  ldr r0, =mine
  ldr r1, =value
  ldr r2, =tvalue(tpoff)
  b .

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
