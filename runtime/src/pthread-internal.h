/*
 * Shared by the standard thread APIs over noos threads: pthread.c
 * (threads, keys, scheduling), pthread-sync.c (mutexes, condition
 * variables, once, timed waits), semaphore.c and c11threads.c.
 */
#ifndef NOOS_PTHREAD_INTERNAL_H
#define NOOS_PTHREAD_INTERNAL_H

#include "kernel.h"
#include <pthread.h>
#include <stdint.h>

/* A thread's POSIX side. Threads made by pthread_create or thrd_create
 * own one heap block each (freed by the join, or by the reaper when
 * detached); main's is static; a thread made with noos_thread_create
 * gets one at its first call that needs it (never freed: such a thread
 * ends unseen). */
struct __noos_pthread {
  noos_thread_t *thread;
  void *(*start)(void *); /* or int (*)(void *) when c11 */
  void *arg;
  void *result;
  struct __noos_pthread *next; /* the reaper's list */
  struct noos_pt_key *keys;    /* PTHREAD_KEYS_MAX values, or NULL */
  volatile uint32_t state;     /* PT_* */
  uint8_t created;             /* by pthread_create/thrd_create */
  uint8_t c11;
  uint8_t policy;
};

enum { PT_JOINABLE, PT_DETACHED, PT_ENDED, PT_JOINING };

struct noos_pt_key {
  pthread_key_t key; /* the key the value was set under (0: none) */
  void *value;
};

/* pthread_create and thrd_create: 0 or an errno value. */
int noos__pthread_create(const struct noos_thread_site *site, pthread_t *out,
                         const pthread_attr_t *attr, void *start, void *arg,
                         int c11);
/* Runs the key destructors and ends the calling thread. */
void noos__pthread_finish(void *result) __attribute__((noreturn));

/* Runs the destructors of self's key values (pthread-keys.c). */
void noos__pthread_keys_exit(struct __noos_pthread *self);

/* An absolute timespec on CLOCK_REALTIME (monotonic 0) or
 * CLOCK_MONOTONIC as a noos_nanotime deadline: 0 when it has passed (the
 * call then only tries), NOOS_FOREVER beyond 64 bits. EINVAL for a
 * tv_nsec outside 0..999999999, else 0. */
int noos__abs_deadline(const struct timespec *ts, int monotonic,
                       uint64_t *deadline);

#endif
