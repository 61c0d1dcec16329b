/*
 * noos/thread.h - threads, the scheduler and synchronisation.
 *
 * Preemptive, priority-based scheduling with round-robin time slices
 * among equal priorities; every blocking primitive is built on one
 * futex-like wait/wake on a 32-bit word (Embedded Go's design), and an
 * interrupt handler wakes threads through the same futex or a note.
 * Times are noos_nanotime() nanoseconds; a deadline of NOOS_FOREVER never
 * expires, one in the past (0) only polls. Functions that may block must
 * not be called from an interrupt handler or with interrupts masked:
 * they end the program with a report saying so. docs/runtime.md
 * ("Threads") has the design, the costs and the rules.
 */
#ifndef NOOS_THREAD_H
#define NOOS_THREAD_H

#include <stddef.h>
#include <stdint.h>
#include <noos/thread-site.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NOOS_FOREVER UINT64_MAX

/* Status codes of the blocking calls. */
enum {
  NOOS_OK = 0,
  NOOS_TIMEDOUT = -1, /* the deadline passed */
  NOOS_AGAIN = -2,    /* the value changed before the wait began */
  NOOS_NOMEM = -3,    /* no memory */
  NOOS_INVALID = -4,  /* a bad argument */
  NOOS_DEADLOCK = -5, /* joining oneself, relocking a mutex one holds */
  NOOS_BUSY = -6,     /* trylock: another thread holds the mutex */
  NOOS_PERM = -7,     /* unlocking a mutex the caller does not hold */
};

/* --- Threads ----------------------------------------------------------- */

typedef struct noos_thread noos_thread_t;

/* Priorities: higher runs first; main runs at NOOS_PRIO_DEFAULT. */
#define NOOS_PRIO_MIN 1
#define NOOS_PRIO_DEFAULT 8
#define NOOS_PRIO_MAX 31

/* Stack sizes in bytes. The minimum holds the canary, the saved
 * registers and one exception frame (72 bytes) and little else: a thread
 * that uses the FPU needs 136 bytes more, and every call it makes needs
 * its frame. On 64-bit cores frames are twice as large, and on AArch64
 * the context an IRQ or SVC saves on the thread's stack is 272 bytes,
 * with 12 for the canary and the top's alignment (targets.json's
 * stack-frames): its minimum is what noos-ld finds a thread
 * needs whose entry (a 48-byte frame) waits for an IRQ with
 * noos_irq_wait, the deepest path of a blocking call (588 bytes on
 * AArch64, the refusal report of a call with interrupts masked
 * included), + the 16-byte auto-margin, rounded up to 64. */
#define NOOS_STACK_DEFAULT __NOOS_STACK_DEFAULT
#if defined(__aarch64__)
#define NOOS_STACK_MIN 640
#elif __SIZEOF_POINTER__ == 8
#define NOOS_STACK_MIN 512
#else
#define NOOS_STACK_MIN 76
#endif

/* Creates a thread running entry(arg) with a stack of stack_size bytes (0:
 * the need noos-ld computes, see below, or NOOS_STACK_DEFAULT where it
 * cannot) at priority prio, named name (kept by pointer;
 * shown in reports). The stack, the thread's TLS block and its control
 * block are one malloc block, freed by noos_thread_join. Returns NULL
 * when memory is short (errno ENOMEM) or prio is out of range (EINVAL).
 * Returning from entry ends the thread. */
noos_thread_t *noos_thread_create(void (*entry)(void *), void *arg,
                                  size_t stack_size, int prio,
                                  const char *name);

/* In C and C++, noos_thread_create is a macro around the function that
 * leaves a record of the call for noos-ld's stack analysis (noos/thread-site.h,
 * docs/noos-ld.md "Threads"): entry is recorded when it is a function's
 * name, stack_size when it is a constant (all ones otherwise), name when
 * it is a string literal; noos-ld checks the thread's stack against its
 * need and writes the need into the record, which a call with stack size
 * 0 then takes for the stack's size. */
