/*
 * --fault-report=short: one line (two for a main stack overflow) and the
 * exit status (fault.h: 128 + the exception code, 128 + 16 + an
 * interrupt's), for images where neither the full report's names nor a
 * host to decode the record are at hand:
 *
 *   noos: exception 5 at pc 0x00000000800001aa (mtval 0x0000000000000004, ra 0x0000000080000156)
 *   noos: unhandled interrupt 7 at pc 0x0000000080000104 (ra 0x...)
 *
 * and a second line for an access fault in the PMP guard below the main
 * stack (fault.h):
 *
 *   noos: main stack overflow: raise --stack-size
 *
 * The exception codes are the privileged specification's (5: load access
 * fault; fault-full.c names them all); give pc and ra to
 * llvm-addr2line -fipe with the image.
 */
#include "internal.h"
#include "fault.h"

#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

/* The symbol noos-ld asks for (-u) to pick this object. */
const char noos_fault_short = 0;

__attribute__((noreturn, used)) void
noos__rv_trap(const struct noos_rv_frame *f) {
  uintptr_t code = f->mcause & ~NOOS_RV_INTERRUPT;
  int irq = (f->mcause & NOOS_RV_INTERRUPT) != 0;
  noos_puts_raw(irq ? "\nnoos: unhandled interrupt " : "\nnoos: exception ");
  noos_put_dec((uint32_t)code);
  noos_puts_raw(" at pc ");
  noos__rv_put_xlen(f->mepc);
  noos_puts_raw(" (");
  if (!irq) {
    noos_puts_raw("mtval ");
    noos__rv_put_xlen(f->mtval);
    noos_puts_raw(", ");
  }
  noos_puts_raw("ra ");
  noos__rv_put_xlen(f->x[1]);
  noos_puts_raw(")\n");
  if (noos__rv_main_overflow(f))
    noos_puts_raw("noos: main stack overflow: raise --stack-size\n");
  noos_exit(noos__rv_trap_status(f->mcause));
}

#pragma clang attribute pop
