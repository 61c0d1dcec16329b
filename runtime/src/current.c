/*
 * The main thread and the running thread: all a program without threads
 * carries (picolibc's locks ask who is running, lock.c). The scheduler
 * itself (sched.c) is linked only when a program uses threads or waits.
 */
#include "kernel.h"

struct noos_thread noos__main_thread = {
    .next = &noos__main_thread, /* alone in its ready ring (sched.c) */
    .name = "main",
    .state = T_READY,
    .prio = NOOS_PRIO_DEFAULT,
    .base_prio = NOOS_PRIO_DEFAULT,
    .flags = F_MAIN,
    .deadline = NOOS_FOREVER,
};

struct noos_thread *volatile noos__current = &noos__main_thread;

noos_thread_t *noos_thread_self(void) { return noos__current; }

const char *noos_thread_name(const noos_thread_t *t) {
  return t ? t->name : "(none)";
}

int noos_thread_priority(const noos_thread_t *t) { return t ? t->prio : 0; }
