/*
 * Mutexes with priority inheritance, condition variables, semaphores and
 * notes, on the futex. The uncontended paths are one compare-and-swap in
 * the caller's thread; only waiting (and waking a waiter) enters the
 * kernel.
 *
 * A mutex's word is its owner's control block address, with bit 0 set
 * while threads wait. A waiter (noos__k_mutex_wait, in the kernel) sets
 * the bit and raises the owner's priority to its own, along the chain
 * when the owner itself waits for a mutex. Unlocking such a mutex
 * (noos__k_mutex_unlock) hands it to the highest-priority waiter and
 * recomputes the old owner's priority from the waiters of the mutexes it
 * still holds (found in the futex buckets: no per-thread list).
 */
#include "kernel.h"

#define OWNER(s) K_PTR(struct noos_thread, (s) & ~1u)

void noos_mutex_init(noos_mutex_t *m) { m->state = 0; }

/* Kernel: the caller waits for m (K_MUTEX_WAIT). */
uintptr_t noos__k_mutex_wait(uintptr_t mp, uintptr_t lo, uintptr_t hi,
                             uintptr_t a3) {
  (void)a3;
  noos_mutex_t *m = (noos_mutex_t *)mp;
  uint64_t deadline = K_TIME(lo, hi);
  uint32_t k = k_lock(), r = K_BLOCKED, s = m->state;
  struct noos_thread *self = noos__current, *owner = OWNER(s);
  if (!owner) {
    r = (uint32_t)NOOS_AGAIN; /* unlocked meanwhile: try again */
  } else if (owner == self) {
    r = (uint32_t)NOOS_DEADLOCK;
  } else if (deadline != NOOS_FOREVER && deadline <= noos_nanotime()) {
    r = (uint32_t)NOOS_TIMEDOUT;
  } else {
    if (deadline == NOOS_FOREVER)
      noos__check_cycle(self, m);
    m->state = s | 1;
    noos__block(&m->state, deadline);
    self->flags |= F_MUTEX;
    if (self->prio > owner->prio)
      noos__set_prio(owner, self->prio);
  }
  k_unlock(k);
  return r;
}

/* Kernel: the owner unlocks a mutex with waiters (K_MUTEX_UNLOCK). */
uintptr_t noos__k_mutex_unlock(uintptr_t mp, uintptr_t a1, uintptr_t a2,
                               uintptr_t a3) {
  (void)a1, (void)a2, (void)a3;
  noos_mutex_t *m = (noos_mutex_t *)mp;
  uint32_t k = k_lock(), r = NOOS_OK, s = m->state;
  struct noos_thread *self = noos__current;
  if (OWNER(s) != self) {
    r = (uint32_t)NOOS_PERM;
  } else if (!(s & 1)) {
    m->state = 0;
  } else {
    struct noos_thread *w = noos__first_waiter(&m->state);
    if (!w) {
      m->state = 0;
    } else {
      noos__wake(w, NOOS_OK); /* it returns owning m */
      int more = noos__first_waiter(&m->state) != NULL;
      m->state = k_word(w) | (uint32_t)more;
      if (more) /* the rest now lend w their priority */
        noos__set_prio(w, noos__inherited_prio(w));
    }
    noos__set_prio(self, noos__inherited_prio(self));
    noos__resched();
  }
  k_unlock(k);
  return r;
}

/* Kernel: a waiter for m timed out (noos__alarm): the owner may have
 * inherited its priority. */
void noos__mutex_left(noos_mutex_t *m) {
  struct noos_thread *owner = OWNER(m->state);
  if (!owner)
    return;
  if ((m->state & 1) && !noos__first_waiter(&m->state))
    m->state &= ~1u;
  noos__set_prio(owner, noos__inherited_prio(owner));
}

int noos_mutex_timedlock(noos_mutex_t *m, uint64_t deadline) {
  uint32_t self = k_word(noos__current);
  if (k_ipsr())
    noos__blocking_refused("noos_mutex_lock");
  if (k_cas(&m->state, 0, self))
    return NOOS_OK;
  for (;;) {
    int r = kcall_block("noos_mutex_lock", K_MUTEX_WAIT, (uintptr_t)m,
                        K_LO(deadline), K_HI(deadline), 0);
    if (r != NOOS_AGAIN)
      return r;
    if (k_cas(&m->state, 0, self))
      return NOOS_OK;
  }
}

