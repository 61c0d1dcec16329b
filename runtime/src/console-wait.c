/*
 * Waiting for the console's stdio line (console.c): a thread that wants
 * to print while another holds the line waits on the holder word, and
 * takes the line over when the holder is no longer running a call (it
 * blocked or ended with a line unfinished) or when no line has been
 * finished for HOLD_NS. Only programs with threads link this (sched.c
 * brings the archive member in, console.c's weak references keep the
 * code); a program without threads never waits for its own line.
 */
#include "console.h"

#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

#define HOLD_NS 20000000u /* 20 ms */
#define ALONE ((struct noos_thread *)1)
#define out noos__console_out


static uint32_t mask(void) {
  uint32_t m;
  __asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(m) : : "memory");
  return m;
}

static void unmask(uint32_t m) {
  __asm__ volatile("msr primask, %0" : : "r"(m) : "memory");
}

/* See console.c. */
static int abandoned(const struct noos_thread *t) {
  return t != ALONE && t->state != T_READY;
}

int noos__console_take_wait(struct noos_thread *self) {
  if (!k_can_svc())
    return -1; /* a handler, or interrupts masked: console.c's take */
  uint64_t until = 0;
  uint32_t done = out.done;
  for (;;) {
    uint32_t m = mask();
    struct noos_thread *h = out.holder;
    if (out.done != done) { /* lines go out: no one is held up */
      done = out.done;
      until = 0;
    }
    if (!h || abandoned(h) || (until && noos_nanotime() >= until)) {
      out.holder = self;
      unmask(m);
      noos__console_write_line(); /* the previous holder's unfinished line */
      return 1;
    }
    ++out.waiters;
    unmask(m);
    if (!until)
      until = noos_nanotime() + HOLD_NS;
    /* Woken when the line is done; the deadline rechecks the holder. */
    noos_futex_wait((volatile uint32_t *)(uintptr_t)&out.holder,
                    (uint32_t)(uintptr_t)h, noos_nanotime() + 1000000);
    m = mask();
    --out.waiters;
    unmask(m);
  }
}

/* A waiter of the same priority gets the next line: without the yield
 * the releaser would take it again at once, and a waiter only ever got
 * it when a slice happened to end between two lines. */
void noos__console_wake(void) {
  if (noos_futex_wake((volatile uint32_t *)(uintptr_t)&out.holder, 1) &&
      k_can_svc())
    noos_thread_yield();
}

#pragma clang attribute pop
