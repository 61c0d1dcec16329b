/*
 * picolibc's retargetable locks (sys/lock.h, _RETARGETABLE_LOCKING) on
 * the runtime's mutexes, so malloc, atexit, the time functions and
 * buffered stdio files are thread-safe. picolibc 1.8's libc.a calls
 * __retarget_lock_{acquire,release}_recursive on its one global lock
 * (__lock___libc_recursive_mutex: malloc, atexit, getenv/setenv,
 * arc4random, localtime, mktime, strftime) and the non-recursive
 * init/close/acquire/release on each bufio FILE; this file defines every
 * symbol of picolibc's own lock.o (which does nothing), so that is never
 * linked.
 *
 * Every lock here is recursive (a recursive lock serves a non-recursive
 * user too). The uncontended path is a compare-and-swap in this file;
 * only contention, which needs a second thread, calls into the mutex
 * code, through weak references: a program without threads does not
 * carry the scheduler for malloc's sake.
 *
 * Interrupt handlers must not call malloc or stdio: the lock would belong
 * to the interrupted thread.
 */
#include "kernel.h"
#include <stdlib.h>

struct __lock {
  noos_mutex_t m;
  uint32_t count;
};
typedef struct __lock *_LOCK_T;

struct __lock __lock___libc_recursive_mutex;

extern __typeof__(noos_mutex_lock) noos_mutex_lock __attribute__((weak));
extern __typeof__(noos_mutex_unlock) noos_mutex_unlock __attribute__((weak));

/* A lock init could not allocate is no lock (NULL). */
__attribute__((weak)) void __retarget_lock_acquire_recursive(_LOCK_T l) {
  uint32_t self = k_word(noos__current);
  if (!l)
    return;
  if ((l->m.state & ~1u) == self) {
    ++l->count;
    return;
  }
  if (!k_cas(&l->m.state, 0, self) && noos_mutex_lock)
    noos_mutex_lock(&l->m);
  l->count = 1;
}

__attribute__((weak)) int __retarget_lock_try_acquire_recursive(_LOCK_T l) {
  uint32_t self = k_word(noos__current);
  if (!l)
    return 1;
  if ((l->m.state & ~1u) == self) {
    ++l->count;
    return 1;
  }
  if (!k_cas(&l->m.state, 0, self))
    return 0;
  l->count = 1;
  return 1;
}

__attribute__((weak)) void __retarget_lock_release_recursive(_LOCK_T l) {
  if (!l || --l->count)
    return;
  if (!k_cas(&l->m.state, k_word(noos__current), 0) && noos_mutex_unlock)
    noos_mutex_unlock(&l->m);
}

__attribute__((weak)) void __retarget_lock_init_recursive(_LOCK_T *l) {
  *l = calloc(1, sizeof(struct __lock));
}

__attribute__((weak)) void __retarget_lock_close_recursive(_LOCK_T l) {
  if (l != &__lock___libc_recursive_mutex)
    free(l);
}

void __retarget_lock_init(_LOCK_T *l)
    __attribute__((weak, alias("__retarget_lock_init_recursive")));
void __retarget_lock_close(_LOCK_T l)
    __attribute__((weak, alias("__retarget_lock_close_recursive")));
void __retarget_lock_acquire(_LOCK_T l)
    __attribute__((weak, alias("__retarget_lock_acquire_recursive")));
int __retarget_lock_try_acquire(_LOCK_T l)
    __attribute__((weak, alias("__retarget_lock_try_acquire_recursive")));
void __retarget_lock_release(_LOCK_T l)
    __attribute__((weak, alias("__retarget_lock_release_recursive")));
