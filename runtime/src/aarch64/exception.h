/* The frame vectors.S saves for an exception it does not handle, and
 * what every --fault-report mode (exception.c: full; exception-short.c,
 * exception-none.c) makes of it: the exit status, the guard pages'
 * overflows. */
#ifndef NOOS_AARCH64_EXCEPTION_H
#define NOOS_AARCH64_EXCEPTION_H

#include <stdint.h>

struct noos_a64_frame {
  uint64_t x[31];
  uint64_t sp, elr, spsr, esr, far;
};

_Static_assert(sizeof(struct noos_a64_frame) == 288, "vectors.S's FRAME");

/* vectors.S calls it; the mode noos-ld's -u picks defines it. */
void noos__a64_exception(struct noos_a64_frame *f, uint64_t entry)
    __attribute__((noreturn));

/* 128 + the exception class for a synchronous exception, 192 + the
 * vector entry for an IRQ, FIQ or SError nothing handles. */
static inline unsigned noos__a64_status(const struct noos_a64_frame *f,
                                        uint64_t entry) {
  return (entry & 3) == 0 ? 128 + ((unsigned)(f->esr >> 26) & 0x3f)
                          : 192 + (unsigned)entry;
}

extern char __stack_limit[];
/* The guard page below the main stack (mmu.c): 0 without the MMU. */
extern uint64_t noos__a64_guard_size __attribute__((weak));
/* The running created thread's guard page (mmu.c), 0: none. */
extern uint64_t noos__a64_thread_guard __attribute__((weak));

/* A data abort whose address is valid (FnV clear). */
static inline int noos__a64_data_abort_at(const struct noos_a64_frame *f,
                                          uint64_t entry) {
  unsigned ec = (unsigned)(f->esr >> 26) & 0x3f;
  return (entry & 3) == 0 && (ec == 0x24 || ec == 0x25) &&
         !(f->esr & (1u << 10));
}

/* In the guard page below the main stack. */
static inline int noos__a64_main_overflow(const struct noos_a64_frame *f,
                                          uint64_t entry) {
  uint64_t guard = &noos__a64_guard_size ? noos__a64_guard_size : 0;
  uint64_t limit = (uintptr_t)__stack_limit;
  return noos__a64_data_abort_at(f, entry) && guard &&
         f->far >= limit - guard && f->far < limit;
}

/* In the running thread's guard page: in its code (from EL1t), or as the
 * exception entry saves its registers below its stack pointer. */
static inline int noos__a64_thread_overflow(const struct noos_a64_frame *f,
                                            uint64_t entry) {
  uint64_t tguard = &noos__a64_thread_guard ? noos__a64_thread_guard : 0;
  return noos__a64_data_abort_at(f, entry) && tguard && f->far >= tguard &&
         f->far < tguard + 4096;
}

#endif
