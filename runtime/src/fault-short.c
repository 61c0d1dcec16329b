/*
 * The short fault report (noos-ld --fault-report=short): one line, a
 * second one when the main stack overflowed, and status 128 + the
 * exception number, for images where the full report (fault.c, about
 * 4 KB with its strings) does not fit:
 *
 *   noos: HardFault at pc 0x00000234 (cfsr 0x00010000, lr 0x0000027f)
 *   noos: HardFault, exception frame lost (cfsr 0x00000092)
 *   noos: main stack overflow: raise --stack-size
 *
 * (v6-M and v8-M Baseline have no CFSR: "(lr 0x...)" alone.) pc is the
 * faulting instruction and lr the caller's return address; give both to
 * llvm-addr2line -fipe with the image. The entry is fault.S's
 * (arm-m/fault-short.S): it moved to a usable stack and saved the same
 * record as for the full report.
 */
#include "fault.h"

/* Nothing here is on a fast path: built for size. */
#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

__attribute__((noreturn, used)) void
noos_fault_print_short(const struct noos_fault_state *s);

static void put(const char *s) { noos_puts_raw(s); }

/* Text, then a value in hex. Not inlined: each call site is then two
 * loads and a call. */
__attribute__((noinline)) static void put_hex(const char *s, uint32_t v) {
  put(s);
  noos_put_hex(v);
}

static int in(uint32_t a, const char *lo, const char *hi) {
  return a >= (uint32_t)lo && a <= (uint32_t)hi - 32;
}

__attribute__((noreturn, used)) void
noos_fault_print_short(const struct noos_fault_state *s) {
  NOOS_FAULT_RETURN_CFI();
  uint32_t ipsr;
  __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
  ipsr &= 0x1ff;
  uint32_t exc = s->exc_return, frame = s->frame, cfsr = 0;
#if HAVE_CFSR
  cfsr = SCB_CFSR;
#endif
#if V8M
  /* A Non-secure handler's frame from Secure code: the basic frame
   * follows 10 words of additional state. */
  if (!(exc & (1u << 5)))
    frame += 40;
#endif
  /* The frame is read only where it can be, and only when the core
   * stacked it (not after a stacking fault or a stack limit hit). */
  const uint32_t *f = (const uint32_t *)frame;
  int frame_ok = (cfsr & (MSTKERR | STKERR | STKOF)) == 0 &&
                 (in(frame, __stack_limit, __heap_end) ||
                  in(frame, __ram2_start, __ram2_end));

  const char *name = noos__exception_name(ipsr);
  put("\nnoos: ");
  put(*name ? name : "fault");
  if (frame_ok)
    put_hex(" at pc ", f[6]);
  else
    put(", exception frame lost");
#if HAVE_CFSR
  put_hex(" (cfsr ", cfsr);
  put(frame_ok ? ", " : ")\n");
#else
  put(frame_ok ? " (" : "\n");
#endif
  if (frame_ok) {
    put_hex("lr ", f[5]);
    put(")\n");
  }
  /* The core stacked (or tried to) at the bottom of the main stack or
   * below it, or MSPLIM stopped it there (v8-M Main). */
  if (!(exc & 4) && s->msp < (uint32_t)__stack_limit + 32)
    put("noos: main stack overflow: raise --stack-size\n");
  noos_exit(128 + (int)ipsr);
}

#pragma clang attribute pop
