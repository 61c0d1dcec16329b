@ Thumb-2 code as GNU as assembles it for arm-none-eabi: with no -mcpu it
@ tags the object Tag_CPU_arch v6T2 (an A-profile architecture), though
@ the code is Thumb only and a v7-M core runs it. triple(x) = 3 * x.
  .syntax unified
  .thumb
  .text
  .global triple
  .type triple, %function
  .thumb_func
triple:
  add.w r0, r0, r0, lsl #1
  movw r1, #0x1234
  bfc r1, #0, #4
  bx lr
