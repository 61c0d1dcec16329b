/*
 * The armv7a MMU map: a flat (identity) map, made by noos_fault_init
 * before anything else in noos_start runs, with 1 MiB sections where a
 * whole MiB has one kind and 4 KiB small pages (a second-level table) in
 * the MiBs where kinds meet:
 *
 *   text (.vectors, .text)                  Normal, read-only, executable
 *   read-only data (.rodata ... .got)       Normal, read-only, never executable
 *   the rest of the RAM blocks (the board's Normal, read/write, never executable
 *     RAM below the text start, .data,
 *     .bss, the stacks, .noinit, the heap)
 *   everything else                         Device, read/write, never executable
 *
 * So a write to text or read-only data is a data abort (permission fault),
 * and a jump to data, a stack, the heap, a peripheral or an unmapped
 * address a prefetch abort (permission fault) where it happens; device
 * registers are accessed in order, uncached. Normal memory is write-back
 * write-allocate cacheable. The layout (linker-scripts/arm-a.ld) starts
 * read-only data (__rodata_start) and the writable segment (__rodata_end)
 * on page boundaries and asserts it. RAM is rounded out to whole MiB.
 * Then the caches (invalidated first, as they hold garbage after reset on
 * real parts) and branch prediction are enabled.
 *
 * The page below the main stack (__stack_guard, below __stack_limit) is
 * left unmapped: a main stack overflow is a data abort (translation
 * fault) there, which the fault report names.
 *
 * Created threads' guard pages (k_guard_size, k_guard_thread): the page
 * below each created thread's stack (sched.c puts one there, page-aligned)
 * is unmapped while the thread runs and mapped again when another one
 * runs (the heap may reuse a freed block), one page at a time, as the
 * aarch64 port does. Its MiB, if still a read/write section, is split
 * into pages when the thread is created (a second-level table from the
 * pool, then from the heap), by break-before-make: the section entry
 * cleared, the TLB invalidated, then the table entry written. Nothing may
 * touch that MiB in between: the code that does it is text (never in a
 * read/write section), and the first-level table's MiB is split at reset.
 *
 * Until the MMU is on, every access is Strongly-ordered: slow on real
 * parts, uncached, and unaligned accesses fault whatever SCTLR.A says.
 *
 * The first-level table is 16 KiB, aligned to 16 KiB, in .noinit (written
 * whole here): the runtime's own on every board, not in the RAM below the
 * text start, which the layout leaves to the board (QEMU's device tree on
 * virt; TamaGo's page tables at +0x4000 and +0xC000 on mcimx6ul-evk).
 */
#include "internal.h"
#include "kernel.h"
#include <stdlib.h>

extern char __noos_ram1_start[], __noos_ram1_end[];
extern char __noos_ram2_start[], __noos_ram2_end[];
extern char __stack_guard[], __vectors_start[];
extern char __rodata_start[], __rodata_end[];

/* In .noinit: written whole below, so zeroing it at reset would be
 * wasted. */
static uint32_t l1_table[4096]
    __attribute__((aligned(16384), section(".noinit.noos_mmu_table")));

/* Short-descriptor section entries (Arm ARM B3.5.1), with TEX remap and
 * the access flag off (SCTLR.TRE and AFE 0, set below): AP[2:0] 0b011 is
 * read/write, 0b111 read-only, at PL1 and PL0 alike (threads run in SVC
 * mode); domain 0, checked. Normal memory is TEX 0b001 C B: outer and
 * inner write-back write-allocate; Device is B alone (Shareable Device). */
#define SECTION 0x2u
#define B (1u << 2)
#define C (1u << 3)
#define XN (1u << 4)
#define AP_RW (3u << 10)
#define TEX(n) ((uint32_t)(n) << 12)
#define APX (1u << 15)
#define NORMAL (SECTION | AP_RW | TEX(1) | C | B)
#define NORMAL_RW (NORMAL | XN)
#define NORMAL_RX (NORMAL | APX)
#define NORMAL_RO (NORMAL | APX | XN)
#define DEVICE (SECTION | AP_RW | B | XN)

#define MB(a) ((uint32_t)(uintptr_t)(a) >> 20)
#define MIB 0x100000u
#define PAGE 4096u

/* The small page entry (B3.5.1: bit 1 set) with a section entry's
 * attributes: B and C in place, XN from bit 4 to bit 0, AP[1:0], TEX and
 * APX (bits 10-15) down by 6 to bits 4-9. */
static inline uint32_t page_attrs(uint32_t section) {
  return 0x2u | (section & (B | C)) | ((section >> 4) & 1u) |
         ((section >> 6) & 0x3f0u);
}
#define PAGE_TABLE 0x1u

/* Second-level tables (256 entries, 1 KiB aligned): for the MiBs split at
 * reset, then for created threads' guards (then the heap). At most five
 * MiBs are split at reset (those of the text start, __rodata_start,
 * __rodata_end, the main stack's guard page and the first-level table),
 * so reset never runs out; a small image needs one (all of those in one
 * MiB), which leaves four for threads. */
#define POOL_TABLES 5
static uint32_t l2_pool[POOL_TABLES][256]
    __attribute__((aligned(1024), section(".noinit.noos_mmu_l2")));
static unsigned pool_used;

