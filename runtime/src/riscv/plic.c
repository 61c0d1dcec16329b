/*
 * Interrupts on RISC-V: the platform-level interrupt controller (the
 * RISC-V PLIC specification, 1.0.0) behind the noos_irq_* API, for hart
 * 0's machine-mode context, and the external interrupt's dispatch through
 * the board's handler table (shared/irq-table): IRQ numbers are PLIC
 * source IDs (1 up; 0 is "none"), handlers IRQ<n>_Handler or the board's
 * names.
 *
 * Where the PLIC is and which of its contexts is hart 0's machine mode
 * belong to the board: its code defines noos_board_plic
 * (runtime/boards/<code>/; riscv-virt and sifive do), and its board file's
 * "irq-count" bounds the source IDs (the generated noos__irq_count).
 * Without noos_board_plic (no board, or a board code without it) enabling
 * an interrupt says so.
 */
#include "kernel.h"
#include "shared/irq-table/irq-table.h"

/* The board's PLIC: its base address, and the context (the PLIC's
 * numbering of hart and privilege-mode pairs, the order of its device
 * tree node's interrupts-extended) of hart 0's machine mode. */
struct noos_rv_plic {
  uintptr_t base;
  uint32_t context;
};
extern const struct noos_rv_plic noos_board_plic __attribute__((weak));
/* The board's source count ("irq-count": IDs 0 to count - 1). */
extern const unsigned noos__irq_count __attribute__((weak));

enum {
  PRIORITY = 0x0,         /* 4 * source */
  ENABLE = 0x2000,        /* + 0x80 * context: the context's bits */
  ENABLE_STRIDE = 0x80,
  THRESHOLD = 0x200000,   /* + 0x1000 * context */
  CLAIM = 0x200004,       /* + 0x1000 * context: claim (read), complete */
  CONTEXT_STRIDE = 0x1000,
  MAX_SOURCES = 1024,
};
#define MIE_MEIE (1ul << 11)

static volatile uint32_t *reg(uintptr_t off) {
  return (volatile uint32_t *)(noos_board_plic.base + off);
}

/* Registers of hart 0's machine-mode context. */
static volatile uint32_t *enable_word(unsigned i) {
  return reg(ENABLE + ENABLE_STRIDE * (uintptr_t)noos_board_plic.context +
             4 * (uintptr_t)i);
}
static volatile uint32_t *ctx_reg(uintptr_t off) {
  return reg(off + CONTEXT_STRIDE * (uintptr_t)noos_board_plic.context);
}

/* Source IDs below this: the board's "irq-count" (an ID past the PLIC's
 * last source is no register to write: QEMU 7.2's PLIC even corrupts its
 * own memory on a write to the priority of its source count's ID). */
static unsigned sources(void) {
  return &noos__irq_count && noos__irq_count ? noos__irq_count : MAX_SOURCES;
}

static __attribute__((noreturn, cold)) void no_board(int irq) {
  noos_puts_raw("\nnoos: interrupt ");
  noos_put_dec((uint32_t)irq);
  noos_puts_raw(" used, but the board gives no PLIC address "
                "(noos_board_plic in its board code; a program linked "
                "with -M alone: link with --board=NAME)\n");
  noos_exit(134);
}

static int valid(int irq) {
  if (!&noos_board_plic)
    no_board(irq);
  return irq > 0 && (unsigned)irq < sources();
}

/* The priorities the PLIC implements: 1..max (0 never interrupts), found
 * once by writing all ones to source 1's register. */
static uint32_t max_prio;

static uint32_t prio_max(void) {
  if (!max_prio && &noos_board_plic) {
    uint32_t m = k_lock(), old = *reg(PRIORITY + 4);
    *reg(PRIORITY + 4) = 0xffffffffu;
    max_prio = *reg(PRIORITY + 4);
    *reg(PRIORITY + 4) = old;
    if (!max_prio)
      max_prio = 1;
    k_unlock(m);
  }
  return max_prio;
}

static uint8_t started;

/* The running handler's IRQ, -1 outside one (handlers do not nest: the
 * trap runs with interrupts masked), and whether it disabled its own
 * source. */
static volatile int current = -1;
static uint8_t disable_current;

static void start(void) {
  if (started)
    return;
  started = 1;
  *ctx_reg(THRESHOLD) = 0; /* every priority above 0 interrupts */
  noos__rv_irq_enable(MIE_MEIE);
}

/* A source enabled with priority 0 would never interrupt: it gets the
 * middle one unless noos_irq_set_priority gave it another. */
void noos_irq_enable(int irq) {
  if (!valid(irq))
    return;
  uint32_t m = k_lock();
  start();
  if (!*reg(PRIORITY + 4 * (uintptr_t)irq))
    *reg(PRIORITY + 4 * (uintptr_t)irq) = (prio_max() + 1) / 2;
  *enable_word((unsigned)irq / 32) |= 1u << (irq % 32);
  /* The threshold written again (unchanged): QEMU's PLIC (7.2 and later)
   * re-evaluates its output on that write but not on an enable write, so
   * a source already pending when it is enabled would wait for the next
   * event. Harmless on hardware, where the output follows the state. */
  *ctx_reg(THRESHOLD) = *ctx_reg(THRESHOLD);
  if (irq == current)
    disable_current = 0;
  k_unlock(m);
}

static void clear_enable(int irq) {
  *enable_word((unsigned)irq / 32) &= ~(1u << (irq % 32));
}

/* A handler that disables its own source (noos_irq_service_handler) has
 * it disabled after its completion: the PLIC ignores the completion of a
 * source that is not enabled, and its gateway would then never forward
 * that source again. */
void noos_irq_disable(int irq) {
  if (!valid(irq))
    return;
  uint32_t m = k_lock();
  if (irq == current)
    disable_current = 1;
  else
    clear_enable(irq);
  k_unlock(m);
}

/* The API's levels: 0 the highest, as on Cortex-M; the PLIC's max. */
int noos_irq_priority_levels(void) {
  return (int)prio_max();
}

void noos_irq_set_priority(int irq, int prio) {
  if (!valid(irq))
    return;
  int levels = (int)prio_max();
  if (prio < 0)
    prio = 0;
  if (prio > levels - 1)
    prio = levels - 1;
  *reg(PRIORITY + 4 * (uintptr_t)irq) = (uint32_t)(levels - prio);
}

/* trap.c and kport.c: an interrupt other than the timer could still wake
 * the scheduler. */
int noos__rv_plic_enabled(void) {
  if (!&noos_board_plic || !started)
    return 0;
  for (unsigned i = 0; i < (sources() + 31) / 32; ++i)
    if (*enable_word(i))
      return 1;
  return 0;
}

int k_irq_current(void) { return current; }

/* trap.c: machine external interrupt. Every pending source is claimed,
 * handled and completed in turn. */
void noos__rv_external_irq(void) {
  if (!&noos_board_plic)
    return;
  for (;;) {
    uint32_t id = *ctx_reg(CLAIM);
    if (!id)
      return;
    current = (int)id;
    disable_current = 0;
    noos__irq_dispatch(id);
    current = -1;
    *ctx_reg(CLAIM) = id;
    if (disable_current)
      clear_enable((int)id);
  }
}

/* An interrupt without a handler: reported, and the program ends with
 * 128 + 16 + 11 (an interrupt's status in trap reports: 128 + 16 + its
 * mcause code, machine external). */
__attribute__((noreturn)) void noos__irq_unhandled(void) {
  noos__irq_report_unhandled((unsigned)current);
  noos_exit(128 + 16 + 11);
}
