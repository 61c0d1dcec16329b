/*
 * POSIX mutexes, condition variables and once over the noos ones
 * (sync.c), and the conversion of absolute timespecs to noos deadlines
 * (docs/runtime.md, "Standard thread APIs"). mtx_*, cnd_* and call_once
 * (c11threads.c) are these.
 *
 * Every mutex is a noos mutex (one word: the owner, priority
 * inheritance) with a recursion count and a type beside it; the types
 * differ only in what relocking and foreign unlocking do:
 *
 *   type        relock                 unlock by a non-owner
 *   normal      EDEADLK                EPERM
 *   errorcheck  EDEADLK                EPERM
 *   recursive   counts                 EPERM
 *
 * (POSIX leaves both undefined for a normal mutex, which may hang in a
 * relock: noos reports rather than hangs, as its own mutexes do.)
 */
#include "pthread-internal.h"
#include <errno.h>
#include <threads.h>

_Static_assert(sizeof(noos_mutex_t) == sizeof(unsigned) &&
                   sizeof(noos_cond_t) == 2 * sizeof(unsigned),
               "the noos objects the POSIX ones start with");
_Static_assert(sizeof(pthread_mutex_t) == sizeof(mtx_t) &&
                   sizeof(pthread_cond_t) == sizeof(cnd_t) &&
                   sizeof(pthread_once_t) == sizeof(once_flag),
               "C11's objects are the POSIX ones");

#define NOOS_MUTEX(m) ((noos_mutex_t *)(void *)&(m)->__state)
#define NOOS_COND(c) ((noos_cond_t *)(void *)&(c)->__seq)
#define OWNER(m) ((m)->__state & ~1u)

/* CLOCK_REALTIME: monotonic time plus an epoch offset, through
 * clock_gettime when the program has one (time.c); without it the
 * real-time clock is the monotonic one. */
extern int clock_gettime(clockid_t, struct timespec *) __attribute__((weak));

static uint64_t realtime_now(void) {
  struct timespec ts;
  if (clock_gettime && clock_gettime(CLOCK_REALTIME, &ts) == 0 && ts.tv_sec >= 0)
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
  return noos_nanotime();
}

int noos__abs_deadline(const struct timespec *ts, int monotonic,
                       uint64_t *deadline) {
  if (!ts || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000)
    return EINVAL;
  if (ts->tv_sec < 0) {
    *deadline = 0;
    return 0;
  }
  if ((uint64_t)ts->tv_sec >= UINT64_MAX / 1000000000u - 1) {
    *deadline = NOOS_FOREVER;
    return 0;
  }
  uint64_t at = (uint64_t)ts->tv_sec * 1000000000u + (uint64_t)ts->tv_nsec;
  if (!monotonic) {
    uint64_t mono = noos_nanotime(), real = realtime_now();
    if (at <= real) {
      *deadline = 0;
      return 0;
    }
    at = mono + (at - real);
    if (at < mono)
      at = NOOS_FOREVER;
  }
  *deadline = at;
  return 0;
}

/* --- Mutexes --------------------------------------------------------------- */

int pthread_mutexattr_init(pthread_mutexattr_t *a) {
  a->__type = PTHREAD_MUTEX_DEFAULT;
  a->__protocol = PTHREAD_PRIO_NONE;
  return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *a) {
  (void)a;
  return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t *a, int type) {
  if (type != PTHREAD_MUTEX_NORMAL && type != PTHREAD_MUTEX_RECURSIVE &&
      type != PTHREAD_MUTEX_ERRORCHECK)
    return EINVAL;
  a->__type = (unsigned char)type;
  return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *a, int *type) {
  *type = a->__type;
  return 0;
}

/* PTHREAD_PRIO_NONE is accepted, but every noos mutex lends its waiters'
 * priority to its owner. */
int pthread_mutexattr_setprotocol(pthread_mutexattr_t *a, int protocol) {
  if (protocol == PTHREAD_PRIO_PROTECT)
    return ENOTSUP;
  if (protocol != PTHREAD_PRIO_NONE && protocol != PTHREAD_PRIO_INHERIT)
    return EINVAL;
  a->__protocol = (unsigned char)protocol;
  return 0;
}

int pthread_mutexattr_getprotocol(const pthread_mutexattr_t *a, int *protocol) {
  *protocol = a->__protocol;
  return 0;
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a) {
  m->__state = 0;
  m->__count = 0;
  m->__type = a ? a->__type : PTHREAD_MUTEX_DEFAULT;
  m->__protocol = a ? a->__protocol : PTHREAD_PRIO_NONE;
  return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m) { return m->__state ? EBUSY : 0; }

