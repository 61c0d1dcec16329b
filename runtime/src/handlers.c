/*
 * The default handler of every exception and interrupt nobody handles:
 * it says which one fired and ends the program. Applications override a
 * handler by defining the function with its CMSIS name (SysTick_Handler,
 * UART0_IRQHandler, ...); the vector table noos-ld generates falls back
 * here for the rest.
 */
#include "internal.h"

/* Nothing here is on a fast path: the program is ending. */
#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

/* The system exceptions' names, each ended by a NUL, from exception 0 (an
 * empty name for reserved numbers): one string rather than a table of
 * pointers, which would cost 64 bytes more. */
static const char exception_names[] =
    "\0Reset\0NMI\0HardFault\0MemManage\0BusFault\0UsageFault\0SecureFault"
    "\0\0\0\0SVCall\0DebugMonitor\0\0PendSV\0SysTick";

const char *noos__exception_name(uint32_t n) {
  const char *p = exception_names;
  if (n >= 16)
    return "";
  for (; n; --n)
    while (*p++)
      ;
  return p;
}

__attribute__((noreturn)) void noos_default_handler(void) {
  uint32_t ipsr;
  __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
  ipsr &= 0x1ff;
  const char *name = noos__exception_name(ipsr); /* "" for interrupts */
  int irq = ipsr >= 16;
  noos_puts_raw("\nnoos: unhandled ");
  noos_puts_raw(irq ? "interrupt IRQ" : "exception ");
  noos_put_dec(irq ? ipsr - 16 : ipsr);
  if (*name) {
    noos_puts_raw(" (");
    noos_puts_raw(name);
    noos_puts_raw(")");
  }
  noos_puts_raw(": define its handler, or disable it\n");
  noos_exit(128 + (int)ipsr);
}

#pragma clang attribute pop

__attribute__((weak)) void noos_idle(uint64_t until) {
  (void)until;
  __asm__ volatile("wfi");
}
