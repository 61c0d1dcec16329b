/*
 * --fault-report=record (the RISC-V default): the trap handler prints the
 * trap's raw facts on one line and ends the program; the host turns the
 * line into fault-full.c's report, with the image's symbols (noos-run as
 * it runs the program; noos-run --decode-fault IMAGE for a log captured
 * off a UART):
 *
 *   noos-fault/1 riscv64 00000000 00000005 00000000 80000120 ... 1a2b3c4d
 *
 * The values: mcause, mepc, mtval, mstatus, then x1-x31, then the main
 * stack's bottom (__stack_limit) and top (__stack) and the size of the PMP
 * guard below it (riscv.ld; the host names an access fault there, or
 * with sp there, a main stack overflow, as fault.h does), each as one
 * 8-hex-digit word on riscv32 and as two (high, low) on riscv64; the last
 * word is the sum of the others modulo 2^32, so a damaged line is refused
 * rather than misread (lib/Fault/FaultRecord.cpp decodes it). The exit
 * status is fault-full.c's: 128 + the exception code, 128 + 16 + an
 * interrupt's.
 */
#include "internal.h"
#include "fault.h"

#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

/* The symbol noos-ld asks for (-u) to pick this object. */
const char noos_fault_record = 0;

/* The sum is the caller's (on the trap stack), not a static: a main
 * stack overflow may have run over .bss before the trap. */
static void word(uint32_t v, uint32_t *sum) {
  char buf[10];
  buf[0] = ' ';
  buf[9] = 0;
  *sum += v;
  for (int j = 8; j > 0; --j, v >>= 4) {
    uint32_t d = v & 15;
    buf[j] = (char)(d < 10 ? '0' + d : 'a' - 10 + d);
  }
  noos_puts_raw(buf);
}

static void value(uintptr_t v, uint32_t *sum) {
#if __riscv_xlen == 64
  word((uint32_t)(v >> 32), sum);
#endif
  word((uint32_t)v, sum);
}

__attribute__((noreturn, used)) void
noos__rv_trap(const struct noos_rv_frame *f) {
#if __riscv_xlen == 64
  noos_puts_raw("\nnoos-fault/1 riscv64");
#else
  noos_puts_raw("\nnoos-fault/1 riscv32");
#endif
  uint32_t sum = 0;
  value(f->mcause, &sum);
  value(f->mepc, &sum);
  value(f->mtval, &sum);
  value(f->mstatus, &sum);
  for (int i = 1; i < 32; ++i)
    value(f->x[i], &sum);
  value((uintptr_t)__stack_limit, &sum);
  value((uintptr_t)__stack, &sum);
  value((uintptr_t)(__stack_limit - __stack_guard), &sum);
  word(sum, &sum);
  noos_puts_raw("\n");
  noos_exit(noos__rv_trap_status(f->mcause));
}

#pragma clang attribute pop
