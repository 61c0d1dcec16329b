/*
 * Entropy for getentropy() (and so arc4random): from the board's source.
 * A board without one says so, loudly, and getentropy fails: predictable
 * "random" numbers are worse than none.
 */
#include "internal.h"
#include <errno.h>
#include <unistd.h>

__attribute__((weak)) void noos_init_rng(void) {}

/* Run at start-up when this file is linked (getentropy is used), after
 * time and before the program's constructors. */
static void noos_rng_start(void) { noos_init_rng(); }
NOOS_START_STEP(11, noos_rng_start);

__attribute__((weak)) int noos_get_random_data(void *buf, size_t len) {
  (void)buf;
  (void)len;
  static int said;
  if (!said) {
    said = 1;
    noos_puts_raw("noos: this board has no entropy source: getentropy() "
                  "fails (define noos_get_random_data to provide one)\n");
  }
  return -1;
}

__attribute__((weak)) int getentropy(void *buf, size_t len) {
  if (len > 256) {
    errno = EIO;
    return -1;
  }
  if (noos_get_random_data(buf, len) != 0) {
    errno = ENOSYS;
    return -1;
  }
  return 0;
}
