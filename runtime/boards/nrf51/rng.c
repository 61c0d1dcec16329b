/*
 * nRF51 entropy: the RNG peripheral (thermal noise), which QEMU models
 * (nrf51_soc.rng), for getentropy, arc4random and std::random_device.
 * Bias correction is on (CONFIG.DERCEN), as Nordic recommends for keys.
 * Only getentropy's callers reach it (the section is dropped otherwise),
 * and picolibc's arc4random calls it under the C library's lock.
 */
#include "board.h"
#include <noos/noos.h>

#define RNG(off) (*(volatile uint32_t *)(NRF_RNG_BASE + (off)))

/* A byte takes about 120 us with bias correction on hardware; a generator
 * that stops producing fails the call instead of hanging it. */
#define SPIN_LIMIT 2000000u

int noos_get_random_data(void *buf, size_t len) {
  uint8_t *p = buf;
  int status = 0;
  RNG(RNG_CONFIG) = 1; /* DERCEN */
  RNG(RNG_EVENTS_VALRDY) = 0;
  RNG(RNG_TASKS_START) = 1;
  for (size_t i = 0; i < len; ++i) {
    uint32_t spins = 0;
    while (!RNG(RNG_EVENTS_VALRDY))
      if (++spins == SPIN_LIMIT) {
        status = -1;
        goto out;
      }
    RNG(RNG_EVENTS_VALRDY) = 0; /* before VALUE: the next byte sets it */
    p[i] = (uint8_t)RNG(RNG_VALUE);
  }
out:
  RNG(RNG_TASKS_STOP) = 1;
  return status;
}
