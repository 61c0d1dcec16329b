/*
 * The identity map and the main stack's guard: noos_fault_init, the first
 * thing noos_start does, builds stage 1 translation tables for EL1 (4 KiB
 * granule, 32-bit virtual addresses, virtual = physical) and turns on the
 * MMU and the caches:
 *
 *   text (.vectors, .text)                   normal memory, read-only, executable
 *   read-only data (.rodata ... .got)        normal memory, read-only, never executable
 *   the rest of RAM (stack, data, bss, heap) normal memory, read-write, never executable
 *   the board's peripherals (noos_board_mmio) Device-nGnRE, never executable
 *   everything else                          unmapped: an access faults
 *
 * "The rest of RAM" runs from the bottom of the main stack (__stack_limit,
 * the start of RAM block 1) to __heap_end, so the page below the stack is
 * unmapped and a main stack overflow faults there (exception.c names it).
 * The layout (linker-scripts/aarch64.ld) starts the read-only data and the
 * writable data on page boundaries and asserts it.
 *
 * Until here, data accesses are to Device-nGnRnE memory (MMU off), where
 * an unaligned access faults: Reset_Handler and start.c's code before this
 * call do only aligned accesses.
 */
#include "internal.h"
#include "mmu.h"
#include <stdlib.h>

#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

extern char __stack_limit[], __vectors_start[], __text_end[];
extern char __rodata_end[], __heap_end[];

__attribute__((weak)) const struct noos_mmio_range noos_board_mmio[] = {{0, 0}};

/* Descriptor bits (Arm ARM D8.3). */
#define D_VALID 1ull
#define D_TABLE 2ull /* with D_VALID: a table (levels 1-2) or a page (3) */
#define D_ATTR(i) ((uint64_t)(i) << 2) /* MAIR_EL1 index */
#define D_AP_RO (2ull << 6)            /* EL1 read-only */
#define D_SH_INNER (3ull << 8)
#define D_AF (1ull << 10)
#define D_PXN (1ull << 53)
#define D_UXN (1ull << 54)
#define D_ADDR 0x0000fffffffff000ull

#define MAIR_NORMAL 0 /* index 0: write-back, read/write-allocate */
#define MAIR_DEVICE 1 /* index 1: Device-nGnRE */
#define MAIR_VALUE 0x04ffull

#define NORMAL_RW (D_ATTR(MAIR_NORMAL) | D_SH_INNER | D_AF | D_PXN | D_UXN)
#define NORMAL_RX (D_ATTR(MAIR_NORMAL) | D_SH_INNER | D_AF | D_AP_RO | D_UXN)
#define NORMAL_RO (NORMAL_RX | D_PXN)
#define DEVICE (D_ATTR(MAIR_DEVICE) | D_AF | D_PXN | D_UXN)

#define PAGE 0x1000ull
#define BLOCK 0x200000ull /* a level 2 block */
#define GIB 0x40000000ull

/* Level 1 holds 4 entries (4 GiB); the level 2 and 3 tables come from a
 * pool: one level 2 table per GiB used, one level 3 table per 2 MiB block
 * a mapping's bounds cut (the bounds of text, read-only data and RAM). */
#define POOL_TABLES 10
static uint64_t l1[4] __attribute__((aligned(32)));
/* Not zeroed at startup (.noinit, no file bytes: a section attribute in
 * C would make it PROGBITS): table() clears each table it hands out, so
 * startup zeroes only the tables a map uses. */
#define STR_(x) #x
#define STR(x) STR_(x)
__asm__(".section .noinit.noos_mmu_tables, \"aw\", %nobits\n"
        ".balign 4096\n"
        ".hidden noos__a64_tables\n"
        ".globl noos__a64_tables\n"
        "noos__a64_tables:\n"
        ".space " STR(POOL_TABLES) " * 4096\n"
        ".previous");
extern uint64_t noos__a64_tables[POOL_TABLES][512];
#define pool noos__a64_tables
static unsigned pool_used;

/* The guard below the main stack, for the fault report (exception.c): a
 * page, when nothing else maps it. */
uint64_t noos__a64_guard_size;
static int guard_mapped;

static __attribute__((noreturn)) void mmu_fail(const char *why) {
  noos_puts_raw("noos: cannot build the translation tables: ");
  noos_puts_raw(why);
  noos_puts_raw("\n");
  noos_exit(1);
}

static uint64_t *table(uint64_t *entry) {
  if (*entry & D_VALID) {
    if (!(*entry & D_TABLE))
      mmu_fail("a 2 MiB block is mapped twice");
    return (uint64_t *)(uintptr_t)(*entry & D_ADDR);
  }
  if (pool_used == POOL_TABLES)
    mmu_fail("out of tables (POOL_TABLES in runtime/src/aarch64/mmu.c)");
  uint64_t *t = pool[pool_used++];
  /* With the MMU off, memory is Device memory, where memset's DC ZVA
   * faults: plain aligned stores, which the compiler cannot turn into a
   * memset call. */
  for (uint64_t *p = t; p < t + 512; p += 8)
    __asm__ volatile("stp xzr, xzr, [%0]\n\t"
                     "stp xzr, xzr, [%0, #16]\n\t"
                     "stp xzr, xzr, [%0, #32]\n\t"
                     "stp xzr, xzr, [%0, #48]"
                     : : "r"(p) : "memory");
  *entry = (uintptr_t)t | D_TABLE | D_VALID;
  return t;
}

