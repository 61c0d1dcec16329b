/*
 * --fault-report=short: one line, a second one naming a stack overflow,
 * and the status (exception.h), for images without room for the full
 * report's decoding (exception.c):
 *
 *   noos: exception class 0x25 at pc 0x0000000040100a3c (esr 0x96000005, far 0x00000000f0000000, lr 0x0000000040100b10)
 *   noos: main stack overflow: raise --stack-size
 *   noos: unhandled exception entry 1 at pc 0x... (lr 0x...)
 *
 * (the second line also "thread stack overflow: give the thread a larger
 * stack"; the exception classes are the Arm ARM's ESR_EL1.EC, 0x25 a data
 * abort at EL1.)
 *
 * Give pc and lr to llvm-addr2line -fipe with the image.
 */
#include "internal.h"
#include "exception.h"

#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

/* The symbol noos-ld asks for (-u) to pick this object. */
const char noos_fault_short = 0;

static void hexn(const char *s, uint64_t v, int digits) {
  char buf[19];
  buf[0] = '0';
  buf[1] = 'x';
  buf[digits + 2] = 0;
  for (int i = digits + 1; i > 1; --i, v >>= 4) {
    unsigned d = v & 15;
    buf[i] = (char)(d < 10 ? '0' + d : 'a' - 10 + d);
  }
  noos_puts_raw(s);
  noos_puts_raw(buf);
}

static void hex(const char *s, uint64_t v) { hexn(s, v, 16); }

__attribute__((used)) void noos__a64_exception(struct noos_a64_frame *f,
                                               uint64_t entry) {
  unsigned status = noos__a64_status(f, entry);
  if (entry & 3) {
    noos_puts_raw("\nnoos: unhandled exception entry ");
    noos_put_dec((uint32_t)entry);
  } else {
    hexn("\nnoos: exception class ", status - 128, 2);
  }
  hex(" at pc ", f->elr);
  if (!(entry & 3)) {
    hexn(" (esr ", f->esr, 8);
    hex(", far ", f->far);
    hex(", lr ", f->x[30]);
  } else {
    hex(" (lr ", f->x[30]);
  }
  noos_puts_raw(")\n");
  if (noos__a64_main_overflow(f, entry))
    noos_puts_raw("noos: main stack overflow: raise --stack-size\n");
  else if (noos__a64_thread_overflow(f, entry))
    noos_puts_raw("noos: thread stack overflow: give the thread a larger stack\n");
  noos_exit((int)status);
}

#pragma clang attribute pop
