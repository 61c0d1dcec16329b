/* The semihosting sequence (port.h's k_semihost): a0 = op, a1 = argument
 * block; the host's result comes back in a0. */
  .section .text.noos__rv_semihost_trap, "ax", @progbits
  .global noos__rv_semihost_trap
  .type noos__rv_semihost_trap, @function
  .option push
  .option norvc
  .balign 16
noos__rv_semihost_trap:
  slli zero, zero, 0x1f
  ebreak
  srai zero, zero, 7
  ret
  .option pop
  .size noos__rv_semihost_trap, . - noos__rv_semihost_trap
