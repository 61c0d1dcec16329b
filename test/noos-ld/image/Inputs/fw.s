@ A minimal Cortex-M image with known bytes: the vector table (initial SP,
@ Reset_Handler), a Thumb function with a literal pool, and 8 bytes of
@ .data whose initial values are stored in flash after the code.
  .syntax unified

  .section .vectors,"a",%progbits
  .word __stack
  .word Reset_Handler

  .text
  .globl Reset_Handler
  .p2align 1
  .thumb_func
  .type Reset_Handler,%function
Reset_Handler:
  ldr r0, =value
  ldr r0, [r0]
  b .
  .size Reset_Handler, .-Reset_Handler

  .data
  .globl value
value:
  .byte 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88
