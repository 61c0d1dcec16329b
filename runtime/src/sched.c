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
 * - Kernel state changes with interrupts masked (k_lock). A thread's
 *   kernel calls are traps (k_svc: SVC on Arm), so on Cortex-M the kernel
 *   runs on the main stack; interrupt handlers call the same functions
 *   directly.
 * - A thread that blocks pends a switch (k_pend_switch: PendSV on
 *   Cortex-M, lowest priority); the port's switch code (arm-m/switch.S)
 *   saves its registers on its own stack and calls noos__switch, which
 *   picks the next thread, or idles (noos_idle) when nothing is ready.
 * - Time comes from time.c: one alarm, at the earliest of the first
 *   timeout and the end of the running thread's time slice (only when a
 *   thread of the same priority is ready: no periodic tick).
 *
 * The main thread runs on the stack it started on (MSP on Cortex-M) as
 * it always did: its registers are saved there, below its last frame.
 * Created threads each have one heap block:
 *
 *   [ control block | TLS block | (guard) | canary | stack ... -> top ]
 *
 * A stack overflow runs into the canary, then the thread's own TLS block
 * and control block (whose last fields only a blocked thread uses), not
 * into another allocation. Each switch and kernel call checks the canary
 * and the stack pointer, which catches an overflow after the fact. The
 * hardware catches it at the first access where the port can (the
 * guard's size and alignment are the port's, k_guard_size); on Cortex-M:
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
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define CANARY NOOS_CANARY
#define FILL 0xa5a5a5a5u   /* never-used stack (noos_thread_stack_unused) */
#define NBUCKETS 16

extern char __tls_base[], __tls_size[], __tls_align[];
#ifndef NOOS_PORT_LINK_VALUE
#define NOOS_PORT_LINK_VALUE(sym) ((uintptr_t)sym)
#endif
#define TLS_SIZE NOOS_PORT_LINK_VALUE(__tls_size)
#define TLS_ALIGN NOOS_PORT_LINK_VALUE(__tls_align)
extern char __tdata_source[], __tdata_size[];
extern char __vectors_start[], __data_source[], __stack_limit[], __heap_end[];

/* The scheduler's state, in one structure so that the code reaches all
 * of it from one base address (a switch touches most of it). Its head is
 * what a port's switch code in assembly reads (kernel-offsets.h): global
 * for that, and laid out as that file says. */
struct sched {
  /* The highest non-empty ring's tail slot (NULL: none), kept as rings
   * fill and empty so that a switch picks with two loads (and v6-M,
   * without CLZ, calls no __clzsi2 there). */
  struct noos_thread **top;
  /* From a control block to its stack's canary, its thread pointer (its
   * TLS block less NOOS_PORT_TLS_TCB_OFFSET) and its guard (0: none): the
   * TLS layout is the linker's and the guard's use is settled before
   * main, so computed once (layout()). */
  uint32_t canary_off, tp_off;
  uint8_t slice_on;          /* slice_end != NOOS_FOREVER, for the switch */
  uint8_t entered;           /* a switch or kernel call has run */
  uint8_t prepared;          /* noos__sched_prepare ran */
#if NOOS_PORT_TP_DERIVED
  uintptr_t main_tp;         /* the main thread's (noos__sched_prepare) */
#endif
  uint32_t guard_off;
  uint32_t ready_mask;       /* a bit per non-empty ready ring */
  uint32_t live;             /* threads not yet exited */
  /* Word-aligned: no padding before them, or at the end, whether or not
   * the head has main_tp. */
  uint64_t slice_ns __attribute__((packed, aligned(4)));
  uint64_t slice_end __attribute__((packed, aligned(4)));
  struct noos_thread *timeouts;
  struct noos_thread *ready_tail[NOOS_PRIO_MAX + 1];
  struct noos_thread *buckets[NBUCKETS];
};
struct sched noos__sched = {
    .ready_mask = 1u << NOOS_PRIO_DEFAULT,
    .live = 1,
    .slice_ns = 10000000, /* 10 ms */
    .slice_end = NOOS_FOREVER,
    .ready_tail = {[NOOS_PRIO_DEFAULT] = &noos__main_thread},
    .top = &noos__sched.ready_tail[NOOS_PRIO_DEFAULT],
};
#define K noos__sched

