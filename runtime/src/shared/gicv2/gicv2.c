/*
 * The GICv2 driver (gicv2.h). Registers from the GICv2 architecture
 * specification (Arm IHI 0048B), 4.1.2 and 4.1.3. Every access is a
 * 32-bit word, except the byte-wide priority fields.
 *
 * Both security states work unchanged: a core that boots Secure (i.MX6UL)
 * leaves every interrupt in Group 0 (the reset value of GICD_IGROUPR),
 * signalled as IRQ (GICC_CTLR.FIQEn 0); a GIC without the Security
 * Extensions (QEMU virt) has Group 0 only.
 */
#include "shared/gicv2/gicv2.h"
#include <noos/thread.h>

void noos_puts_raw(const char *s);
void noos_put_dec(uint32_t v);

/* Distributor. */
enum {
  GICD_CTLR = 0x000,
  GICD_TYPER = 0x004,
  GICD_ISENABLER = 0x100,
  GICD_ICENABLER = 0x180,
  GICD_ISPENDR = 0x200,
  GICD_ICPENDR = 0x280,
  GICD_ICACTIVER = 0x380,
  GICD_IPRIORITYR = 0x400,
  GICD_ITARGETSR = 0x800,
  GICD_SGIR = 0xf00,
  GICD_CPENDSGIR = 0xf10,
};
/* CPU interface. */
enum {
  GICC_CTLR = 0x00,
  GICC_PMR = 0x04,
  GICC_BPR = 0x08,
  GICC_IAR = 0x0c,
  GICC_EOIR = 0x10,
};
#define SGIR_TO_SELF (2u << 24) /* TargetListFilter: the requesting core */

static unsigned lines;
static uint8_t prio_mask;
static uint32_t fixed_enabled; /* IDs 0-31 whose enable bit reads 1 always */

/* A program linked without a board (-M/-T and --target only) has no
 * interrupt controller address: the board's symbols are weak here, the
 * GIC is left alone, and enabling an interrupt says what is missing. */
extern const struct noos_gicv2 noos_board_gicv2 __attribute__((weak));

static int present(void) { return &noos_board_gicv2 != 0; }

void noos_exit(int status) __attribute__((noreturn));

static __attribute__((noreturn, cold)) void no_board(unsigned id) {
  noos_puts_raw("\nnoos: interrupt ");
  noos_put_dec(id);
  noos_puts_raw(" used, but the program was linked without a board: the "
                "interrupt controller's address is the board's (link with "
                "--board=NAME)\n");
  noos_exit(134);
}

static volatile uint32_t *gicd(uintptr_t off) {
  return (volatile uint32_t *)(noos_board_gicv2.distributor + off);
}

static volatile uint32_t *gicc(uintptr_t off) {
  return (volatile uint32_t *)(noos_board_gicv2.cpu_interface + off);
}

static volatile uint8_t *gicd8(uintptr_t off) {
  return (volatile uint8_t *)(noos_board_gicv2.distributor + off);
}

/* Register off + 4 * (id / 32), bit id % 32. */
static void set_bit(uintptr_t off, unsigned id) {
  *gicd(off + 4 * (id >> 5)) = 1u << (id & 31);
}

static void barrier(void) { __asm__ volatile("dsb sy\n\tisb" ::: "memory"); }

unsigned gicv2_lines(void) {
  if (!lines && present()) {
    unsigned n = ((*gicd(GICD_TYPER) & 0x1f) + 1) * 32;
    lines = n > 1020 ? 1020 : n;
  }
  return lines;
}

void gicv2_init(void) {
  if (!present())
    return;
  unsigned n = gicv2_lines();
  *gicc(GICC_CTLR) = 0;
  *gicd(GICD_CTLR) = 0;
  for (unsigned i = 0; i < n; i += 32) {
    *gicd(GICD_ICENABLER + i / 8) = 0xffffffffu;
    *gicd(GICD_ICPENDR + i / 8) = 0xffffffffu;
    *gicd(GICD_ICACTIVER + i / 8) = 0xffffffffu;
  }
  for (unsigned i = 0; i < 16; i += 4)
    *gicd(GICD_CPENDSGIR + i) = 0xffffffffu;
  fixed_enabled = *gicd(GICD_ISENABLER);
  /* The implemented priority bits: a field keeps only those. */
  volatile uint8_t *p = gicd8(GICD_IPRIORITYR);
  *p = 0xff;
  prio_mask = *p;
  for (unsigned i = 0; i < n; i += 4)
    *gicd(GICD_IPRIORITYR + i) = 0;
  /* GICD_ITARGETSR0-7 (IDs 0-31) are read-only and name this core; a
   * uniprocessor GIC reads 0 everywhere and ignores the writes. */
  uint32_t self = *gicd8(GICD_ITARGETSR) * 0x01010101u;
  for (unsigned i = 32; i < n; i += 4)
    *gicd(GICD_ITARGETSR + i) = self;
  *gicc(GICC_PMR) = 0xff;
  *gicc(GICC_BPR) = 0; /* every priority bit preempts (reads back the least) */
  barrier();
  *gicd(GICD_CTLR) = 1;
  *gicc(GICC_CTLR) = 1;
  barrier();
}

