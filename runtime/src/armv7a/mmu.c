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
 * The MiB that holds the main stack's guard page (__stack_guard, below
 * __stack_limit) is mapped with 4 KiB pages instead (a second-level
 * table), the guard page left unmapped: a main stack overflow is a data
 * abort (translation fault) there, which the fault report names.
 *
 * With the MMU off, every access is Strongly-ordered: slow on real parts,
 * uncached, and unaligned accesses fault whatever SCTLR.A says. Text
 * read-only and data never executable need pages over the whole image:
 * not yet (issue 9).
 *
 * The table is 16 KiB, aligned to 16 KiB, in .noinit (written whole
 * here).
 */
#include "internal.h"

extern char __noos_ram1_start[], __noos_ram1_end[];
extern char __noos_ram2_start[], __noos_ram2_end[];
extern char __stack_guard[];

/* In .noinit: written whole below, so zeroing it at reset would be
 * wasted. */
static uint32_t l1_table[4096]
    __attribute__((aligned(16384), section(".noinit.noos_mmu_table")));

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

/* The guard page's MiB, in 4 KiB pages (a second-level table, 1 KiB
 * aligned). Small page entries (B3.5.1): bit 1 set; the same attributes
 * as NORMAL_WBWA in their page positions. */
static uint32_t l2_guard[256]
    __attribute__((aligned(1024), section(".noinit.noos_mmu_l2")));
#define PAGE_TABLE 0x1u
#define PAGE_NORMAL_WBWA (0x2u | B | C | (3u << 4) | (1u << 6))

/* Invalidates the level 1 data cache by set/way (without cleaning:
 * nothing has been cached yet). Level 1 only: the Cortex-A7 and A15
 * invalidate their caches by themselves at reset, and the Cortex-A9's L2
 * is an outer controller (PL310) that its board code owns; walking a
 * large L2 set by set costs tens of thousands of instructions at every
 * reset for nothing. */
static void invalidate_l1_dcache(void) {
  uint32_t ccsidr;
  __asm__ volatile("mcr p15, 2, %0, c0, c0, 0\n\tisb" ::"r"(0)); /* CSSELR: L1 data */
  __asm__ volatile("mrc p15, 1, %0, c0, c0, 0" : "=r"(ccsidr));
  uint32_t line_shift = (ccsidr & 7) + 4;
  uint32_t ways = (ccsidr >> 3) & 0x3ff; /* number of ways - 1 */
  uint32_t sets = (ccsidr >> 13) & 0x7fff;
  uint32_t way_shift = ways ? (uint32_t)__builtin_clz(ways) : 0;
  for (uint32_t w = 0; w <= ways; ++w)
    for (uint32_t s = 0; s <= sets; ++s)
      __asm__ volatile("mcr p15, 0, %0, c7, c6, 2" ::"r"((w << way_shift) |
                                                         (s << line_shift)));
  __asm__ volatile("dsb" ::: "memory");
}

/* Maps [from, to) MiB to themselves with attributes attr, four entries
 * an iteration (the whole table is written at every reset). */
static void map(uint32_t from, uint32_t to, uint32_t attr) {
  uint32_t *p = l1_table + from, *end = l1_table + to;
  uint32_t v = (from << 20) | attr;
  while (end - p >= 4) {
    p[0] = v;
    p[1] = v + (1u << 20);
    p[2] = v + (2u << 20);
    p[3] = v + (3u << 20);
    p += 4;
    v += 4u << 20;
  }
  for (; p < end; ++p, v += 1u << 20)
    *p = v;
}

/* The MiB sections RAM [start, end) touches. */
static void map_ram(const char *start, const char *end) {
  if (end > start)
    map(MB(start), MB(end - 1) + 1, NORMAL_WBWA);
}

void noos__mmu_init(void) {
  map(0, 4096, DEVICE);
  map_ram(__noos_ram1_start, __noos_ram1_end);
  map_ram(__noos_ram2_start, __noos_ram2_end);
  /* The guard page's MiB: as the section was, page by page, but the
   * guard page faults. */
  uint32_t guard = (uint32_t)(uintptr_t)__stack_guard;
  uint32_t base = guard & ~0xfffffu;
  for (uint32_t i = 0; i < 256; ++i)
    l2_guard[i] = base + (i << 12) == guard ? 0 : (base + (i << 12)) | PAGE_NORMAL_WBWA;
  l1_table[guard >> 20] = (uint32_t)(uintptr_t)l2_guard | PAGE_TABLE;
  invalidate_l1_dcache();
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
