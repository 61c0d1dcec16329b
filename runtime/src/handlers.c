/*
 * The default handler of every exception and interrupt nobody handles:
 * it says which one fired and ends the program. Applications override a
 * handler by defining the function with its CMSIS name (SysTick_Handler,
 * UART0_IRQHandler, ...); the vector table noos-ld generates falls back
 * here for the rest.
 */
#include "internal.h"

static const char *const names[16] = {
    "", "Reset", "NMI", "HardFault", "MemManage", "BusFault", "UsageFault",
    "SecureFault", "", "", "", "SVCall", "DebugMonitor", "", "PendSV",
    "SysTick"};

__attribute__((noreturn)) void noos_default_handler(void) {
  uint32_t ipsr;
  __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
  ipsr &= 0x1ff;
  noos_puts_raw("\nnoos: unhandled ");
  if (ipsr >= 16) {
    noos_puts_raw("interrupt IRQ");
    noos_put_dec(ipsr - 16);
  } else {
    noos_puts_raw("exception ");
    noos_put_dec(ipsr);
    if (names[ipsr][0]) {
      noos_puts_raw(" (");
      noos_puts_raw(names[ipsr]);
      noos_puts_raw(")");
    }
  }
  noos_puts_raw(": define its handler, or disable it\n");
  noos_exit(128 + (int)ipsr);
}

__attribute__((weak)) void noos_idle(uint64_t until) {
  (void)until;
  __asm__ volatile("wfi");
}
