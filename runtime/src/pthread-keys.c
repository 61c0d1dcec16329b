/*
 * Thread-specific data: pthread_key_* (and tss_*, c11threads.c). Its own
 * file, reached from a thread's exit through a weak reference, so a
 * program without keys carries neither the tables nor the destructor
 * loop.
 */
#include "pthread-internal.h"
#include <errno.h>
#include <stdlib.h>

/* --- Thread-specific data ------------------------------------------------ */

/* Each slot's current key (0: free): a generation count above the slot
 * number, so a value set under a deleted key is never seen under the
 * next key in that slot. */
static volatile uint32_t key_live[PTHREAD_KEYS_MAX];
static void (*key_dtor[PTHREAD_KEYS_MAX])(void *);
static volatile uint32_t key_gen;

#define KEY_SLOT(k) ((k) & 31u)

int pthread_key_create(pthread_key_t *key, void (*dtor)(void *)) {
  if (!key)
    return EINVAL;
  uint32_t id = k_add(&key_gen, 1) << 5;
  for (uint32_t i = 0; i < PTHREAD_KEYS_MAX; ++i) {
    if (!key_live[i] && k_cas(&key_live[i], 0, id | i)) {
      key_dtor[i] = dtor; /* no value can be set under the key yet */
      *key = id | i;
      return 0;
    }
  }
  return EAGAIN;
}

static int key_valid(pthread_key_t key) {
  uint32_t i = KEY_SLOT(key);
  return key && i < PTHREAD_KEYS_MAX && key_live[i] == key;
}

int pthread_key_delete(pthread_key_t key) {
  if (!key_valid(key) || !k_cas(&key_live[KEY_SLOT(key)], key, 0))
    return EINVAL;
  return 0;
}

void *pthread_getspecific(pthread_key_t key) {
  struct noos_pt_key *keys = pthread_self()->keys;
  if (!keys || !key_valid(key))
    return NULL;
  struct noos_pt_key *e = &keys[KEY_SLOT(key)];
  return e->key == key ? e->value : NULL;
}

int pthread_setspecific(pthread_key_t key, const void *value) {
  if (!key_valid(key))
    return EINVAL;
  struct __noos_pthread *self = pthread_self();
  if (!self->keys) {
    if (!value)
      return 0;
    self->keys = calloc(PTHREAD_KEYS_MAX, sizeof(struct noos_pt_key));
    if (!self->keys)
      return ENOMEM;
  }
  struct noos_pt_key *e = &self->keys[KEY_SLOT(key)];
  e->key = key;
  e->value = (void *)value;
  return 0;
}

/* Each non-NULL value of a live key with a destructor: set to NULL, then
 * the destructor called with it; again while destructors set values, at
 * most PTHREAD_DESTRUCTOR_ITERATIONS times. */
void noos__pthread_keys_exit(struct __noos_pthread *self) {
  struct noos_pt_key *keys = self->keys;
  if (!keys)
    return;
  for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; ++round) {
    int called = 0;
    for (uint32_t i = 0; i < PTHREAD_KEYS_MAX; ++i) {
      struct noos_pt_key *e = &keys[i];
      void (*dtor)(void *) = key_dtor[i];
      if (e->value && e->key && e->key == key_live[i] && dtor) {
        void *v = e->value;
        e->value = NULL;
        dtor(v);
        called = 1;
      }
    }
    if (!called)
      break;
  }
  self->keys = NULL;
  free(keys);
}
