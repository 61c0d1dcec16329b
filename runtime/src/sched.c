/*
 * The scheduler: threads, ready rings, the futex, timeouts and time
 * slices, the context switch's C half (switch.S has the rest) and the
 * kernel call dispatcher.
 *
 * - Each priority has a ring of ready threads (circular, singly linked,
 *   through its tail); a bit per non-empty ring. The running thread stays
 *   at the head of its ring; a time slice moves it to the tail.
 * - A blocked thread sits in one of 16 futex buckets (by the word's
 *   address), highest priority first, and in the timeout list (by
 *   deadline) when it has one.
 * - Kernel state changes with interrupts masked (PRIMASK). A thread's
 *   kernel calls are SVCs (kernel.h), so the kernel runs on the main
 *   stack; interrupt handlers call the same functions directly.
 * - A thread that blocks pends PendSV; PendSV (lowest priority, switch.S)
 *   saves its registers on its own stack and calls noos__switch, which
 *   picks the next thread, or idles (noos_idle) when nothing is ready.
 * - Time comes from time.c: one alarm, at the earliest of the first
 *   timeout and the end of the running thread's time slice (only when a
 *   thread of the same priority is ready: no periodic tick).
 *
 * The main thread runs on the main stack (MSP) as it always did: its
 * registers are saved there, below its last frame, and every handler
 * runs below them. Created threads run on the process stack (PSP); each
 * is one heap block:
 *
 *   [ control block | TLS block | (MPU guard) | canary | stack ... -> top ]
 *
 * A stack overflow runs into the canary, then the thread's own TLS block
 * and control block (whose last fields only a blocked thread uses), not
 * into another allocation. Each switch and kernel call checks the canary
 * and the stack pointer, which catches an overflow after the fact. The
 * hardware catches it at the first access where it can:
 * - v8-M Main: PSPLIM holds the running thread's stack bottom;
 * - v7-M with an MPU (when noos_fault_init set it up, fault-init.c): a 32-byte
 *   read-only, never-executable region moves at each switch to a guard
 *   below the incoming thread's stack (32-byte aligned: the block is
 *   aligned_alloc'ed), so the first write below the stack faults there;
 * - v6-M and v8-M Baseline: the checks only (a v6-M MPU region is 256
 *   bytes at least, too much per thread).
 */
#include "kernel.h"
#include "fault.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define REG(a) (*(volatile uint32_t *)(a))
#define SCB_ICSR REG(0xE000ED04)
#define SCB_AIRCR REG(0xE000ED0C)
#define SCB_SHPR2 REG(0xE000ED1C)
#define SCB_SHPR3 REG(0xE000ED20)
#define ICTR REG(0xE000E004)
#define NVIC_ISER ((volatile uint32_t *)0xE000E100)
#define ICSR_PENDSVSET (1u << 28)
#define ICSR_PENDSVCLR (1u << 27)

#define MPU_RBAR REG(0xE000ED9C)
#define MPU_RASR REG(0xE000EDA0)

#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__)
#define NOOS_MPU_GUARD 1
#define GUARD 32u /* the smallest v7-M MPU region */
/* Read-only at every privilege (AP 6), never executable, 32 bytes (SIZE
 * 4: 2^(4+1)), enabled. */
#define GUARD_RASR (1u << 28 | 6u << 24 | 4u << 1 | 1u)
extern int8_t noos__thread_guard_region; /* fault-init.c; -1 when none */
#else
#define NOOS_MPU_GUARD 0
#endif

#define CANARY 0x736f6f6eu /* "noos" */
#define FILL 0xa5a5a5a5u   /* never-used stack (noos_thread_stack_unused) */
#define NBUCKETS 16

extern char __tls_base[], __tls_size[], __tls_align[], __arm32_tls_tcb_offset[];
/* picolibc's thread pointer (what __aeabi_read_tp returns, what _set_tls
 * sets: the TLS block less __arm32_tls_tcb_offset). The switch writes it
 * directly, from the value precomputed in the control block. */
extern uint32_t __tls;
extern char __tdata_source[], __tdata_size[];
extern char __vectors_start[], __data_source[], __stack_limit[], __heap_end[];

/* The scheduler's state, in one structure so that the code reaches all
 * of it from one base address (a switch touches most of it). */
static struct {
  uint32_t ready_mask;       /* a bit per non-empty ready ring */
  /* The highest non-empty ring's tail slot (NULL: none), kept as rings
   * fill and empty so that a switch picks with two loads (and v6-M,
   * without CLZ, calls no __clzsi2 there). */
  struct noos_thread **top;
  /* From a control block to its thread pointer (__tls: its TLS block
   * less __arm32_tls_tcb_offset), its MPU guard (0: none) and its stack's
   * canary: the TLS layout is the linker's and the MPU's use is settled
   * before main, so computed once (layout()). */
  uint32_t tp_off, guard_off, canary_off;
  /* What the guard region's RBAR gets besides the address: VALID and the
   * region number (one write selects the region and sets its base); and
   * all of it for the main thread, whose stack has its own guard. */
  uint32_t guard_rbar, main_guard_rbar;
  uint32_t live;             /* threads not yet exited */
  /* A new thread's EXC_RETURN: thread mode, process stack, no FP state,
   * in the security state the program runs in (learn()). */
  uint32_t exc_return_psp;
  uint8_t started;           /* exc_return_psp is known (learn) */
  uint8_t prepared;          /* the exceptions' priorities are set */
  uint8_t slice_on;          /* slice_end != NOOS_FOREVER, for the switch */
  uint64_t slice_ns, slice_end;
  struct noos_thread *timeouts;
  struct noos_thread *ready_tail[NOOS_PRIO_MAX + 1];
  struct noos_thread *buckets[NBUCKETS];
} K = {
    .ready_mask = 1u << NOOS_PRIO_DEFAULT,
    .live = 1,
    .exc_return_psp = 0xfffffffd,
    .slice_ns = 10000000, /* 10 ms */
    .slice_end = NOOS_FOREVER,
    .ready_tail = {[NOOS_PRIO_DEFAULT] = &noos__main_thread},
    .top = &K.ready_tail[NOOS_PRIO_DEFAULT],
};

