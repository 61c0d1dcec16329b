/*
 * The key of a fault report's line, "  name:" padded to column 14, as
 * every decoded report writes it (fault.c on Cortex-M, and the A-profile
 * and RISC-V reports), with the raw console (no stdio, no heap).
 */
#include "internal.h"

#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

void noos__fault_key(const char *k) {
  noos_puts_raw("  ");
  noos_puts_raw(k);
  noos_puts_raw(":");
  unsigned n = 0;
  while (k[n])
    ++n;
  for (; n < 11; ++n)
    noos_puts_raw(" ");
}

#pragma clang attribute pop