noos_thread_t *noos__thread_create_at(const struct noos_thread_site *site,
                                      void (*entry)(void *), void *arg,
                                      size_t stack_size, int prio,
                                      const char *name);
#if !defined(__cplusplus) && defined(__clang__)
#define noos_thread_create(entry, arg, stack_size, prio, name)                \
  __extension__({                                                              \
    static const struct noos_thread_site __noos_thread_site                    \
        __attribute__((used)) = {                                              \
            noos__site_entry(entry, void(void *)),                             \
            noos__site_pick(__builtin_constant_p(stack_size),                 \
                            (size_t)(stack_size), (size_t)-1),                 \
            noos__site_pick(noos__site_is_literal(name), (name),               \
                            (const char *)0),                                  \
            0, 0};                                                             \
    noos__thread_create_at(&__noos_thread_site, (entry), (arg),               \
                           (stack_size), (prio), (name));                      \
  })
#elif defined(__cplusplus) && defined(__clang__)
#define noos_thread_create(entry, arg, stack_size, prio, name)                \
  noos__thread_create_at(                                                      \
      [&] {                                                                    \
        static constexpr noos__thread_site_of<void(void *)>                    \
            __noos_thread_site __attribute__((used)) = {                       \
                noos__site_fn(entry, void(void *)),                            \
                noos__site_size(stack_size), noos__site_literal(name), 0,      \
                nullptr};                                                      \
        return noos__site_record(&__noos_thread_site);                         \
      }(),                                                                     \
      (entry), (arg), (stack_size), (prio), (name))
#endif
/* Waits for t to end, then frees it (every created thread must be joined
 * once to give its memory back). NOOS_DEADLOCK for the caller itself. */
int noos_thread_join(noos_thread_t *t);
/* Ends the calling thread. The last thread to end ends the program, as
 * exit(0) (returning from main ends it with main's status, as always). */
void noos_thread_exit(void) __attribute__((noreturn));
/* Gives the CPU to the next ready thread of the same priority. */
void noos_thread_yield(void);
/* Sleeps until noos_nanotime() >= deadline, or for ns nanoseconds. */
void noos_sleep_until(uint64_t deadline);
void noos_sleep_for(uint64_t ns);
/* The running thread (the interrupted one in a handler; NULL while the
 * scheduler idles). */
noos_thread_t *noos_thread_self(void);
const char *noos_thread_name(const noos_thread_t *t);
/* The effective priority: the base one, or more while the thread holds a
 * mutex a higher-priority thread waits for (priority inheritance). */
int noos_thread_priority(const noos_thread_t *t);
/* Sets t's base priority (NOOS_PRIO_MIN..NOOS_PRIO_MAX). */
int noos_thread_set_priority(noos_thread_t *t, int prio);
/* The round-robin time slice among equal priorities; 0 turns slicing off
 * (threads of a priority then share the CPU only by blocking or
 * yielding). Default 10 ms. */
void noos_thread_set_time_slice(uint64_t ns);
/* How many bytes at the bottom of t's stack have never been used (0 for
 * main, whose stack is the linker's). */
size_t noos_thread_stack_unused(const noos_thread_t *t);

/* --- Futex ------------------------------------------------------------- */

/* If *addr == expected, sleeps until woken or the deadline passes:
 * NOOS_OK when woken, NOOS_TIMEDOUT, or NOOS_AGAIN if *addr != expected.
 * The check and the sleep are one atomic step. */
int noos_futex_wait(volatile uint32_t *addr, uint32_t expected,
                    uint64_t deadline);
/* Wakes up to n threads waiting on addr, highest priority first; returns
 * how many. Safe from interrupt handlers. */
int noos_futex_wake(volatile uint32_t *addr, int n);

/* --- Notes (Embedded Go's rtos.Note) ------------------------------------- */

typedef struct {
  volatile uint32_t state; /* 0 clear, 1 woken, 2 a thread sleeps */
} noos_note_t;
#define NOOS_NOTE_INIT {0}

