/*
 * The compact fault record (noos-ld --fault-report=record): one line of
 * raw facts instead of a report, which the host decodes into the full
 * report with the image's symbols (noos-run as it runs the program;
 * noos-run --decode-fault IMAGE for a log captured off a UART):
 *
 *   noos-fault/1 arm-m 00000003 fffffff9 ... 1a2b3c4d
 *
 * The words, their order and what the host makes of them:
 * lib/Fault/FaultRecord.cpp (enum ArmMWord); the last word is the sum of
 * the others, so a damaged line is refused rather than misread. Like the
 * full report it reads only memory it can (RAM and the code) and ends the
 * program with status 128 + the exception number.
 */
#include "fault.h"

#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

__attribute__((noreturn, used)) void
noos_fault_print_record(const struct noos_fault_state *s);

/* The scheduler's, when it is linked (sched.c): what it knows of the
 * running created thread. Its strings are the image's (its .rodata, or
 * the thread's name), so the record carries their addresses and the host
 * reads them from the image. */
void noos__fault_thread(const struct noos_fault_state *s,
                        struct noos_fault_thread *t) __attribute__((weak));



enum { NWORDS = 41 };
_Static_assert(sizeof(struct noos_fault_thread) == 6 * 4 &&
                   __builtin_offsetof(struct noos_fault_thread, stack_lo) == 4 * 4,
               "the thread's words are the record's last six");

__attribute__((noreturn, used)) void
noos_fault_print_record(const struct noos_fault_state *s) {
  NOOS_FAULT_RETURN_CFI();
  uint32_t w[NWORDS];
  uint32_t ipsr;
  __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
  ipsr &= 0x1ff;
  uint32_t exc = s->exc_return, limit = (uint32_t)__stack_limit;
  int on_psp = (exc & 4) != 0;
  uint32_t cfsr = 0, features = 0;
  for (int i = 0; i < NWORDS; ++i)
    w[i] = 0;
  w[0] = ipsr;
  w[1] = exc;
  w[2] = s->frame;
  w[3] = s->msp;
  w[4] = s->psp;
#if HAVE_CFSR
  features |= 1;
  w[5] = cfsr = SCB_CFSR;
  w[6] = SCB_HFSR;
  w[7] = SCB_MMFAR;
  w[8] = SCB_BFAR;
#endif
  uint32_t splim = on_psp ? 0 : limit;
#if V8M_MAIN
  features |= 4;
  w[9] = SCB_SFSR;
  w[10] = SCB_SFAR;
  if (on_psp)
    __asm__ volatile("mrs %0, psplim" : "=r"(splim));
  else
    __asm__ volatile("mrs %0, msplim" : "=r"(splim));
  uint32_t msplim;
  __asm__ volatile("mrs %0, msplim" : "=r"(msplim));
  if (msplim == limit)
    features |= 32;
#if defined(__ARM_FP)
  if (FPCCR & (1u << 26))
    features |= 8;
#endif
#endif
  w[11] = splim;
  uint32_t frame = s->frame;
#if V8M
  features |= 2;
  if (!(exc & (1u << 5)))
    frame += 40;
#endif
  int frame_ok = !(cfsr & (MSTKERR | STKERR)) &&
                 !((cfsr & STKOF) && s->frame == splim) &&
                 !(!on_psp && s->frame < limit) &&
                 (HAVE_CFSR || fault_readable(frame, 32));
  const uint32_t *f = (const uint32_t *)frame;
  if (frame_ok) {
    features |= 16;
    /* r0-r3, r12, lr, pc, xpsr: the frame's order. */
    for (int i = 0; i < 8; ++i)
      w[19 + i] = f[i];
    uint32_t pc = f[6];
    if (!(pc & 1) && fault_readable(pc, 2))
      w[18] = 0x10000u | *(const volatile uint16_t *)pc;
  }
  w[12] = features;
  w[13] = limit;
  w[14] = (uint32_t)__stack;
  w[15] = noos__fault_guard_size;
  w[16] = (uint32_t)__ram2_start;
  w[17] = (uint32_t)__ram2_end;
  for (int i = 0; i < 8; ++i)
    w[27 + i] = s->r4_r11[i];
  /* The thread's six words, in the struct's order (checked below). */
  if (noos__fault_thread)
    noos__fault_thread(s, (struct noos_fault_thread *)&w[35]);

  /* "noos-fault/1 arm-m" then the words and their sum, 8 hex digits each. */
  uint32_t sum = 0;
  char buf[10];
  buf[0] = ' ';
  buf[9] = 0;
  noos_puts_raw("\nnoos-fault/1 arm-m");
  for (int i = 0; i <= NWORDS; ++i) {
    uint32_t v = i < NWORDS ? w[i] : sum;
    sum += v;
    for (int j = 8; j > 0; --j, v >>= 4) {
      uint32_t d = v & 15;
      buf[j] = (char)(d < 10 ? '0' + d : 'a' - 10 + d);
    }
    noos_puts_raw(buf);
  }
  noos_puts_raw("\n");
  noos_exit(128 + (int)ipsr);
}

#pragma clang attribute pop
