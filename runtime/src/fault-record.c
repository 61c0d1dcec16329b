/*
 * The compact fault record (noos-ld --fault-report=record): one line of
 * raw words instead of a report, which the host decodes into the full
 * report with the image's symbols (noos-run as it runs the program;
 * noos-run --decode-fault IMAGE for a log captured off a UART):
 *
 *   noos-fault/2 armv7-m 00000003 ... fffffff9 ... 1a2b3c4d
 *
 * Version 2 is a dump, not a summary: the words are read where they lie
 * (the entry's saved state, the fault status registers, the stacked
 * frame) and printed by one loop; every conclusion (which stack, whether
 * the frame is usable, what the fault was) is the host's. The
 * architecture tag names the profile, which fixes the words:
 * lib/Fault/FaultRecord.cpp (enum ArmMV2) has their order. The last word
 * is the sum of the others, so a damaged line is refused rather than
 * misread. It reads only memory it can (the frame only where the stack
 * held it; the host reads the instruction at pc from the image) and ends
 * the program with status 128 + the exception number.
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

#if V8M_MAIN
#define TAG "armv8-m.main"
#elif V8M
#define TAG "armv8-m.base"
#elif HAVE_CFSR
#define TAG "armv7-m"
#else
#define TAG "armv6-m"
#endif

static uint32_t sum;

/* " " and 8 hex digits; the sum of what was printed. */
static void put(uint32_t v) {
  char b[9];
  sum += v;
  b[0] = ' ';
  for (int j = 8; j > 0; --j, v >>= 4) {
    uint32_t d = v & 15;
    b[j] = (char)(d < 10 ? '0' + d : 'a' - 10 + d);
  }
  noos_console_write(b, 9);
}

static void put_n(const volatile uint32_t *p, int n) {
  for (; n > 0; --n)
    put(*p++);
}

_Static_assert(sizeof(struct noos_fault_state) == 12 * 4 &&
                   sizeof(struct noos_fault_thread) == 6 * 4,
               "the record's state and thread words");

__attribute__((noreturn, used)) void
noos_fault_print_record(const struct noos_fault_state *s) {
  NOOS_FAULT_RETURN_CFI();
  uint32_t ipsr;
  __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
  ipsr &= 0x1ff;
  sum = 0; /* not from start-up: a thread's overflow may have hit it */
  noos_puts_raw("\nnoos-fault/2 " TAG);
  put(ipsr);
  put_n((const uint32_t *)s, 12); /* r4-r11, EXC_RETURN, frame, MSP, PSP */
  uint32_t frame = s->frame;
#if HAVE_CFSR
  put_n(&SCB_CFSR, 5); /* CFSR, HFSR, DFSR, MMFAR, BFAR */
  /* The frame is there unless stacking failed or it is below the main
   * stack (an overflow into the guard or out of RAM). */
  int read = !(SCB_CFSR & (MSTKERR | STKERR)) &&
             ((s->exc_return & 4) || frame >= (uint32_t)__stack_limit);
#endif
#if V8M_MAIN
  put_n(&SCB_SFSR, 2); /* SFSR, SFAR */
  uint32_t lim;
  __asm__ volatile("mrs %0, msplim" : "=r"(lim));
  put(lim);
  __asm__ volatile("mrs %0, psplim" : "=r"(lim));
  put(lim);
#if defined(__ARM_FP)
  put(FPCCR);
#else
  put(0);
#endif
#endif
#if V8M
  if (!(s->exc_return & (1u << 5)))
    frame += 40; /* the additional state context */
#endif
  put((uint32_t)__stack_limit);
  put((uint32_t)__stack);
  put(noos__fault_guard_size);
  put((uint32_t)__ram2_start);
  put((uint32_t)__ram2_end);
  const uint32_t *f = (const uint32_t *)frame;
#if !HAVE_CFSR
  /* No status registers: the frame where the stacks are. (The host reads
   * the instruction at pc from the image.) */
  int read = fault_in(frame, 32, __stack_limit, __heap_end) ||
             fault_in(frame, 32, __ram2_start, __ram2_end);
#endif
  put((uint32_t)read);
  for (int i = 0; i < 8; ++i) /* r0-r3, r12, lr, pc, xpsr */
    put(read ? f[i] : 0);
  struct noos_fault_thread t = {0};
  if (noos__fault_thread)
    noos__fault_thread(s, &t);
  put_n((const uint32_t *)&t, 6);
  put(sum);
  noos_puts_raw("\n");
  noos_exit(128 + (int)ipsr);
}

#pragma clang attribute pop
