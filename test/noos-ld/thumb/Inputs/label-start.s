@ A typed reset handler that keeps label-table.c's and untyped-labels.s's
@ tables in the image (--gc-sections would drop them otherwise).
  .syntax unified
  .thumb
  .section .vectors,"a",%progbits
  .word __stack
  .word Reset_Handler
  .text
  .globl Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
.ifndef NO_TABLES
  ldr r0, =table
  ldr r1, =asm_table
.endif
  bl call_it
  b .
  .ltorg
