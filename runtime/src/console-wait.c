/*
 * stdio's line with threads (console.c has it without): the line is shared
 * by every thread and held by one at a time, from the first character of a
 * line to its newline, so that a line printed by one call comes out whole
 * however the threads are preempted (as a hosted C library keeps each
 * call's output together). A longer line is written out in pieces of the
 * buffer's size but stays held. Another thread that wants to print waits
 * on the futex (the holder word) until the line is done; it takes the line
 * over, and writes out what is in it, when the holder is no longer running
 * a call (it blocked or ended with a line unfinished) or when no line has
 * been finished for HOLD_NS, so that a thread that prints half a line and
 * then computes holds no one up for long. Interrupt handlers never wait:
 * what they print goes straight to the console.
 *
 * Only programs with threads link this: sched.c brings the archive member
 * in, and console.c's weak references keep the code when stdio is used.
 */
#include "console.h"
#include "kernel.h"
#include <stdio.h>

#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

#define HOLD_NS 20000000u /* 20 ms */
#define out noos__console_out
#define write_line noos__console_write_line

/* The holder no longer runs a call: it blocked or ended with its line
 * unfinished. (A thread that ended may have been freed: then this reads
 * what is there now, and the wait's bound settles it.) */
static int abandoned(const struct noos_thread *t) {
  return t->state != T_READY;
}

/* Makes self the line's holder; 0 when it cannot wait for that (a
 * handler, or interrupts masked) and should write straight out. */
static __attribute__((noinline)) int take(struct noos_thread *self) {
  if (!k_can_svc()) {
    uint32_t m = k_lock();
    int ok = !out.holder && !k_ipsr();
    if (ok)
      out.holder = self;
    k_unlock(m);
    return ok;
  }
  uint64_t until = 0;
  uint32_t done = out.done;
  for (;;) {
    uint32_t m = k_lock();
    struct noos_thread *h = out.holder;
    if (out.done != done) { /* lines go out: no one is held up */
      done = out.done;
      until = 0;
    }
    if (!h || abandoned(h) || (until && noos_nanotime() >= until)) {
      out.holder = self;
      k_unlock(m);
      write_line(); /* the previous holder's unfinished line */
      return 1;
    }
    ++out.waiters;
    k_unlock(m);
    if (!until)
      until = noos_nanotime() + HOLD_NS;
    /* Woken when the line is done; the deadline rechecks the holder. */
    noos_futex_wait((volatile uint32_t *)(uintptr_t)&out.holder,
                    (uint32_t)(uintptr_t)h, noos_nanotime() + 1000000);
    m = k_lock();
    --out.waiters;
    k_unlock(m);
  }
}

static void release(void) {
  out.holder = NULL;
  ++out.done;
  /* A waiter of the same priority gets the next line: without the yield
   * the releaser would take it again at once, and a waiter only ever got
   * it when a slice happened to end between two lines. */
  if (out.waiters &&
      noos_futex_wake((volatile uint32_t *)(uintptr_t)&out.holder, 1) &&
      k_can_svc())
    noos_thread_yield();
}

int noos__console_flush(void) {
  struct noos_thread *self = noos__current, *h = out.holder;
  if (h == self || (h && abandoned(h) && take(self))) {
    write_line();
    release();
  }
  return 0;
}

int noos__console_put(char c) {
  struct noos_thread *self = noos__current;
  if (out.holder != self || k_ipsr()) {
    if (k_ipsr() || !take(self)) {
      noos_console_write(&c, 1);
      return (unsigned char)c;
    }
  }
  size_t n = out.used;
  out.line[n++] = c;
  out.used = n;
  if (c == '\n') {
    write_line();
    release();
  } else if (n == sizeof(out.line)) {
    write_line();
  }
  return (unsigned char)c;
}

#pragma clang attribute pop
