/*
 * C11 <threads.h> over the POSIX layer (pthread.c, pthread-sync.c):
 * thrd_t is a pthread_t, mtx_t and cnd_t have the layouts of
 * pthread_mutex_t and pthread_cond_t, tss_t is a pthread_key_t (its
 * destructors run at thrd_exit and when the start function returns).
 * Timed calls take TIME_UTC (CLOCK_REALTIME) times.
 */
#include "pthread-internal.h"
#include <errno.h>
#include <threads.h>

#define PM(m) ((pthread_mutex_t *)(void *)(m))
#define PC(c) ((pthread_cond_t *)(void *)(c))

static int to_c11(int r) {
  switch (r) {
  case 0:
    return thrd_success;
  case EBUSY:
    return thrd_busy;
  case ETIMEDOUT:
    return thrd_timedout;
  case ENOMEM:
  case EAGAIN:
    return thrd_nomem;
  default:
    return thrd_error;
  }
}

int (thrd_create)(thrd_t *thr, thrd_start_t func, void *arg) {
  return to_c11(noos__pthread_create(NULL, thr, NULL, (void *)func, arg, 1));
}

int noos__thrd_create_at(const struct noos_thread_site *site, thrd_t *thr,
                         thrd_start_t func, void *arg) {
  return to_c11(noos__pthread_create(site, thr, NULL, (void *)func, arg, 1));
}

int thrd_join(thrd_t thr, int *res) {
  void *r;
  if (pthread_join(thr, &r))
    return thrd_error;
  if (res)
    *res = (int)(intptr_t)r;
  return thrd_success;
}

int thrd_detach(thrd_t thr) { return pthread_detach(thr) ? thrd_error : thrd_success; }

thrd_t thrd_current(void) { return pthread_self(); }

int thrd_equal(thrd_t a, thrd_t b) { return a == b; }

void thrd_exit(int res) { noos__pthread_finish((void *)(intptr_t)res); }

void thrd_yield(void) { noos_thread_yield(); }

/* 0, or -2 for a bad duration (a sleep is never interrupted: no signals). */
int thrd_sleep(const struct timespec *d, struct timespec *remaining) {
  if (!d || d->tv_nsec < 0 || d->tv_nsec >= 1000000000 || d->tv_sec < 0)
    return -2;
  uint64_t ns = (uint64_t)d->tv_sec >= UINT64_MAX / 1000000000u
                    ? NOOS_FOREVER
                    : (uint64_t)d->tv_sec * 1000000000u + (uint64_t)d->tv_nsec;
  noos_sleep_for(ns);
  if (remaining)
    remaining->tv_sec = 0, remaining->tv_nsec = 0;
  return 0;
}

/* --- Mutexes and condition variables ------------------------------------ */

int mtx_init(mtx_t *m, int type) {
  int base = type & ~mtx_recursive;
  if (base != mtx_plain && base != mtx_timed)
    return thrd_error;
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  if (type & mtx_recursive)
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(PM(m), &a);
  return thrd_success;
}

void mtx_destroy(mtx_t *m) { (void)m; }

int mtx_lock(mtx_t *m) { return to_c11(pthread_mutex_lock(PM(m))); }

int mtx_trylock(mtx_t *m) { return to_c11(pthread_mutex_trylock(PM(m))); }

int mtx_timedlock(mtx_t *m, const struct timespec *ts) {
  return to_c11(pthread_mutex_timedlock(PM(m), ts));
}

int mtx_unlock(mtx_t *m) { return to_c11(pthread_mutex_unlock(PM(m))); }

int cnd_init(cnd_t *c) {
  pthread_cond_init(PC(c), NULL);
  return thrd_success;
}

void cnd_destroy(cnd_t *c) { (void)c; }

int cnd_signal(cnd_t *c) { return to_c11(pthread_cond_signal(PC(c))); }

int cnd_broadcast(cnd_t *c) { return to_c11(pthread_cond_broadcast(PC(c))); }

int cnd_wait(cnd_t *c, mtx_t *m) { return to_c11(pthread_cond_wait(PC(c), PM(m))); }

int cnd_timedwait(cnd_t *c, mtx_t *m, const struct timespec *ts) {
  return to_c11(pthread_cond_timedwait(PC(c), PM(m), ts));
}

void call_once(once_flag *flag, void (*func)(void)) {
  pthread_once((pthread_once_t *)(void *)flag, func);
}

/* --- Thread-specific storage -------------------------------------------- */

int tss_create(tss_t *key, tss_dtor_t dtor) {
  return pthread_key_create(key, dtor) ? thrd_error : thrd_success;
}

void tss_delete(tss_t key) { pthread_key_delete(key); }

void *tss_get(tss_t key) { return pthread_getspecific(key); }

int tss_set(tss_t key, void *val) {
  return pthread_setspecific(key, val) ? thrd_error : thrd_success;
}

/* --- timespec_get (C11 <time.h>; picolibc 1.8 has none) ----------------- */

extern int clock_gettime(clockid_t, struct timespec *) __attribute__((weak));

/* Weak: a C library or time.c that has its own wins. */
__attribute__((weak)) int timespec_get(struct timespec *ts, int base) {
  if (base != TIME_UTC)
    return 0;
  if (clock_gettime && clock_gettime(CLOCK_REALTIME, ts) == 0)
    return base;
  uint64_t now = noos_nanotime();
  ts->tv_sec = (time_t)(now / 1000000000u);
  ts->tv_nsec = (long)(now % 1000000000u);
  return base;
}
