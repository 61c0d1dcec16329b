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
 * Created threads' guard pages (k_guard_size, k_guard_thread): the page
 * below each created thread's stack (sched.c puts one there, page-aligned)
 * is unmapped while the thread runs and mapped again when another one
 * runs (the heap may reuse a freed block), one page at a time, as the
 * aarch64 port does. Its MiB is split into pages when the thread is
 * created (a second-level table from a small pool, then from the heap),
 * by break-before-make: the section entry cleared, the TLB invalidated,
 * then the table entry written. Nothing may touch that MiB in between, so
 * the MiBs of the code that does it and of the first-level table are
 * split at reset already (for a small image, the guard's MiB holds both:
 * no more work than before).
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
#include "kernel.h"
#include <stdlib.h>

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
#define PAGE 4096u

/* More second-level tables: for the MiBs split at reset besides the
 * guard's, then for created threads' guards (then the heap). */
#define POOL_TABLES 3
static uint32_t l2_pool[POOL_TABLES][256]
    __attribute__((aligned(1024), section(".noinit.noos_mmu_l2")));
static unsigned pool_used;

/* The MMU map is made: created threads get a guard page (k_guard_size).
 * The page unmapped now (0: none), for the fault report (fault.c). */
static uint8_t mmu_on;
uint32_t noos__a32_thread_guard;
static uint32_t *guard_pte;

/* The table walks do not look in the caches (TTBR0 says Non-cacheable):
 * a descriptor written with the MMU on is cleaned to memory (DCCMVAC)
 * before a walk may need it. */
static inline void clean_line(const void *p) {
  __asm__ volatile("mcr p15, 0, %0, c7, c10, 1" : : "r"(p) : "memory");
}

/* Fills t with the MiB mib's pages, as its section mapped them. */
static void fill_pages(uint32_t *t, uint32_t mib) {
  uint32_t v = (mib << 20) | PAGE_NORMAL_WBWA;
  for (uint32_t *p = t, *end = t + 256; p < end; p += 4, v += 4 * PAGE) {
    p[0] = v;
    p[1] = v + PAGE;
    p[2] = v + 2 * PAGE;
    p[3] = v + 3 * PAGE;
  }
}

/* The second-level table of a MiB, NULL when it has none. */
static uint32_t *l2_of(uint32_t mib) {
  uint32_t e = l1_table[mib];
  return (e & 3) == PAGE_TABLE ? (uint32_t *)(uintptr_t)(e & ~0x3ffu) : 0;
}

void noos__a32_split_live(uint32_t *entry, uint32_t table);

/* At reset (MMU off): the MiB mib of RAM in pages, if it is not yet. */
static void split_at_reset(uint32_t mib) {
  if (l2_of(mib) || l1_table[mib] != ((mib << 20) | NORMAL_WBWA) ||
      pool_used == POOL_TABLES)
    return;
  uint32_t *t = l2_pool[pool_used++];
  fill_pages(t, mib);
  l1_table[mib] = (uint32_t)(uintptr_t)t | PAGE_TABLE;
}

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
  /* What a split after reset runs on (noos__a32_split_live): its code
   * and the first-level table. */
  split_at_reset(MB(noos__a32_split_live));
  split_at_reset(MB(l1_table));
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
  mmu_on = 1;
}

/* --- Thread stack guards (the kernel's port: k_guard_size & co) -------- */

uint32_t k_guard_size(void) { return mmu_on ? PAGE : 0; }

/* Splits a live section into the pages of table (filled and cleaned),
 * break-before-make, interrupts masked: the entry cleared, the TLB
 * invalidated (the section may be cached under any of its addresses),
 * then the table entry made. In between nothing may reach this MiB: no
 * stack (naked), and this code (under 64 bytes, 64-aligned: in one MiB)
 * and l1_table are in MiBs split at reset, so never this one. */
__attribute__((naked, aligned(64))) void
noos__a32_split_live(uint32_t *entry, uint32_t table) {
  __asm__ volatile("mov r2, #0\n\t"
                   "str r2, [r0]\n\t"
                   "mcr p15, 0, r0, c7, c10, 1\n\t" /* DCCMVAC */
                   "dsb\n\t"
                   "mcr p15, 0, r2, c8, c7, 0\n\t" /* TLBIALL */
                   "dsb\n\t"
                   "isb\n\t"
                   "str r1, [r0]\n\t"
                   "mcr p15, 0, r0, c7, c10, 1\n\t"
                   "dsb\n\t"
                   "isb\n\t"
                   "bx lr");
}

/* The second-level descriptor of a created thread's guard page (its MiB
 * split into pages first); NULL when it cannot have one: the MMU map is
 * not made, the page is not in a RAM section, or no table is left (the
 * canary and the switch's check still catch an overflow then). */
uint32_t *noos__a32_guard_pte(uintptr_t guard) {
  if (!guard || !mmu_on)
    return 0;
  uint32_t mib = MB(guard), *t = l2_of(mib);
  if (!t) {
    if (l1_table[mib] != ((mib << 20) | NORMAL_WBWA))
      return 0;
    uint32_t m = k_lock();
    t = pool_used < POOL_TABLES ? l2_pool[pool_used++] : 0;
    k_unlock(m);
    uint32_t *heap = 0;
    if (!t && !(t = heap = aligned_alloc(1024, 1024)))
      return 0;
    fill_pages(t, mib);
    for (uint32_t *p = t; p < t + 256; p += 8)
      clean_line(p);
    m = k_lock();
    uint32_t *other = l2_of(mib); /* another thread's creation split it */
    if (!other)
      noos__a32_split_live(&l1_table[mib], (uint32_t)(uintptr_t)t | PAGE_TABLE);
    k_unlock(m);
    if (other) {
      free(heap); /* (a pool table stays unused) */
      t = other;
    }
  }
  return &t[(guard >> 12) & 255];
}

/* k_switch_in (interrupts masked): the outgoing thread's guard page comes
 * back (an invalid descriptor is never in the TLB: nothing to
 * invalidate), the incoming one's goes (cleared, then its TLB entry
 * invalidated: the page faults from the next instruction on). */
void noos__a32_guard_switch(uint32_t *pte) {
  if (pte == guard_pte)
    return;
  if (guard_pte) {
    *guard_pte = noos__a32_thread_guard | PAGE_NORMAL_WBWA;
    clean_line(guard_pte);
  }
  uint32_t page = 0;
  if (pte) {
    page = *pte & ~(PAGE - 1);
    *pte = 0;
    clean_line(pte);
    __asm__ volatile("dsb\n\tmcr p15, 0, %0, c8, c7, 1" /* TLBIMVA */
                     : : "r"(page) : "memory");
  }
  guard_pte = pte;
  noos__a32_thread_guard = page;
  __asm__ volatile("dsb\n\tisb" ::: "memory");
}
