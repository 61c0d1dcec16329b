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

void noos_puts_raw(const char *s);

/* A register as the reports print it: 0x and XLEN/4 hex digits. */
static inline void noos__rv_put_xlen(uintptr_t v) {
  char buf[2 + 2 * sizeof(uintptr_t) + 1];
  int n = 2 * (int)sizeof(uintptr_t);
  buf[0] = '0';
  buf[1] = 'x';
  buf[2 + n] = 0;
  for (int i = 1 + n; i > 1; --i, v >>= 4) {
    unsigned d = (unsigned)(v & 15);
    buf[i] = (char)(d < 10 ? '0' + d : 'a' - 10 + d);
  }
  noos_puts_raw(buf);
}

/* A switched-out thread's context below its sp (trap.c describes it):
 * the integer area, CTX_INT bytes, and below it the FP area, CTX_FP
 * bytes, only for a thread that has used the FPU (mstatus.FS). */
#define CTX_INT (36 * sizeof(uintptr_t))
#if defined(__riscv_flen)
#define FLEN_BYTES (__riscv_flen / 8)
#define CTX_FP (16 + 32 * FLEN_BYTES)
#define FS_MASK ((uintptr_t)3 << 13)
#define FS_CLEAN ((uintptr_t)2 << 13)
#define FS_DIRTY ((uintptr_t)3 << 13)
#else
#define CTX_FP 0
#endif

/* The switch (kport.c), when the scheduler is linked: the frame to
 * return to (the next thread's saved context). */
struct noos_rv_frame *noos__rv_switch(struct noos_rv_frame *f);

#endif
