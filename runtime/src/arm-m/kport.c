/*
 * The Cortex-M port of the kernel, its C half (port.h has the inline
 * primitives, switch.S the PendSV and SVCall handlers): a new thread's
 * first exception frame, the stack guards, the exceptions' priorities,
 * the kernel call's entry, and what the fault report learns of threads.
 */
#include "kernel.h"
#include "fault.h"

#define REG(a) (*(volatile uint32_t *)(a))
#define SCB_AIRCR REG(0xE000ED0C)
#define SCB_SHPR2 REG(0xE000ED1C)
#define SCB_SHPR3 REG(0xE000ED20)
#define ICTR REG(0xE000E004)
#define NVIC_ISER ((volatile uint32_t *)0xE000E100)
#define MPU_RASR REG(0xE000EDA0)

extern char __stack_limit[], __heap_end[];

struct noos_armm noos__armm = {.exc_return_psp = 0xfffffffd};

/* --- Stack guards -------------------------------------------------------- */

#if NOOS_MPU_GUARD
#define GUARD 32u /* the smallest v7-M MPU region */
/* Read-only at every privilege (AP 6), never executable, 32 bytes (SIZE
 * 4: 2^(4+1)), enabled. */
#define GUARD_RASR (1u << 28 | 6u << 24 | 4u << 1 | 1u)
extern int8_t noos__thread_guard_region; /* fault-init.c; -1 when none */
/* What the guard region's RBAR gets besides the address: VALID and the
 * region number (one write selects the region and sets its base). */
static uint32_t guard_rbar;
#endif

/* v7-M with the MPU set up (fault-init.c): a 32-byte read-only, never
 * executable region below each thread's stack, moved at each switch (32-byte
 * aligned: the kernel aligns the block to the size). While main runs the
 * region lies in main's own guard (the 32 bytes just below its stack,
 * read-only already), so a switch only moves it. The main thread is
 * running now. Elsewhere no slot is needed: PSPLIM is a register, and
 * v6-M's smallest MPU region (256 bytes) is too much per thread. */
uint32_t k_guard_size(void) {
#if NOOS_MPU_GUARD
  if (noos__thread_guard_region < 0)
    return 0;
  guard_rbar = 1u << 4 | (uint32_t)noos__thread_guard_region;
  uint32_t main_rbar = ((uint32_t)(uintptr_t)__stack_limit - GUARD) | guard_rbar;
  REG(0xE000ED9C) = main_rbar;
  MPU_RASR = GUARD_RASR;
  __asm__ volatile("dsb\n\tisb" ::: "memory");
  noos__main_thread.guard = main_rbar;
  return GUARD;
#else
  return 0;
#endif
}

/* What PSPLIM holds while a created thread runs (v8-M Main): its stack
 * bottom raised by the room the switch needs to save its registers
 * (switch.S writes them below the frame through r0, which PSPLIM does not
 * check), so that the hardware catches every overflow, the registers'
 * too, before anything below the stack is written. */
#if defined(__ARM_FP)
#define CTX_ROOM (36u + 64u)
#else
#define CTX_ROOM 36u
#endif

void k_guard_thread(struct noos_thread *t, uintptr_t guard, uintptr_t lo) {
#if NOOS_MPU_GUARD
  (void)lo;
  if (guard)
    t->guard = (uint32_t)guard | guard_rbar;
#elif NOOS_PSPLIM
  (void)guard;
  t->guard = ((uint32_t)lo + CTX_ROOM + 7) & ~7u;
#else
  (void)t, (void)guard, (void)lo;
#endif
}

/* --- A new thread's first context ------------------------------------------ */

/* A created thread starts with r8 and r10 holding its name's address
 * XOR NAME_MARK, r9 and r11 their complement. Code for v6-M seldom uses
 * r8-r11, so they often still hold the mark when the thread faults: the
 * name the fault report gives when the control block is gone. The mark,
 * a complement pair, and a plausible name (in the image or RAM,
 * printable) together do not happen by chance. */
#define NAME_MARK 0xa5000000u
/* Where r8 is in a saved context (switch.S): Thumb-1 stores r8-r11 first,
 * so that its restore loads them, then r4-r7 and EXC_RETURN, in order. */
#if defined(__ARM_ARCH_6M__) || defined(__ARM_ARCH_8M_BASE__)
#define CTX_R8 0
#else
#define CTX_R8 4
#endif

