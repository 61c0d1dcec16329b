# A minimal RISC-V program of its own (no runtime): the reset code in
# .noos.reset, where the harts start, some data and small data.
  .section .noos.reset, "ax", @progbits
  .global Reset_Handler
  .type Reset_Handler, @function
Reset_Handler:
  la sp, __stack
  lw a0, value
  lw a1, small
  j .

  .data
  .global value
value:
  .word 0x11223344

  .section .sdata, "aw", @progbits
  .global small
small:
  .word 0x55667788
