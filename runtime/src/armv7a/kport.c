/*
 * The armv7a port of the kernel, its C half (port.h has the inline
 * primitives, kentry.S the SVC and IRQ entry and exit that saves a
 * thread's context and makes a pended switch): a new thread's first
 * context, the kernel call's entry, and the names reports use.
 */
#include "kernel.h"
#include "shared/gicv2/gicv2.h"
#include <string.h>

/* kentry.S's context, in words: the alignment word and pad, r0-r12, lr,
 * return address, SPSR (the FP/NEON registers are in the control
 * block). */
#define CTX_R0 2
#define CTX_WORDS (CTX_R0 + 16)
#define CPSR_SVC 0x53u   /* SVC mode, IRQs unmasked, FIQs masked, ARM */
#define CPSR_THUMB 0x20u

/* A new thread's context, as if an IRQ had interrupted it just before
 * entry's first instruction: r0 = arg, lr = ret, SVC mode with IRQs
 * unmasked, Thumb state when entry is Thumb code; its FP/NEON block (in
 * the control block, zeroed by sched.c) starts with FPSCR 0 (round to
 * nearest, no traps) and zeroed registers. r4 and r5 hold the thread's
 * name, for a debugger. */
uintptr_t k_thread_context(struct noos_thread *t, uintptr_t top,
                           void (*entry)(void *), void *arg,
                           void (*ret)(void)) {
  uint32_t *ctx = (uint32_t *)(top & ~(uintptr_t)7) - CTX_WORDS;
  for (int i = 0; i < CTX_WORDS; ++i)
    ctx[i] = 0;
  uint32_t *r = ctx + CTX_R0;
  uintptr_t pc = (uintptr_t)entry;
  r[0] = (uintptr_t)arg;
  r[4] = r[5] = (uintptr_t)t->name;
  r[13] = (uintptr_t)ret;
  r[14] = pc & ~(uintptr_t)1;
  r[15] = CPSR_SVC | (pc & 1 ? CPSR_THUMB : 0);
  return (uintptr_t)ctx;
}

/* Nothing to learn: a created thread's context is complete. */
void k_first_entry(uintptr_t sp) { (void)sp; }

/* Before the first thread (interrupts masked, in the first kernel call):
 * the main thread's FP/NEON registers, which that call's entry saved in
 * kentry.S's boot block, move to its control block. The rest of its
 * context is saved like any other's, and the thread pointer it runs with
 * is the one startup set. */
#if defined(__ARM_FP)
extern uint64_t noos__a32_fp_boot[sizeof(noos__main_thread.fp) / 8];
#endif
void k_sched_prepare(void) {
#if defined(__ARM_FP)
  memcpy(noos__main_thread.fp, noos__a32_fp_boot, sizeof(noos__a32_fp_boot));
  noos__a32_fpctx = noos__main_thread.fp;
#endif
}

/* kentry.S: an SVC from a thread; args are its saved r0-r12 (r12 the
 * operation, r0 gets the result), ctx its saved context, on its own
 * stack: the switch writes nothing more there. */
void noos__a32_svc(uintptr_t *args, uintptr_t ctx) {
  static uint8_t prepared;
  if (__builtin_expect(!prepared, 0)) {
    prepared = 1;
    noos__sched_prepare();
  }
  noos__kernel_call((uint32_t)args[12], args, ctx, 0);
}

/* The overflow a yield finds, reported on the kernel's stack (kentry.S),
 * not on the stack that overflowed. The program ends there. */
__attribute__((naked, noreturn)) void k_yield_overflow(struct noos_thread *t,
                                                      uintptr_t sp) {
  __asm__ volatile("cpsid if\n\t"
                   "ldr sp, =__noos_a32_kernel_stack_top\n\t"
                   "mov r2, #32\n\t"
                   "bl %c0" ::"i"(noos__stack_overflow));
}

/* mmu.c: a created thread's guard page (its second-level descriptor,
 * cleared while the thread runs); k_guard_size is there too. */
uint32_t *noos__a32_guard_pte(uintptr_t guard);

void k_guard_thread(struct noos_thread *t, uintptr_t guard, uintptr_t lo) {
  (void)lo;
  t->guard_pte = noos__a32_guard_pte(guard);
}

/* Some interrupt other than the runtime's timer can still wake the
 * scheduler. */
extern int noos__a32_timer_irq;
int k_irqs_enabled(void) {
  int timer = noos__a32_timer_irq;
  return gicv2_any_enabled(timer >= 16 && timer < 32 ? 1u << timer : 0);
}
