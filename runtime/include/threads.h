/*
 * <threads.h> for noos: C11 threads over noos threads and their futex
 * (runtime/src/c11threads.c, sharing the POSIX layer's code). It replaces
 * picolibc's, which needs a <machine/_threads.h> picolibc does not ship.
 *
 * mtx_t and cnd_t are the POSIX objects (every mutex has priority
 * inheritance), thrd_t is a pthread_t, tss_t a pthread_key_t; timed calls
 * take TIME_UTC (CLOCK_REALTIME) times, as timespec_get gives them.
 * docs/runtime.md, "Standard thread APIs".
 */
#ifndef NOOS_THREADS_H
#define NOOS_THREADS_H

#include <time.h>
#include <noos/thread-site.h>

#ifdef __cplusplus
extern "C" {
#endif

#if !defined(__cplusplus) && (!defined(__STDC_VERSION__) || __STDC_VERSION__ < 202311L)
#define thread_local _Thread_local
#endif

#define TSS_DTOR_ITERATIONS 4

typedef struct __noos_pthread *thrd_t;
typedef int (*thrd_start_t)(void *);
typedef void (*tss_dtor_t)(void *);
typedef unsigned tss_t;

typedef struct {
  volatile unsigned __state;
  unsigned __count;
  unsigned char __type, __protocol;
} mtx_t;

typedef struct {
  volatile unsigned __seq, __waiters;
  int __monotonic;
} cnd_t;

typedef struct {
  volatile unsigned __done, __lock;
} once_flag;
#define ONCE_FLAG_INIT {0, 0}

enum { mtx_plain = 0, mtx_recursive = 1, mtx_timed = 2 };
enum {
  thrd_success = 0,
  thrd_busy = 1,
  thrd_error = 2,
  thrd_nomem = 3,
  thrd_timedout = 4
};

/* C11's timespec_get, which picolibc 1.8 lacks: TIME_UTC is
 * CLOCK_REALTIME. */
#ifndef TIME_UTC
#define TIME_UTC 1
int timespec_get(struct timespec *__ts, int __base);
#endif

int thrd_create(thrd_t *__thr, thrd_start_t __func, void *__arg);
/* In C and C++, thrd_create is a macro around the function that leaves a
 * record of the call for noos-ld's stack analysis (noos/thread-site.h):
 * the thread function when the call names one; the stack is NOOS_STACK_DEFAULT
 * (C11 has no way to ask for another), which noos-ld checks against the
 * trampoline's frame plus the function's worst path. */
int noos__thrd_create_at(const struct noos_thread_site *__site, thrd_t *__thr,
                         thrd_start_t __func, void *__arg);
#if !defined(__cplusplus) && defined(__clang__)
#define thrd_create(thr, func, arg)                                           \
  __extension__({                                                              \
    static const struct noos_thread_site __noos_thread_site                    \
        __attribute__((used)) = {noos__site_entry(func, int(void *)),          \
                                 (size_t)__NOOS_STACK_DEFAULT, "thrd", 0,      \
                                 noos__pthread_trampoline};                    \
    noos__thrd_create_at(&__noos_thread_site, (thr), (func), (arg));          \
  })
#elif defined(__cplusplus) && defined(__clang__)
#define thrd_create(thr, func, arg)                                           \
  noos__thrd_create_at(                                                        \
      [&] {                                                                    \
        static constexpr noos__thread_site_of<int(void *)> __noos_thread_site  \
            __attribute__((used)) = {noos__site_fn(func, int(void *)),         \
                                     (size_t)__NOOS_STACK_DEFAULT, "thrd", 0,  \
                                     noos__pthread_trampoline};                \
        return noos__site_record(&__noos_thread_site);                         \
      }(),                                                                     \
      (thr), (func), (arg))
#endif
int thrd_join(thrd_t __thr, int *__res);
int thrd_detach(thrd_t __thr);
thrd_t thrd_current(void);
int thrd_equal(thrd_t __a, thrd_t __b);
void thrd_exit(int __res) __attribute__((__noreturn__));
int thrd_sleep(const struct timespec *__duration, struct timespec *__remaining);
void thrd_yield(void);

int mtx_init(mtx_t *__mtx, int __type);
void mtx_destroy(mtx_t *__mtx);
int mtx_lock(mtx_t *__mtx);
int mtx_timedlock(mtx_t *__restrict __mtx,
                  const struct timespec *__restrict __ts);
int mtx_trylock(mtx_t *__mtx);
int mtx_unlock(mtx_t *__mtx);

int cnd_init(cnd_t *__cond);
void cnd_destroy(cnd_t *__cond);
int cnd_signal(cnd_t *__cond);
int cnd_broadcast(cnd_t *__cond);
int cnd_wait(cnd_t *__cond, mtx_t *__mtx);
int cnd_timedwait(cnd_t *__restrict __cond, mtx_t *__restrict __mtx,
                  const struct timespec *__restrict __ts);

void call_once(once_flag *__flag, void (*__func)(void));

int tss_create(tss_t *__key, tss_dtor_t __dtor);
void tss_delete(tss_t __key);
void *tss_get(tss_t __key);
int tss_set(tss_t __key, void *__val);

#ifdef __cplusplus
}
#endif

#endif /* NOOS_THREADS_H */