int noos_mutex_lock(noos_mutex_t *m) {
  /* The uncontended case without timedlock's frame. */
  if (!k_ipsr() && k_cas(&m->state, 0, k_word(noos__current)))
    return NOOS_OK;
  return noos_mutex_timedlock(m, NOOS_FOREVER);
}

int noos_mutex_trylock(noos_mutex_t *m) {
  uint32_t self = k_word(noos__current);
  if (k_ipsr())
    return NOOS_PERM;
  if (k_cas(&m->state, 0, self))
    return NOOS_OK;
  return (m->state & ~1u) == self ? NOOS_DEADLOCK : NOOS_BUSY;
}

int noos_mutex_unlock(noos_mutex_t *m) {
  uint32_t self = k_word(noos__current);
  if (k_ipsr())
    return NOOS_PERM;
  if (k_cas(&m->state, self, 0))
    return NOOS_OK;
  if ((m->state & ~1u) != self)
    return NOOS_PERM;
  return kcall(K_MUTEX_UNLOCK, (uintptr_t)m, 0, 0, 0);
}

/* --- Condition variables ------------------------------------------------ */

int noos_cond_wait(noos_cond_t *c, noos_mutex_t *m, uint64_t deadline) {
  if (!k_can_svc())
    noos__blocking_refused("noos_cond_wait");
  k_add(&c->waiters, 1);
  uint32_t seq = c->seq;
  int r = noos_mutex_unlock(m);
  if (r == NOOS_OK) {
    r = noos_futex_wait(&c->seq, seq, deadline);
    noos_mutex_lock(m);
    r = r == NOOS_TIMEDOUT ? NOOS_TIMEDOUT : NOOS_OK;
  }
  k_add(&c->waiters, (uint32_t)-1);
  return r;
}

void noos_cond_signal(noos_cond_t *c) {
  k_add(&c->seq, 1);
  if (c->waiters)
    noos_futex_wake(&c->seq, 1);
}

void noos_cond_broadcast(noos_cond_t *c) {
  k_add(&c->seq, 1);
  if (c->waiters)
    noos_futex_wake(&c->seq, 0x7fffffff);
}

/* --- Semaphores ------------------------------------------------------------ */

void noos_sem_init(noos_sem_t *s, uint32_t count) {
  s->count = count;
  s->waiters = 0;
}

static int sem_take(noos_sem_t *s) {
  for (;;) {
    uint32_t c = s->count;
    if (!c)
      return 0;
    if (k_cas(&s->count, c, c - 1))
      return 1;
  }
}

int noos_sem_wait(noos_sem_t *s, uint64_t deadline) {
  if (sem_take(s))
    return NOOS_OK;
  if (!deadline)
    return NOOS_TIMEDOUT;
  if (!k_can_svc())
    noos__blocking_refused("noos_sem_wait");
  k_add(&s->waiters, 1);
  int r;
  for (;;) {
    if (sem_take(s)) {
      r = NOOS_OK;
      break;
    }
    if (noos_futex_wait(&s->count, 0, deadline) == NOOS_TIMEDOUT) {
      r = sem_take(s) ? NOOS_OK : NOOS_TIMEDOUT;
      break;
    }
  }
  k_add(&s->waiters, (uint32_t)-1);
  return r;
}

void noos_sem_post(noos_sem_t *s) {
  k_add(&s->count, 1);
  if (s->waiters)
    noos_futex_wake(&s->count, 1);
}

/* --- Notes ---------------------------------------------------------------- */

int noos_note_sleep(noos_note_t *n, uint64_t deadline) {
  for (;;) {
    uint32_t s = n->state;
    if (s == 1)
      return 1;
    if (!deadline)
      return 0;
    if (s == 0 && !k_cas(&n->state, 0, 2))
      continue;
    if (!k_can_svc())
      noos__blocking_refused("noos_note_sleep");
    if (noos_futex_wait(&n->state, 2, deadline) == NOOS_TIMEDOUT)
      return n->state == 1;
  }
}

void noos_note_wakeup(noos_note_t *n) {
  if (k_swap(&n->state, 1) == 2)
    noos_futex_wake(&n->state, 0x7fffffff);
}

void noos_note_clear(noos_note_t *n) { k_cas(&n->state, 1, 0); }
