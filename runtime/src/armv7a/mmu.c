/*
 * The armv7a MMU map: a flat (identity) map of 1 MiB sections, made by
 * noos_fault_init before anything else in noos_start runs:
 *   - RAM (the layout's RAM blocks, rounded out to whole MiB) as Normal
 *     memory, write-back write-allocate cacheable, read/write, executable;
 *   - everything else as Device memory, never executable, so that a jump
 *     to a peripheral or an unmapped address is a prefetch abort
 *     (permission fault) where it happens, and device registers are
 *     accessed in order, uncached.
 * Then the caches (invalidated first, as they hold garbage after reset on
 * real parts) and branch prediction are enabled.
 *
 * With the MMU off, every access is Strongly-ordered: slow on real parts,
 * uncached, and unaligned accesses fault whatever SCTLR.A says. Text
 * read-only, data never executable and guard pages below the stacks need
 * 4 KiB pages (second-level tables): not yet (issue 9).
 *
 * The table is 16 KiB, aligned to 16 KiB, in .bss (zeroed before this
 * runs, and written whole here).
 */
#include "internal.h"

extern char __noos_ram1_start[], __noos_ram1_end[];
extern char __noos_ram2_start[], __noos_ram2_end[];

static uint32_t l1_table[4096] __attribute__((aligned(16384)));

/* Short-descriptor section entries (Arm ARM B3.5.1): AP[1:0] = 0b11
 * (read/write at every level), domain 0. */
#define SECTION 0x2u
#define B (1u << 2)
#define C (1u << 3)
#define XN (1u << 4)
#define AP_RW (3u << 10)
#define TEX(n) ((uint32_t)(n) << 12)
#define NORMAL_WBWA (SECTION | AP_RW | TEX(1) | C | B)
#define DEVICE (SECTION | AP_RW | B | XN)

#define MB(a) ((uint32_t)(uintptr_t)(a) >> 20)

/* Invalidates the data and unified caches, level by level, by set/way
 * (without cleaning: nothing has been cached yet). */
static void invalidate_dcache(void) {
  uint32_t clidr;
  __asm__ volatile("mrc p15, 1, %0, c0, c0, 1" : "=r"(clidr));
  uint32_t loc = (clidr >> 24) & 7;
  for (uint32_t level = 0; level < loc; ++level) {
    uint32_t type = (clidr >> (3 * level)) & 7;
    if (type < 2) /* no cache or instruction only */
      continue;
    uint32_t ccsidr;
    __asm__ volatile("mcr p15, 2, %0, c0, c0, 0\n\tisb" ::"r"(level << 1));
    __asm__ volatile("mrc p15, 1, %0, c0, c0, 0" : "=r"(ccsidr));
    uint32_t line_shift = (ccsidr & 7) + 4;
    uint32_t ways = (ccsidr >> 3) & 0x3ff; /* number of ways - 1 */
    uint32_t sets = (ccsidr >> 13) & 0x7fff;
    uint32_t way_shift = ways ? (uint32_t)__builtin_clz(ways) : 0;
    for (uint32_t w = 0; w <= ways; ++w)
      for (uint32_t s = 0; s <= sets; ++s)
        __asm__ volatile("mcr p15, 0, %0, c7, c6, 2" ::"r"(
            (w << way_shift) | (s << line_shift) | (level << 1)));
  }
  __asm__ volatile("dsb" ::: "memory");
}

static int in(uint32_t mb, const char *start, const char *end) {
  return end > start && mb >= MB(start) && mb <= MB(end - 1);
}

void noos__mmu_init(void) {
  for (uint32_t mb = 0; mb < 4096; ++mb) {
    int ram = in(mb, __noos_ram1_start, __noos_ram1_end) ||
              in(mb, __noos_ram2_start, __noos_ram2_end);
    l1_table[mb] = (mb << 20) | (ram ? NORMAL_WBWA : DEVICE);
  }
  invalidate_dcache();
  uint32_t zero = 0;
  __asm__ volatile(
      "dsb\n\t"
      "mcr p15, 0, %0, c8, c7, 0\n\t" /* TLBIALL */
      "mcr p15, 0, %0, c7, c5, 0\n\t" /* ICIALLU */
      "mcr p15, 0, %0, c7, c5, 6\n\t" /* BPIALL */
      "mcr p15, 0, %0, c2, c0, 2\n\t" /* TTBCR: TTBR0 translates everything */
      "mcr p15, 0, %1, c2, c0, 0\n\t" /* TTBR0: the table (uncached walks) */
      "mcr p15, 0, %2, c3, c0, 0\n\t" /* DACR: domain 0 client (checked) */
      "dsb\n\t"
      "isb" ::"r"(zero),
      "r"((uint32_t)(uintptr_t)l1_table), "r"(1u)
      : "memory");
  uint32_t sctlr;
  __asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(sctlr));
  sctlr |= (1u << 0)    /* M: the MMU */
           | (1u << 2)  /* C: data and unified caches */
           | (1u << 11) /* Z: branch prediction */
           | (1u << 12); /* I: instruction cache */
  __asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n\tisb" ::"r"(sctlr) : "memory");
}
