/*
 * POSIX threads over noos threads (docs/runtime.md, "Standard thread
 * APIs"): creation, join, detach and exit, attributes, scheduling
 * parameters, sched_yield and the priority range (keys: pthread-keys.c).
 * thrd_* (c11threads.c) share all of it.
 *
 * - A thread made here is a noos thread (one heap block: control block,
 *   TLS, stack) and a small struct __noos_pthread (a second block, the
 *   pthread_t) that holds what POSIX adds: the start routine, the result,
 *   the detach state and the key values.
 * - Joining frees both. A detached thread cannot free its own stack
 *   while it runs on it, and the kernel (an exception handler) cannot
 *   call free: a detached thread that ends puts itself on a list and
 *   wakes the reaper, a thread (priority NOOS_PRIO_MAX, made when the
 *   first detached thread ends, kept while threads made here live), which
 *   joins it the moment it has ended, and frees it.
 * - The process ends when its last thread does (POSIX): main, and every
 *   thread made here, are counted; the reaper ends when the count reaches
 *   0, so it never keeps a program alive (the last noos thread to end
 *   calls exit(0), sched.c).
 */
#include "pthread-internal.h"
#include <errno.h>
#include <stdlib.h>

#define REAPER_STACK 512

/* Only a program that creates keys has values to destroy. */
extern __typeof__(noos__pthread_keys_exit) noos__pthread_keys_exit
    __attribute__((weak));

static __thread struct __noos_pthread *cur;
static struct __noos_pthread main_pt = {.thread = &noos__main_thread};
/* Only when memory for a noos_thread_create thread's handle is short:
 * such threads then share this one. */
static struct __noos_pthread orphan_pt;

/* Main and the threads made here that have not ended. */
static volatile uint32_t alive = 1;
/* Ended detached threads to free (a struct __noos_pthread list), and
 * whether the reaper exists (or is being made). */
static volatile uint32_t zombies;
static volatile uint32_t reaper_on;
/* Changes when a zombie comes or the last counted thread ends: the
 * reaper sleeps on it, so neither event can slip in between its look and
 * its sleep. */
static volatile uint32_t reaper_news;

pthread_t pthread_self(void) {
  struct __noos_pthread *p = cur;
  if (p)
    return p;
  if (noos__current == &noos__main_thread) {
    p = &main_pt;
  } else {
    p = calloc(1, sizeof(*p));
    if (!p)
      return &orphan_pt;
    p->thread = noos__current;
  }
  cur = p;
  return p;
}

int pthread_equal(pthread_t a, pthread_t b) { return a == b; }

/* --- Ending, joining, detaching, the reaper ----------------------------- */

static void reap(void *arg) {
  (void)arg;
  for (;;) {
    uint32_t news = reaper_news;
    struct __noos_pthread *z = K_PTR(struct __noos_pthread, k_swap(&zombies, 0));
    if (!z) {
      if (!alive) {
        /* Every thread made here (and main) has ended: so does the
         * reaper, unless a zombie came meanwhile. */
        reaper_on = 0;
        if (zombies && k_cas(&reaper_on, 0, 1))
          continue;
        noos_thread_exit(); /* the last noos thread ends the program */
      }
      noos_futex_wait(&reaper_news, news, NOOS_FOREVER);
      continue;
    }
    while (z) {
      struct __noos_pthread *next = z->next;
      noos_thread_join(z->thread); /* at once, or as soon as it ends */
      free(z);
      z = next;
    }
  }
}

static void need_reaper(void) {
  if (reaper_on || !k_cas(&reaper_on, 0, 1))
    return;
  if (!noos_thread_create(reap, NULL, REAPER_STACK, NOOS_PRIO_MAX, "reaper"))
    reaper_on = 0; /* the next detached thread to end, or pthread_create,
                      tries again */
}

void noos__pthread_finish(void *result) {
  struct __noos_pthread *self = pthread_self();
  if (noos__pthread_keys_exit) /* linked with pthread_key_create */
    noos__pthread_keys_exit(self);
  self->result = result;
  int zombie = 0;
  for (;;) {
    uint32_t s = self->state;
    if (s == PT_DETACHED) {
      zombie = self->created;
      break;
    }
    if (s == PT_JOINING || k_cas(&self->state, s, PT_ENDED))
      break;
  }
  int last = 0;
  if (self->created || self == &main_pt)
    last = k_add(&alive, (uint32_t)-1) == 0;
  if (zombie) {
    uint32_t head;
    do {
      head = zombies;
      self->next = K_PTR(struct __noos_pthread, head);
    } while (!k_cas(&zombies, head, k_word(self)));
    need_reaper();
  }
  if (zombie || last) {
    k_add(&reaper_news, 1);
    noos_futex_wake(&reaper_news, 1);
  }
  noos_thread_exit();
}