static uint64_t down(uint64_t a, uint64_t q) { return a & ~(q - 1); }
static uint64_t up(uint64_t a, uint64_t q) { return (a + q - 1) & ~(q - 1); }

/* Maps [start, end) (page-aligned) with the attributes. */
static void map(uint64_t start, uint64_t end, uint64_t attrs) {
  if (end > 4 * GIB)
    mmu_fail("memory above 4 GiB (the map covers 32-bit addresses)");
  uint64_t stack = (uintptr_t)__stack_limit;
  if (start < stack && end > stack - PAGE)
    guard_mapped = 1;
  for (uint64_t a = start; a < end;) {
    uint64_t *l2 = table(&l1[a / GIB]);
    uint64_t *e2 = &l2[(a / BLOCK) % 512];
    if (a % BLOCK == 0 && end - a >= BLOCK && !(*e2 & D_VALID)) {
      *e2 = a | attrs | D_VALID;
      a += BLOCK;
      continue;
    }
    /* Pages, to the end of the range or of this 2 MiB block. */
    uint64_t *l3 = table(e2);
    uint64_t stop = down(a, BLOCK) + BLOCK;
    if (stop > end)
      stop = end;
    for (; a < stop; a += PAGE)
      l3[(a / PAGE) % 512] = a | attrs | D_TABLE | D_VALID;
  }
}

/* --- Thread stack guards (the kernel's port: k_guard_size & co) ---------
 *
 * A created thread's block has a page below its stack (sched.c puts it
 * there, page-aligned, when k_guard_size says a page): while the thread
 * runs, that page is unmapped, so its overflow faults at the first access
 * below the stack; the page is mapped again when another thread runs (the
 * heap may reuse a freed block). One page is unmapped at a time, as the
 * v7-M port moves one MPU region. The page's 2 MiB block is split into
 * pages when the thread is created (a level 3 table from the pool, then
 * from the heap). */

/* The page unmapped now (0: none), for the fault report (exception.c). */
uint64_t noos__a64_thread_guard;
static uint64_t *guard_pte;

/* A level 3 table mapping the 2 MiB block *e2 maps, page by page, with
 * the same attributes. */
static void fill_pages(uint64_t *l3, uint64_t e2) {
  uint64_t base = e2 & D_ADDR & ~(BLOCK - 1), attrs = e2 & ~D_ADDR;
  for (unsigned i = 0; i < 512; ++i)
    l3[i] = (base + i * PAGE) | attrs | D_TABLE;
}

/* Replaces the valid block descriptor *e2 with the table descriptor desc
 * mapping the same memory, as the architecture requires of a live entry
 * whose block size changes (break-before-make, Arm ARM D8.14): the entry
 * is made invalid, the TLB's entries for it are removed, then the table
 * is written. Meanwhile the block's 2 MiB are unmapped, so nothing but
 * registers and the entry is touched: no stack (the running thread's
 * stack may be in the block), no data. The code is text and the entry is
 * in the table pool, both of which noos_fault_init maps with pages (never
 * a block split here); the caller masks interrupts. */
__attribute__((naked)) static void break_before_make(uint64_t *e2, uint64_t desc,
                                                     uint64_t va_page) {
  __asm__ volatile("str xzr, [x0]\n\t"
                   "dsb ishst\n\t"
                   "tlbi vaae1, x2\n\t"
                   "dsb ish\n\t"
                   "str x1, [x0]\n\t"
                   "dsb ishst\n\t"
                   "isb\n\t"
                   "ret");
}

/* addr's level 3 descriptor, its 2 MiB block split into pages of the same
 * attributes first; NULL when it is not mapped or no table is left. Called
 * by thread creation (not under the kernel's lock: the table may come
 * from the heap), so the block is split with interrupts masked, and a
 * table made for a block another thread split meanwhile goes back. */
static uint64_t *page_entry(uint64_t a) {
  uint64_t e1 = l1[(a / GIB) & 3];
  if (a >= 4 * GIB || !(e1 & D_VALID))
    return NULL;
  uint64_t *e2 = &((uint64_t *)(uintptr_t)(e1 & D_ADDR))[(a / BLOCK) % 512];
  if (!(*e2 & D_VALID))
    return NULL;
  if (!(*e2 & D_TABLE)) {
    uint64_t *l3 = NULL, *heap = NULL, daif;
    __asm__ volatile("mrs %0, daif\n\tmsr daifset, #3" : "=r"(daif) : : "memory");
    if (pool_used < POOL_TABLES)
      l3 = pool[pool_used++];
    __asm__ volatile("msr daif, %0" : : "r"(daif) : "memory");
    if (!l3 && !(l3 = heap = aligned_alloc(PAGE, PAGE)))
      return NULL;
    fill_pages(l3, *e2);
    __asm__ volatile("mrs %0, daif\n\tmsr daifset, #3" : "=r"(daif) : : "memory");
    int split = !(*e2 & D_TABLE);
    if (split)
      break_before_make(e2, (uintptr_t)l3 | D_TABLE | D_VALID, a >> 12);
    else if (!heap && l3 == pool[pool_used - 1])
      --pool_used;
    __asm__ volatile("msr daif, %0" : : "r"(daif) : "memory");
    if (!split && heap)
      free(heap);
  }
  return &((uint64_t *)(uintptr_t)(*e2 & D_ADDR))[(a / PAGE) % 512];
}

