/*
 * <pthread.h> for noos: a POSIX threads subset over noos threads and
 * their futex (runtime/src/pthread.c, pthread-sync.c). picolibc has no
 * <pthread.h>. What is here, and how it maps onto <noos/thread.h>:
 * docs/runtime.md, "Standard thread APIs".
 *
 * - Threads: create, join, detach, self, equal, exit; attributes for the
 *   stack size, the detach state and the priority (sched_param's
 *   sched_priority is a noos priority, 1..31, higher first; the default
 *   is to inherit the creator's). A detached thread's memory is freed
 *   when it ends.
 * - Mutexes: normal, recursive and error-checking, all with priority
 *   inheritance (every noos mutex inherits). The static initialiser is
 *   all zeros: no call is needed before the first lock.
 * - Condition variables, timed on CLOCK_REALTIME (the default) or
 *   CLOCK_MONOTONIC (pthread_condattr_setclock).
 * - pthread_once, thread-specific data (keys with destructors).
 *
 * No cancellation, no signals, no process-shared objects, no
 * PTHREAD_PRIO_PROTECT (ENOTSUP).
 */
#ifndef NOOS_PTHREAD_H
#define NOOS_PTHREAD_H

#include <sched.h>
#include <stddef.h>
#include <time.h>
#include <noos/thread-site.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef CLOCK_REALTIME
#define CLOCK_REALTIME ((clockid_t)1)
#endif
#ifndef CLOCK_MONOTONIC
#define CLOCK_MONOTONIC ((clockid_t)4)
#endif

/* Limits. A thread's stack is at least PTHREAD_STACK_MIN bytes (its
 * start and exit paths run on it, and, on RISC-V, the registers an
 * interrupt saves: 144 bytes, and 264 more of F/D state once the thread
 * used the FPU); without an attribute it gets NOOS_STACK_DEFAULT (1024,
 * 4096 on 64-bit cores). */
#if __SIZEOF_POINTER__ == 8 || defined(__riscv)
#define PTHREAD_STACK_MIN 1024
#else
#define PTHREAD_STACK_MIN 256
#endif
#define PTHREAD_KEYS_MAX 16
#define PTHREAD_DESTRUCTOR_ITERATIONS 4

/* The handle of a thread (a thread made with noos_thread_create gets one
 * at its first pthread call). */
typedef struct __noos_pthread *pthread_t;

typedef struct {
  size_t __stacksize;
  int __priority;
  int __policy;
  unsigned char __detached, __explicit_sched;
} pthread_attr_t;

#define PTHREAD_CREATE_JOINABLE 0
#define PTHREAD_CREATE_DETACHED 1
#define PTHREAD_INHERIT_SCHED 0
#define PTHREAD_EXPLICIT_SCHED 1
#define PTHREAD_SCOPE_SYSTEM 0

/* A noos mutex word (its owner's control block, bit 0 set while threads
 * wait), a recursion count and the type: zeros are a default mutex. */
typedef struct {
  volatile unsigned __state;
  unsigned __count;
  unsigned char __type, __protocol;
} pthread_mutex_t;

typedef struct {
  unsigned char __type, __protocol;
} pthread_mutexattr_t;

#define PTHREAD_MUTEX_NORMAL 0
#define PTHREAD_MUTEX_RECURSIVE 1
#define PTHREAD_MUTEX_ERRORCHECK 2
#define PTHREAD_MUTEX_DEFAULT PTHREAD_MUTEX_NORMAL
#define PTHREAD_PRIO_NONE 0
#define PTHREAD_PRIO_INHERIT 1
#define PTHREAD_PRIO_PROTECT 2
#define PTHREAD_MUTEX_INITIALIZER {0, 0, 0, 0}

/* A noos condition variable (a sequence number and a waiter count) and
 * its clock for timed waits (0: CLOCK_REALTIME, 1: CLOCK_MONOTONIC). */
typedef struct {
  volatile unsigned __seq, __waiters;
  int __monotonic;
} pthread_cond_t;

typedef struct {
  clockid_t __clock;
} pthread_condattr_t;

#define PTHREAD_COND_INITIALIZER {0, 0, 0}

/* Done, and a noos mutex the first caller holds while the routine runs
 * (the others wait on it, lending their priority). */
typedef struct {
  volatile unsigned __done, __lock;
} pthread_once_t;
#define PTHREAD_ONCE_INIT {0, 0}

typedef unsigned pthread_key_t;

int pthread_create(pthread_t *__restrict __th,
                   const pthread_attr_t *__restrict __attr,
                   void *(*__start)(void *), void *__restrict __arg);
/* In C and C++, pthread_create is a macro around the function that leaves a
 * record of the call for noos-ld's stack analysis (noos/thread-site.h): the
 * start routine when the call names a function, and the stack size when attr
 * is a null pointer constant (NOOS_STACK_DEFAULT; with an attribute object the
 * size is set at run time, so unknown). noos-ld checks the thread's need (the
 * trampoline's frame plus the start routine's worst path) against a known
 * size, and fills in the need an attribute's stack size 0 asks for
 * (pthread_attr_setstacksize(&a, 0), a noos extension: the computed need, or
 * NOOS_STACK_DEFAULT where it is unknown). */
int noos__pthread_create_at(const struct noos_thread_site *__site,
                            pthread_t *__restrict __th,
                            const pthread_attr_t *__restrict __attr,
                            void *(*__start)(void *), void *__restrict __arg);
