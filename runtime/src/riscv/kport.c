/*
 * The RISC-V port of the kernel, its C half (port.h has the inline
 * primitives, trap.c the kernel call's entry and the switch): a new
 * thread's first context, the software interrupt that carries pended
 * switches, and what reports say about handlers. No hardware stack
 * guard for threads: a PMP entry binds machine mode only when locked, and
 * none of QEMU 7.2's RISC-V boards can move a locked one (docs/runtime.md,
 * "Porting to RISC-V"), so the kernel's canary and stack-pointer checks
 * at each switch and kernel call protect thread stacks. Main's stack,
 * which never moves, has a fixed one (reset.S's noos_fault_init).
 */
#include "kernel.h"
#include "fault.h"

extern char __global_pointer$[];

#define MSTATUS_MPIE (1u << 7)
#define MSTATUS_MPP_M (3u << 11)
#define MSTATUS_FS_INITIAL (1u << 13)
#define MIE_MSIE (1u << 3)

uint32_t k_guard_size(void) { return 0; }

void k_guard_thread(struct noos_thread *t, uintptr_t guard, uintptr_t lo) {
  (void)t, (void)guard, (void)lo;
}

/* The first context (trap.c's integer area, a trap frame), as if the
 * thread had been interrupted just before its first instruction: machine
 * mode with interrupts on after the MRET, the FPU unused (Initial), a0
 * the argument, ra the return, gp and tp set, sp the stack's top. */
uintptr_t k_thread_context(struct noos_thread *t, uintptr_t top,
                           void (*entry)(void *), void *arg,
                           void (*ret)(void)) {
  top &= ~(uintptr_t)15;
  struct noos_rv_frame *ctx = (struct noos_rv_frame *)(top - CTX_INT);
  uintptr_t *w = (uintptr_t *)ctx;
  for (unsigned i = 0; i < CTX_INT / sizeof(uintptr_t); ++i)
    w[i] = 0;
  uintptr_t st = MSTATUS_MPIE | MSTATUS_MPP_M;
#if defined(__riscv_flen)
  st |= MSTATUS_FS_INITIAL;
#endif
  ctx->mstatus = st;
  ctx->x[1] = (uintptr_t)ret;               /* ra */
  ctx->x[2] = top;                          /* sp */
  ctx->x[3] = (uintptr_t)__global_pointer$; /* gp */
  ctx->x[4] = K_TP(t);                      /* tp */
  ctx->x[10] = (uintptr_t)arg;              /* a0 */
  ctx->mepc = (uintptr_t)entry;
  return (uintptr_t)ctx;
}

void k_first_entry(uintptr_t sp) { (void)sp; }

/* The software interrupt on: a pended switch traps as soon as
 * interrupts are unmasked. */
void k_sched_prepare(void) {
  k_pend_clear();
  noos__rv_irq_enable(MIE_MSIE);
}

/* Whether an interrupt could still wake a thread that waits forever: a
 * PLIC source enabled (plic.c), when the program uses noos_irq_*. */
__attribute__((weak)) int noos__rv_plic_enabled(void);
int k_irqs_enabled(void) {
  return noos__rv_plic_enabled ? noos__rv_plic_enabled() : 0;
}

void k_put_handler(uint32_t ipsr) {
  (void)ipsr;
  noos_puts_raw("the trap handler");
}

/* The overflow a yield finds, reported on the trap stack (the report must
 * not run on the stack that overflowed). */
__attribute__((naked, noreturn)) void k_yield_overflow(struct noos_thread *t,
                                                      uintptr_t sp) {
  __asm__ volatile("la sp, __trap_stack_top\n\t"
                   "li a2, 32\n\t"
                   "tail noos__stack_overflow");
}

/* --- The switch (trap.c calls it) ------------------------------------------ */


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

/* The switch trap.c makes as a trap returns with one pended: saves the
 * interrupted thread's context from the frame onto its stack (trap.c's
 * layout: the integer area is a trap frame), lets the kernel pick the
 * next thread, loads its FP area if it has one, and returns its integer
 * area, which the trap entry restores and returns to. Here, not in
 * trap.c, so that only a program that links the scheduler links it. */
struct noos_rv_frame *noos__rv_switch(struct noos_rv_frame *f) {
  uintptr_t sp = f->x[2];
  struct noos_rv_frame *ctx = (struct noos_rv_frame *)(sp - CTX_INT);
  uintptr_t *low = (uintptr_t *)ctx;
  uintptr_t st = f->mstatus;
  /* Main's room first: a save into the PMP guard below its stack would
   * fault here, in the trap handler, and the nested trap's report would
   * show the handler, not main. (A created thread's save is checked after
   * the fact: its canary, noos__switch.) */
  struct noos_thread *cur = noos__current;
  uint32_t room = noos__rv_ctx_room(st);
  if (cur && (cur->flags & F_MAIN) && sp - room < k_main_stack_limit())
    noos__stack_overflow(cur, sp, room);
#if defined(__riscv_flen)
  if ((st & FS_MASK) >= FS_CLEAN) {
    low = (uintptr_t *)((uintptr_t)ctx - CTX_FP);
    save_fp(low);
    low[0] = st | FS_DIRTY;
    st = (st & ~FS_MASK) | FS_CLEAN;
  }
#endif
  ctx->x[0] = 0; /* never the FP area's mark */
  /* Unrolled: a load and a store a register (x2 included: the thread's
   * sp, ctx's top); the -Os loop took five instructions a register. */
#pragma clang loop unroll(full)
  for (int i = 1; i < 32; ++i)
    ctx->x[i] = f->x[i];
  ctx->mepc = f->mepc;
  ctx->mstatus = st;
  uintptr_t *next = (uintptr_t *)noos__switch((uintptr_t)low);
#if defined(__riscv_flen)
  if ((next[0] & FS_MASK) == FS_DIRTY) {
    load_fp(next);
    next = (uintptr_t *)((uintptr_t)next + CTX_FP);
  } else {
    __asm__ volatile("csrw fcsr, zero");
  }
#endif
  return (struct noos_rv_frame *)next;
}
