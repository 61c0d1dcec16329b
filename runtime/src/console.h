/*
 * The console's stdio line (console.c), shared with the waiting for it
 * (console-wait.c), which only programs with threads link.
 */
#ifndef NOOS_CONSOLE_H
#define NOOS_CONSOLE_H

#include "internal.h"
#include "port.h"
#include <stddef.h>
#include <stdint.h>

struct noos_thread; /* kernel.h's, for console-wait.c */

struct noos__console {
  struct noos_thread *volatile holder; /* NULL: free; the futex word */
  volatile uint32_t waiters;
  volatile uint32_t done; /* lines finished, to see that one is held up */
  size_t used;
  char line[80];
};
extern struct noos__console noos__console_out;

/* Writes out what is in the line. */
void noos__console_write_line(void);

/* console-wait.c, linked with the scheduler (sched.c refers to it from a
 * section nothing keeps, so that the archive member comes in; the code is
 * kept only when console.c is): stdio's put and flush with a line shared
 * by the threads. Weak here: without threads, null, and console.c's own
 * put and flush serve the one writer. */
int noos__console_put(char c) __attribute__((weak));
int noos__console_flush(void) __attribute__((weak));

#endif
