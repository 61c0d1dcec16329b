/*
 * The armv7a fault report (--fault-report=full): what the default exception handlers
 * (exception-entry.S) print before the program ends, with the raw console
 * helpers (no stdio, no heap: the program may be broken in any way):
 *
 *   noos: data abort: alignment fault
 *     fault:      read at 0x40100a02, from SVC mode (ARM state)
 *     dfsr:       0x00000001 (FS 0x01, read)
 *     dfar:       0x40100a02
 *     pc:         0x401002a4
 *     lr:         0x40100300
 *     sp:         0x40003fe8
 *     spsr:       0x600001d3
 *     r0:  0x...  r1:  0x...  r2:  0x...  r3:  0x...
 *     ...
 *     source:     llvm-addr2line -fipe <image.elf> 0x401002a4
 *     status:     132 (128 + vector 4)
 *
 * The status is fault.h's. A main stack overflow (the guard page below
 * the stack, mmu.c) is named as one, a created thread's names the thread.
 * A permission fault (a write to text or read-only data, a fetch outside
 * text: mmu.c's map) gets a hint saying so.
 * The exception modes' stacks have no guard. This is --fault-report=full,
 * the default.
 */
#include "internal.h"
#include "fault.h"

#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

/* The symbol noos-ld asks for (-u) to pick this object. */
const char noos_fault_full = 0;

/* The running thread's name (the scheduler's, when it is linked). */
struct noos_thread;
extern struct noos_thread *volatile noos__current __attribute__((weak));
extern const char *noos_thread_name(const struct noos_thread *t)
    __attribute__((weak));
/* kentry.S: an SVC or IRQ entry has saved the thread's registers there
 * (an abort between the handler's start and here is in that save). */
extern char SVC_Handler[], noos__a32_svc_saved[];
extern char IRQ_Handler[], noos__a32_irq_saved[];

#define key noos__fault_key

static void line_hex(const char *k, uint32_t v) {
  key(k);
  noos_put_hex(v);
  noos_puts_raw("\n");
}

/* The short-descriptor fault status (DFSR/IFSR FS[4:0]), as the Arm ARM
 * (B3.13.3) names it; NULL for values it leaves unnamed. */
static const char *fault_status(uint32_t fs) {
  switch (fs) {
  case 0x01: return "alignment fault";
  case 0x02: return "debug event";
  case 0x03: return "access flag fault (section)";
  case 0x04: return "fault on instruction cache maintenance";
  case 0x05: return "translation fault (section)";
  case 0x06: return "access flag fault (page)";
  case 0x07: return "translation fault (page)";
  case 0x08: return "synchronous external abort";
  case 0x09: return "domain fault (section)";
  case 0x0b: return "domain fault (page)";
  case 0x0c: return "synchronous external abort on translation table walk (first level)";
  case 0x0d: return "permission fault (section)";
  case 0x0e: return "synchronous external abort on translation table walk (second level)";
  case 0x0f: return "permission fault (page)";
  case 0x10: return "TLB conflict abort";
  case 0x16: return "asynchronous external abort";
  case 0x18: return "asynchronous parity or ECC error";
  case 0x19: return "synchronous parity or ECC error";
  case 0x1c: return "synchronous parity or ECC error on translation table walk (first level)";
  case 0x1e: return "synchronous parity or ECC error on translation table walk (second level)";
  default: return 0;
  }
}

static const char *mode_name(uint32_t m) {
  switch (m & 0x1f) {
  case 0x10: return "User";
  case 0x11: return "FIQ";
  case 0x12: return "IRQ";
  case 0x13: return "SVC";
  case 0x16: return "Monitor";
  case 0x17: return "Abort";
  case 0x1a: return "Hyp";
  case 0x1b: return "Undefined";
  case 0x1f: return "System";
  default: return "an unknown";
  }
}

static const char *const kind_names[8] = {
    "reset", "undefined instruction", "unexpected SVC", "prefetch abort",
    "data abort", "hypervisor trap", "unhandled IRQ", "unhandled FIQ"};