#if UINTPTR_MAX == 0xffffffffu
_Static_assert(offsetof(struct noos_thread, sp) == NOOS_T_SP, "kernel-offsets.h");
_Static_assert(offsetof(struct noos_thread, next) == NOOS_T_NEXT, "kernel-offsets.h");
_Static_assert(offsetof(struct noos_thread, flags) == NOOS_T_FLAGS, "kernel-offsets.h");
_Static_assert(F_MAIN == 1u << NOOS_T_F_MAIN_BIT, "kernel-offsets.h");
_Static_assert(offsetof(struct sched, top) == NOOS_K_TOP, "kernel-offsets.h");
_Static_assert(offsetof(struct sched, canary_off) == NOOS_K_CANARY_OFF, "kernel-offsets.h");
_Static_assert(offsetof(struct sched, tp_off) == NOOS_K_TP_OFF, "kernel-offsets.h");
_Static_assert(offsetof(struct sched, slice_on) == NOOS_K_SLICE_ON, "kernel-offsets.h");
_Static_assert(offsetof(struct sched, entered) == NOOS_K_ENTERED, "kernel-offsets.h");
#if NOOS_PORT_TP_DERIVED
_Static_assert(offsetof(struct sched, main_tp) == NOOS_K_MAIN_TP, "kernel-offsets.h");
#endif
#endif

/* The thread pointer (port.h's k_switch_in), where the port derives it
 * (kernel.h has the other case). */
#if NOOS_PORT_TP_DERIVED
#define K_TP(t) ((t)->flags & F_MAIN ? K.main_tp : (uintptr_t)(t) + K.tp_off)
#endif

/* --- Where a created thread's pieces are ------------------------------- */

static void layout(void) {
  uint32_t a = (uint32_t)TLS_ALIGN < 4 ? 4 : (uint32_t)TLS_ALIGN;
  uint32_t tls_off = (sizeof(struct noos_thread) + a - 1) & ~(a - 1);
  K.tp_off = tls_off - (uint32_t)NOOS_PORT_TLS_TCB_OFFSET;
  K.canary_off = (tls_off + (uint32_t)TLS_SIZE + 3) & ~3u;
  uint32_t guard = k_guard_size();
  if (guard) {
    K.guard_off = (K.canary_off + guard - 1) & ~(guard - 1);
    K.canary_off = K.guard_off + guard;
  }
#if !NOOS_PORT_TP_DERIVED
  noos__main_thread.tp = (uintptr_t)__tls_base - NOOS_PORT_TLS_TCB_OFFSET;
#endif
}

static inline uint32_t *stack_base(const struct noos_thread *t) {
  return (uint32_t *)((char *)t + K.canary_off);
}

uint32_t *noos__stack_base(const struct noos_thread *t) {
  return stack_base(t);
}

uint32_t noos__guard_bytes(void) {
  return K.guard_off ? K.canary_off - K.guard_off : 0;
}

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
    k_pend_switch();
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