void pthread_exit(void *result) { noos__pthread_finish(result); }

int pthread_join(pthread_t t, void **result) {
  if (!t)
    return ESRCH;
  if (t == pthread_self())
    return EDEADLK;
  if (!t->created && t != &main_pt)
    return EINVAL; /* a noos_thread_create thread: noos_thread_join */
  for (;;) {
    uint32_t s = t->state;
    if (s == PT_DETACHED || s == PT_JOINING)
      return EINVAL;
    if (k_cas(&t->state, s, PT_JOINING))
      break;
  }
  noos_thread_join(t->thread);
  if (result)
    *result = t->result;
  if (t->created)
    free(t);
  return 0;
}

int pthread_detach(pthread_t t) {
  if (!t)
    return ESRCH;
  if (!t->created && t != &main_pt)
    return EINVAL; /* a noos_thread_create thread: noos_thread_join */
  for (;;) {
    uint32_t s = t->state;
    if (s == PT_DETACHED || s == PT_JOINING)
      return EINVAL;
    if (s == PT_ENDED && t->created) /* ended unjoined: free it now */
      return pthread_join(t, NULL);
    if (k_cas(&t->state, s, PT_DETACHED))
      return 0;
  }
}

/* --- Creation ---------------------------------------------------------- */

/* Every pthread and C11 thread starts here; its start routine is called
 * through a pointer, which the call's record names for noos-ld
 * (noos/thread-site.h's via). */
void noos__pthread_trampoline(void *arg) {
  struct __noos_pthread *self = arg;
  self->thread = noos__current;
  cur = self;
  void *r;
  if (self->c11)
    r = (void *)(intptr_t)((int (*)(void *))(void *)self->start)(self->arg);
  else
    r = self->start(self->arg);
  noos__pthread_finish(r);
}

static int valid_policy(int policy) {
  return policy == SCHED_OTHER || policy == SCHED_FIFO || policy == SCHED_RR;
}

int noos__pthread_create(const struct noos_thread_site *site, pthread_t *out,
                         const pthread_attr_t *attr, void *start, void *arg,
                         int c11) {
  if (!out || !start)
    return EINVAL;
  if (zombies)
    need_reaper(); /* one could not be made when they ended */
  struct __noos_pthread *self = pthread_self();
  struct __noos_pthread *p = calloc(1, sizeof(*p));
  if (!p)
    return EAGAIN;
  size_t stack = NOOS_STACK_DEFAULT;
  int prio = noos__current ? noos__current->base_prio : NOOS_PRIO_DEFAULT;
  p->policy = self->policy;
  if (attr) {
    stack = attr->__stacksize;
    if (attr->__explicit_sched) {
      prio = attr->__priority;
      p->policy = (uint8_t)attr->__policy;
    }
    if (attr->__detached)
      p->state = PT_DETACHED;
  }
  p->start = (void *(*)(void *))start;
  p->arg = arg;
  p->c11 = (uint8_t)c11;
  p->created = 1;
  int detached = p->state == PT_DETACHED;
  k_add(&alive, 1);
  errno = 0;
  /* The caller's record, if any (pthread_create's and thrd_create's
   * macros): a stack size 0 takes the need noos-ld wrote into it. Not
   * noos_thread_create's macro, whose record would name the trampoline. */
  noos_thread_t *t = noos__thread_create_at(site, noos__pthread_trampoline, p,
                                            stack, prio,
                                            c11 ? "thrd" : "pthread");
  if (!t) {
    int e = errno == EINVAL ? EINVAL : EAGAIN;
    k_add(&alive, (uint32_t)-1);
    free(p);
    return e;
  }
  /* Before the handle is out, so a joiner finds the thread (it stores
   * itself too, first thing, in case it runs first); a detached thread
   * may have ended, and been freed, already. */
  if (!detached)
    p->thread = t;
  *out = p;
  return 0;
}

int (pthread_create)(pthread_t *out, const pthread_attr_t *attr,
                     void *(*start)(void *), void *arg) {
  return noos__pthread_create(NULL, out, attr, (void *)start, arg, 0);
}

