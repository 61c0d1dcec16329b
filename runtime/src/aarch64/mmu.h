/* The AArch64 runtime's identity map (mmu.c): what a board adds to it. */
#ifndef NOOS_AARCH64_MMU_H
#define NOOS_AARCH64_MMU_H

#include <stdint.h>

/* A board's peripheral address ranges, mapped as Device-nGnRE memory,
 * never executable; the list ends with an entry of size 0. Weak in the
 * runtime: without a board list no peripheral is mapped (semihosting,
 * which traps, still works). */
struct noos_mmio_range {
  uint64_t base, size;
};
extern const struct noos_mmio_range noos_board_mmio[];

#endif
