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

/* The main stack (riscv.ld): __stack_limit to __stack, and below it the
 * guard noos_fault_init makes a no-access PMP region, __stack_guard to
 * __stack_limit. */
extern char __stack_guard[], __stack_limit[], __stack[];

/* A main stack overflow: an access fault (instruction 1, load 5,
 * store/AMO 7) at an address in the guard (1), or with sp in it (2); 0
 * otherwise. The guard holds nothing, so no other access lands there. */
static inline int noos__rv_main_overflow(const struct noos_rv_frame *f) {
  uintptr_t c = f->mcause, lo = (uintptr_t)__stack_guard;
  uintptr_t size = (uintptr_t)__stack_limit - lo;
  if (c != 1 && c != 5 && c != 7)
    return 0;
  return f->mtval - lo < size ? 1 : f->x[2] - lo < size ? 2 : 0;
}

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

/* What the switch writes below a thread's sp, by the interrupted
 * mstatus (the kernel's stack checks). */
static inline uint32_t noos__rv_ctx_room(uintptr_t mstatus) {
  (void)mstatus;
#if defined(__riscv_flen)
  if ((mstatus & FS_MASK) >= FS_CLEAN)
    return CTX_INT + CTX_FP;
#endif
  return CTX_INT;
}

/* The switch (kport.c), when the scheduler is linked: the frame to
 * return to (the next thread's saved context). */
struct noos_rv_frame *noos__rv_switch(struct noos_rv_frame *f);

#endif
