/*
 * POSIX unnamed semaphores (<semaphore.h>) over noos_sem_t (sync.c).
 * sem_post and sem_trywait are safe from interrupt handlers, as
 * noos_sem_post and a noos_sem_wait with deadline 0 are.
 */
#include "pthread-internal.h"
#include <errno.h>
#include <semaphore.h>

_Static_assert(sizeof(sem_t) == sizeof(noos_sem_t), "sem_t is a noos_sem_t");

#define NOOS_SEM(s) ((noos_sem_t *)(void *)(s))

static int fail(int e) {
  errno = e;
  return -1;
}

int sem_init(sem_t *s, int pshared, unsigned value) {
  (void)pshared; /* one program: every semaphore is shared by all threads */
  if (value > SEM_VALUE_MAX)
    return fail(EINVAL);
  noos_sem_init(NOOS_SEM(s), value);
  return 0;
}

int sem_destroy(sem_t *s) { return s->__waiters ? fail(EBUSY) : 0; }

int sem_wait(sem_t *s) {
  noos_sem_wait(NOOS_SEM(s), NOOS_FOREVER);
  return 0;
}

int sem_trywait(sem_t *s) {
  return noos_sem_wait(NOOS_SEM(s), 0) == NOOS_OK ? 0 : fail(EAGAIN);
}

int sem_timedwait(sem_t *s, const struct timespec *at) {
  if (noos_sem_wait(NOOS_SEM(s), 0) == NOOS_OK)
    return 0;
  uint64_t deadline;
  int r = noos__abs_deadline(at, 0, &deadline);
  if (r)
    return fail(r);
  if (deadline && noos_sem_wait(NOOS_SEM(s), deadline) == NOOS_OK)
    return 0;
  return fail(ETIMEDOUT);
}

int sem_post(sem_t *s) {
  if (s->__count >= SEM_VALUE_MAX)
    return fail(EOVERFLOW);
  noos_sem_post(NOOS_SEM(s));
  return 0;
}

int sem_getvalue(sem_t *s, int *value) {
  *value = (int)s->__count;
  return 0;
}