/* The running thread stops until woken or the deadline; the pended switch
 * happens once the caller unmasks interrupts (or its kernel call
 * returns). */
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
  k_pend_switch();
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
int noos__plausible_name(const char *n) {
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
  if (!noos__plausible_name(t->name)) {
    put("at ");
    noos_put_hex(k_word(t));
    put(" (its name is damaged)");
    return;
  }
  put("\"");
  put(t->name);
  put("\"");
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
    k_put_handler(ipsr);
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

void noos__stack_overflow(struct noos_thread *t, uintptr_t sp, uint32_t room) {
  /* Main's stack has no canary; its bottom is the port's bound. */
  int is_main = k_main_stack_limit() && (t->flags & F_MAIN);
  uint32_t *lo = is_main ? (uint32_t *)(k_main_stack_limit() - 4)
                         : stack_base(t),
           ipsr = k_ipsr();
  put("\nnoos: ");
  put(ipsr ? k_kernel_name(ipsr) : "noos_thread_yield");
  put(": stack overflow in thread ");
  put_thread(t);
  put("\n  stack:      from ");
  noos_put_hex(k_word(lo + 1));
  put(!is_main && *lo != CANARY ? " (the canary below it was overwritten)\n"
      : sp < (uintptr_t)(lo + 1)
          ? " (its stack pointer went below it)\n"
          : room == 32 ? " (no room left for an exception frame)\n"
                       : " (no room left to save its registers)\n");
  put("  sp:         ");
  noos_put_hex((uint32_t)sp);
  put(is_main ? "\n  hint:       the main stack overflowed: raise --stack-size or use less stack\n"
              : "\n  hint:       give the thread a larger stack (noos_thread_create)\n");
  die(ipsr ? 128 + (int)ipsr : 134);
}

/* At every switch and kernel call: a created thread's stack pointer
 * above its limit, with room bytes to spare, and the canary below it
 * intact; main's stack pointer above the port's bound, if it has one. */
static inline __attribute__((always_inline)) void
check_stack(struct noos_thread *t, uintptr_t sp, uint32_t room) {
  if (t->flags & F_MAIN) {
    if (__builtin_expect(sp - room < k_main_stack_limit(), 0))
      noos__stack_overflow(t, sp, room);
    return;
  }
  uint32_t *lo = stack_base(t);
  if (__builtin_expect(*lo != CANARY || sp - room < (uintptr_t)(lo + 1), 0))
    noos__stack_overflow(t, sp, room);
}

void noos__check_cycle(struct noos_thread *self, noos_mutex_t *m) {
  struct noos_thread *t = K_PTR(struct noos_thread, m->state & ~1u);
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
    struct noos_thread *o = K_PTR(struct noos_thread, *w & ~1u);
    put("  thread ");
    put_thread(t);
    put(" waits for mutex ");
    noos_put_hex(k_word((const void *)w));
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
        noos_put_hex(k_word((const void *)t->wait_addr));
        if (o) {
          put(", held by ");
          put_thread(o);
        }
      } else {
        put(" waits on ");
        noos_put_hex(k_word((const void *)t->wait_addr));
      }
      put("\n");
    }
  }
  die(134);
}

/* --- The context switch (the port's switch code calls noos__switch) ------ */

/* Nothing is ready: idles (interrupts taken between waits) until a
 * thread is. Interrupts masked. */
static __attribute__((noinline)) struct noos_thread *idle(void) {
  struct noos_thread *next;
  while (!(next = ready_top())) {
    noos__current = NULL;
    uint64_t until = K.timeouts ? K.timeouts->deadline : NOOS_FOREVER;
    if (until == NOOS_FOREVER && !k_irqs_enabled())
      deadlock();
    if (until == NOOS_FOREVER || noos__alarm_works()) {
      noos_idle(until);
    } else {
      /* No alarm can end the wait: watch the clock. */
      uint64_t now = noos_nanotime();
      if (now >= until)
        noos__alarm(now);
    }
    k_idle_window();
  }
  k_pend_clear(); /* this pick serves every request so far */
  return next;
}

/* Takes the outgoing thread's saved context (its stack pointer), returns
 * the incoming one's. The fast path is what a switch between two ready
 * threads costs, so the rest (idling, the slice's clock reading, the
 * stack overflow report) is out of line. */
uintptr_t noos__switch(uintptr_t sp) {
  uint32_t m = k_lock();
  struct noos_thread *old = noos__current, *next;
  /* After the fact: only where no hardware guards the stack. */
  if (!k_stack_guarded(old))
    check_stack(old, sp, 0);
  old->sp = sp;
  if (__builtin_expect(!K.entered, 0)) {
    K.entered = 1;
    k_first_entry(sp);
  }
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
  if (next != old)
    k_switch_in(next);
  noos__current = next;
  k_unlock(m);
  return next->sp;
}

/* --- Time (the time source calls this from its alarm interrupt) ---------- */

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

static uintptr_t k_futex_wait(uintptr_t addr, uintptr_t expected, uintptr_t lo,
                              uintptr_t hi) {
  uint64_t deadline = K_TIME(lo, hi);
  uint32_t m = k_lock();
  uintptr_t r = K_BLOCKED;
  if (*(volatile uint32_t *)addr != (uint32_t)expected)
    r = (uint32_t)NOOS_AGAIN;
  else if (deadline != NOOS_FOREVER && deadline <= noos_nanotime())
    r = (uint32_t)NOOS_TIMEDOUT;
  else
    noos__block((volatile uint32_t *)addr, deadline);
  k_unlock(m);
  return r;
}