uint32_t k_guard_size(void) { return noos__a64_guard_size ? PAGE : 0; }

/* NOOS_PORT_THREAD_FIELDS' guard_pte, written through a pointer to the
 * control block's field (mmu.c does not see struct noos_thread). */
uint64_t *noos__a64_guard_pte(uintptr_t guard) {
  return guard ? page_entry(guard) : NULL;
}

/* k_switch_in: the incoming thread's guard page goes, the outgoing's
 * comes back. Interrupts masked. */
static void tlb_page(uint64_t *pte) {
  __asm__ volatile("dsb ishst\n\ttlbi vaae1, %0"
                   : : "r"((*pte & D_ADDR) >> 12) : "memory");
}

void noos__a64_guard_switch(uint64_t *pte) {
  if (pte == guard_pte)
    return;
  if (guard_pte) {
    *guard_pte |= D_VALID; /* an invalid entry is never cached */
  }
  if (pte) {
    *pte &= ~D_VALID;
    tlb_page(pte);
  }
  guard_pte = pte;
  noos__a64_thread_guard = pte ? *pte & D_ADDR : 0;
  __asm__ volatile("dsb ish\n\tisb" ::: "memory");
}

/* Before the MMU is on: the block mapping a, if it is one, becomes a
 * level 3 table of pages. */
static void split_at_init(uint64_t a) {
  uint64_t *e2 = &table(&l1[a / GIB])[(a / BLOCK) % 512];
  if ((*e2 & D_VALID) && !(*e2 & D_TABLE)) {
    if (pool_used == POOL_TABLES)
      mmu_fail("out of tables (POOL_TABLES in runtime/src/aarch64/mmu.c)");
    uint64_t *l3 = pool[pool_used++];
    fill_pages(l3, *e2);
    *e2 = (uintptr_t)l3 | D_TABLE | D_VALID;
  }
}

__attribute__((weak)) void noos_fault_init(void) {
  uint64_t text = down((uintptr_t)__vectors_start, PAGE);
  uint64_t ro = (uintptr_t)__text_end, rw = (uintptr_t)__rodata_end;
  uint64_t ram = (uintptr_t)__stack_limit, ram_end = up((uintptr_t)__heap_end, PAGE);
  if (ram < text)
    map(ram, text, NORMAL_RW);
  map(text, ro, NORMAL_RX);
  map(ro, rw, NORMAL_RO);
  map(rw > ram ? rw : ram, ram_end, NORMAL_RW);
  for (const struct noos_mmio_range *r = noos_board_mmio; r->size; ++r)
    map(down(r->base, BLOCK), up(r->base + r->size, BLOCK), DEVICE);
  /* The tables themselves are mapped with pages: page_entry's
   * break-before-make writes an entry in them while the block it splits
   * is unmapped, which must never be theirs. (The MMU is off: a block is
   * replaced at once.) */
  for (uint64_t a = down((uintptr_t)pool, BLOCK); a < (uintptr_t)(pool + POOL_TABLES);
       a += BLOCK)
    split_at_init(a);
  split_at_init((uintptr_t)l1);
  noos__a64_guard_size = guard_mapped ? 0 : PAGE;

  uint64_t tcr = 32              /* T0SZ: 4 GiB, the walk starts at level 1 */
                 | (1ull << 8)   /* IRGN0: write-back, write-allocate */
                 | (1ull << 10)  /* ORGN0: the same */
                 | (3ull << 12)  /* SH0: inner shareable */
                 | (0ull << 14)  /* TG0: 4 KiB */
                 | (1ull << 23); /* EPD1: no TTBR1 walks */
  __asm__ volatile("msr mair_el1, %0\n\t"
                   "msr tcr_el1, %1\n\t"
                   "msr ttbr0_el1, %2\n\t"
                   "dsb ish\n\t"
                   "tlbi vmalle1\n\t"
                   "dsb ish\n\t"
                   "isb"
                   :
                   : "r"(MAIR_VALUE), "r"(tcr), "r"((uintptr_t)l1)
                   : "memory");
  uint64_t sctlr;
  __asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
  sctlr |= 1u << 0     /* M: the MMU */
           | 1u << 2   /* C: data cache */
           | 1u << 3   /* SA: sp alignment check at EL1 */
           | 1u << 12; /* I: instruction cache */
  sctlr &= ~(1ull << 1   /* A: no alignment faults on normal memory */
             | 1ull << 19); /* WXN: the tables say what executes */
  __asm__ volatile("msr sctlr_el1, %0\n\tisb" : : "r"(sctlr) : "memory");
}

#pragma clang attribute pop
