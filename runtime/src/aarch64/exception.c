/*
 * The AArch64 exception report: every exception reaches here from
 * vectors.S with the saved registers; the report decodes ESR_EL1 (the
 * exception class and, for aborts, the fault status of the ISS), names a
 * main-stack overflow (a data abort in the guard page below the stack,
 * mmu.c), prints the registers with the raw console helpers (no stdio, no
 * heap: the program may be broken in any way), and ends the program with
 * status 128 + the exception class (synchronous exceptions) or 192 + the
 * vector entry (IRQ, FIQ, SError, which nothing handles yet):
 *
 *   noos: data abort: translation fault, level 1, read at 0x00000000f0000000
 *     esr:        0x96000005 EC 0x25 (data abort, same EL) ISS 0x000005
 *     far:        0x00000000f0000000
 *     pc:         0x0000000040100a3c
 *     lr:         0x0000000040100b10
 *     sp:         0x0000000040003fd0
 *     spsr:       0x600003c4 EL1t, DAIF 0xf
 *     x0:  0x0000000000000000   x1:  ...
 *     ...
 *     source:     llvm-addr2line -fipe <image.elf> 0x0000000040100a3c 0x0000000040100b0c
 *     status:     165 (128 + exception class 0x25)
 */
#include "internal.h"
#include "exception.h"

#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

extern char __stack[];
extern char __vectors_start[], __text_end[];
/* The running thread's name (the scheduler's, when it is linked). */
struct noos_thread;
extern struct noos_thread *volatile noos__current __attribute__((weak));
extern const char *noos_thread_name(const struct noos_thread *t)
    __attribute__((weak));

static void put(const char *s) { noos_puts_raw(s); }

static void hex(uint64_t v, int digits) {
  char buf[19];
  buf[0] = '0';
  buf[1] = 'x';
  for (int i = digits + 1; i > 1; --i, v >>= 4) {
    unsigned d = v & 15;
    buf[i] = (char)(d < 10 ? '0' + d : 'a' - 10 + d);
  }
  buf[digits + 2] = 0;
  put(buf);
}

#define key noos__fault_key

static void line64(const char *k, uint64_t v) {
  key(k);
  hex(v, 16);
  put("\n");
}

/* The exception classes this runtime can meet at EL1, by EC. */
static const char *class_name(unsigned ec) {
  switch (ec) {
  case 0x00: return "undefined instruction";
  case 0x01: return "WFI/WFE trapped";
  case 0x07: return "FP/SIMD access trapped (CPACR_EL1.FPEN)";
  case 0x0e: return "illegal execution state";
  case 0x15: return "SVC";
  case 0x18: return "system register access trapped";
  case 0x20: return "instruction abort, lower EL";
  case 0x21: return "instruction abort";
  case 0x22: return "pc alignment fault";
  case 0x24: return "data abort, lower EL";
  case 0x25: return "data abort";
  case 0x26: return "sp alignment fault";
  case 0x2c: return "floating-point exception";
  case 0x2f: return "SError";
  case 0x30: case 0x31: return "breakpoint";
  case 0x32: case 0x33: return "software step";
  case 0x34: case 0x35: return "watchpoint";
  case 0x3c: return "BRK instruction";
  default: return "exception";
  }
}

/* The fault status code of an abort's ISS (DFSC/IFSC). */
static void fault_status(unsigned fsc) {
  static const char *const kinds[4] = {"address size fault", "translation fault",
                                       "access flag fault", "permission fault"};
  if (fsc < 16) {
    put(kinds[fsc >> 2]);
    put(", level ");
    char l[2] = {(char)('0' + (fsc & 3)), 0};
    put(l);
  } else if (fsc == 0x10) {
    put("synchronous external abort");
  } else if (fsc == 0x21) {
    put("alignment fault");
  } else if (fsc == 0x30) {
    put("TLB conflict abort");
  } else {
    put("fault status ");
    hex(fsc, 2);
  }
}

static const char *const entry_kinds[4] = {"synchronous exception", "IRQ",
                                           "FIQ", "SError"};

