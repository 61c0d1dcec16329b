/*
 * What the trap entry (trap-entry.S) calls with the frame it saved on the
 * trap stack: the interrupts the runtime handles (the machine timer:
 * counter-time's alarm), kernel calls (ECALL from a thread), and the
 * context switch a kernel operation pended (the CLINT's msip) as the
 * handler returns; every other trap ends the program with the fault
 * report --fault-report chose (noos__rv_trap).
 *
 * A switched-out thread's context, on its own stack below its sp, from
 * the lowest address (the switch copies it from and to the trap frame):
 *
 *   FP area, only when the thread has used the FPU (mstatus.FS Clean or
 *   Dirty): mstatus with FS = Dirty (the mark), fcsr, then f0-f31 from
 *   byte 16; CTX_FP bytes.
 *   integer area: mstatus (FS never Dirty here), x1, (x2's slot unused),
 *   x3-x31, mepc; CTX_INT bytes (36 registers: 16-byte aligned).
 *
 * A thread that has not touched the FPU (FS Off or Initial) saves and
 * restores none of it, and gets fcsr zeroed when it runs.
 */
#include "kernel.h"
#include "fault.h"

/* Weak: only a program that links time enables the timer interrupt, only
 * one that links the scheduler makes kernel calls and pends switches. */
__attribute__((weak)) void noos__counter_irq(void);
__attribute__((weak)) void noos__kernel_call(uint32_t op, uintptr_t *args,
                                             uintptr_t sp, uint32_t room);
__attribute__((weak)) uintptr_t noos__switch(uintptr_t sp);
/* The PLIC's dispatch (plic.c), when the program uses noos_irq_*. */
__attribute__((weak)) void noos__rv_external_irq(void);

#define MSI 3  /* machine software interrupt: a pended switch */
#define MTI 7  /* machine timer interrupt */
#define MEI 11 /* machine external interrupt (the PLIC) */
#define ECALL_M 11
#define MIP_MSIP (1u << MSI)
#define MIP_MTIP (1u << MTI)
#define MIP_MEIP (1u << MEI)

#define R sizeof(uintptr_t)
#define CTX_INT (36 * R)
#if defined(__riscv_flen)
#define FLEN_BYTES (__riscv_flen / 8)
#define CTX_FP (16 + 32 * FLEN_BYTES)
#define FS_MASK ((uintptr_t)3 << 13)
#define FS_CLEAN ((uintptr_t)2 << 13)
#define FS_DIRTY ((uintptr_t)3 << 13)
#else
#define CTX_FP 0
#endif

static unsigned long read_mip(void) {
  unsigned long p;
  __asm__ volatile("csrr %0, mip" : "=r"(p));
  return p;
}

/* Interrupts that are pending, served in the handler (the idle loop's
 * window, k_idle_window): the timer and the PLIC. */
void noos__rv_poll_irqs(void) {
  unsigned long p = read_mip();
  if ((p & MIP_MTIP) && noos__counter_irq)
    noos__counter_irq();
  if ((p & MIP_MEIP) && noos__rv_external_irq)
    noos__rv_external_irq();
}

#if defined(__riscv_flen)
#if __riscv_flen == 64
#define FS "fsd"
#define FL "fld"
#else
#define FS "fsw"
#define FL "flw"
#endif
#define FREG8(op, a, b, c, d, e, f, g, h, base)                               \
  op " f" #a ", " #a "*%c1+16(%0)\n\t" op " f" #b ", " #b "*%c1+16(%0)\n\t"   \
  op " f" #c ", " #c "*%c1+16(%0)\n\t" op " f" #d ", " #d "*%c1+16(%0)\n\t"   \
  op " f" #e ", " #e "*%c1+16(%0)\n\t" op " f" #f ", " #f "*%c1+16(%0)\n\t"   \
  op " f" #g ", " #g "*%c1+16(%0)\n\t" op " f" #h ", " #h "*%c1+16(%0)\n\t"