__attribute__((noreturn, used)) void
noos__a32_exception(uint32_t kind, const struct noos_a32_frame *f) {
  int thumb = (f->spsr >> 5) & 1;
  struct noos_a32_fault F = noos__a32_fault(kind, f);
  uint32_t pc = F.pc, fsr = F.fsr, far = F.far, fs = F.fs;
  int overflow = F.overflow, thread_overflow = F.thread_overflow;
  int saving = pc - (uint32_t)(uintptr_t)SVC_Handler <
                   (uint32_t)(noos__a32_svc_saved - SVC_Handler) ||
               pc - (uint32_t)(uintptr_t)IRQ_Handler <
                   (uint32_t)(noos__a32_irq_saved - IRQ_Handler);

  noos_puts_raw("\nnoos: ");
  noos_puts_raw(kind < 8 ? kind_names[kind] : "exception");
  if (overflow) {
    noos_puts_raw(": main stack overflow: raise --stack-size (now ");
    noos_put_dec((uint32_t)(__stack - __stack_limit));
    noos_puts_raw(" bytes)");
  } else if (thread_overflow) {
    noos_puts_raw(": stack overflow in thread \"");
    noos_puts_raw(&noos__current && noos_thread_name
                      ? noos_thread_name(noos__current)
                      : "?");
    noos_puts_raw("\" (the guard page below its stack)");
    if (saving)
      noos_puts_raw(", saving its registers for an exception");
  } else if (kind == 3 || kind == 4) {
    const char *s = fault_status(fs);
    noos_puts_raw(": ");
    noos_puts_raw(s ? s : "fault status not named by the architecture");
  }
  noos_puts_raw("\n");
  key("fault");
  if (kind == 4) {
    noos_puts_raw((fsr >> 11) & 1 ? "write at " : "read at ");
    noos_put_hex(far);
    noos_puts_raw(", ");
  } else if (kind == 3) {
    noos_puts_raw("fetch at ");
    noos_put_hex(far);
    noos_puts_raw(", ");
  }
  noos_puts_raw("from ");
  noos_puts_raw(mode_name(f->spsr));
  noos_puts_raw(" mode (");
  noos_puts_raw(thumb ? "Thumb" : "ARM");
  noos_puts_raw(" state)\n");
  if (kind == 3 || kind == 4) {
    key(kind == 4 ? "dfsr" : "ifsr");
    noos_put_hex(fsr);
    char fs_hex[] = {'0', 'x', "0123456789abcdef"[fs >> 4],
                     "0123456789abcdef"[fs & 15], 0};
    noos_puts_raw(" (FS ");
    noos_puts_raw(fs_hex);
    if (kind == 4)
      noos_puts_raw((fsr >> 11) & 1 ? ", write" : ", read");
    if ((fsr >> 12) & 1)
      noos_puts_raw(", external");
    noos_puts_raw(")\n");
    line_hex(kind == 4 ? "dfar" : "ifar", far);
  }
  line_hex("pc", pc);
  line_hex("lr", f->lr);
  line_hex("sp", f->sp);
  line_hex("spsr", f->spsr);
  for (int i = 0; i < 13; ++i) {
    noos_puts_raw("  r");
    noos_put_dec((uint32_t)i);
    noos_puts_raw(i < 10 ? ":  " : ": ");
    noos_put_hex(f->r[i]);
    if (i % 4 == 3 || i == 12)
      noos_puts_raw("\n");
  }
  int permission = (kind == 3 || kind == 4) && (fs == 0x0d || fs == 0x0f);
  if (thread_overflow) {
    key("hint");
    noos_puts_raw("give the thread a larger stack (noos_thread_create)\n");
  } else if (permission && kind == 3) {
    key("hint");
    noos_puts_raw("only text is executable: data, stacks, the heap and "
                  "peripherals never are (the MMU map)\n");
  } else if (permission && ((fsr >> 11) & 1)) {
    key("hint");
    noos_puts_raw("text and read-only data are read-only (the MMU map)\n");
  }
  key("source");
  noos_puts_raw("llvm-addr2line -fipe <image.elf> ");
  noos_put_hex(pc);
  noos_puts_raw("\n");
  key("status");
  noos_put_dec(128 + kind);
  noos_puts_raw(" (128 + vector ");
  noos_put_dec(kind);
  noos_puts_raw(")\n");
  noos_exit((int)(128 + kind));
}

#pragma clang attribute pop
