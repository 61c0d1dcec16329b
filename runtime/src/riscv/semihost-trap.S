/* The semihosting sequence (port.h's k_semihost): a0 = op, a1 = argument
 * block; the host's result comes back in a0.
 *
 * Its 16-byte alignment (the sequence must not straddle a page) makes the
 * padding before it change by up to 14 bytes whenever the code before it
 * shrinks, so a call relaxed across it could go out of range and back,
 * pass after pass, until LLD gives up ("address assignment did not
 * converge"). So it is not a .text.* section: riscv.ld puts it after all
 * other code, where no call crosses it, and its callers call it without
 * relaxation (k_semihost), so the padding cannot move them either. */
  .section .noos.semihost_trap, "ax", @progbits
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
