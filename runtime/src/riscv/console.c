/*
 * The console of RISC-V (a copy of armv7a's until the kernel port): noos_printk for single characters from anywhere,
 * and picolibc's stdin/stdout/stderr through noos_console_write/read.
 * Without a board driver, output goes over semihosting a line at a time.
 *
 * The portable console.c holds a line for one thread at a time, which
 * needs the thread kernel's interrupt masking; RISC-V has no threads yet
 * (unported-sources.txt), so this console only buffers the line: one
 * program thread, and exception handlers that print go straight out.
 */
#include "internal.h"
#include <stdio.h>

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

static struct {
  size_t used;
  char line[80];
} out;

static int flush(FILE *f) {
  (void)f;
  size_t n = out.used;
  out.used = 0;
  if (n)
    noos_console_write(out.line, n);
  return 0;
}

static int put(char c, FILE *f) {
  out.line[out.used++] = c;
  if (c == '\n' || out.used == sizeof(out.line))
    flush(f);
  return (unsigned char)c;
}

static int get(FILE *f) {
  char c;
  flush(f);
  return noos_console_read(&c, 1) == 1 ? (unsigned char)c : EOF;
}

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
