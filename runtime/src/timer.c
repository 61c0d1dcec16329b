/*
 * Software timers: a list by due time, served by one thread (created on
 * first use) that sleeps on a futex until the first is due or the list
 * changes, and runs the callbacks one at a time.
 */
#include "kernel.h"
#include <stdlib.h>

#define TIMER_PRIO (NOOS_PRIO_MAX - 1)

struct noos_timer {
  struct noos_timer *next;
  void (*fn)(void *);
  void *arg;
  uint64_t when, period;
  uint8_t queued, stopped;
};

static noos_mutex_t lock = NOOS_MUTEX_INIT;
static struct noos_timer *list;
static struct noos_timer *running;
static noos_thread_t *thread;
static volatile uint32_t changed; /* the list changed: the thread looks again */
static volatile uint32_t ran;     /* a callback returned: stop looks again */

static void insert(struct noos_timer *t) {
  struct noos_timer **pp = &list;
  while (*pp && (*pp)->when <= t->when)
    pp = &(*pp)->next;
  t->next = *pp;
  *pp = t;
  t->queued = 1;
}

static void unlink_timer(struct noos_timer *t) {
  struct noos_timer **pp = &list;
  while (*pp != t)
    pp = &(*pp)->next;
  *pp = t->next;
  t->queued = 0;
}

static void serve(void *arg) {
  (void)arg;
  noos_mutex_lock(&lock);
  for (;;) {
    struct noos_timer *t = list;
    uint64_t now = noos_nanotime();
    if (!t || t->when > now) {
      uint32_t seen = changed;
      uint64_t until = t ? t->when : NOOS_FOREVER;
      noos_mutex_unlock(&lock);
      noos_futex_wait(&changed, seen, until);
      noos_mutex_lock(&lock);
      continue;
    }
    unlink_timer(t);
    running = t;
    noos_mutex_unlock(&lock);
    t->fn(t->arg);
    noos_mutex_lock(&lock);
    running = NULL;
    if (t->stopped) {
      free(t); /* stopped by its own callback */
    } else if (t->period) {
      now = noos_nanotime();
      t->when += t->period;
      if (t->when <= now) /* behind: skip the missed periods */
        t->when += (now - t->when) / t->period * t->period + t->period;
      insert(t);
    }
    k_add(&ran, 1);
    noos_futex_wake(&ran, 0x7fffffff);
  }
}

noos_timer_t *noos_timer_start(void (*fn)(void *), void *arg, uint64_t delay,
                               uint64_t period) {
  if (!fn)
    return NULL;
  struct noos_timer *t = calloc(1, sizeof(*t));
  if (!t)
    return NULL;
  t->fn = fn;
  t->arg = arg;
  t->period = period;
  uint64_t now = noos_nanotime();
  t->when = now + delay < now ? NOOS_FOREVER : now + delay;
  noos_mutex_lock(&lock);
  if (!thread)
    /* The function, not <noos/thread.h>'s macro: the callbacks are
     * called through pointers, so noos-ld cannot size this stack (it
     * would warn in every program with a timer); the default it is. */
    thread = (noos_thread_create)(serve, NULL, 0, TIMER_PRIO, "timers");
  if (!thread) {
    noos_mutex_unlock(&lock);
    free(t);
    return NULL;
  }
  insert(t);
  k_add(&changed, 1);
  noos_mutex_unlock(&lock);
  noos_futex_wake(&changed, 1);
  return t;
}

void noos_timer_stop(noos_timer_t *t) {
  if (!t)
    return;
  noos_mutex_lock(&lock);
  if (t->queued) {
    unlink_timer(t);
  } else if (running == t) {
    if (noos_thread_self() == thread) { /* from its own callback */
      t->stopped = 1;
      noos_mutex_unlock(&lock);
      return;
    }
    while (running == t) {
      uint32_t seen = ran;
      noos_mutex_unlock(&lock);
      noos_futex_wait(&ran, seen, NOOS_FOREVER);
      noos_mutex_lock(&lock);
    }
    if (t->queued) /* a periodic one went back in the list */
      unlink_timer(t);
  }
  noos_mutex_unlock(&lock);
  free(t);
}
