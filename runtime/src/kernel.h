/*
 * The thread kernel's internals, shared by current.c, sched.c, sync.c,
 * lock.c, queue.c, timer.c, irq.c and time.c (docs/runtime.md, "Threads",
 * describes the design).
 *
 * Kernel state changes only with interrupts masked (PRIMASK): a kernel
 * call from a thread runs in the SVCall handler (on the main stack, so a
 * blocked thread's stack holds only its own frames); from an interrupt
 * handler, or from a thread that masked interrupts itself, the same
 * function is called directly.
 */
#ifndef NOOS_KERNEL_H
#define NOOS_KERNEL_H

#include "internal.h"
#include <noos/thread.h>

/* The architecture's port (src/<runtime>/port.h): its feature macros
 * (NOOS_V6M, NOOS_PSPLIM, NOOS_BASEPRI) and interrupt primitives. */
#include "port.h"

/* Thread states; a joiner waits on the word. */
enum { T_READY = 1, T_BLOCKED = 2, T_EXITED = 3 };
/* Thread flags. */
enum { F_MUTEX = 1, /* blocked on a mutex: wait_addr is its state word */
       F_MAIN = 2   /* the main thread: on the main stack (MSP) */
};

/* The thread control block. switch.S knows that sp is at offset 0. Little
 * that can be derived is stored (36 bytes, 44 where the block
 * keeps what a switch writes): a
 * created thread's TLS
 * block and stack follow it in the same allocation (see sched.c), its
 * EXC_RETURN is saved with its registers (switch.S), and the mutexes whose waiters lend
 * it their priority are found in the futex buckets. */
struct noos_thread {
  uint32_t sp;                  /* saved stack pointer (switch.S) */
  struct noos_thread *next;     /* ready ring, or a futex bucket */
  const char *name;
  volatile uint32_t state;      /* T_*: joiners wait on it */
  uint8_t prio;                 /* effective (with inheritance) */
  uint8_t base_prio;
  uint8_t flags;
  int8_t result;                /* of the last blocking call */
#if NOOS_BASEPRI
  /* What a switch to the thread writes, precomputed (sched.c) so that the
   * switch only copies them: picolibc's thread pointer for its TLS block,
   * and where the hardware stack guard is (v7-M: the MPU guard region's
   * RBAR, 0 when there is none; v8-M Main: PSPLIM). Not on v6-M and v8-M
   * Baseline, whose small RAMs keep the block small and whose switch
   * derives the thread pointer. */
  uint32_t tp;
  uint32_t guard;
#endif
  /* Only a blocked thread uses the rest: nearest the stack (which starts
   * above the TLS block), so a small overrun harms nothing the report
   * needs before the canary check catches it. */
  volatile uint32_t *wait_addr; /* the futex word it sleeps on, or NULL */
  struct noos_thread *tnext;    /* the timeout list */
  /* NOOS_FOREVER when it has none (word-aligned). */
  uint64_t deadline __attribute__((packed, aligned(4)));
};

extern struct noos_thread noos__main_thread;
/* The running thread; NULL while the scheduler idles. */
extern struct noos_thread *volatile noos__current;

/* --- Interrupt masking (port.h): k_lock/k_unlock mask and restore
 * interrupts, k_ipsr is nonzero in an exception handler, k_can_svc says
 * whether the caller may enter the kernel by SVC. ----------------------- */

/* --- Atomics (one core: threads and handlers see memory in program
 * order, so no barrier instructions; only the compiler must not move
 * accesses across them) ------------------------------------------------ */

static inline int k_cas(volatile uint32_t *p, uint32_t old, uint32_t val) {
#if NOOS_V6M
  uint32_t m = k_lock();
  int ok = *p == old;
  if (ok)
    *p = val;
  k_unlock(m);
  return ok;
#else
  __asm__ volatile("" ::: "memory");
  int ok = __atomic_compare_exchange_n(p, &old, val, 0, __ATOMIC_RELAXED,
                                       __ATOMIC_RELAXED);
  __asm__ volatile("" ::: "memory");
  return ok;
#endif
}

static inline uint32_t k_add(volatile uint32_t *p, uint32_t v) {
#if NOOS_V6M
  uint32_t m = k_lock();
  uint32_t r = *p += v;
  k_unlock(m);
  return r;
#else
  __asm__ volatile("" ::: "memory");
  uint32_t r = __atomic_add_fetch(p, v, __ATOMIC_RELAXED);
  __asm__ volatile("" ::: "memory");
  return r;
#endif
}

static inline uint32_t k_swap(volatile uint32_t *p, uint32_t v) {
#if NOOS_V6M
  uint32_t m = k_lock();
  uint32_t r = *p;
  *p = v;
  k_unlock(m);
  return r;
#else
  __asm__ volatile("" ::: "memory");
  uint32_t r = __atomic_exchange_n(p, v, __ATOMIC_RELAXED);
  __asm__ volatile("" ::: "memory");
  return r;
#endif
}