/* Sleeps until the note is woken or the deadline passes; 1 if woken
 * (at once if it already was), 0 on timeout. */
int noos_note_sleep(noos_note_t *n, uint64_t deadline);
/* Wakes the note and its sleepers (from a thread or an interrupt
 * handler); it stays woken until cleared. */
void noos_note_wakeup(noos_note_t *n);
/* Clears a woken note for the next sleep. */
void noos_note_clear(noos_note_t *n);

/* --- Mutex (priority inheritance), condition variable, semaphore -------- */

typedef struct {
  volatile uint32_t state; /* 0 free, else the owner | 1 when it has waiters */
} noos_mutex_t;
#define NOOS_MUTEX_INIT {0}

/* Not recursive: relocking gives NOOS_DEADLOCK. A thread waiting for a
 * mutex lends its priority to the owner (and along a chain of owners)
 * until the owner unlocks it; unlock hands the mutex to the
 * highest-priority waiter. Threads only, not interrupt handlers. */
void noos_mutex_init(noos_mutex_t *m);
int noos_mutex_lock(noos_mutex_t *m);
int noos_mutex_timedlock(noos_mutex_t *m, uint64_t deadline);
int noos_mutex_trylock(noos_mutex_t *m); /* NOOS_OK or NOOS_BUSY */
int noos_mutex_unlock(noos_mutex_t *m);

typedef struct {
  volatile uint32_t seq;
  volatile uint32_t waiters;
} noos_cond_t;
#define NOOS_COND_INIT {0, 0}

/* Unlocks m, waits for a signal or the deadline, relocks m: NOOS_OK or
 * NOOS_TIMEDOUT. Wakeups may be spurious: wait in a loop. */
int noos_cond_wait(noos_cond_t *c, noos_mutex_t *m, uint64_t deadline);
/* Safe from interrupt handlers. */
void noos_cond_signal(noos_cond_t *c);
void noos_cond_broadcast(noos_cond_t *c);

typedef struct {
  volatile uint32_t count;
  volatile uint32_t waiters;
} noos_sem_t;
#define NOOS_SEM_INIT(count) {(count), 0}

void noos_sem_init(noos_sem_t *s, uint32_t count);
/* Takes one unit: NOOS_OK or NOOS_TIMEDOUT. With deadline 0 it only
 * tries, and may then be called from an interrupt handler. */
int noos_sem_wait(noos_sem_t *s, uint64_t deadline);
/* Safe from interrupt handlers. */
void noos_sem_post(noos_sem_t *s);

/* --- Bounded message queue (threads only) --------------------------------- */

typedef struct noos_queue noos_queue_t;

/* A queue of capacity messages of msg_size bytes each (one malloc
 * block); NULL when memory is short. */
noos_queue_t *noos_queue_create(size_t msg_size, size_t capacity);
/* Frees a queue nobody uses any more. */
void noos_queue_destroy(noos_queue_t *q);
/* Copies a message in (waiting while the queue is full) or out (waiting
 * while it is empty): NOOS_OK or NOOS_TIMEDOUT. */
int noos_queue_send(noos_queue_t *q, const void *msg, uint64_t deadline);
int noos_queue_receive(noos_queue_t *q, void *msg, uint64_t deadline);

/* --- Interrupts ------------------------------------------------------------ */

/* Masks every interrupt (PRIMASK) and returns the previous mask for
 * noos_irq_restore: critical sections short enough to be worth it. */
uint32_t noos_irq_save(void);
void noos_irq_restore(uint32_t mask);
void noos_irq_enable(int irq);
void noos_irq_disable(int irq);
/* Priority 0 (highest, the reset value) to noos_irq_priority_levels() - 2:
 * the lowest level belongs to the scheduler (PendSV, SVCall). Values
 * past the end are clamped. */
