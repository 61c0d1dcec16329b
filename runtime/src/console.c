/*
 * The console: noos_printk for single characters from anywhere, and
 * picolibc's stdin/stdout/stderr through noos_console_write/read.
 * Without a board driver, output goes over semihosting a line at a time
 * (one trap per line instead of one per character).
 */
#include "console.h"
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

/* stdio: a line buffer in front of the console (struct noos__console,
 * console.h), written out at each newline and when full. Interrupt
 * handlers never buffer: what they print goes straight to the console
 * (they should not print at all).
 *
 * With threads, the line is shared by every thread and held by one at a
 * time, from the first character of a line to its newline, so that a
 * line printed by one call comes out whole however the threads are
 * preempted: that code (console-wait.c) is linked only with the
 * scheduler, and put and flush here hand over to it. A program without
 * threads has one writer and carries only the buffer. */
struct noos__console noos__console_out;
#define out noos__console_out

void noos__console_write_line(void) {
  size_t n = out.used;
  out.used = 0;
  if (n)
    noos_console_write(out.line, n);
}

static int flush(FILE *f) {
  (void)f;
  if (noos__console_flush)
    return noos__console_flush();
  noos__console_write_line();
  return 0;
}

static int put(char c, FILE *f) {
  (void)f;
  if (noos__console_put)
    return noos__console_put(c);
  if (k_ipsr()) {
    noos_console_write(&c, 1);
    return (unsigned char)c;
  }
  size_t n = out.used;
  out.line[n++] = c;
  out.used = n;
  if (c == '\n' || n == sizeof(out.line))
    noos__console_write_line();
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
