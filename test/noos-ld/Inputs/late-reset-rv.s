# The entry is not the first instruction of the image.
  .section .noos.reset, "ax", @progbits
  nop
  .global Reset_Handler
Reset_Handler:
  j .
