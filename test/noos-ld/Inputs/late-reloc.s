@ A branch LLD can only check when it writes the output: a narrow Thumb
@ branch (R_ARM_THM_JUMP11, +-2 KB, no thunk possible) to a symbol the
@ command line places 4 KB away (--defsym=far_away=...).
  .syntax unified
  .thumb
  .section .vectors, "a"
  .word __stack
  .word Reset_Handler

  .text
  .global Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  .reloc ., R_ARM_THM_JUMP11, far_away
  .short 0xe7fe
