/* The semihosting trap of RISC-V: EBREAK between two hint instructions
 * (slli x0, x0, 0x1f; ebreak; srai x0, x0, 7), which QEMU and debuggers
 * recognise as a semihosting call (op in a0, argument block in a1, result
 * in a0). The three must be uncompressed and must not straddle a page, so
 * the sequence is assembled with .option norvc and 16-byte aligned; it
 * sits in a function of its own, as alignment inside an inlined asm would
 * pad the caller. Included by semihost.c. */
#ifndef NOOS_SEMIHOST_TRAP_H
#define NOOS_SEMIHOST_TRAP_H

#include <stdint.h>

uintptr_t noos__rv_semihost_trap(uintptr_t op, const void *arg);

static inline __attribute__((always_inline)) uintptr_t
noos_semihost_trap(uintptr_t op, const void *arg) {
  return noos__rv_semihost_trap(op, arg);
}

#endif