#define FREGS(op)                                                             \
  FREG8(op, 0, 1, 2, 3, 4, 5, 6, 7, x) FREG8(op, 8, 9, 10, 11, 12, 13, 14, 15, x) \
  FREG8(op, 16, 17, 18, 19, 20, 21, 22, 23, x)                                \
  FREG8(op, 24, 25, 26, 27, 28, 29, 30, 31, x)

static void save_fp(uintptr_t *area) {
  __asm__ volatile(FREGS(FS) : : "r"(area), "i"(FLEN_BYTES) : "memory");
  unsigned long c;
  __asm__ volatile("csrr %0, fcsr" : "=r"(c));
  area[1] = c;
}

static void load_fp(const uintptr_t *area) {
  __asm__ volatile(FREGS(FL) : : "r"(area), "i"(FLEN_BYTES) : "memory");
  __asm__ volatile("csrw fcsr, %0" : : "r"((unsigned long)area[1]));
}
#endif

/* Saves the interrupted thread's context from the frame onto its stack,
 * lets the kernel pick the next thread, and loads that one's context into
 * the frame, which the trap entry then returns to. */
static void do_switch(struct noos_rv_frame *f) {
  uintptr_t *ctx = (uintptr_t *)(f->x[2] - CTX_INT);
  uintptr_t st = f->mstatus;
#if defined(__riscv_flen)
  if ((st & FS_MASK) >= FS_CLEAN) {
    uintptr_t *fp = (uintptr_t *)((uintptr_t)ctx - CTX_FP);
    save_fp(fp);
    fp[0] = st | FS_DIRTY;
    st = (st & ~FS_MASK) | FS_CLEAN;
  }
#endif
  ctx[0] = st;
  for (int i = 1; i < 32; ++i)
    ctx[i] = f->x[i];
  ctx[32] = f->mepc;
#if defined(__riscv_flen)
  if ((f->mstatus & FS_MASK) >= FS_CLEAN)
    ctx = (uintptr_t *)((uintptr_t)ctx - CTX_FP);
#endif
  uintptr_t *next = (uintptr_t *)noos__switch((uintptr_t)ctx);
#if defined(__riscv_flen)
  if ((next[0] & FS_MASK) == FS_DIRTY) {
    load_fp(next);
    next = (uintptr_t *)((uintptr_t)next + CTX_FP);
  } else {
    __asm__ volatile("csrw fcsr, zero");
  }
#endif
  f->mstatus = next[0];
  for (int i = 1; i < 32; ++i)
    f->x[i] = next[i];
  f->mepc = next[32];
  f->x[2] = (uintptr_t)next + CTX_INT;
}

/* What the switch writes below a thread's sp (noos__kernel_call's check). */
static uint32_t ctx_room(uintptr_t mstatus) {
  (void)mstatus;
#if defined(__riscv_flen)
  if ((mstatus & FS_MASK) >= FS_CLEAN)
    return CTX_INT + CTX_FP;
#endif
  return CTX_INT;
}

__attribute__((used)) void noos__rv_trap_dispatch(struct noos_rv_frame *f) {
  uintptr_t cause = f->mcause;
  if (cause == (NOOS_RV_INTERRUPT | MTI) && noos__counter_irq) {
    noos__counter_irq();
  } else if (cause == (NOOS_RV_INTERRUPT | MEI) && noos__rv_external_irq) {
    noos__rv_external_irq();
  } else if (cause == (NOOS_RV_INTERRUPT | MSI) && noos__switch) {
    /* the switch below */
  } else if (cause == ECALL_M && noos__kernel_call) {
    f->mepc += 4;
    noos__kernel_call((uint32_t)f->x[17], &f->x[10], f->x[2],
                      ctx_room(f->mstatus));
  } else {
    noos__rv_trap(f);
  }
  if (noos__switch && (read_mip() & MIP_MSIP)) {
    k_pend_clear();
    do_switch(f);
  }
}