/* Getting the exceptions ready and learning the program's EXC_RETURN
 * (below, with the kernel calls). */
static void prepare(void);
static void learn(uint32_t exc_return);

/* --- Where a created thread's pieces are ------------------------------- */

static void layout(void) {
  uint32_t a = (uint32_t)__tls_align < 4 ? 4 : (uint32_t)__tls_align;
  uint32_t tls_off = (sizeof(struct noos_thread) + a - 1) & ~(a - 1);
  K.tp_off = tls_off - (uint32_t)(uintptr_t)__arm32_tls_tcb_offset;
  K.canary_off = (tls_off + (uint32_t)__tls_size + 3) & ~3u;
#if NOOS_MPU_GUARD
  if (noos__thread_guard_region >= 0) {
    K.guard_off = (K.canary_off + GUARD - 1) & ~(GUARD - 1);
    K.canary_off = K.guard_off + GUARD;
    K.guard_rbar = 1u << 4 | (uint32_t)noos__thread_guard_region;
    /* While main runs the region lies in main's own guard (the 32 bytes
     * just below its stack, read-only already), so a switch only moves
     * it. The main thread is running now. */
    K.main_guard_rbar = ((uint32_t)(uintptr_t)__stack_limit - GUARD) | K.guard_rbar;
    MPU_RBAR = K.main_guard_rbar;
    MPU_RASR = GUARD_RASR;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    noos__main_thread.guard = K.main_guard_rbar;
  }
#endif
#if NOOS_BASEPRI
  noos__main_thread.tp =
      (uint32_t)(uintptr_t)__tls_base - (uint32_t)(uintptr_t)__arm32_tls_tcb_offset;
#endif
}

/* The thread pointer a switch to t writes (__tls). */
static inline uint32_t tp_of(const struct noos_thread *t) {
#if NOOS_BASEPRI
  return t->tp;
#else
  return t->flags & F_MAIN ? (uint32_t)(uintptr_t)__tls_base -
                                 (uint32_t)(uintptr_t)__arm32_tls_tcb_offset
                           : (uint32_t)(uintptr_t)t + K.tp_off;
#endif
}

#if NOOS_MPU_GUARD
#define GUARD_ALIGN GUARD
#else
#define GUARD_ALIGN 8
#endif

