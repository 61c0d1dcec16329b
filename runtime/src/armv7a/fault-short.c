/*
 * --fault-report=short: one line, a second one naming a stack overflow,
 * and the status (fault.h), for images without room for the full
 * report's decoding (fault-full.c):
 *
 *   noos: exception 4 at pc 0x401002a4 (fsr 0x00000001, far 0x40100a02, lr 0x40100300)
 *   noos: main stack overflow: raise --stack-size
 *
 * The exception is the vector's number (1 undefined instruction, 3
 * prefetch abort, 4 data abort, 6 IRQ, 7 FIQ); give pc and lr to
 * llvm-addr2line -fipe with the image.
 */
#include "internal.h"
#include "fault.h"

#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

/* The symbol noos-ld asks for (-u) to pick this object. */
const char noos_fault_short = 0;

static void hex(const char *s, uint32_t v) {
  noos_puts_raw(s);
  noos_put_hex(v);
}

__attribute__((used)) void noos__a32_exception(uint32_t kind,
                                               const struct noos_a32_frame *f) {
  struct noos_a32_fault F = noos__a32_fault(kind, f);
  noos_puts_raw("\nnoos: exception ");
  noos_put_dec(kind);
  hex(" at pc ", F.pc);
  if (kind == 3 || kind == 4) {
    hex(" (fsr ", F.fsr);
    hex(", far ", F.far);
    hex(", lr ", f->lr);
  } else {
    hex(" (lr ", f->lr);
  }
  noos_puts_raw(")\n");
  if (F.overflow)
    noos_puts_raw("noos: main stack overflow: raise --stack-size\n");
  else if (F.thread_overflow)
    noos_puts_raw("noos: thread stack overflow: give the thread a larger stack\n");
  noos_exit((int)(128 + kind));
}

#pragma clang attribute pop