static int from_noos(int r) {
  switch (r) {
  case NOOS_OK:
    return 0;
  case NOOS_TIMEDOUT:
    return ETIMEDOUT;
  case NOOS_DEADLOCK:
    return EDEADLK;
  case NOOS_BUSY:
    return EBUSY;
  case NOOS_PERM:
    return EPERM;
  default:
    return EINVAL;
  }
}

/* A recursive mutex its owner locks again: the count. */
static int relock(pthread_mutex_t *m, int *r) {
  if (m->__type != PTHREAD_MUTEX_RECURSIVE ||
      OWNER(m) != k_word(noos__current))
    return 0;
  if (m->__count == UINT32_MAX)
    *r = EAGAIN;
  else {
    ++m->__count;
    *r = 0;
  }
  return 1;
}

static int locked(pthread_mutex_t *m, int r) {
  if (r == NOOS_OK)
    m->__count = 1;
  return from_noos(r);
}

int pthread_mutex_lock(pthread_mutex_t *m) {
  int r;
  if (relock(m, &r))
    return r;
  return locked(m, noos_mutex_lock(NOOS_MUTEX(m)));
}

int pthread_mutex_trylock(pthread_mutex_t *m) {
  int r;
  if (relock(m, &r))
    return r;
  r = noos_mutex_trylock(NOOS_MUTEX(m));
  return r == NOOS_DEADLOCK ? EBUSY : locked(m, r);
}

int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *at) {
  int r;
  if (relock(m, &r))
    return r;
  r = noos_mutex_trylock(NOOS_MUTEX(m));
  if (r != NOOS_BUSY)
    return locked(m, r);
  uint64_t deadline;
  if ((r = noos__abs_deadline(at, 0, &deadline)))
    return r;
  return locked(m, noos_mutex_timedlock(NOOS_MUTEX(m), deadline));
}

int pthread_mutex_unlock(pthread_mutex_t *m) {
  if (OWNER(m) != k_word(noos__current))
    return EPERM;
  if (m->__count > 1) {
    --m->__count;
    return 0;
  }
  m->__count = 0;
  return from_noos(noos_mutex_unlock(NOOS_MUTEX(m)));
}

/* --- Condition variables ------------------------------------------------- */

int pthread_condattr_init(pthread_condattr_t *a) {
  a->__clock = CLOCK_REALTIME;
  return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *a) {
  (void)a;
  return 0;
}

int pthread_condattr_setclock(pthread_condattr_t *a, clockid_t clock) {
  if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
    return EINVAL;
  a->__clock = clock;
  return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t *a, clockid_t *clock) {
  *clock = a->__clock;
  return 0;
}

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a) {
  c->__seq = 0;
  c->__waiters = 0;
  c->__monotonic = a && a->__clock == CLOCK_MONOTONIC;
  return 0;
}

int pthread_cond_destroy(pthread_cond_t *c) { return c->__waiters ? EBUSY : 0; }

static int cond_wait(pthread_cond_t *c, pthread_mutex_t *m, uint64_t deadline) {
  if (OWNER(m) != k_word(noos__current))
    return EPERM;
  unsigned count = m->__count; /* a recursive mutex's, kept over the wait */
  int r = noos_cond_wait(NOOS_COND(c), NOOS_MUTEX(m), deadline);
  m->__count = count;
  return from_noos(r);
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m) {
  return cond_wait(c, m, NOOS_FOREVER);
}

int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
                           const struct timespec *at) {
  uint64_t deadline;
  int r = noos__abs_deadline(at, c->__monotonic, &deadline);
  return r ? r : cond_wait(c, m, deadline);
}

int pthread_cond_signal(pthread_cond_t *c) {
  noos_cond_signal(NOOS_COND(c));
  return 0;
}

int pthread_cond_broadcast(pthread_cond_t *c) {
  noos_cond_broadcast(NOOS_COND(c));
  return 0;
}

/* --- Once ---------------------------------------------------------------- */

/* The first caller runs the routine holding the once's mutex; the others
 * wait for that mutex (lending the runner their priority), find it done
 * and return. */
int pthread_once(pthread_once_t *o, void (*routine)(void)) {
  if (o->__done)
    return 0;
  noos_mutex_t *m = (noos_mutex_t *)(void *)&o->__lock;
  if (noos_mutex_lock(m) != NOOS_OK)
    return EDEADLK; /* the routine calls pthread_once on its own once */
  if (!o->__done) {
    routine();
    o->__done = 1;
  }
  noos_mutex_unlock(m);
  return 0;
}
