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

/* The board's interrupt handler names, from the table noos-ld writes into
 * .rodata with the vector table (one string per IRQ: "NAME" for
 * NAME_IRQHandler, "" for IRQn_Handler); absent (weak, null) when the
 * program brings its own vector table. */
extern const char __noos_irq_names[] __attribute__((weak));
extern const char __noos_irq_names_end[] __attribute__((weak));

/* The name of IRQ n's handler, in two parts, or 0 when there is no table. */
static const char *irq_handler_name(uint32_t n, const char **suffix) {
  const char *p = __noos_irq_names, *end = __noos_irq_names_end;
  if (!p)
    return 0;
  for (; n && p < end; --n)
    while (p < end && *p++)
      ;
  *suffix = "_IRQHandler";
  if (p >= end || !*p) {
    *suffix = "_Handler";
    return "";
  }
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
  const char *suffix, *handler = irq ? irq_handler_name(ipsr - 16, &suffix) : 0;
  if (handler && *handler) {
    noos_puts_raw(" (");
    noos_puts_raw(handler);
    noos_puts_raw(")");
  }
  noos_puts_raw(": define ");
  if (handler) {
    if (!*handler) {
      noos_puts_raw("IRQ");
      noos_put_dec(ipsr - 16);
    } else {
      noos_puts_raw(handler);
    }
    noos_puts_raw(suffix);
  } else {
    noos_puts_raw("its handler");
  }
  noos_puts_raw(", or disable it\n");
  noos_exit(128 + (int)ipsr);
}

#pragma clang attribute pop

__attribute__((weak)) void noos_idle(uint64_t until) {
  (void)until;
  __asm__ volatile("wfi");
}
