/* The trap frame trap-entry.S saves (from the lowest address), and the
 * exit status of a trap: 128 + the exception code, 128 + 16 + the code of
 * an interrupt. */
#ifndef NOOS_RISCV_FAULT_H
#define NOOS_RISCV_FAULT_H

#include <stdint.h>

struct noos_rv_frame {
  uintptr_t x[32]; /* x[0] unused, x[2] the interrupted sp */
  uintptr_t mepc, mcause, mtval, mstatus;
};

#define NOOS_RV_INTERRUPT ((uintptr_t)1 << (sizeof(uintptr_t) * 8 - 1))

static inline int noos__rv_trap_status(uintptr_t mcause) {
  uintptr_t code = mcause & ~NOOS_RV_INTERRUPT;
  if (mcause & NOOS_RV_INTERRUPT)
    return 128 + 16 + (int)(code & 63);
  return 128 + (int)(code & 63);
}

void noos__rv_trap(const struct noos_rv_frame *f);

#endif