uint8_t gicv2_priority_mask(void) { return prio_mask; }

void gicv2_enable(unsigned id) {
  if (!present())
    no_board(id);
  if (id < gicv2_lines())
    set_bit(GICD_ISENABLER, id);
}

/* The write takes effect before the caller goes on (IHI 0048B 4.3.6 asks
 * for the barrier; the GIC may still signal an interrupt it had
 * forwarded, which the port's handler sees as spurious or handles). */
void gicv2_disable(unsigned id) {
  if (id >= gicv2_lines())
    return;
  set_bit(GICD_ICENABLER, id);
  barrier();
}

void gicv2_set_priority(unsigned id, uint8_t prio) {
  if (id < gicv2_lines())
    *gicd8(GICD_IPRIORITYR + id) = prio & prio_mask;
}

uint32_t gicv2_acknowledge(void) { return *gicc(GICC_IAR); }

void gicv2_eoi(uint32_t iar) { *gicc(GICC_EOIR) = iar; }

void gicv2_send_sgi_self(unsigned sgi) {
  if (!present())
    no_board(sgi);
  if (sgi < 16) {
    __asm__ volatile("dsb sy" ::: "memory"); /* memory before the SGI */
    *gicd(GICD_SGIR) = SGIR_TO_SELF | sgi;
  }
}

void gicv2_clear_pending(unsigned id) {
  if (id < 16)
    *gicd8(GICD_CPENDSGIR + id) = 0xff;
  else if (id < gicv2_lines())
    set_bit(GICD_ICPENDR, id);
}

int gicv2_pending(unsigned id) {
  if (id >= gicv2_lines())
    return 0;
  return (*gicd(GICD_ISPENDR + 4 * (id >> 5)) >> (id & 31)) & 1;
}

int gicv2_any_enabled(uint32_t ignore) {
  if (!present())
    return 0;
  if (*gicd(GICD_ISENABLER) & ~(ignore | fixed_enabled))
    return 1;
  unsigned n = gicv2_lines();
  for (unsigned i = 32; i < n; i += 32)
    if (*gicd(GICD_ISENABLER + i / 8))
      return 1;
  return 0;
}

/* The <noos/thread.h> API: IDs as above; priorities 0 (highest) to
 * noos_irq_priority_levels() - 2, the lowest level left to the port's
 * own interrupts as on Cortex-M. */
void noos_irq_enable(int irq) {
  if (irq >= 0)
    gicv2_enable((unsigned)irq);
}

void noos_irq_disable(int irq) {
  if (irq >= 0)
    gicv2_disable((unsigned)irq);
}

int noos_irq_priority_levels(void) {
  return 1 << __builtin_popcount(prio_mask);
}

void noos_irq_set_priority(int irq, int prio) {
  if (irq < 0 || !prio_mask)
    return;
  int lowest = noos_irq_priority_levels() - 2;
  if (prio > lowest)
    prio = lowest;
  if (prio < 0)
    prio = 0;
  gicv2_set_priority((unsigned)irq, (uint8_t)(prio << __builtin_ctz(prio_mask)));
}

/* The kernel's reports name the handler a check ran in (kernel.h's
 * k_put_handler): on the GIC ports, an interrupt by its ID (the port's
 * k_irq_current), else the SVC entry of a kernel call. */
int k_irq_current(void);
void k_put_handler(uint32_t ipsr) {
  (void)ipsr;
  int irq = k_irq_current();
  if (irq >= 0) {
    noos_puts_raw("IRQ");
    noos_put_dec((uint32_t)irq);
  } else {
    noos_puts_raw("SVC");
  }
}