#if !defined(__cplusplus) && defined(__clang__)
#define pthread_create(th, attr, start, arg)                                  \
  __extension__({                                                              \
    static const struct noos_thread_site __noos_thread_site                    \
        __attribute__((used)) = {                                              \
            noos__site_entry(start, void *(void *)),                           \
            noos__site_pick(__builtin_constant_p(attr),                        \
                            (attr) ? (size_t)-1                                \
                                   : (size_t)__NOOS_STACK_DEFAULT,             \
                            (size_t)-1),                                       \
            "pthread", 0, noos__pthread_trampoline};                           \
    noos__pthread_create_at(&__noos_thread_site, (th), (attr), (start),       \
                            (arg));                                            \
  })
#elif defined(__cplusplus) && defined(__clang__)
#define pthread_create(th, attr, start, arg)                                  \
  noos__pthread_create_at(                                                     \
      [&] {                                                                    \
        static constexpr noos__thread_site_of<void *(void *)>                  \
            __noos_thread_site __attribute__((used)) = {                       \
                noos__site_fn(start, void *(void *)),                          \
                __builtin_constant_p(attr)                                     \
                    ? ((attr) ? (size_t)-1 : (size_t)__NOOS_STACK_DEFAULT)     \
                    : (size_t)-1,                                              \
                "pthread", 0, noos__pthread_trampoline};                       \
        return noos__site_record(&__noos_thread_site);                         \
      }(),                                                                     \
      (th), (attr), (start), (arg))
#endif
int pthread_join(pthread_t __th, void **__result);
int pthread_detach(pthread_t __th);
pthread_t pthread_self(void);
int pthread_equal(pthread_t __a, pthread_t __b);
void pthread_exit(void *__result) __attribute__((__noreturn__));
int pthread_setschedparam(pthread_t __th, int __policy,
                          const struct sched_param *__param);
int pthread_getschedparam(pthread_t __th, int *__restrict __policy,
                          struct sched_param *__restrict __param);
int pthread_setschedprio(pthread_t __th, int __prio);

int pthread_attr_init(pthread_attr_t *__attr);
int pthread_attr_destroy(pthread_attr_t *__attr);
int pthread_attr_setstacksize(pthread_attr_t *__attr, size_t __size);
int pthread_attr_getstacksize(const pthread_attr_t *__restrict __attr,
                              size_t *__restrict __size);
int pthread_attr_setdetachstate(pthread_attr_t *__attr, int __state);
int pthread_attr_getdetachstate(const pthread_attr_t *__attr, int *__state);
int pthread_attr_setschedparam(pthread_attr_t *__restrict __attr,
                               const struct sched_param *__restrict __param);
int pthread_attr_getschedparam(const pthread_attr_t *__restrict __attr,
                               struct sched_param *__restrict __param);
int pthread_attr_setschedpolicy(pthread_attr_t *__attr, int __policy);
int pthread_attr_getschedpolicy(const pthread_attr_t *__restrict __attr,
                                int *__restrict __policy);
int pthread_attr_setinheritsched(pthread_attr_t *__attr, int __inherit);
int pthread_attr_getinheritsched(const pthread_attr_t *__restrict __attr,
                                 int *__restrict __inherit);

int pthread_mutex_init(pthread_mutex_t *__restrict __mutex,
                       const pthread_mutexattr_t *__restrict __attr);
int pthread_mutex_destroy(pthread_mutex_t *__mutex);
int pthread_mutex_lock(pthread_mutex_t *__mutex);
int pthread_mutex_trylock(pthread_mutex_t *__mutex);
int pthread_mutex_timedlock(pthread_mutex_t *__restrict __mutex,
                            const struct timespec *__restrict __abstime);
int pthread_mutex_unlock(pthread_mutex_t *__mutex);
int pthread_mutexattr_init(pthread_mutexattr_t *__attr);
int pthread_mutexattr_destroy(pthread_mutexattr_t *__attr);
int pthread_mutexattr_settype(pthread_mutexattr_t *__attr, int __type);
int pthread_mutexattr_gettype(const pthread_mutexattr_t *__restrict __attr,
                              int *__restrict __type);
int pthread_mutexattr_setprotocol(pthread_mutexattr_t *__attr, int __protocol);
int pthread_mutexattr_getprotocol(const pthread_mutexattr_t *__restrict __attr,
                                  int *__restrict __protocol);

int pthread_cond_init(pthread_cond_t *__restrict __cond,
                      const pthread_condattr_t *__restrict __attr);
int pthread_cond_destroy(pthread_cond_t *__cond);
int pthread_cond_wait(pthread_cond_t *__restrict __cond,
                      pthread_mutex_t *__restrict __mutex);
int pthread_cond_timedwait(pthread_cond_t *__restrict __cond,
                           pthread_mutex_t *__restrict __mutex,
                           const struct timespec *__restrict __abstime);
int pthread_cond_signal(pthread_cond_t *__cond);
int pthread_cond_broadcast(pthread_cond_t *__cond);
int pthread_condattr_init(pthread_condattr_t *__attr);
int pthread_condattr_destroy(pthread_condattr_t *__attr);
int pthread_condattr_setclock(pthread_condattr_t *__attr, clockid_t __clock);
int pthread_condattr_getclock(const pthread_condattr_t *__restrict __attr,
                              clockid_t *__restrict __clock);

int pthread_once(pthread_once_t *__once, void (*__routine)(void));

int pthread_key_create(pthread_key_t *__key, void (*__destructor)(void *));
int pthread_key_delete(pthread_key_t __key);
void *pthread_getspecific(pthread_key_t __key);
int pthread_setspecific(pthread_key_t __key, const void *__value);

#ifdef __cplusplus
}
#endif

#endif /* NOOS_PTHREAD_H */
