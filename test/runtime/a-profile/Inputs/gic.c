// armv7a interrupts through the GICv2: a handler defined under the name
// the board's "irq-names" gives (SGI3_IRQHandler) runs for each software
// interrupt sent, with the IRQ number the API reports; priorities take the
// levels the GIC implements; an interrupt nobody handles is reported by
// number and handler name. Build with -DUNHANDLED=<n> for the report.
#include <noos/thread.h>
#include <stdint.h>
#include <stdio.h>

#define GICD_SGIR (*(volatile uint32_t *)(GICD + 0xf00))
#define GICD_ISPENDR ((volatile uint32_t *)(GICD + 0x200))
#define SPI 42 /* unused on both boards: IRQ42_Handler */

static volatile int ran, seen = -1, spi_ran;

int k_irq_current(void);

void SGI3_IRQHandler(void) {
  ++ran;
  seen = k_irq_current();
}

void IRQ42_Handler(void) { ++spi_ran; }

static void send(int sgi) {
  __asm__ volatile("dsb sy" ::: "memory");
  GICD_SGIR = 2u << 24 | (uint32_t)sgi; /* to this core */
  __asm__ volatile("isb" ::: "memory");
}

int main(void) {
  int levels = noos_irq_priority_levels();
  printf("priority levels: %s\n", levels >= 16 && levels <= 256 ? "ok" : "WRONG");
  noos_irq_set_priority(3, 1);
  noos_irq_enable(3);
  send(3);
  send(3);
  printf("SGI3: ran %d times, as IRQ %d\n", ran, seen);
  /* SGI enable bits may be fixed to 1 (they are on QEMU): disabling is
   * shown with an SPI, pended by the distributor while disabled. */
  noos_irq_disable(SPI);
  GICD_ISPENDR[SPI / 32] = 1u << (SPI % 32);
  __asm__ volatile("dsb sy\n\tisb" ::: "memory");
  printf("SPI %d disabled and pending: ran %d times\n", SPI, spi_ran);
  noos_irq_enable(SPI);
  __asm__ volatile("dsb sy\n\tisb" ::: "memory");
  printf("SPI %d enabled: ran %d times\n", SPI, spi_ran);
#ifdef UNHANDLED
  noos_irq_enable(UNHANDLED);
  send(UNHANDLED);
  printf("NOT reported\n");
#endif
  return 0;
}