/* --- Kernel calls ----------------------------------------------------- */

/* Kernel operations, by number (r12 of an SVC; kcall_table in sched.c). */
enum {
  K_FUTEX_WAIT,  /* addr, expected, deadline lo, hi */
  K_FUTEX_WAKE,  /* addr, n */
  K_SLEEP,       /* deadline lo, hi */
  K_START,       /* thread */
  K_EXIT,
  K_SET_PRIO,    /* thread, prio */
  K_MUTEX_WAIT,  /* mutex, deadline lo, hi */
  K_MUTEX_UNLOCK,/* mutex */
  K_COUNT
};
/* What a blocking operation returns into the caller's r0; the result is
 * in noos__current->result once the thread runs again. */
#define K_BLOCKED 0x7fffffff

typedef uint32_t (*noos_kfn)(uint32_t, uint32_t, uint32_t, uint32_t);
extern const noos_kfn noos__kcall_table[K_COUNT];

static inline uint32_t k_svc(uint32_t op, uint32_t a0, uint32_t a1,
                             uint32_t a2, uint32_t a3) {
  register uint32_t r0 __asm__("r0") = a0;
  register uint32_t r1 __asm__("r1") = a1;
  register uint32_t r2 __asm__("r2") = a2;
  register uint32_t r3 __asm__("r3") = a3;
  register uint32_t r12 __asm__("r12") = op;
  __asm__ volatile("svc #0"
                   : "+r"(r0)
                   : "r"(r1), "r"(r2), "r"(r3), "r"(r12)
                   : "memory");
  return r0;
}

/* A kernel operation that does not block: by SVC from a thread, directly
 * from a handler or with interrupts masked. */
static inline int32_t kcall(uint32_t op, uint32_t a0, uint32_t a1,
                            uint32_t a2, uint32_t a3) {
  if (k_can_svc())
    return (int32_t)k_svc(op, a0, a1, a2, a3);
  return (int32_t)noos__kcall_table[op](a0, a1, a2, a3);
}

/* A kernel operation that may block: only from a thread with interrupts
 * unmasked (what refuses the others names the function). */
void noos__blocking_refused(const char *fn) __attribute__((noreturn));
static inline int32_t kcall_block(const char *fn, uint32_t op, uint32_t a0,
                                  uint32_t a1, uint32_t a2, uint32_t a3) {
  if (!k_can_svc())
    noos__blocking_refused(fn);
  uint32_t r = k_svc(op, a0, a1, a2, a3);
  return r == K_BLOCKED ? noos__current->result : (int32_t)r;
}
#define K_LO(t) ((uint32_t)(t))
#define K_HI(t) ((uint32_t)((t) >> 32))
#define K_TIME(lo, hi) ((uint64_t)(hi) << 32 | (lo))

/* --- Kernel internals (call with interrupts masked) ------------------- */

void noos__block(volatile uint32_t *addr, uint64_t deadline);
void noos__wake(struct noos_thread *t, int result);
void noos__resched(void);
void noos__set_prio(struct noos_thread *t, unsigned prio);
unsigned noos__inherited_prio(const struct noos_thread *t);
struct noos_thread *noos__first_waiter(volatile uint32_t *addr);
/* Ends the program with a report if self, about to wait forever for m,
 * would close a cycle of threads waiting forever for each other's
 * mutexes, or waits (along such a chain) for a mutex whose owner has
 * ended: only an owner can unlock a mutex, so nothing can help. */
void noos__check_cycle(struct noos_thread *self, noos_mutex_t *m);
/* Called by sched.c when a mutex waiter leaves without the mutex. */
void noos__mutex_left(noos_mutex_t *m);
/* The owner of the mutex a thread with F_MUTEX waits for. */
#define NOOS_MUTEX_OWNER(t)                                                   \
  ((struct noos_thread *)(*(t)->wait_addr & ~1u))
uint32_t noos__k_mutex_wait(uint32_t m, uint32_t lo, uint32_t hi, uint32_t);
uint32_t noos__k_mutex_unlock(uint32_t m, uint32_t, uint32_t, uint32_t);

/* --- Time (time.c) ------------------------------------------------------ */

/* Asks for SysTick_Handler to run at (or just after) the given time and
 * call noos__alarm with the time; NOOS_FOREVER cancels. Interrupts
 * masked. */
void noos__alarm_set(uint64_t when);
/* The scheduler's side (sched.c; weak in time.c). */
void noos__alarm(uint64_t now);
/* 0 when nothing can interrupt at a time: no SysTick, no board alarm. */
int noos__alarm_works(void);

#endif
