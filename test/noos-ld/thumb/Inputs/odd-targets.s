@ Vector entries the Thumb checks refuse without a symbol to name: an even
@ address outside the image (NMI), an address inside a data table with no
@ symbol there (HardFault), an even address in code with no symbol there
@ (MemManage).
  .syntax unified
  .arch armv7-m
  .thumb

  .section .vectors,"a",%progbits
  .word __stack
  .word Reset_Handler
  .word 0x10000000
  .word table + 4
  .word .Lmid

  .text
  .globl Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  nop
  nop
.Lmid:
  nop
  b .
  .size Reset_Handler, . - Reset_Handler

  .section .rodata,"a",%progbits
  .globl table
  .type table, %object
table:
  .word 1, 2, 3, 4
  .size table, . - table
