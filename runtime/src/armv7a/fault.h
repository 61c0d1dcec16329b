/* What every armv7a fault report (--fault-report: fault-full.c, the
 * default; fault-short.c; fault-none.c) works out from the frame
 * exception-entry.S saves: where the exception happened, the fault
 * registers, whether it was a stack overflow, and the exit status, 128 +
 * the vector's number (its offset in the table / 4): undefined
 * instruction 129, SVC 130, prefetch abort 131, data abort 132, IRQ 134,
 * FIQ 135. */
#ifndef NOOS_ARMV7A_FAULT_H
#define NOOS_ARMV7A_FAULT_H

#include <stdint.h>

struct noos_a32_frame {
  uint32_t spsr, sp, lr; /* of the interrupted mode */
  uint32_t r[13];
  uint32_t ret; /* the exception mode's lr */
};

/* exception-entry.S calls it; the mode noos-ld's -u picks defines it. */
void noos__a32_exception(uint32_t kind, const struct noos_a32_frame *f)
    __attribute__((noreturn));

extern char __stack_guard[], __stack_limit[], __stack[];
/* The running created thread's guard page (mmu.c; 0: none). */
extern uint32_t noos__a32_thread_guard;

struct noos_a32_fault {
  uint32_t pc;       /* where the exception happened */
  uint32_t fsr, far; /* DFSR/DFAR or IFSR/IFAR (aborts; else 0) */
  uint32_t fs;       /* the fault status, FS[4:0] */
  int overflow;      /* in the main stack's guard page */
  int thread_overflow; /* in the running thread's */
};

static inline struct noos_a32_fault
noos__a32_fault(uint32_t kind, const struct noos_a32_frame *f) {
  struct noos_a32_fault r = {0, 0, 0, 0, 0, 0};
  int thumb = (f->spsr >> 5) & 1;
  /* Where the exception happened: lr minus what the kind adds. */
  uint32_t back = kind == 4 ? 8 : (kind == 1 || kind == 2) && thumb ? 2 : 4;
  r.pc = f->ret - back;
  if (kind == 4) {
    __asm__ volatile("mrc p15, 0, %0, c5, c0, 0" : "=r"(r.fsr)); /* DFSR */
    __asm__ volatile("mrc p15, 0, %0, c6, c0, 0" : "=r"(r.far)); /* DFAR */
  } else if (kind == 3) {
    __asm__ volatile("mrc p15, 0, %0, c5, c0, 1" : "=r"(r.fsr)); /* IFSR */
    __asm__ volatile("mrc p15, 0, %0, c6, c0, 2" : "=r"(r.far)); /* IFAR */
  }
  r.fs = ((r.fsr >> 6) & 0x10) | (r.fsr & 0xf);
  /* A data abort in the main stack's guard page (mmu.c) is an overflow;
   * in the running thread's, its overflow: in its code, or as a kernel
   * entry saves its registers below its stack pointer. */
  r.overflow = kind == 4 && r.far - (uint32_t)(uintptr_t)__stack_guard < 4096;
  uint32_t tguard = noos__a32_thread_guard;
  r.thread_overflow = kind == 4 && tguard && r.far - tguard < 4096;
  return r;
}

#endif
