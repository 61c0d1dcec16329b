/*
 * --fault-report=full: the trap handler reports a trap decoded on the
 * target, with the raw console helpers (no stdio, no heap: the program
 * may be broken in any way), then ends the program:
 *
 *   noos: illegal instruction
 *     mcause:     0x0000000000000002 (exception 2)
 *     mtval:      0x0000000000000000 (the instruction's bits, when known)
 *     mepc:       0x0000000080000120
 *     mstatus:    0x0000000a00001800 (from machine mode, interrupts off)
 *     ra:  0x...  sp:  0x...  gp:  0x...  tp:  0x...
 *     ...
 *     source:     llvm-addr2line -fipe <image.elf> 0x80000120
 *     status:     130 (128 + exception 2)
 *
 * A main stack overflow (fault.h: an access fault in the PMP guard below
 * the main stack, or with sp there) is named on the first line, with a
 * hint and the stack's bounds before the source line:
 *
 *   noos: stack overflow: store/AMO access fault in the guard below the main stack at 0x...
 *     ...
 *     hint:       the main stack (2048 bytes) overflowed: raise --stack-size or use less stack
 *     stack:      0x80001000-0x80001800 (a PMP guard below it)
 *
 * Interrupts end here too until the runtime has an interrupt controller
 * driver (unported-sources.txt): "unhandled interrupt".
 */
#include "internal.h"
#include "fault.h"

#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

/* The symbol noos-ld asks for (-u) to pick this object. */
const char noos_fault_full = 0;

#define put_hex noos__rv_put_xlen

#define key noos__fault_key

/* The exception codes of mcause, as the privileged specification (3.1.15)
 * names them; NULL for reserved and custom ones. */
static const char *exception_name(uintptr_t code) {
  switch (code) {
  case 0: return "instruction address misaligned";
  case 1: return "instruction access fault";
  case 2: return "illegal instruction";
  case 3: return "breakpoint";
  case 4: return "load address misaligned";
  case 5: return "load access fault";
  case 6: return "store/AMO address misaligned";
  case 7: return "store/AMO access fault";
  case 8: return "environment call from U-mode";
  case 9: return "environment call from S-mode";
  case 11: return "environment call from M-mode";
  case 12: return "instruction page fault";
  case 13: return "load page fault";
  case 15: return "store/AMO page fault";
  default: return 0;
  }
}

static const char *interrupt_name(uintptr_t code) {
  switch (code) {
  case 1: return "supervisor software interrupt";
  case 3: return "machine software interrupt";
  case 5: return "supervisor timer interrupt";
  case 7: return "machine timer interrupt";
  case 9: return "supervisor external interrupt";
  case 11: return "machine external interrupt";
  default: return 0;
  }
}

/* What mtval holds for each exception. */
static const char *mtval_meaning(uintptr_t code) {
  switch (code) {
  case 0: case 1: case 12: return " (the faulting instruction address)";
  case 2: return " (the instruction's bits, when the core records them)";
  case 4: case 5: case 6: case 7: case 13: case 15:
    return " (the faulting data address)";
  case 3: return " (the breakpoint's address)";
  default: return "";
  }
}

static const char *const reg_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
    "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
    "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};

static const char *const mode_names[4] = {"user", "supervisor", "reserved",
                                          "machine"};

__attribute__((noreturn, used)) void
noos__rv_trap(const struct noos_rv_frame *f) {
  uintptr_t code = f->mcause & ~NOOS_RV_INTERRUPT;
  int irq = (f->mcause & NOOS_RV_INTERRUPT) != 0;
  const char *name = irq ? interrupt_name(code) : exception_name(code);
  int status = noos__rv_trap_status(f->mcause);
  int overflow = noos__rv_main_overflow(f);

  noos_puts_raw("\nnoos: ");
  if (irq)
    noos_puts_raw("unhandled ");
  if (overflow)
    noos_puts_raw("stack overflow: ");
  noos_puts_raw(name ? name : irq ? "interrupt" : "exception");
  if (!name)
    noos_puts_raw(" the specification does not name");
  if (overflow == 1) {
    noos_puts_raw(" in the guard below the main stack at ");
    put_hex(f->mtval);
  } else if (overflow) {
    noos_puts_raw(" with sp in the guard below the main stack");
  }
  noos_puts_raw("\n");
  key("mcause");
  put_hex(f->mcause);
  noos_puts_raw(irq ? " (interrupt " : " (exception ");
  noos_put_dec((uint32_t)code);
  noos_puts_raw(")\n");
  if (!irq) {
    key("mtval");
    put_hex(f->mtval);
    noos_puts_raw(mtval_meaning(code));
    noos_puts_raw("\n");
  }
  key("mepc");
  put_hex(f->mepc);
  noos_puts_raw("\n");
  key("mstatus");
  put_hex(f->mstatus);
  noos_puts_raw(" (from ");
  noos_puts_raw(mode_names[(f->mstatus >> 11) & 3]); /* MPP */
  noos_puts_raw(" mode, interrupts ");
  noos_puts_raw((f->mstatus >> 7) & 1 ? "on" : "off"); /* MPIE */
  noos_puts_raw(")\n");
  for (int i = 1; i < 32; ++i) {
    noos_puts_raw("  ");
    noos_puts_raw(reg_names[i]);
    noos_puts_raw(":");
    noos_puts_raw(reg_names[i][2] ? " " : reg_names[i][1] ? "  " : "   ");
    put_hex(f->x[i]);
    if (i % 4 == 3 || i == 31)
      noos_puts_raw("\n");
  }
  if (overflow) {
    key("hint");
    noos_puts_raw("the main stack (");
    noos_put_dec((uint32_t)(__stack - __stack_limit));
    noos_puts_raw(" bytes) overflowed: raise --stack-size or use less stack\n");
    key("stack");
    put_hex((uintptr_t)__stack_limit);
    noos_puts_raw("-");
    put_hex((uintptr_t)__stack);
    noos_puts_raw(" (a PMP guard below it)\n");
  }
  key("source");
  noos_puts_raw("llvm-addr2line -fipe <image.elf> ");
  put_hex(f->mepc);
  noos_puts_raw("\n");
  key("status");
  noos_put_dec((uint32_t)status);
  noos_puts_raw(irq ? " (128 + 16 + interrupt " : " (128 + exception ");
  noos_put_dec((uint32_t)code);
  noos_puts_raw(")\n");
  noos_exit(status);
}

#pragma clang attribute pop
