/*
 * Bounded message queues: a ring of fixed-size slots, two semaphores
 * (free slots, full slots) and a mutex for the indices and the copy.
 */
#include "kernel.h"
#include <stdlib.h>
#include <string.h>

struct noos_queue {
  noos_sem_t free, full;
  noos_mutex_t lock;
  size_t msg_size, capacity, head, tail;
  unsigned char slots[];
};

noos_queue_t *noos_queue_create(size_t msg_size, size_t capacity) {
  if (!msg_size || !capacity || capacity > (size_t)0x7fffffff / msg_size)
    return NULL;
  noos_queue_t *q = malloc(sizeof(*q) + msg_size * capacity);
  if (!q)
    return NULL;
  noos_sem_init(&q->free, (uint32_t)capacity);
  noos_sem_init(&q->full, 0);
  noos_mutex_init(&q->lock);
  q->msg_size = msg_size;
  q->capacity = capacity;
  q->head = q->tail = 0;
  return q;
}

void noos_queue_destroy(noos_queue_t *q) { free(q); }

int noos_queue_send(noos_queue_t *q, const void *msg, uint64_t deadline) {
  int r = noos_sem_wait(&q->free, deadline);
  if (r != NOOS_OK)
    return r;
  noos_mutex_lock(&q->lock);
  memcpy(q->slots + q->tail * q->msg_size, msg, q->msg_size);
  if (++q->tail == q->capacity)
    q->tail = 0;
  noos_mutex_unlock(&q->lock);
  noos_sem_post(&q->full);
  return NOOS_OK;
}

int noos_queue_receive(noos_queue_t *q, void *msg, uint64_t deadline) {
  int r = noos_sem_wait(&q->full, deadline);
  if (r != NOOS_OK)
    return r;
  noos_mutex_lock(&q->lock);
  memcpy(msg, q->slots + q->head * q->msg_size, q->msg_size);
  if (++q->head == q->capacity)
    q->head = 0;
  noos_mutex_unlock(&q->lock);
  noos_sem_post(&q->free);
  return NOOS_OK;
}