/* The MMU map is made: created threads get a guard page (k_guard_size).
 * The page unmapped now (0: none), for the fault report (fault.c), and
 * its descriptor, to map it again. */
static uint8_t mmu_on;
uint32_t noos__a32_thread_guard;
static uint32_t *guard_pte;
static uint32_t guard_desc;

/* The table walks do not look in the caches (TTBR0 says Non-cacheable):
 * a descriptor written with the MMU on is cleaned to memory (DCCMVAC)
 * before a walk may need it. */
static inline void clean_line(const void *p) {
  __asm__ volatile("mcr p15, 0, %0, c7, c10, 1" : : "r"(p) : "memory");
}

/* Fills t with the MiB mib's pages, as its section entry mapped them. */
static void fill_pages(uint32_t *t, uint32_t mib, uint32_t section) {
  uint32_t v = (mib << 20) | page_attrs(section);
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

/* At reset (MMU off): the MiB mib in pages, as its section was, if it is
 * not yet; its second-level table. */
static uint32_t *split_at_reset(uint32_t mib) {
  uint32_t *t = l2_of(mib);
  if (!t) {
    t = l2_pool[pool_used++];
    fill_pages(t, mib, l1_table[mib]);
    l1_table[mib] = (uint32_t)(uintptr_t)t | PAGE_TABLE;
  }
  return t;
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

/* Maps [from, to) MiB to themselves as sections with attributes attr,
 * four entries an iteration (the whole table is written at every reset). */
static void map_sections(uint32_t from, uint32_t to, uint32_t attr) {
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
    map_sections(MB(start), MB(end - 1) + 1, NORMAL_RW);
}

/* At reset: maps [start, end) (whole pages, in RAM) with the section
 * attributes attr: a whole MiB as a section, unless it is in pages
 * already; the rest as pages, its MiB split first. */
static void map(uint32_t start, uint32_t end, uint32_t attr) {
  while (start < end) {
    uint32_t mib = start >> 20, stop = (mib + 1) << 20;
    if (!(start & (MIB - 1)) && end - start >= MIB && !l2_of(mib)) {
      l1_table[mib] = start | attr;
      start = stop;
      continue;
    }
    uint32_t *t = split_at_reset(mib), pattr = page_attrs(attr);
    if (stop > end || !stop)
      stop = end;
    for (; start < stop; start += PAGE)
      t[(start >> 12) & 255] = start | pattr;
  }
}

void noos__mmu_init(void) {
  map_sections(0, 4096, DEVICE);
  map_ram(__noos_ram1_start, __noos_ram1_end);
  map_ram(__noos_ram2_start, __noos_ram2_end);
  /* The image: text from the page of the vector table, read-only data. */
  uint32_t text = (uint32_t)(uintptr_t)__vectors_start & ~(PAGE - 1);
  map(text, (uint32_t)(uintptr_t)__rodata_start, NORMAL_RX);
  map((uint32_t)(uintptr_t)__rodata_start, (uint32_t)(uintptr_t)__rodata_end,
      NORMAL_RO);
  /* The main stack's guard page faults. */
  uint32_t guard = (uint32_t)(uintptr_t)__stack_guard;
  split_at_reset(MB(guard))[(guard >> 12) & 255] = 0;
  /* What a split after reset writes (noos__a32_split_live): the first-
   * level table, which must not be in the MiB it splits. */
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
  /* The tables say what is executable and writable, as on aarch64: WXN
   * and UWXN off (no region is both writable and executable anyway; QEMU
   * 7.2 does not apply them to short-descriptor tables, so on would be
   * untested), and the descriptors' formats as written above: TRE (TEX
   * remap) and AFE (AP[0] as an access flag) off, whatever a boot loader
   * left. */
  sctlr &= ~((1u << 19)    /* WXN */
             | (1u << 20)  /* UWXN */
             | (1u << 28)  /* TRE */
             | (1u << 29)); /* AFE */
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
 * is text, never in a read/write section, and l1_table is in a MiB split
 * at reset, so neither is in this one. */
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
    if (l1_table[mib] != ((mib << 20) | NORMAL_RW))
      return 0;
    uint32_t m = k_lock();
    t = pool_used < POOL_TABLES ? l2_pool[pool_used++] : 0;
    k_unlock(m);
    uint32_t *heap = 0;
    if (!t && !(t = heap = aligned_alloc(1024, 1024)))
      return 0;
    fill_pages(t, mib, NORMAL_RW);
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
 * back as it was (an invalid descriptor is never in the TLB: nothing to
 * invalidate), the incoming one's goes (cleared, then its TLB entry
 * invalidated: the page faults from the next instruction on). */
void noos__a32_guard_switch(uint32_t *pte) {
  if (pte == guard_pte)
    return;
  if (guard_pte) {
    *guard_pte = guard_desc;
    clean_line(guard_pte);
  }
  uint32_t page = 0;
  if (pte) {
    guard_desc = *pte;
    page = guard_desc & ~(PAGE - 1);
    *pte = 0;
    clean_line(pte);
    __asm__ volatile("dsb\n\tmcr p15, 0, %0, c8, c7, 1" /* TLBIMVA */
                     : : "r"(page) : "memory");
  }
  guard_pte = pte;
  noos__a32_thread_guard = page;
  __asm__ volatile("dsb\n\tisb" ::: "memory");
}