int noos__pthread_create_at(const struct noos_thread_site *site,
                            pthread_t *out, const pthread_attr_t *attr,
                            void *(*start)(void *), void *arg) {
  return noos__pthread_create(site, out, attr, (void *)start, arg, 0);
}

/* --- Attributes and scheduling -------------------------------------------- */

int pthread_attr_init(pthread_attr_t *a) {
  if (!a)
    return EINVAL;
  a->__stacksize = NOOS_STACK_DEFAULT;
  a->__priority = NOOS_PRIO_DEFAULT;
  a->__policy = SCHED_OTHER;
  a->__detached = PTHREAD_CREATE_JOINABLE;
  a->__explicit_sched = PTHREAD_INHERIT_SCHED;
  return 0;
}

int pthread_attr_destroy(pthread_attr_t *a) { return a ? 0 : EINVAL; }

int pthread_attr_setstacksize(pthread_attr_t *a, size_t size) {
  /* 0: an automatic stack (noos-ld's need), a noos extension. */
  if (!a || (size && size < PTHREAD_STACK_MIN))
    return EINVAL;
  a->__stacksize = size;
  return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t *a, size_t *size) {
  *size = a->__stacksize;
  return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t *a, int state) {
  if (!a || (state != PTHREAD_CREATE_JOINABLE && state != PTHREAD_CREATE_DETACHED))
    return EINVAL;
  a->__detached = (unsigned char)state;
  return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t *a, int *state) {
  *state = a->__detached;
  return 0;
}

int pthread_attr_setschedparam(pthread_attr_t *a, const struct sched_param *p) {
  if (!a || !p || p->sched_priority < NOOS_PRIO_MIN ||
      p->sched_priority > NOOS_PRIO_MAX)
    return EINVAL;
  a->__priority = p->sched_priority;
  return 0;
}

int pthread_attr_getschedparam(const pthread_attr_t *a, struct sched_param *p) {
  p->sched_priority = a->__priority;
  return 0;
}

int pthread_attr_setschedpolicy(pthread_attr_t *a, int policy) {
  if (!a || !valid_policy(policy))
    return EINVAL;
  a->__policy = policy;
  return 0;
}

int pthread_attr_getschedpolicy(const pthread_attr_t *a, int *policy) {
  *policy = a->__policy;
  return 0;
}

int pthread_attr_setinheritsched(pthread_attr_t *a, int inherit) {
  if (!a || (inherit != PTHREAD_INHERIT_SCHED && inherit != PTHREAD_EXPLICIT_SCHED))
    return EINVAL;
  a->__explicit_sched = (unsigned char)inherit;
  return 0;
}

int pthread_attr_getinheritsched(const pthread_attr_t *a, int *inherit) {
  *inherit = a->__explicit_sched;
  return 0;
}

int pthread_setschedprio(pthread_t t, int prio) {
  if (!t || !t->thread || t->state == PT_ENDED)
    return ESRCH;
  if (prio < NOOS_PRIO_MIN || prio > NOOS_PRIO_MAX)
    return EINVAL;
  return noos_thread_set_priority(t->thread, prio) == NOOS_OK ? 0 : ESRCH;
}

int pthread_setschedparam(pthread_t t, int policy, const struct sched_param *p) {
  if (!p || !valid_policy(policy))
    return EINVAL;
  int r = pthread_setschedprio(t, p->sched_priority);
  if (!r)
    t->policy = (uint8_t)policy;
  return r;
}

/* The base priority: what was set, not what a mutex's waiters lend. */
int pthread_getschedparam(pthread_t t, int *policy, struct sched_param *p) {
  if (!t || !t->thread || t->state == PT_ENDED)
    return ESRCH;
  *policy = t->policy;
  p->sched_priority = t->thread->base_prio;
  return 0;
}

__attribute__((weak)) int sched_yield(void) {
  noos_thread_yield();
  return 0;
}

__attribute__((weak)) int sched_get_priority_max(int policy) {
  if (!valid_policy(policy)) {
    errno = EINVAL;
    return -1;
  }
  return NOOS_PRIO_MAX;
}

__attribute__((weak)) int sched_get_priority_min(int policy) {
  if (!valid_policy(policy)) {
    errno = EINVAL;
    return -1;
  }
  return NOOS_PRIO_MIN;
}
