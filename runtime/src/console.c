/*
 * The console: noos_printk for single characters from anywhere, and
 * picolibc's stdin/stdout/stderr through noos_console_write/read.
 * Without a board driver, output goes over semihosting a line at a time
 * (one trap per line instead of one per character).
 */
#include "internal.h"
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

/* stdio: a line buffer in front of the console, shared by every thread:
 * its index changes with interrupts masked, and a full line is copied out
 * and written with interrupts on, so a thread preempted mid-printf can
 * mix characters into another's line but never overrun the buffer. */
static char line[80];
static size_t used;

static uint32_t mask(void) {
  uint32_t m;
  __asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(m) : : "memory");
  return m;
}

static void unmask(uint32_t m) {
  __asm__ volatile("msr primask, %0" : : "r"(m) : "memory");
}

static int flush(FILE *f) {
  (void)f;
  char out[sizeof(line)];
  uint32_t m = mask();
  size_t n = used;
  for (size_t i = 0; i < n; ++i)
    out[i] = line[i];
  used = 0;
  unmask(m);
  if (n)
    noos_console_write(out, n);
  return 0;
}

static int put(char c, FILE *f) {
  size_t n;
  for (;;) {
    uint32_t m = mask();
    n = used;
    if (n < sizeof(line)) {
      line[n++] = c;
      used = n;
      unmask(m);
      break;
    }
    unmask(m);
    flush(f); /* full: another thread is about to flush it */
  }
  if (c == '\n' || n == sizeof(line))
    flush(f);
  return (unsigned char)c;
}

static int get(FILE *f) {
  (void)f;
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
FILE *const stdin = &console_in;
FILE *const stdout = &console_out;
FILE *const stderr = &console_out;

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