void noos_irq_set_priority(int irq, int prio);
int noos_irq_priority_levels(void);
/* On Cortex-M, in C and C++, noos_irq_set_priority is a macro around the
 * function that leaves a record of the call for noos-ld's stack analysis
 * (noos/thread-site.h): the IRQ and the priority where they are
 * constants. Handlers whose IRQs are all given one constant priority, and
 * no other, share that level: they never preempt one another, so the main
 * stack counts them once (docs/noos-ld.md, "Interrupt priorities"). */
void noos__irq_set_priority_at(const struct noos_irq_priority_site *site,
                               int irq, int prio) __attribute__((__nothrow__));
#if !defined(__cplusplus) && defined(__clang__) &&                             \
    defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M'
#define noos_irq_set_priority(irq, prio)                                      \
  __extension__({                                                              \
    static const struct noos_irq_priority_site __noos_irq_priority_site        \
        __attribute__((used)) = {                                              \
            noos__site_pick(__builtin_constant_p(irq), (int)(irq), 0),         \
            noos__site_pick(__builtin_constant_p(prio), (int)(prio), 0),       \
            (__builtin_constant_p(irq) ? 1u : 0u) |                            \
                (__builtin_constant_p(prio) ? 2u : 0u),                        \
            noos_irq_set_priority, noos__irq_set_priority_at};                 \
    noos__irq_set_priority_at(&__noos_irq_priority_site, (irq), (prio));      \
  })
#elif defined(__cplusplus) && defined(__clang__) &&                           \
    defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M'
/* In C++ the record is the static constexpr local of an immediately
 * invoked lambda (a constant, never a guarded initialisation), which
 * names irq and prio only in __builtin_constant_p and in a branch the
 * constant evaluation takes where they are constants: the call evaluates
 * each once. In an inline function the parameters are not constants, so
 * its one record has known 0 (noos::irq::set_priority). The recording
 * function is C and never throws: a noexcept caller needs no terminate
 * handler for it. */
#define noos_irq_set_priority(irq, prio)                                      \
  noos__irq_set_priority_at(                                                   \
      [&] {                                                                    \
        static constexpr struct noos_irq_priority_site                         \
            __noos_irq_priority_site __attribute__((used)) = {                 \
                __builtin_constant_p(irq) ? (int)(irq) : 0,                    \
                __builtin_constant_p(prio) ? (int)(prio) : 0,                  \
                (__builtin_constant_p(irq) ? 1u : 0u) |                        \
                    (__builtin_constant_p(prio) ? 2u : 0u),                    \
                noos_irq_set_priority, noos__irq_set_priority_at};             \
        return &__noos_irq_priority_site;                                      \
      }(),                                                                     \
      (irq), (prio))
#endif
/* The interrupt service thread pattern (TamaGo's ServiceInterrupts):
 * enables irq and parks the calling thread until it fires: NOOS_OK, or
 * NOOS_TIMEDOUT. The IRQ's handler must be noos_irq_service_handler (or
 * call noos_irq_service_notify(irq)), which disables irq again and wakes
 * the thread, so the thread services the device with the interrupt off
 * and re-enables it with its next noos_irq_wait. IRQs 0-255. */
int noos_irq_wait(int irq, uint64_t deadline);
void noos_irq_service_notify(int irq);
void noos_irq_service_handler(void);

/* --- Software timers (run from a timer thread) -------------------------- */

typedef struct noos_timer noos_timer_t;

/* Calls fn(arg) from the timer thread (created on first use, priority
 * NOOS_PRIO_MAX - 1) first at noos_nanotime() + delay, then every period
 * ns (0: once). A periodic timer that falls behind skips the missed
 * periods. NULL when memory is short. */
noos_timer_t *noos_timer_start(void (*fn)(void *), void *arg, uint64_t delay,
                               uint64_t period);
/* Stops and frees t (a one-shot timer too, whether it has fired or not;
 * also from its own callback). After it returns fn is not running and
 * will not run again (unless called from fn itself). */
void noos_timer_stop(noos_timer_t *t);

#ifdef __cplusplus
}
#endif

#endif /* NOOS_THREAD_H */