uintptr_t k_thread_context(struct noos_thread *t, uintptr_t top,
                           void (*entry)(void *), void *arg,
                           void (*ret)(void)) {
  /* The first exception frame, as if the thread had been interrupted
   * just before its first instruction. The PC is an instruction address:
   * bit 0 CLEAR (an exception return to an odd PC is UNPREDICTABLE, and
   * faults with INVPC on real cores); Thumb state is xPSR.T (bit 24).
   * The LR is a return address, used by BX: bit 0 SET, or returning from
   * entry would switch to ARM state and fault (INVSTATE). A Thumb
   * function's address in C already has bit 0 set. */
  uint32_t *frame = (uint32_t *)(top & ~(uintptr_t)7) - 8;
  frame[0] = (uint32_t)(uintptr_t)arg;               /* r0 */
  frame[1] = frame[2] = frame[3] = frame[4] = 0;     /* r1-r3, r12 */
  frame[5] = (uint32_t)(uintptr_t)ret | 1u;          /* lr */
  frame[6] = (uint32_t)(uintptr_t)entry & ~1u;       /* pc */
  frame[7] = 0x01000000u;                            /* xpsr: T */
  /* What switch.S restores before it: r4-r11 (v6-M and v8-M Baseline:
   * r8-r11, then r4-r7), then EXC_RETURN (k_thread_ready writes it, or
   * learn() once the scheduler has seen one). */
  uint32_t *ctx = frame - 9;
  for (int i = 0; i < 9; ++i)
    ctx[i] = 0;
  /* r8-r11 start as a mark of the thread's name (name_mark). */
  uint32_t *r8 = ctx + CTX_R8;
  r8[0] = r8[2] = (uint32_t)(uintptr_t)t->name ^ NAME_MARK;
  r8[1] = r8[3] = ~r8[0];
  return (uintptr_t)ctx;
}

/* --- The scheduler's exceptions -------------------------------------------- */

/* PendSV and SVCall at the lowest priority, SysTick one above (it must
 * interrupt the idle loop, which runs in PendSV). */
void k_sched_prepare(void) {
  SCB_SHPR3 |= 0xffu << 16;
  uint32_t lowest = (SCB_SHPR3 >> 16) & 0xff, step = lowest & -lowest;
  /* Only the group priority preempts (AIRCR.PRIGROUP splits it off; the
   * field reads 0 on cores without grouping, such as v6-M). */
  uint32_t group_step = 2u << ((SCB_AIRCR >> 8) & 7);
  if (step < group_step)
    step = group_step;
  SCB_SHPR3 = (SCB_SHPR3 & 0xffff) | lowest << 16 | (lowest - step) << 24;
  SCB_SHPR2 = (SCB_SHPR2 & 0xffffff) | lowest << 24;
}

int k_irqs_enabled(void) {
#if NOOS_PORT_ATOMICS_MASK
  unsigned n = 1; /* v6-M: 32 interrupts at most */
#else
  unsigned n = (ICTR & 0xf) + 1;
#endif
  for (unsigned i = 0; i < n; ++i)
    if (NVIC_ISER[i])
      return 1;
  return 0;
}

void k_put_handler(uint32_t ipsr) {
  if (ipsr >= 16) {
    noos_puts_raw("IRQ");
    noos_put_dec(ipsr - 16);
  } else {
    noos_puts_raw("exception ");
    noos_put_dec(ipsr);
  }
}

/* The overflow a yield finds (noos_thread_yield), reported on the main
 * stack: the report must not run on the stack that overflowed, where its
 * frames would overwrite the control block it names. Threads run
 * privileged, so thread mode can select MSP (CONTROL.SPSEL 0); the
 * program ends there, below the main thread's saved context. */
__attribute__((naked, noreturn)) void k_yield_overflow(struct noos_thread *t,
                                                      uintptr_t sp) {
  __asm__ volatile("movs r2, #0\n\t"
                   "msr control, r2\n\t"
                   "isb\n\t"
                   "movs r2, #32\n\t"
                   "bl %c0" ::"i"(noos__stack_overflow));
}

/* --- Kernel calls ------------------------------------------------------------ */

#if !defined(NOOS_ARMM_EXC_RETURN)
static void set_exc_return(struct noos_thread *t) {
  uint32_t *ctx = (uint32_t *)t->sp;
  if (!(t->flags & F_MAIN) && ctx[8] == 0)
    ctx[8] = noos__armm.exc_return_psp;
}
#endif

/* A new thread's EXC_RETURN follows from the first one the scheduler sees
 * (an SVC's or a switch's: the program's security state). A thread
 * created before that (with interrupts masked, so without an SVC) has 0
 * in its context: it is ready and has never run, and gets it now (the
 * first switch or SVC learns, before any created thread has run). On v6-M
 * the contexts have it from the start (NOOS_ARMM_EXC_RETURN) and switch.S
 * switches without learning, so the first SVC may come after created
 * threads ran, when a running thread's saved sp is stale: nothing is
 * written then. Interrupts masked. */