__attribute__((used)) void noos__a64_exception(struct noos_a64_frame *f,
                                               uint64_t entry) {
  static volatile int reporting;
  if (reporting++) { /* the report itself faulted: stop at once */
    put("\nnoos: fault in the fault report\n");
    noos_exit(255);
  }
  unsigned kind = entry & 3;
  unsigned ec = (unsigned)(f->esr >> 26) & 0x3f;
  unsigned iss = (unsigned)f->esr & 0x1ffffff;
  int abort = ec == 0x20 || ec == 0x21 || ec == 0x24 || ec == 0x25;
  int data = ec == 0x24 || ec == 0x25;
  int far_valid = abort && !(iss & (1u << 10)); /* FnV clear */
  uint64_t limit = (uintptr_t)__stack_limit;
  int overflow = noos__a64_main_overflow(f, entry);
  int thread_overflow = noos__a64_thread_overflow(f, entry);

  put("\nnoos: ");
  if (kind != 0) {
    put("unhandled ");
    put(entry_kinds[kind]);
    put(entry < 4 ? "" : entry < 8 ? " in an exception handler" : " from a lower EL");
  } else if (overflow) {
    put("stack overflow: data abort in the guard page below the main stack at ");
    hex(f->far, 16);
  } else if (thread_overflow) {
    put("thread stack overflow: data abort in the guard page below the stack of thread \"");
    put(&noos__current && noos_thread_name ? noos_thread_name(noos__current) : "?");
    put("\" at ");
    hex(f->far, 16);
    if (entry >= 4)
      put(" (saving its registers for an exception)");
  } else {
    put(class_name(ec));
    if (abort) {
      put(": ");
      fault_status(iss & 0x3f);
      if (data)
        put(iss & (1u << 6) ? ", write" : ", read");
      if (far_valid) {
        put(" at ");
        hex(f->far, 16);
      }
    }
    if (entry >= 4)
      put(entry < 8 ? " (in an exception handler)" : " (from a lower EL)");
  }
  put("\n");
  if (kind == 0) {
    key("esr");
    hex(f->esr, 8);
    put(" EC ");
    hex(ec, 2);
    put(" (");
    put(class_name(ec));
    put(") ISS ");
    hex(iss, 7);
    put("\n");
    if (abort || ec == 0x22)
      line64("far", f->far);
  }
  line64("pc", f->elr);
  line64("lr", f->x[30]);
  line64("sp", f->sp);
  key("spsr");
  hex(f->spsr, 8);
  static const char *const modes[4] = {" EL0t", " EL1t", " EL1h", " EL?"};
  unsigned m = f->spsr & 0xf;
  put(m == 0 ? modes[0] : m == 4 ? modes[1] : m == 5 ? modes[2] : modes[3]);
  put(", DAIF ");
  hex((f->spsr >> 6) & 0xf, 1);
  put("\n");
  for (int i = 0; i < 31; ++i) {
    char name[6] = {' ', ' ', 'x', 0, 0, 0};
    if (i >= 10) {
      name[3] = (char)('0' + i / 10);
      name[4] = (char)('0' + i % 10);
    } else {
      name[3] = (char)('0' + i);
    }
    put(name);
    put(i < 10 ? ":  " : ": ");
    hex(f->x[i], 16);
    put(i % 4 == 3 || i == 30 ? "\n" : " ");
  }
  if (thread_overflow) {
    key("hint");
    put("give the thread a larger stack (noos_thread_create)\n");
  }
  if (overflow) {
    key("hint");
    put("the main stack (");
    noos_put_dec((uint32_t)((uintptr_t)__stack - limit));
    put(" bytes) overflowed: raise --stack-size or use less stack\n");
  }
  /* For noos-run, which adds the source lines: the exception's pc, and
   * the call before lr when lr is in the text. */
  key("source");
  put("llvm-addr2line -fipe <image.elf> ");
  hex(f->elr, 16);
  uint64_t lr = f->x[30];
  if (lr >= (uintptr_t)__vectors_start + 4 && lr <= (uintptr_t)__text_end) {
    put(" ");
    hex(lr - 4, 16);
  }
  put("\n");
  unsigned status = noos__a64_status(f, entry);
  key("status");
  noos_put_dec(status);
  if (kind == 0) {
    put(" (128 + exception class ");
    hex(ec, 2);
    put(")\n");
  } else {
    put(" (192 + vector entry ");
    noos_put_dec((uint32_t)entry);
    put(")\n");
  }
  noos_exit((int)status);
}

/* The symbol noos-ld's --fault-report=full asks for ("fault-reports" in
 * targets.json), which picks this object. */
__asm__(".globl noos_fault_full\n.set noos_fault_full, noos__a64_exception");

#pragma clang attribute pop
