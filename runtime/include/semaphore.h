/*
 * <semaphore.h> for noos: unnamed POSIX semaphores over noos_sem_t
 * (runtime/src/semaphore.c). sem_post and sem_trywait may be called from
 * interrupt handlers; named semaphores (sem_open) do not exist.
 */
#ifndef NOOS_SEMAPHORE_H
#define NOOS_SEMAPHORE_H

#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A noos semaphore: the count and a waiter count. */
typedef struct {
  volatile unsigned __count, __waiters;
} sem_t;

#define SEM_VALUE_MAX 0x7fffffff
#define SEM_FAILED ((sem_t *)0)

int sem_init(sem_t *__sem, int __pshared, unsigned __value);
int sem_destroy(sem_t *__sem);
int sem_wait(sem_t *__sem);
int sem_trywait(sem_t *__sem);
int sem_timedwait(sem_t *__restrict __sem,
                  const struct timespec *__restrict __abstime);
int sem_post(sem_t *__sem);
int sem_getvalue(sem_t *__restrict __sem, int *__restrict __value);

#ifdef __cplusplus
}
#endif

#endif /* NOOS_SEMAPHORE_H */
