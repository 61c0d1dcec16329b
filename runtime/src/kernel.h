/*
 * The thread kernel's internals, shared by current.c, sched.c, sync.c,
 * lock.c, queue.c, timer.c and irq.c (docs/runtime.md, "Threads",
 * describes the design; "Porting the kernel" the port interface).
 *
 * One kernel serves every architecture; what differs lives in the port,
 * src/<runtime>/port.h (included here) and the port's own sources, as
 * FreeRTOS's portable/ layer separates its one kernel from its ports:
 * masking interrupts, entering the kernel (a trap), pending and doing the
 * context switch, a new thread's first context, per-thread hardware state
 * (thread pointer, stack guard) and the names its reports use. Each
 * port.h says what it provides; the list is at the end of this file.
 *
 * Kernel state changes only with interrupts masked (k_lock). A kernel
 * call from a thread is a trap (k_svc; on Cortex-M the SVCall handler,
 * on the main stack, so a blocked thread's stack holds only its own
 * frames); from an interrupt handler, or from a thread that masked
 * interrupts itself, the same function is called directly.
 */
#ifndef NOOS_KERNEL_H
#define NOOS_KERNEL_H

#include "internal.h"
#include "kernel-offsets.h"
#include <noos/thread.h>

struct noos_thread;

/* The architecture's port: its feature macros, interrupt masking, kernel
 * entry, switch primitives. */
#include "port.h"

/* The lowest address main's stack pointer may reach, which the kernel
 * checks at kernel calls and switches (with room for what the switch
 * saves below it), on a port whose trap handler would otherwise save
 * main's registers into a guard below main's stack; 0 (the default): no
 * check, the hardware catches main's overflow where it happens. */
#ifndef k_main_stack_limit
#define k_main_stack_limit() ((uintptr_t)0)
#endif

/* Thread states; a joiner waits on the word. */
enum { T_READY = 1, T_BLOCKED = 2, T_EXITED = 3 };
/* Thread flags. */
enum { F_MUTEX = 1, /* blocked on a mutex: wait_addr is its state word */
       F_MAIN = 2   /* the main thread: on the main stack (MSP) */
};

/* The thread control block. The ports' switch code knows that sp is at
 * offset 0. Little that can be derived is stored (40 bytes on 32-bit
 * cores, plus the port's fields): a created thread's TLS block and stack
 * follow it in the same allocation (see sched.c), its other registers are
 * saved with its context (the port's switch), and the mutexes whose
 * waiters lend it their priority are found in the futex buckets. */
struct noos_thread {
  uintptr_t sp;                 /* saved context (the port's switch) */
  struct noos_thread *next;     /* ready ring, or a futex bucket */
  const char *name;
  volatile uint32_t state;      /* T_*: joiners wait on it */
  uint8_t prio;                 /* effective (with inheritance) */
  uint8_t base_prio;
  uint8_t flags;
  int8_t result;                /* of the last blocking call */
#if !NOOS_PORT_TP_DERIVED
  /* The thread pointer it runs with (its TLS block less
   * NOOS_PORT_TLS_TCB_OFFSET), precomputed so that a switch only copies
   * it (k_switch_in reads it as K_TP). A port for small RAMs derives it
   * instead (NOOS_PORT_TP_DERIVED: v6-M, 4 bytes less per thread). */
  uintptr_t tp;
#endif
  /* What else the port's switch writes per thread (a stack guard). */
  NOOS_PORT_THREAD_FIELDS
  /* Only a blocked thread uses the rest: nearest the stack (which starts
   * above the TLS block), so a small overrun harms nothing the report
   * needs before the canary check catches it. */
  volatile uint32_t *wait_addr; /* the futex word it sleeps on, or NULL */
  struct noos_thread *tnext;    /* the timeout list */
  /* NOOS_FOREVER when it has none (word-aligned). */
  uint64_t deadline __attribute__((packed, aligned(4)));
};

/* A thread's thread pointer; where the port derives it, sched.c does
 * (its K_TP). */
#if !NOOS_PORT_TP_DERIVED
#define K_TP(t) ((t)->tp)
#endif

extern struct noos_thread noos__main_thread;
/* The running thread; NULL while the scheduler idles. */
extern struct noos_thread *volatile noos__current;

