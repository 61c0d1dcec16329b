/*
 * The RISC-V port of the kernel, its C half (port.h has the inline
 * primitives, trap.c the kernel call's entry and the switch): a new
 * thread's first context, the software interrupt that carries pended
 * switches, and what reports say about handlers. No hardware stack
 * guard: a PMP entry binds machine mode only when locked, and none of
 * QEMU 7.2's RISC-V boards can move a locked one (docs/runtime.md,
 * "Porting to RISC-V"), so the kernel's canary and stack-pointer checks
 * at each switch and kernel call protect thread stacks.
 */
#include "kernel.h"

extern char __global_pointer$[];

#define MSTATUS_MPIE (1u << 7)
#define MSTATUS_MPP_M (3u << 11)
#define MSTATUS_FS_INITIAL (1u << 13)
#define MIE_MSIE (1u << 3)

uint32_t k_guard_size(void) { return 0; }

void k_guard_thread(struct noos_thread *t, uintptr_t guard, uintptr_t lo) {
  (void)t, (void)guard, (void)lo;
}

/* The first context (trap.c's integer area), as if the thread had been
 * interrupted just before its first instruction: machine mode with
 * interrupts on after the MRET, the FPU unused (Initial), a0 the
 * argument, ra the return, gp and tp set. */
uintptr_t k_thread_context(struct noos_thread *t, uintptr_t top,
                           void (*entry)(void *), void *arg,
                           void (*ret)(void)) {
  uintptr_t *ctx = (uintptr_t *)((top & ~(uintptr_t)15) - 36 * sizeof(uintptr_t));
  for (int i = 0; i < 36; ++i)
    ctx[i] = 0;
  uintptr_t st = MSTATUS_MPIE | MSTATUS_MPP_M;
#if defined(__riscv_flen)
  st |= MSTATUS_FS_INITIAL;
#endif
  ctx[0] = st;
  ctx[1] = (uintptr_t)ret;                 /* ra */
  ctx[3] = (uintptr_t)__global_pointer$;   /* gp */
  ctx[4] = K_TP(t);                        /* tp */
  ctx[10] = (uintptr_t)arg;                /* a0 */
  ctx[32] = (uintptr_t)entry;              /* mepc */
  return (uintptr_t)ctx;
}

void k_first_entry(uintptr_t sp) { (void)sp; }

/* The software interrupt on: a pended switch traps as soon as
 * interrupts are unmasked. */
void k_sched_prepare(void) {
  k_pend_clear();
  __asm__ volatile("csrs mie, %0" : : "r"((unsigned long)MIE_MSIE));
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
