/*
 * The console: noos_printk for single characters from anywhere, and
 * picolibc's stdin/stdout/stderr through noos_console_write/read.
 * Without a board driver, output goes over semihosting a line at a time
 * (one trap per line instead of one per character).
 */
#include "kernel.h"
#include <stdio.h>

/* Built for size: the console's speed is the UART's or the debugger's,
 * not these few instructions per character. */
#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

__attribute__((weak)) size_t noos_console_write(const char *buf, size_t len) {
  char chunk[64];
  size_t done = 0;
  while (done < len) {
    size_t n = 0;
    while (n < sizeof(chunk) - 1 && done + n < len && buf[done + n])
      chunk[n] = buf[done + n], ++n;
    if (n == 0) { /* a NUL byte: SYS_WRITE0 cannot carry it */
      ++done;
      continue;
    }
    chunk[n] = 0;
    noos_semihost(NOOS_SYS_WRITE0, chunk);
    done += n;
  }
  return len;
}

__attribute__((weak)) void noos_printk(char c) { noos_console_write(&c, 1); }

__attribute__((weak)) size_t noos_console_read(char *buf, size_t len) {
  size_t n = 0;
  while (n < len) {
    int c = (int)noos_semihost(NOOS_SYS_READC, 0);
    if (c < 0 || c == 4 /* ^D */)
      break;
    buf[n++] = (char)c;
    if (c == '\n')
      break;
  }
  return n;
}

/* stdio: a line buffer in front of the console, shared by every thread
 * and held by one at a time, from the first character of a line to its
 * newline, so that a line printed by one call comes out whole however the
 * threads are preempted (as a hosted C library keeps each call's output
 * together). A longer line is written out in pieces of the buffer's size
 * but stays held. Another thread that wants to print waits on the futex
 * (the holder word) until the line is done; it takes the line over, and
 * writes out what is in it, when the holder is no longer running a call
 * (it blocked or ended with a line unfinished) or when no line has been
 * finished for HOLD_NS, so that a thread that prints half a line and then
 * computes holds no one up for long. Interrupt handlers never wait: what they print goes
 * straight to the console (they should not print at all). */
#define HOLD_NS 20000000u /* 20 ms */

static struct {
  struct noos_thread *volatile holder; /* NULL: free; the futex word */
  volatile uint32_t waiters;
  volatile uint32_t done; /* lines finished, to see that one is held up */
  size_t used;
  char line[80];
} out;

/* Weak: a program without threads links neither the scheduler nor the
 * clock for the console's sake (with one thread the line is never held by
 * another, so none of them is called). The holder is then the token
 * ALONE. */
extern struct noos_thread *volatile noos__current __attribute__((weak));
extern __typeof__(noos_nanotime) noos_nanotime __attribute__((weak));
extern __typeof__(noos_futex_wait) noos_futex_wait __attribute__((weak));
extern __typeof__(noos_futex_wake) noos_futex_wake __attribute__((weak));

static void write_line(void) {
  size_t n = out.used;
  out.used = 0;
  if (n)
    noos_console_write(out.line, n);
}

extern __typeof__(noos_thread_yield) noos_thread_yield __attribute__((weak));

static void release(void) {
  out.holder = NULL;
  ++out.done;
  /* A waiter of the same priority gets the next line: without the yield
   * the releaser would take it again at once, and a waiter only ever got
   * it when a slice happened to end between two lines. */
  if (out.waiters && noos_futex_wake &&
      noos_futex_wake((volatile uint32_t *)(uintptr_t)&out.holder, 1) &&
      k_can_svc())
    noos_thread_yield();
}

#define ALONE ((struct noos_thread *)1)

static struct noos_thread *current(void) {
  return &noos__current ? noos__current : ALONE;
}

/* The holder no longer runs a call: it blocked or ended with its line
 * unfinished. (A thread that ended may have been freed: then this reads
 * what is there now, and the wait's bound settles it.) */
static int abandoned(const struct noos_thread *t) {
  return t != ALONE && t->state != T_READY;
}

/* Makes self the line's holder; 0 when it cannot wait for that (a
 * handler, or interrupts masked) and should write straight out. */
static __attribute__((noinline)) int take(struct noos_thread *self) {
  if (!k_can_svc() || !noos_futex_wait || !noos_nanotime) {
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

static int flush(FILE *f) {
  (void)f;
  struct noos_thread *self = current(), *h = out.holder;
  if (h == self || (h && abandoned(h) && take(self))) {
    write_line();
    release();
  }
  return 0;
}

static int put(char c, FILE *f) {
  (void)f;
  struct noos_thread *self = current();
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

static int get(FILE *f) {
  char c;
  flush(f);
  return noos_console_read(&c, 1) == 1 ? (unsigned char)c : EOF;
}

/* stdout and stderr share one stream and its line; stdin has its own, so
 * that a program that only writes links no input code (get, the board's
 * UART receive): each of the three is a separate section, and only those
 * a program names are kept. Reading flushes the output line first. */
static FILE console_out = FDEV_SETUP_STREAM(put, NULL, flush, _FDEV_SETUP_WRITE);
static FILE console_in = FDEV_SETUP_STREAM(NULL, get, flush, _FDEV_SETUP_READ);
__attribute__((weak)) FILE *const stdin = &console_in;
__attribute__((weak)) FILE *const stdout = &console_out;
__attribute__((weak)) FILE *const stderr = &console_out;

void noos_puts_raw(const char *s) {
  const char *e = s;
  while (*e)
    ++e;
  noos_console_write(s, (size_t)(e - s));
}

void noos_put_hex(uint32_t v) {
  char buf[11];
  buf[0] = '0';
  buf[1] = 'x';
  buf[10] = 0;
  for (int i = 9; i > 1; --i, v >>= 4) {
    uint32_t d = v & 15;
    buf[i] = (char)(d < 10 ? '0' + d : 'a' - 10 + d);
  }
  noos_puts_raw(buf);
}

void noos_put_dec(uint32_t v) {
  char buf[11];
  int i = 10;
  buf[i] = 0;
  do {
    buf[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  noos_puts_raw(buf + i);
}

#pragma clang attribute pop