__attribute__((noinline, cold)) void noos__armm_learn(uint32_t exc_return) {
  noos__armm.started = 1;
  noos__entered();
#if defined(NOOS_ARMM_EXC_RETURN)
  (void)exc_return;
#else
  noos__armm.exc_return_psp = exc_return | 0x1c; /* thread mode, PSP, no FP */
  noos__each_ready(set_exc_return);
#endif
}

/* The first switch, before any SVC: the outgoing thread's saved context
 * has its EXC_RETURN at word 8. */
void k_first_entry(uintptr_t sp) {
  if (!noos__armm.started)
    noos__armm_learn(((uint32_t *)sp)[8]);
}

/* switch.S's handlers, which entry.S reaches through weak references:
 * linking the scheduler links them. */
void noos__pendsv(void), noos__svcall(void);
__attribute__((used)) static void (*const handlers[])(void) = {noos__pendsv,
                                                               noos__svcall};

/* noos__svcall (switch.S): the caller's exception frame and EXC_RETURN.
 * A call that blocks tail-chains into PendSV, which saves r4-r11 and
 * EXC_RETURN (and s16-s31 after FP use) below this frame: the kernel
 * checks that room. */
void noos__svc(uint32_t *frame, uint32_t exc_return) {
  if (__builtin_expect(!noos__armm.started, 0)) {
    uint32_t m = k_lock();
    noos__sched_prepare();
    noos__armm_learn(exc_return);
    k_unlock(m);
  }
  uint32_t room = 36;
#if defined(__ARM_FP)
  if (!(exc_return & 0x10))
    room += 64;
#endif
  noos__kernel_call(frame[4] /* r12 */, (uintptr_t *)frame, (uintptr_t)frame,
                    room);
}

/* --- For the fault report (fault.c) ----------------------------------------- */

static const char *name_mark(const uint32_t *r8_r11) {
  for (int i = 0; i < 4; i += 2) {
    const char *n = (const char *)(uintptr_t)(r8_r11[i] ^ NAME_MARK);
    if (r8_r11[i + 1] == ~r8_r11[i] && noos__plausible_name(n))
      return n;
  }
  return NULL;
}

/* The fault report runs inside HardFault, where one more fault locks the
 * core up: nothing is read before it is known to be readable. A thread
 * whose stack overflows on a core without a stack limit (v6-M, v8-M
 * Baseline) writes downwards through whatever lies below it, the heap,
 * the scheduler's state and noos__current included, until its stack
 * pointer leaves RAM and the core faults; by then the running thread can
 * only be named from the mark in its r8-r11 (name_mark). */
void noos__fault_thread(const struct noos_fault_state *s,
                        struct noos_fault_thread *out) {
  const struct noos_thread *t = noos__current;
  uintptr_t a = (uintptr_t)t;
  int on_psp = (s->exc_return & 4) != 0;
  /* Its stack pointer left RAM: stacking the exception frame faulted. */
  int runaway = on_psp && !(s->frame >= (uint32_t)(uintptr_t)__stack_limit &&
                            s->frame <= (uint32_t)(uintptr_t)__heap_end - 32);
  if (runaway)
    out->overflow = "thread stack overflow (its stack pointer left RAM)";
  if (!t || t == &noos__main_thread)
    return;
  /* A stack pointer that left RAM wrote down through everything below
   * the stack, the control block first: none of it can be believed, even
   * where it looks right (what it holds now is the runaway's frames). */
  uint32_t canary_off = (uint32_t)((uintptr_t)noos__stack_base(t) - a);
  if (runaway || (a & 3) || a < (uintptr_t)__stack_limit ||
      a > (uintptr_t)__heap_end - sizeof(*t) - 4 || (t->flags & F_MAIN) ||
      canary_off < sizeof(*t) || canary_off > 4096 ||
      a + canary_off >= (uintptr_t)__heap_end) {
    if (!on_psp)
      return;
    out->overflow = runaway ? out->overflow
                            : "thread stack overflow (the scheduler's state is overwritten)";
    out->name = name_mark(s->r4_r11 + 4);
    out->note = out->name ? " (from r8-r11, as it started them: the overflow"
                            " overwrote the scheduler's state)"
                          : "unknown (the overflow overwrote the scheduler's state)";
    return;
  }
  out->stack_lo = (uint32_t)(uintptr_t)noos__stack_base(t);
  out->guard = noos__guard_bytes();
  out->note = "";
  out->name = noos__plausible_name(t->name) ? t->name : name_mark(s->r4_r11 + 4);
  if (!out->name)
    out->name = "(its name is damaged)";
  if (*noos__stack_base(t) != NOOS_CANARY && on_psp) {
    if (!runaway)
      out->overflow = "thread stack overflow (the canary below it was overwritten)";
    out->stack_note = " (the canary below it was overwritten)\n";
  } else if (runaway) {
    out->stack_note = "\n";
  }
}
