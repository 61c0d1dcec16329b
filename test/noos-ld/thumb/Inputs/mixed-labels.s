@ ARM and Thumb routines without .type, and a table of their addresses,
@ for an A-profile core that runs both: the ARM label's even address is
@ right, the Thumb label's is not.
  .syntax unified
  .section .text.arm_label,"ax",%progbits
  .arm
  .globl arm_label
arm_label:
  mov r0, #1
  bx lr
  .section .text.thumb_label,"ax",%progbits
  .thumb
  .globl thumb_label
thumb_label:
  movs r0, #2
  bx lr
  .section .data.mixed_table,"aw",%progbits
  .globl mixed_table
mixed_table:
  .word arm_label
  .word thumb_label