static uintptr_t k_futex_wake(uintptr_t addr, uintptr_t n, uintptr_t a2,
                              uintptr_t a3) {
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

static uintptr_t k_sleep(uintptr_t lo, uintptr_t hi, uintptr_t a2,
                         uintptr_t a3) {
  (void)a2, (void)a3;
  uint64_t deadline = K_TIME(lo, hi);
  uint32_t m = k_lock();
  uintptr_t r = NOOS_OK;
  if (deadline > noos_nanotime()) {
    noos__block(NULL, deadline);
    r = K_BLOCKED;
  }
  k_unlock(m);
  return r;
}

static uintptr_t k_yield(uintptr_t a0, uintptr_t a1, uintptr_t a2,
                         uintptr_t a3) {
  (void)a0, (void)a1, (void)a2, (void)a3;
  uint32_t m = k_lock();
  struct noos_thread *c = noos__current, **tail = &K.ready_tail[c->prio];
  /* The running thread heads its ring; with others there, it goes to the
   * back and the next one runs (a higher-priority thread, if one became
   * ready, has pended a switch already). */
  if ((*tail)->next == c && c->next != c) {
    *tail = c;
    k_pend_switch();
  }
  k_unlock(m);
  return NOOS_OK;
}

static uintptr_t k_start(uintptr_t t, uintptr_t a1, uintptr_t a2,
                         uintptr_t a3) {
  (void)a1, (void)a2, (void)a3;
  struct noos_thread *th = (struct noos_thread *)t;
  uint32_t m = k_lock();
  noos__sched_prepare();
  k_thread_ready(th);
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
static uintptr_t k_exit(uintptr_t a0, uintptr_t a1, uintptr_t a2,
                        uintptr_t a3) {
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
  k_futex_wake((uintptr_t)&c->state, UINT32_MAX, 0, 0);
  k_pend_switch();
  k_unlock(m);
  return K_BLOCKED;
}

static uintptr_t k_set_prio(uintptr_t t, uintptr_t prio, uintptr_t a2,
                            uintptr_t a3) {
  (void)a2, (void)a3;
  struct noos_thread *th = (struct noos_thread *)t;
  uint32_t m = k_lock();
  th->base_prio = (uint8_t)prio;
  noos__set_prio(th, noos__inherited_prio(th));
  noos__resched();
  k_unlock(m);
  return NOOS_OK;
}

static uintptr_t k_nop(uintptr_t a0, uintptr_t a1, uintptr_t a2,
                       uintptr_t a3) {
  (void)a1, (void)a2, (void)a3;
  return a0;
}

const noos_kfn noos__kcall_table[K_COUNT] = {
    [K_FUTEX_WAIT] = k_futex_wait,  [K_FUTEX_WAKE] = k_futex_wake,
    [K_SLEEP] = k_sleep,
    [K_START] = k_start,            [K_EXIT] = k_exit,
    [K_SET_PRIO] = k_set_prio,      [K_MUTEX_WAIT] = noos__k_mutex_wait,
    [K_MUTEX_UNLOCK] = noos__k_mutex_unlock,
    [K_NOP] = k_nop,
};

/* Before the first thread starts, however it is created: the port's
 * exceptions (k_sched_prepare: on Cortex-M, PendSV left at its reset
 * priority, the highest, would preempt an interrupt handler and switch
 * threads under it), then time. Interrupts masked. */
void noos__sched_prepare(void) {
  if (K.prepared)
    return;
  K.prepared = 1;
#if NOOS_PORT_TP_DERIVED
  /* Before any switch: whatever pends one (a kernel call, a thread's
   * start) has run this first. */
  K.main_tp = (uintptr_t)__tls_base - NOOS_PORT_TLS_TCB_OFFSET;
#endif
  k_sched_prepare();
  noos_time_init(); /* idempotent: noos_start may not have yet */
}

void noos__entered(void) { K.entered = 1; }

void noos__each_ready(void (*fn)(struct noos_thread *)) {
  for (unsigned p = 0; p <= NOOS_PRIO_MAX; ++p) {
    struct noos_thread *tail = K.ready_tail[p], *t = tail;
    if (!t)
      continue;
    do {
      fn(t);
      t = t->next;
    } while (t != tail);
  }
}

/* A kernel call from a thread (the port's trap handler). A call that
 * blocks has the port's switch save the thread's registers below sp:
 * checked now, before that overwrites what lies below the stack (the
 * control block the report names). */
void noos__kernel_call(uint32_t op, uintptr_t *args, uintptr_t sp,
                       uint32_t room) {
  check_stack(noos__current, sp, room);
  if (op >= K_COUNT) {
    uint32_t ipsr = k_ipsr();
    put("\nnoos: ");
    put(k_kernel_name(ipsr));
    put(": unknown kernel call ");
    noos_put_dec(op);
    put("\n");
    die(128 + (int)ipsr);
  }
  args[0] = noos__kcall_table[op](args[0], args[1], args[2], args[3]);
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
  return kcall_block("noos_futex_wait", K_FUTEX_WAIT, (uintptr_t)addr,
                     expected, K_LO(deadline), K_HI(deadline));
}

int noos_futex_wake(volatile uint32_t *addr, int n) {
  if (n <= 0)
    return 0;
  return kcall(K_FUTEX_WAKE, (uintptr_t)addr, (uint32_t)n, 0, 0);
}

/* --- Threads -------------------------------------------------------------------- */

/* Where a thread's entry function returns to (the frame's LR). */
static void thread_return(void) { noos_thread_exit(); }

noos_thread_t *(noos_thread_create)(void (*entry)(void *), void *arg,
                                    size_t stack_size, int prio,
                                    const char *name) {
  return noos__thread_create_at(NULL, entry, arg, stack_size, prio, name);
}

/* A call through <noos/thread.h>'s macro: site->need is the stack noos-ld
 * computed for a size-0 thread (0 where the need is unknown: the default
 * then). */
noos_thread_t *noos__thread_create_at(const struct noos_thread_site *site,
                                      void (*entry)(void *), void *arg,
                                      size_t stack_size, int prio,
                                      const char *name) {
  if (!stack_size && site)
    stack_size = *(const volatile size_t *)&site->need;
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
  size_t talign = (size_t)TLS_ALIGN < 8 ? 8 : (size_t)TLS_ALIGN;
  uint32_t guard = noos__guard_bytes();
  if (talign < guard)
    talign = guard;
  size_t tls_size = (size_t)TLS_SIZE, stack_off = K.canary_off;
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
  uintptr_t tp = (uintptr_t)block + K.tp_off;
#if !NOOS_PORT_TP_DERIVED
  t->tp = tp;
#endif
  char *tls = (char *)(tp + NOOS_PORT_TLS_TCB_OFFSET);
  size_t tdata_size = (size_t)NOOS_PORT_LINK_VALUE(__tdata_size);
  memcpy(tls, __tdata_source, tdata_size);
  memset(tls + tdata_size, 0, tls_size - tdata_size);

  uint32_t *lo = (uint32_t *)((char *)block + stack_off);
  uintptr_t top = (uintptr_t)block + total;
  *lo = CANARY;
  k_guard_thread(t, guard ? (uintptr_t)t + K.guard_off : 0,
                 (uintptr_t)(lo + 1));
  for (uint32_t *p = lo + 1; p < (uint32_t *)top; ++p)
    *p = FILL;
  t->sp = k_thread_context(t, top, entry, arg, thread_return);

  kcall(K_START, (uintptr_t)t, 0, 0, 0);
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
 * the thread's stack (a few words), and the pended switch happens as soon
 * as they are unmasked (k_switch_sync), as FreeRTOS's taskYIELD does. */
void noos_thread_yield(void) {
  REFUSE_OUTSIDE_THREADS("noos_thread_yield");
  /* A yield need not switch (no other thread of its priority ready), so
   * it checks the stack itself, like a kernel call: a thread that
   * overflows where it yields is caught while its name is still there. */
  struct noos_thread *t = noos__current;
  uintptr_t sp = k_sp();
  if (!(t->flags & F_MAIN)) {
    /* With room for an exception frame, which an interrupt would stack
     * below sp. The canary waits for the next switch or kernel call. */
    if (__builtin_expect(sp - 32 < (uintptr_t)(stack_base(t) + 1), 0))
      k_yield_overflow(t, sp);
  }
  k_yield(0, 0, 0, 0);
  k_switch_sync(); /* the switch happens here */
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
  return kcall(K_SET_PRIO, (uintptr_t)t, (uint32_t)prio, 0, 0);
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
