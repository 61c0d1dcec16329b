/*
 * noos/thread-site.h - the record a thread's creation leaves for noos-ld's
 * stack analysis (docs/noos-ld.md, "Threads and automatic stacks"),
 * shared by <noos/thread.h>, <pthread.h>, <threads.h> and
 * <noos/thread.hpp>. Not a public API: every name here is reserved.
 */
#ifndef NOOS_THREAD_SITE_H
#define NOOS_THREAD_SITE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The default stack of a thread (noos/thread.h's NOOS_STACK_DEFAULT). */
#if __SIZEOF_POINTER__ == 8
#define __NOOS_STACK_DEFAULT 4096
#else
#define __NOOS_STACK_DEFAULT 1024
#endif

/* The record of one call that creates a thread: a static constant the call
 * passes on, so that it is in the image exactly when the call is. noos-ld
 * finds it by its symbol (FUNCTION.__noos_thread_site, or a C++ static
 * local's mangled name ending in __noos_thread_site) and reads:
 *   entry       the thread's function, where the call names one (0 if
 *               not a constant);
 *   stack_size  its stack when a constant, 0 for an automatic one, all
 *               ones when the call's size is not known at compile time;
 *   name        the thread's name when a string literal;
 *   need        written by noos-ld: the stack an automatic thread gets
 *               (the bounded need + a margin), 0 where the need is
 *               unknown; the creation takes it when its size is 0;
 *   via         0, or the runtime's trampoline the kernel starts, which
 *               calls entry through a pointer (pthread_create,
 *               thrd_create): noos-ld charges the trampoline's frame and
 *               its other calls, with entry as the target of its indirect
 *               calls. */
struct noos_thread_site {
  void (*entry)(void *);
  size_t stack_size;
  const char *name;
  size_t need;
  void (*via)(void *);
};

/* The record of one call of noos_irq_set_priority (Cortex-M; noos/thread.h's
 * macro): irq and prio, which are constants where known has bit 0 (irq)
 * and bit 1 (prio) set; set is the port's function, via the one the macro
 * calls. noos-ld trusts the records only when set has no caller but via:
 * then every call of the program is recorded. */
struct noos_irq_priority_site {
  int irq, prio;
  unsigned known;
  void (*set)(int, int);
  void (*via)(const struct noos_irq_priority_site *, int, int);
};

/* The thread function of pthread_create's and thrd_create's threads
 * (runtime/src/pthread.c), which calls the start routine through a
 * pointer: their records' via. */
void noos__pthread_trampoline(void *__p);

#if !defined(__cplusplus) && defined(__clang__)
/* Compile-time tests the creation macros use to fill a record: each
 * argument is evaluated once, by the call, whatever it is. */
#define noos__site_pick(ok, value, none)                                      \
  __builtin_choose_expr(ok, value, none)
#define noos__site_is_function(f, type)                                       \
  __builtin_types_compatible_p(__typeof__(f), type)
#define noos__site_is_literal(s)                                              \
  (!__builtin_types_compatible_p(__typeof__(s), __typeof__(&*(s))) &&         \
   __builtin_constant_p((s)[0]))
/* A function's name as the record's entry (its address, whatever its
 * type: noos-ld reads only the address), else 0. The cast goes through
 * void (*)(void), which -Wcast-function-type takes as intended. */
#define noos__site_entry(f, type)                                             \
  noos__site_pick(noos__site_is_function(f, type),                            \
                  (void (*)(void *))(void (*)(void))(f), (void (*)(void *))0)
#endif

#ifdef __cplusplus
}
#endif

#endif