static uint32_t *stack_base(const struct noos_thread *t) {
  return (uint32_t *)((char *)t + K.canary_off);
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

/* --- Ready rings --------------------------------------------------------- */

static void ready_insert(struct noos_thread *t, int at_head) {
  unsigned p = t->prio;
  struct noos_thread *tail = K.ready_tail[p];
  if (!tail) {
    t->next = t;
    K.ready_tail[p] = t;
    K.ready_mask |= 1u << p;
    if (!K.top || &K.ready_tail[p] > K.top)
      K.top = &K.ready_tail[p];
    return;
  }
  t->next = tail->next;
  tail->next = t;
  if (!at_head)
    K.ready_tail[p] = t;
}

static void ready_remove(struct noos_thread *t) {
  unsigned p = t->prio;
  struct noos_thread *q = K.ready_tail[p];
  while (q->next != t)
    q = q->next;
  if (q == t) {
    K.ready_tail[p] = NULL;
    K.ready_mask &= ~(1u << p);
    K.top = K.ready_mask ? &K.ready_tail[31 - __builtin_clz(K.ready_mask)] : NULL;
  } else {
    q->next = t->next;
    if (K.ready_tail[p] == t)
      K.ready_tail[p] = q;
  }
}

static struct noos_thread *ready_top(void) {
  return K.top ? (*K.top)->next : NULL;
}

void noos__resched(void) {
  if (ready_top() != noos__current)
    SCB_ICSR = ICSR_PENDSVSET;
}

/* --- Futex buckets and timeouts ------------------------------------------ */

static struct noos_thread **bucket(volatile uint32_t *addr) {
  uintptr_t a = (uintptr_t)addr;
  return &K.buckets[(a >> 2 ^ a >> 7) % NBUCKETS];
}

/* Highest priority first, first come first among equals. */
static void bucket_insert(struct noos_thread *t) {
  struct noos_thread **pp = bucket(t->wait_addr);
  while (*pp && (*pp)->prio >= t->prio)
    pp = &(*pp)->next;
  t->next = *pp;
  *pp = t;
}

static void bucket_remove(struct noos_thread *t) {
  struct noos_thread **pp = bucket(t->wait_addr);
  while (*pp != t)
    pp = &(*pp)->next;
  *pp = t->next;
}

struct noos_thread *noos__first_waiter(volatile uint32_t *addr) {
  for (struct noos_thread *t = *bucket(addr); t; t = t->next)
    if (t->wait_addr == addr)
      return t;
  return NULL;
}

static void update_alarm(void) {
  uint64_t a = K.timeouts ? K.timeouts->deadline : NOOS_FOREVER;
  if (K.slice_end < a)
    a = K.slice_end;
  noos__alarm_set(a);
}

static void timeout_insert(struct noos_thread *t) {
  struct noos_thread **pp = &K.timeouts;
  while (*pp && (*pp)->deadline <= t->deadline)
    pp = &(*pp)->tnext;
  t->tnext = *pp;
  *pp = t;
  if (K.timeouts == t)
    update_alarm();
}

static void timeout_remove(struct noos_thread *t) {
  struct noos_thread **pp = &K.timeouts;
  while (*pp != t)
    pp = &(*pp)->tnext;
  *pp = t->tnext;
}

/* --- Blocking and waking --------------------------------------------------- */

/* The running thread stops until woken or the deadline; PendSV switches
 * away once the caller unmasks interrupts (or its SVC returns). */
void noos__block(volatile uint32_t *addr, uint64_t deadline) {
  struct noos_thread *t = noos__current;
  ready_remove(t);
  t->state = T_BLOCKED;
  t->wait_addr = addr;
  t->deadline = deadline;
  if (addr)
    bucket_insert(t);
  if (deadline != NOOS_FOREVER)
    timeout_insert(t);
  SCB_ICSR = ICSR_PENDSVSET;
}

static void arm_slice(void) {
  if (K.slice_ns && K.slice_end == NOOS_FOREVER) {
    uint64_t now = noos_nanotime();
    K.slice_end = now + K.slice_ns < now ? NOOS_FOREVER - 1 : now + K.slice_ns;
    K.slice_on = 1;
    update_alarm();
  }
}

/* A blocked thread becomes ready; its blocking call returns result. The
 * caller reschedules (noos__resched). */
void noos__wake(struct noos_thread *t, int result) {
  if (t->wait_addr)
    bucket_remove(t);
  if (t->deadline != NOOS_FOREVER)
    timeout_remove(t);
  t->wait_addr = NULL;
  t->deadline = NOOS_FOREVER;
  t->flags &= (uint8_t)~F_MUTEX;
  t->result = (int8_t)result;
  t->state = T_READY;
  ready_insert(t, 0);
  struct noos_thread *c = noos__current;
  if (c && c->prio == t->prio)
    arm_slice(); /* the running thread now shares its priority */
}

/* --- Priorities (inheritance: sync.c) -------------------------------------- */

/* t's base priority, or that of the highest thread waiting for a mutex
 * t owns. */
unsigned noos__inherited_prio(const struct noos_thread *t) {
  unsigned p = t->base_prio;
  for (unsigned b = 0; b < NBUCKETS; ++b)
    for (struct noos_thread *w = K.buckets[b]; w; w = w->next)
      if ((w->flags & F_MUTEX) && w->prio > p && NOOS_MUTEX_OWNER(w) == t)
        p = w->prio;
  return p;
}

/* Sets t's effective priority and carries the change along the chain of
 * mutex owners it waits for (bounded: a cycle is a deadlock anyway). */
void noos__set_prio(struct noos_thread *t, unsigned prio) {
  for (int depth = 0; depth < 16 && t && t->prio != prio; ++depth) {
    if (t->state == T_READY) {
      int running = t == noos__current;
      ready_remove(t);
      t->prio = (uint8_t)prio;
      ready_insert(t, running); /* the running thread keeps running */
      return;
    }
    if (t->state != T_BLOCKED || !t->wait_addr) {
      t->prio = (uint8_t)prio;
      return;
    }
    bucket_remove(t);
    t->prio = (uint8_t)prio;
    bucket_insert(t);
    if (!(t->flags & F_MUTEX))
      return;
    t = NOOS_MUTEX_OWNER(t);
    if (t)
      prio = noos__inherited_prio(t);
  }
}

/* --- Reports --------------------------------------------------------------- */

static void put(const char *s) { noos_puts_raw(s); }

/* A name that is readable (in the image or in RAM block 1) and printable;
 * after a stack overflow a control block may hold anything. */
static int plausible(const char *n) {
  uintptr_t a = (uintptr_t)n;
  if (!((a >= (uintptr_t)__vectors_start && a < (uintptr_t)__data_source) ||
        (a >= (uintptr_t)__stack_limit && a < (uintptr_t)__heap_end)))
    return 0;
  for (int i = 0; i < 32; ++i) {
    if (!n[i])
      return i > 0; /* an empty name is a NUL found by chance */
    if (n[i] < 0x20 || n[i] > 0x7e)
      return 0;
  }
  return 0;
}

static void put_thread(const struct noos_thread *t) {
  if (!plausible(t->name)) {
    put("at ");
    noos_put_hex((uint32_t)(uintptr_t)t);
    put(" (its name is damaged)");
    return;
  }
  put("\"");
  put(t->name);
  put("\"");
}

/* A created thread starts with r8 and r10 holding its name's address
 * XOR NAME_MARK, r9 and r11 their complement (noos_thread_create). Code
 * for v6-M seldom uses r8-r11, so they often still hold the mark when the
 * thread faults: the name the fault report gives when the control block
 * is gone. The mark, a complement pair, and a plausible name (in the image
 * or RAM, printable) together do not happen by chance. */
#define NAME_MARK 0xa5000000u

static const char *name_mark(const uint32_t *r8_r11) {
  for (int i = 0; i < 4; i += 2) {
    const char *n = (const char *)(uintptr_t)(r8_r11[i] ^ NAME_MARK);
    if (r8_r11[i + 1] == ~r8_r11[i] && plausible(n))
      return n;
  }
  return NULL;
}

/* For the fault report (fault.c), which runs inside HardFault, where one
 * more fault locks the core up: nothing is read before it is known to be
 * readable. A thread whose stack overflows on a core without a stack
 * limit (v6-M, v8-M Baseline) writes downwards through whatever lies
 * below it, the heap, this file's state and noos__current included, until
 * its stack pointer leaves RAM and the core faults; by then the running
 * thread can only be named from the mark in its r8-r11 (name_mark). */
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
  if ((a & 3) || a < (uintptr_t)__stack_limit ||
      a > (uintptr_t)__heap_end - sizeof(*t) - 4 || (t->flags & F_MAIN) ||
      K.canary_off < sizeof(*t) || K.canary_off > 4096 ||
      a + K.canary_off >= (uintptr_t)__heap_end) {
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
  out->stack_lo = (uint32_t)(uintptr_t)stack_base(t);
  out->guard = K.guard_off ? K.canary_off - K.guard_off : 0;
  out->note = "";
  out->name = plausible(t->name) ? t->name : name_mark(s->r4_r11 + 4);
  if (!out->name)
    out->name = "(its name is damaged)";
  if (*stack_base(t) != CANARY && on_psp) {
    if (!runaway)
      out->overflow = "thread stack overflow (the canary below it was overwritten)";
    out->stack_note = " (the canary below it was overwritten)\n";
  } else if (runaway) {
    out->stack_note = "\n";
  }
}

static __attribute__((noreturn)) void die(int status) {
  put("  status:     ");
  noos_put_dec((uint32_t)status);
  put("\n");
  noos_exit(status);
}

void noos__blocking_refused(const char *fn) {
  uint32_t ipsr = k_ipsr();
  put("\nnoos: ");
  put(fn);
  put(": a blocking call ");
  if (ipsr) {
    put("from an interrupt handler (");
    if (ipsr >= 16) {
      put("IRQ");
      noos_put_dec(ipsr - 16);
    } else {
      put("exception ");
      noos_put_dec(ipsr);
    }
    put(")\n  hint:       handlers wake threads (noos_sem_post, noos_note_wakeup,"
        " noos_futex_wake) and never wait\n");
  } else {
    put("with interrupts masked\n  hint:       unmask interrupts "
        "(PRIMASK, BASEPRI) before waiting\n");
  }
  put("  thread:     ");
  put_thread(noos__current ? noos__current : &noos__main_thread);
  put("\n");
  die(ipsr ? 128 + (int)ipsr : 134);
}

static __attribute__((noreturn)) void
stack_overflow(struct noos_thread *t, uint32_t sp, uint32_t room) {
  uint32_t *lo = stack_base(t), ipsr = k_ipsr();
  put("\nnoos: ");
  put(ipsr == 11 ? "SVCall" : ipsr ? "PendSV" : "noos_thread_yield");
  put(": stack overflow in thread ");
  put_thread(t);
  put("\n  stack:      from ");
  noos_put_hex((uint32_t)(uintptr_t)(lo + 1));
  put(*lo != CANARY ? " (the canary below it was overwritten)\n"
      : sp < (uint32_t)(uintptr_t)(lo + 1)
          ? " (its stack pointer went below it)\n"
          : room == 32 ? " (no room left for an exception frame)\n"
                       : " (no room left to save its registers)\n");
  put("  sp:         ");
  noos_put_hex(sp);
  put("\n  hint:       give the thread a larger stack (noos_thread_create)\n");
  die(ipsr ? 128 + (int)ipsr : 134);
}

/* The overflow a yield finds (noos_thread_yield), reported on the main
 * stack: the report must not run on the stack that overflowed, where its
 * frames would overwrite the control block it names. Threads run
 * privileged, so thread mode can select MSP (CONTROL.SPSEL 0); the
 * program ends there, below the main thread's saved context. */
__attribute__((naked, noreturn)) static void
yield_overflow(struct noos_thread *t, uint32_t sp) {
  __asm__ volatile("movs r2, #0\n\t"
                   "msr control, r2\n\t"
                   "isb\n\t"
                   "movs r2, #32\n\t"
                   "bl %c0" ::"i"(stack_overflow));
}

/* At every switch and kernel call: a created thread's stack pointer
 * above its limit, with room bytes to spare, and the canary below it
 * intact. */
static inline __attribute__((always_inline)) void
check_stack(struct noos_thread *t, uint32_t sp, uint32_t room) {
  if (t->flags & F_MAIN)
    return;
  uint32_t *lo = stack_base(t);
  if (__builtin_expect(*lo != CANARY || sp - room < (uint32_t)(uintptr_t)(lo + 1), 0))
    stack_overflow(t, sp, room);
}

static int irqs_enabled(void) {
#if NOOS_V6M
  unsigned n = 1;
#else
  unsigned n = (ICTR & 0xf) + 1;
#endif
  for (unsigned i = 0; i < n; ++i)
    if (NVIC_ISER[i])
      return 1;
  return 0;
}

void noos__check_cycle(struct noos_thread *self, noos_mutex_t *m) {
  struct noos_thread *t = (struct noos_thread *)(m->state & ~1u);
  for (int n = 0; n < 64 && t && t != self && t->state != T_EXITED; ++n) {
    if (t->state != T_BLOCKED || !(t->flags & F_MUTEX) ||
        t->deadline != NOOS_FOREVER)
      return; /* t can still go on */
    t = NOOS_MUTEX_OWNER(t);
  }
  if (!t || (t != self && t->state != T_EXITED))
    return;
  int ended = t != self;
  put(ended ? "\nnoos: deadlock: a thread waits for a mutex whose owner has ended\n"
            : "\nnoos: deadlock: threads wait for each other's mutexes\n");
  volatile uint32_t *w = &m->state;
  t = self;
  do {
    struct noos_thread *o = (struct noos_thread *)(*w & ~1u);
    put("  thread ");
    put_thread(t);
    put(" waits for mutex ");
    noos_put_hex((uint32_t)(uintptr_t)w);
    put(", held by ");
    put_thread(o);
    if (o->state == T_EXITED)
      put(", which has ended");
    put("\n");
    t = o;
    w = t->wait_addr;
  } while (t != self && t->state != T_EXITED);
  die(134);
}

/* Nothing can ever run again: say who waits for what. */
static __attribute__((noreturn)) void deadlock(void) {
  put("\nnoos: deadlock: every thread waits forever and no interrupt is "
      "enabled\n");
  for (unsigned b = 0; b < NBUCKETS; ++b) {
    for (struct noos_thread *t = K.buckets[b]; t; t = t->next) {
      put("  thread ");
      put_thread(t);
      if (t->flags & F_MUTEX) {
        struct noos_thread *o = NOOS_MUTEX_OWNER(t);
        put(" waits for mutex ");
        noos_put_hex((uint32_t)(uintptr_t)t->wait_addr);
        if (o) {
          put(", held by ");
          put_thread(o);
        }
      } else {
        put(" waits on ");
        noos_put_hex((uint32_t)(uintptr_t)t->wait_addr);
      }
      put("\n");
    }
  }
  die(134);
}

/* --- The context switch (PendSV, switch.S) ------------------------------ */

/* Nothing is ready: idles (interrupts taken between waits) until a
 * thread is. Interrupts masked. */
static __attribute__((noinline)) struct noos_thread *idle(void) {
  struct noos_thread *next;
  while (!(next = ready_top())) {
    noos__current = NULL;
    uint64_t until = K.timeouts ? K.timeouts->deadline : NOOS_FOREVER;
    if (until == NOOS_FOREVER && !irqs_enabled())
      deadlock();
    if (until == NOOS_FOREVER || noos__alarm_works()) {
      noos_idle(until);
    } else {
      /* No alarm can end the wait: watch the clock. */
      uint64_t now = noos_nanotime();
      if (now >= until)
        noos__alarm(now);
    }
    __asm__ volatile("cpsie i\n\tisb\n\tcpsid i" ::: "memory");
  }
  SCB_ICSR = ICSR_PENDSVCLR; /* this pick serves every request so far */
  return next;
}

/* Takes the outgoing thread's saved context (its stack pointer), returns
 * the incoming one's. The fast path is what a switch between two ready
 * threads costs, so the rest (idling, the slice's clock reading, the
 * stack overflow report) is out of line. */
uint32_t noos__switch(uint32_t sp) {
  uint32_t m = k_lock();
  struct noos_thread *old = noos__current, *next;
  /* After the fact: only where no hardware guards the stack (v6-M, v8-M
   * Baseline, v7-M without the MPU guard; the main thread's guard is
   * nonzero whenever the threads' are). */
#if NOOS_MPU_GUARD
  if (!old->guard)
    check_stack(old, sp, 0);
#elif !NOOS_PSPLIM
  check_stack(old, sp, 0);
#endif
  old->sp = sp;
  if (__builtin_expect(!K.started, 0))
    learn(((uint32_t *)(uintptr_t)sp)[8]); /* the outgoing EXC_RETURN */
  if (__builtin_expect(!K.top, 0))
    next = idle();
  else
    next = (*K.top)->next;
  /* A time slice runs while another thread of the running priority is
   * ready; when it ends, the running thread goes to the back of its ring
   * (noos__alarm). A thread that yields or blocks hands the rest of the
   * slice on, as a tick-based kernel does: no clock reading per switch. */
  if (next->next != next) {
    if (!K.slice_on)
      arm_slice();
  } else if (K.slice_on) {
    K.slice_on = 0;
    K.slice_end = NOOS_FOREVER;
  }
  if (next != old) {
    __tls = tp_of(next);
#if NOOS_MPU_GUARD
    /* Moves the MPU's guard region below next's stack, before the
     * thread's first access (exception return then synchronises the
     * instruction stream). */
    if (next->guard) {
      MPU_RBAR = next->guard;
      __asm__ volatile("dsb" ::: "memory");
    }
#elif NOOS_PSPLIM
    __asm__ volatile("msr psplim, %0" : : "r"(next->guard));
#endif
  }
  noos__current = next;
  k_unlock(m);
  return next->sp;
}

/* --- Time (time.c calls this from SysTick_Handler) ----------------------- */

void noos__alarm(uint64_t now) {
  uint32_t m = k_lock();
  while (K.timeouts && K.timeouts->deadline <= now) {
    struct noos_thread *t = K.timeouts;
    noos_mutex_t *mx =
        t->flags & F_MUTEX ? (noos_mutex_t *)(uintptr_t)t->wait_addr : NULL;
    noos__wake(t, NOOS_TIMEDOUT);
    if (mx)
      noos__mutex_left(mx);
  }
  if (K.slice_end <= now) {
    K.slice_end = NOOS_FOREVER;
    K.slice_on = 0;
    struct noos_thread *c = noos__current;
    /* The slice is over: the next of its priority runs. */
    if (c && c->state == T_READY && K.ready_tail[c->prio]->next == c)
      K.ready_tail[c->prio] = c;
  }
  noos__resched();
  update_alarm();
  k_unlock(m);
}

/* --- Kernel operations ------------------------------------------------------ */

static uint32_t k_futex_wait(uint32_t addr, uint32_t expected, uint32_t lo,
                             uint32_t hi) {
  uint64_t deadline = K_TIME(lo, hi);
  uint32_t m = k_lock(), r = K_BLOCKED;
  if (*(volatile uint32_t *)addr != expected)
    r = (uint32_t)NOOS_AGAIN;
  else if (deadline != NOOS_FOREVER && deadline <= noos_nanotime())
    r = (uint32_t)NOOS_TIMEDOUT;
  else
    noos__block((volatile uint32_t *)addr, deadline);
  k_unlock(m);
  return r;
}

static uint32_t k_futex_wake(uint32_t addr, uint32_t n, uint32_t a2,
                             uint32_t a3) {
  (void)a2, (void)a3;
  volatile uint32_t *a = (volatile uint32_t *)addr;
  uint32_t m = k_lock(), woken = 0;
  struct noos_thread **pp = bucket(a);
  while (*pp && woken < n) {
    struct noos_thread *t = *pp;
    if (t->wait_addr == a) {
      *pp = t->next;
      t->wait_addr = NULL; /* out of the bucket already */
      noos__wake(t, NOOS_OK);
      ++woken;
    } else {
      pp = &t->next;
    }
  }
  if (woken)
    noos__resched();
  k_unlock(m);
  return woken;
}

static uint32_t k_sleep(uint32_t lo, uint32_t hi, uint32_t a2, uint32_t a3) {
  (void)a2, (void)a3;
  uint64_t deadline = K_TIME(lo, hi);
  uint32_t m = k_lock(), r = NOOS_OK;
  if (deadline > noos_nanotime()) {
    noos__block(NULL, deadline);
    r = K_BLOCKED;
  }
  k_unlock(m);
  return r;
}

static uint32_t k_yield(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3) {
  (void)a0, (void)a1, (void)a2, (void)a3;
  uint32_t m = k_lock();
  struct noos_thread *c = noos__current, **tail = &K.ready_tail[c->prio];
  /* The running thread heads its ring; with others there, it goes to the
   * back and the next one runs (a higher-priority thread, if one became
   * ready, has pended PendSV already). */
  if ((*tail)->next == c && c->next != c) {
    *tail = c;
    SCB_ICSR = ICSR_PENDSVSET;
  }
  k_unlock(m);
  return NOOS_OK;
}

static uint32_t k_start(uint32_t t, uint32_t a1, uint32_t a2, uint32_t a3) {
  (void)a1, (void)a2, (void)a3;
  struct noos_thread *th = (struct noos_thread *)t;
  uint32_t m = k_lock();
  if (!K.prepared)
    prepare();
  ((uint32_t *)(uintptr_t)th->sp)[8] = K.started ? K.exc_return_psp : 0;
  ++K.live;
  th->state = T_READY;
  ready_insert(th, 0);
  struct noos_thread *c = noos__current;
  if (c && c->prio == th->prio)
    arm_slice();
  noos__resched();
  k_unlock(m);
  return NOOS_OK;
}

/* 1 when the caller is the last thread: it ends the program instead. */
static uint32_t k_exit(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3) {
  (void)a0, (void)a1, (void)a2, (void)a3;
  uint32_t m = k_lock();
  struct noos_thread *c = noos__current;
  if (K.live == 1) {
    k_unlock(m);
    return 1;
  }
  --K.live;
  ready_remove(c);
  c->state = T_EXITED;
  k_futex_wake((uint32_t)&c->state, UINT32_MAX, 0, 0);
  SCB_ICSR = ICSR_PENDSVSET;
  k_unlock(m);
  return K_BLOCKED;
}

static uint32_t k_set_prio(uint32_t t, uint32_t prio, uint32_t a2,
                           uint32_t a3) {
  (void)a2, (void)a3;
  struct noos_thread *th = (struct noos_thread *)t;
  uint32_t m = k_lock();
  th->base_prio = (uint8_t)prio;
  noos__set_prio(th, noos__inherited_prio(th));
  noos__resched();
  k_unlock(m);
  return NOOS_OK;
}

const noos_kfn noos__kcall_table[K_COUNT] = {
    [K_FUTEX_WAIT] = k_futex_wait,  [K_FUTEX_WAKE] = k_futex_wake,
    [K_SLEEP] = k_sleep,
    [K_START] = k_start,            [K_EXIT] = k_exit,
    [K_SET_PRIO] = k_set_prio,      [K_MUTEX_WAIT] = noos__k_mutex_wait,
    [K_MUTEX_UNLOCK] = noos__k_mutex_unlock,
};

/* The scheduler's exceptions: PendSV and SVCall at the lowest priority,
 * SysTick one above (it must interrupt the idle loop, which runs in
 * PendSV). Done before the first thread starts, however it is created: a
 * PendSV left at its reset priority (0, the highest) would preempt an
 * interrupt handler and switch threads under it. */
static __attribute__((noinline, cold)) void prepare(void) {
  K.prepared = 1;
  SCB_SHPR3 |= 0xffu << 16;
  uint32_t lowest = (SCB_SHPR3 >> 16) & 0xff, step = lowest & -lowest;
  /* Only the group priority preempts (AIRCR.PRIGROUP splits it off; the
   * field reads 0 on cores without grouping, such as v6-M). */
  uint32_t group_step = 2u << ((SCB_AIRCR >> 8) & 7);
  if (step < group_step)
    step = group_step;
  SCB_SHPR3 = (SCB_SHPR3 & 0xffff) | lowest << 16 | (lowest - step) << 24;
  SCB_SHPR2 = (SCB_SHPR2 & 0xffffff) | lowest << 24;
  noos_time_init(); /* idempotent: noos_start may not have yet */
}

/* A new thread's EXC_RETURN follows from the first one the scheduler sees
 * (an SVC's or a switch's: the program's security state). A thread
 * created before that (with interrupts masked, so without an SVC) has 0
 * in its context: it is ready and has never run, and gets it now.
 * Interrupts masked. */
static __attribute__((noinline, cold)) void learn(uint32_t exc_return) {
  K.started = 1;
  K.exc_return_psp = exc_return | 0x1c; /* thread mode, PSP, no FP state */
  for (unsigned p = 0; p <= NOOS_PRIO_MAX; ++p) {
    struct noos_thread *tail = K.ready_tail[p], *t = tail;
    if (!t)
      continue;
    do {
      uint32_t *ctx = (uint32_t *)(uintptr_t)t->sp;
      if (!(t->flags & F_MAIN) && ctx[8] == 0)
        ctx[8] = K.exc_return_psp;
      t = t->next;
    } while (t != tail);
  }
}

/* switch.S's handlers, which entry.S reaches through weak references:
 * linking the scheduler links them. */
void noos__pendsv(void), noos__svcall(void);
__attribute__((used)) static void (*const handlers[])(void) = {noos__pendsv,
                                                               noos__svcall};

/* noos__svcall (switch.S): the caller's exception frame and EXC_RETURN. */
void noos__svc(uint32_t *frame, uint32_t exc_return) {
  if (!K.started) {
    uint32_t m = k_lock();
    if (!K.prepared)
      prepare();
    learn(exc_return);
    k_unlock(m);
  }
  /* A call that blocks tail-chains into PendSV, which saves r4-r11 and
   * EXC_RETURN (and s16-s31 after FP use) below this frame: checked now,
   * before that overwrites what lies below the stack (the control block
   * the report names). */
  uint32_t room = 36;
#if defined(__ARM_FP)
  if (!(exc_return & 0x10))
    room += 64;
#endif
  check_stack(noos__current, (uint32_t)(uintptr_t)frame, room);
  uint32_t op = frame[4]; /* r12 */
  if (op >= K_COUNT) {
    put("\nnoos: SVCall: unknown kernel call ");
    noos_put_dec(op);
    put(" (r12)\n");
    die(128 + 11);
  }
  frame[0] = noos__kcall_table[op](frame[0], frame[1], frame[2], frame[3]);
}

/* --- The futex ---------------------------------------------------------------- */

/* stdio's line shared by the threads (console-wait.c) comes with the
 * scheduler: this reference brings the archive member in, from a section
 * nothing refers to, which the linker then drops; the code is kept only
 * when console.c, which calls it, is linked too. */
__asm__(".pushsection .rodata.noos__console_link, \"a\", %progbits\n"
        ".p2align 2\n"
        ".long noos__console_put\n"
        ".popsection");

int noos_futex_wait(volatile uint32_t *addr, uint32_t expected,
                    uint64_t deadline) {
  return kcall_block("noos_futex_wait", K_FUTEX_WAIT, (uint32_t)addr,
                     expected, K_LO(deadline), K_HI(deadline));
}

int noos_futex_wake(volatile uint32_t *addr, int n) {
  if (n <= 0)
    return 0;
  return kcall(K_FUTEX_WAKE, (uint32_t)addr, (uint32_t)n, 0, 0);
}

/* --- Threads -------------------------------------------------------------------- */

/* Where a thread's entry function returns to (the frame's LR). */
static void thread_return(void) { noos_thread_exit(); }

noos_thread_t *noos_thread_create(void (*entry)(void *), void *arg,
                                  size_t stack_size, int prio,
                                  const char *name) {
  if (!entry || prio < NOOS_PRIO_MIN || prio > NOOS_PRIO_MAX) {
    errno = EINVAL;
    return NULL;
  }
  if (!stack_size)
    stack_size = NOOS_STACK_DEFAULT;
  if (stack_size > 0x10000000) {
    errno = ENOMEM;
    return NULL;
  }
  if (stack_size < NOOS_STACK_MIN)
    stack_size = NOOS_STACK_MIN;
  if (!K.canary_off)
    layout();
  size_t talign = (size_t)__tls_align < 8 ? 8 : (size_t)__tls_align;
  if (K.guard_off && talign < GUARD_ALIGN)
    talign = GUARD_ALIGN;
  size_t tls_size = (size_t)__tls_size, stack_off = K.canary_off;
  size_t total = (stack_off + stack_size + 7) & ~(size_t)7;
  void *block = talign > 8 ? aligned_alloc(talign, (total + talign - 1) & ~(talign - 1))
                           : malloc(total);
  if (!block)
    return NULL;

  struct noos_thread *t = block;
  memset(t, 0, sizeof(*t));
  t->name = name ? name : "thread";
  t->prio = t->base_prio = (uint8_t)prio;
  t->deadline = NOOS_FOREVER;
  /* TLS: .tdata's initial image, then .tbss zeroed. */
  uint32_t tp = (uint32_t)(uintptr_t)block + K.tp_off;
  char *tls = (char *)(uintptr_t)(tp + (uint32_t)(uintptr_t)__arm32_tls_tcb_offset);
#if NOOS_BASEPRI
  t->tp = tp;
#endif
  memcpy(tls, __tdata_source, (size_t)__tdata_size);
  memset(tls + (size_t)__tdata_size, 0, tls_size - (size_t)__tdata_size);

  uint32_t *lo = (uint32_t *)((char *)block + stack_off);
  uint32_t *top = (uint32_t *)((char *)block + total);
  *lo = CANARY;
#if NOOS_MPU_GUARD
  if (K.guard_off)
    t->guard = ((uint32_t)(uintptr_t)t + K.guard_off) | K.guard_rbar;
#elif NOOS_PSPLIM
  t->guard = ((uint32_t)(uintptr_t)(lo + 1) + CTX_ROOM + 7) & ~7u;
#endif
  for (uint32_t *p = lo + 1; p < top; ++p)
    *p = FILL;

  /* The first exception frame, as if the thread had been interrupted
   * just before its first instruction. The PC is an instruction address:
   * bit 0 CLEAR (an exception return to an odd PC is UNPREDICTABLE, and
   * faults with INVPC on real cores); Thumb state is xPSR.T (bit 24).
   * The LR is a return address, used by BX: bit 0 SET, or returning from
   * entry would switch to ARM state and fault (INVSTATE). A Thumb
   * function's address in C already has bit 0 set. */
  uint32_t *frame = top - 8;
  frame[0] = (uint32_t)arg;                          /* r0 */
  frame[1] = frame[2] = frame[3] = frame[4] = 0;     /* r1-r3, r12 */
  frame[5] = (uint32_t)(uintptr_t)thread_return | 1u; /* lr */
  frame[6] = (uint32_t)(uintptr_t)entry & ~1u;       /* pc */
  frame[7] = 0x01000000u;                            /* xpsr: T */
  /* What switch.S restores before it: r4-r11, then EXC_RETURN (k_start
   * writes it, or learn() once the scheduler has seen one). */
  uint32_t *ctx = frame - 9;
  for (int i = 0; i < 9; ++i)
    ctx[i] = 0;
  /* r8-r11 start as a mark of the thread's name (name_mark), for the
   * fault report after an overflow that overwrote the control block:
   * code for v6-M seldom uses them. */
  ctx[4] = ctx[6] = (uint32_t)(uintptr_t)t->name ^ NAME_MARK;
  ctx[5] = ctx[7] = ~ctx[4];
  t->sp = (uint32_t)(uintptr_t)ctx;

  kcall(K_START, (uint32_t)t, 0, 0, 0);
  return t;
}

#define REFUSE_OUTSIDE_THREADS(fn)                                          \
  do {                                                                       \
    if (!k_can_svc())                                                        \
      noos__blocking_refused(fn);                                            \
  } while (0)

int noos_thread_join(noos_thread_t *t) {
  if (!t)
    return NOOS_INVALID;
  if (t == noos__current)
    return NOOS_DEADLOCK;
  REFUSE_OUTSIDE_THREADS("noos_thread_join");
  for (;;) {
    uint32_t s = t->state;
    if (s == T_EXITED)
      break;
    noos_futex_wait(&t->state, s, NOOS_FOREVER);
  }
  if (!(t->flags & F_MAIN))
    free(t);
  return NOOS_OK;
}

void noos_thread_exit(void) {
  REFUSE_OUTSIDE_THREADS("noos_thread_exit");
  if (k_svc(K_EXIT, 0, 0, 0, 0) == 1)
    exit(0); /* the last thread: the program ends as if main returned 0 */
  for (;;) /* not reached: the thread never runs again */
    ;
}

/* No kernel call: the ring changes with interrupts masked, right here on
 * the thread's stack (a few words), and PendSV, pended, switches as soon
 * as they are unmasked, as FreeRTOS's taskYIELD does. */
void noos_thread_yield(void) {
  REFUSE_OUTSIDE_THREADS("noos_thread_yield");
  /* A yield need not switch (no other thread of its priority ready), so
   * it checks the stack itself, like a kernel call: a thread that
   * overflows where it yields is caught while its name is still there. */
  struct noos_thread *t = noos__current;
  uint32_t sp;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  if (!(t->flags & F_MAIN)) {
    /* With room for an exception frame, which an interrupt would stack
     * below sp. The canary waits for the next switch or kernel call. */
    if (__builtin_expect(sp - 32 < (uint32_t)(uintptr_t)(stack_base(t) + 1), 0))
      yield_overflow(t, sp);
  }
  k_yield(0, 0, 0, 0);
  __asm__ volatile("dsb\n\tisb" ::: "memory"); /* the switch happens here */
}

void noos_sleep_until(uint64_t deadline) {
  kcall_block("noos_sleep_until", K_SLEEP, K_LO(deadline), K_HI(deadline), 0,
              0);
}

void noos_sleep_for(uint64_t ns) {
  REFUSE_OUTSIDE_THREADS("noos_sleep_for");
  uint64_t now = noos_nanotime(), d = now + ns;
  noos_sleep_until(d < now ? NOOS_FOREVER : d);
}

int noos_thread_set_priority(noos_thread_t *t, int prio) {
  if (!t || prio < NOOS_PRIO_MIN || prio > NOOS_PRIO_MAX ||
      t->state == T_EXITED)
    return NOOS_INVALID;
  return kcall(K_SET_PRIO, (uint32_t)t, (uint32_t)prio, 0, 0);
}

void noos_thread_set_time_slice(uint64_t ns) { K.slice_ns = ns; }

size_t noos_thread_stack_unused(const noos_thread_t *t) {
  if (!t || (t->flags & F_MAIN))
    return 0;
  const uint32_t *p = stack_base(t) + 1;
  size_t n = 0;
  while (p[n] == FILL)
    ++n;
  return n * 4;
}
