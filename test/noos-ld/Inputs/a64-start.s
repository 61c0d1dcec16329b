# A program entry for aarch64 without a vector table.
  .text
  .globl Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  b .