/* The kernel keeps thread addresses in 32-bit futex words (a mutex's
 * state is its owner's address): control blocks lie below 4 GiB, which
 * each 64-bit port's layout template asserts. */
static inline uint32_t k_word(const void *p) { return (uint32_t)(uintptr_t)p; }
#define K_PTR(type, w) ((type *)(uintptr_t)(w))

/* --- Atomics (one core: threads and handlers see memory in program
 * order, so no barrier instructions; only the compiler must not move
 * accesses across them) ------------------------------------------------ */

static inline int k_cas(volatile uint32_t *p, uint32_t old, uint32_t val) {
#if NOOS_PORT_ATOMICS_MASK
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
#if NOOS_PORT_ATOMICS_MASK
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
#if NOOS_PORT_ATOMICS_MASK
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

/* Kernel operations, by number (the port's trap passes it: r12 of an SVC
 * on Arm; kcall_table in sched.c). */
enum {
  K_FUTEX_WAIT,  /* addr, expected, deadline lo, hi */
  K_FUTEX_WAKE,  /* addr, n */
  K_SLEEP,       /* deadline lo, hi */
  K_START,       /* thread */
  K_EXIT,
  K_SET_PRIO,    /* thread, prio */
  K_MUTEX_WAIT,  /* mutex, deadline lo, hi */
  K_MUTEX_UNLOCK,/* mutex */
  K_NOP,         /* nothing: a port traps with it to reach its switch */
  K_COUNT
};
/* What a blocking operation returns into the caller's r0; the result is
 * in noos__current->result once the thread runs again. */
#define K_BLOCKED 0x7fffffff

typedef uintptr_t (*noos_kfn)(uintptr_t, uintptr_t, uintptr_t, uintptr_t);
extern const noos_kfn noos__kcall_table[K_COUNT];

/* The port's trap handler calls this for a kernel call from a thread:
 * args points at the caller's four argument registers as the trap saved
 * them (the result goes to args[0]); sp is the caller's stack pointer and
 * room what the port's switch writes below it if the call blocks, for
 * the stack check. A call that blocks pends a switch (k_pend_switch),
 * which the port makes before the thread runs again. */
void noos__kernel_call(uint32_t op, uintptr_t *args, uintptr_t sp,
                       uint32_t room);

/* A kernel operation that does not block: by SVC from a thread, directly
 * from a handler or with interrupts masked. */
static inline int32_t kcall(uint32_t op, uintptr_t a0, uintptr_t a1,
                            uintptr_t a2, uintptr_t a3) {
  if (k_can_svc())
    return (int32_t)k_svc(op, a0, a1, a2, a3);
  return (int32_t)noos__kcall_table[op](a0, a1, a2, a3);
}

/* A kernel operation that may block: only from a thread with interrupts
 * unmasked (what refuses the others names the function). */
void noos__blocking_refused(const char *fn) __attribute__((noreturn));
static inline int32_t kcall_block(const char *fn, uint32_t op, uintptr_t a0,
                                  uintptr_t a1, uintptr_t a2, uintptr_t a3) {
  if (!k_can_svc())
    noos__blocking_refused(fn);
  uintptr_t r = k_svc(op, a0, a1, a2, a3);
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
  K_PTR(struct noos_thread, *(t)->wait_addr & ~1u)
uintptr_t noos__k_mutex_wait(uintptr_t m, uintptr_t lo, uintptr_t hi, uintptr_t);
uintptr_t noos__k_mutex_unlock(uintptr_t m, uintptr_t, uintptr_t, uintptr_t);

/* --- Time (time.c) ------------------------------------------------------ */

/* Asks for the time source's interrupt (SysTick_Handler on Cortex-M, the
 * counter's compare interrupt elsewhere) to run at (or just after) the
 * given time and call noos__alarm with the time; NOOS_FOREVER cancels.
 * Interrupts masked. */
void noos__alarm_set(uint64_t when);
/* The scheduler's side (sched.c; weak in time.c). */
void noos__alarm(uint64_t now);
/* 0 when nothing can interrupt at a time: no SysTick, no board alarm. */
int noos__alarm_works(void);

/* --- What the kernel offers its ports (sched.c) ---------------------------- */

/* The context switch: the port's switch code saves the running thread's
 * context on its stack, calls this with the stack pointer after the save,
 * and restores the context at the one it returns. Interrupts may be
 * masked or not; the port's switch runs where no other handler does. A
 * switch in assembly may make the common pick itself instead, from the
 * fields kernel-offsets.h lists, and call this for anything else. */
uintptr_t noos__switch(uintptr_t sp);
/* Once, before the first thread starts (idempotent, interrupts masked):
 * the port's k_sched_prepare, then time. */
void noos__sched_prepare(void);
/* The port has seen its first kernel entry (k_first_entry). */
void noos__entered(void);
/* Calls fn for every ready thread (interrupts masked). */
void noos__each_ready(void (*fn)(struct noos_thread *));
/* A created thread's lowest stack word, the canary (CANARY):
 * NOOS_CANARY, in kernel-offsets.h for the ports' assembly. */
uint32_t *noos__stack_base(const struct noos_thread *t);
/* Reports a stack overflow found by a check in kernel code (the
 * thread's stack pointer sp, with room bytes needed below it). */
void noos__stack_overflow(struct noos_thread *t, uintptr_t sp, uint32_t room)
    __attribute__((noreturn));
/* A thread name that is readable and printable (reports). */
int noos__plausible_name(const char *n);
/* The guard's offset below the canary, 0 when threads have none. */
uint32_t noos__guard_bytes(void);

/* --- What a port provides (port.h, and functions in its sources) ----------
 *
 *   NOOS_PORT_ATOMICS_MASK     1: no atomic instructions, k_cas & co mask
 *   NOOS_PORT_THREAD_FIELDS    members added to struct noos_thread
 *   NOOS_PORT_TLS_TCB_OFFSET   thread pointer to TLS block, in bytes
 *   NOOS_PORT_TP_DERIVED       1: no tp field, K_TP computes it
 *   NOOS_PORT_LINK_VALUE(sym)  an absolute linker-script symbol's value
 *                              (default: its address, (uintptr_t)sym)
 *   k_lock, k_unlock           mask interrupts, restore
 *   k_ipsr                     nonzero in a handler (its number on Arm)
 *   k_can_svc                  a thread with interrupts unmasked
 *   k_svc                      a kernel call by trap (noos__kernel_call)
 *   k_pend_switch, k_pend_clear   ask for a switch, forget the asks
 *   k_idle_window              in the switch: let pending interrupts in
 *   k_switch_sync              after a pended yield: the switch happened
 *   k_switch_in(next)          per-thread state before next runs
 *   k_stack_guarded(t)         hardware catches t's overflow
 *   k_main_stack_limit()       main's lowest stack address the kernel
 *                              checks (default 0: none)
 *   k_thread_ready(t)          a new thread becomes ready (masked)
 *   k_kernel_name(ipsr)        what reports call the kernel context
 *   k_sp                       the stack pointer
 *   k_semihost                 the semihosting trap
 * functions:
 *   k_first_entry(sp)          the first switch, unless the port said
 *                              noos__entered (Cortex-M learns the
 *                              program's EXC_RETURN there)
 *   k_thread_context           a new thread's first context
 *   k_guard_size, k_guard_thread   the hardware guard below thread stacks
 *   k_sched_prepare            once before the first thread
 *   k_irqs_enabled             any interrupt enabled (else deadlock)
 *   k_yield_overflow           report an overflow on a safe stack
 *   k_put_handler              print which handler runs
 *   noos_irq_enable, noos_irq_disable, noos_irq_set_priority,
 *   noos_irq_priority_levels   the interrupt controller (<noos/thread.h>)
 *   k_irq_current              the running handler's IRQ (irq.c)
 */
uintptr_t k_thread_context(struct noos_thread *t, uintptr_t top,
                           void (*entry)(void *), void *arg,
                           void (*ret)(void));
void k_first_entry(uintptr_t sp);
uint32_t k_guard_size(void);
/* Called for every created thread: guard is where its k_guard_size bytes
 * are (0 when that is 0), lo its lowest usable stack address. */
void k_guard_thread(struct noos_thread *t, uintptr_t guard, uintptr_t lo);
void k_sched_prepare(void);
int k_irqs_enabled(void);
void k_yield_overflow(struct noos_thread *t, uintptr_t sp)
    __attribute__((noreturn));
void k_put_handler(uint32_t ipsr);
int k_irq_current(void);

#endif
