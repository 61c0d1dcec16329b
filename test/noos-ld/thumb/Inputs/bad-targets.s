@ Vector entries that point at the wrong things: a data table (SysTick),
@ the middle of a function (HardFault), and an untyped handler in another
@ object (IRQ0, see handler.s).
  .syntax unified
  .arch armv7-m
  .thumb

  .section .vectors,"a",%progbits
  .word __stack
  .word Reset_Handler
  .word 0
  .word Reset_Handler + 2
  .word 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
  .word table
  .word TIMER0_IRQHandler

  .text
  .globl Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  nop
  nop
  b .
  .size Reset_Handler, . - Reset_Handler

  .section .rodata,"a",%progbits
  .globl table
  .type table, %object
table:
  .word 1, 2, 3, 4
  .size table, . - table
