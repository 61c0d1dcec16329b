/*
 * The AArch64 port of the kernel, its C half (port.h has the inline
 * primitives, vectors.S the exception entry and exit that saves a
 * thread's context and makes a pended switch): a new thread's first
 * context, the kernel call's entry, the main thread's FP/SIMD block, and
 * the names reports use.
 */
#include "kernel.h"
#include <string.h>

#define CTX_WORDS 34 /* vectors.S's CTX: x0-x30, ELR, SPSR, padding */
#define SPSR_EL1T 0x4u /* EL1 on SP_EL0, DAIF clear */

/* vectors.S's FP/SIMD block for the time before the scheduler starts. */
extern uint64_t noos__a64_fp_boot[66];

/* A new thread's context, as if an exception had interrupted it just
 * before entry's first instruction: x0 = arg, x30 = ret, ELR = entry,
 * SPSR = EL1t with interrupts unmasked; its FP/SIMD block (in the control
 * block, zeroed by sched.c) starts with FPCR 0: round to nearest, no
 * traps. x19 and x20 hold the thread's name, for a debugger. */
uintptr_t k_thread_context(struct noos_thread *t, uintptr_t top,
                           void (*entry)(void *), void *arg,
                           void (*ret)(void)) {
  uint64_t *ctx = (uint64_t *)(top & ~(uintptr_t)15) - CTX_WORDS;
  for (int i = 0; i < CTX_WORDS; ++i)
    ctx[i] = 0;
  ctx[0] = (uintptr_t)arg;
  ctx[19] = ctx[20] = (uintptr_t)t->name;
  ctx[30] = (uintptr_t)ret;
  ctx[31] = (uintptr_t)entry;
  ctx[32] = SPSR_EL1T;
  return (uintptr_t)ctx;
}

/* Nothing to learn: a created thread's context is complete. */
void k_first_entry(uintptr_t sp) { (void)sp; }

/* Before the first thread (interrupts masked): the main thread's FP/SIMD
 * registers move to its control block (an exception in progress saved
 * them in the boot block), and the generic timer's interrupt is routed. */
void k_sched_prepare(void) {
  memcpy(noos__main_thread.fp, noos__a64_fp_boot, sizeof(noos__a64_fp_boot));
  noos__a64_fpctx = noos__main_thread.fp;
}

/* vectors.S: an SVC from a thread, whose context (x0-x3 the arguments, x8
 * the operation) is saved at ctx, on its own stack: the switch writes
 * nothing more there. */
void noos__a64_svc(uint64_t *ctx) {
  static uint8_t prepared;
  if (__builtin_expect(!prepared, 0)) {
    prepared = 1;
    noos__sched_prepare();
  }
  noos__kernel_call((uint32_t)ctx[8], (uintptr_t *)ctx, (uintptr_t)ctx, 0);
}

/* The overflow a yield finds, reported on SP_EL1 (the exception stack,
 * unused while a thread runs): not on the stack that overflowed. */
__attribute__((naked, noreturn)) void k_yield_overflow(struct noos_thread *t,
                                                      uintptr_t sp) {
  __asm__ volatile("msr spsel, #1\n\t"
                   "mov x2, #32\n\t"
                   "bl %c0" ::"i"(noos__stack_overflow));
}

/* mmu.c: a created thread's guard page (its descriptor, unmapped while
 * the thread runs). */
uint64_t *noos__a64_guard_pte(uintptr_t guard);

void k_guard_thread(struct noos_thread *t, uintptr_t guard, uintptr_t lo) {
  (void)lo;
  t->guard_pte = noos__a64_guard_pte(guard);
}
