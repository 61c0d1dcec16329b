/*
 * The full fault report, the default (noos-ld --fault-report=full; short:
 * fault-short.c, none: arm-m/fault-none.S). The fault handlers' entry
 * (arm-m/fault.S) saves the registers and moves to a usable stack;
 * noos_fault_report prints what happened with the raw console helpers (no
 * stdio, no heap: the program may be broken in any way) and ends the
 * program with status 128 + the exception number, as noos_default_handler
 * does:
 *
 *   noos: HardFault: undefined instruction
 *     fault:      UsageFault escalated to HardFault, in thread mode, main stack (MSP)
 *     cfsr:       0x00010000 UNDEFINSTR
 *     hfsr:       0x40000000 FORCED
 *     pc:         0x00000234
 *     lr:         0x0000027f
 *     sp:         0x20001fe8
 *     xpsr:       0x01000000
 *     r0:  0x00000000  r1:  ...
 *     ...
 *     status:     131 (128 + exception 3)
 *
 * A main stack overflow is told apart with the help of the guard
 * noos_fault_init (fault-init.c) sets up.
 */
#include "fault.h"

/* Nothing here is on a fast path: every function is built for size. */
#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

__attribute__((noreturn, used)) void
noos_fault_report(const struct noos_fault_state *s);

/* Only to tell where code is; a custom linker script may lack them. */

/* The scheduler's, when it is linked (sched.c): fills in what it knows of
 * the running created thread (fault.h). */
void noos__fault_thread(const struct noos_fault_state *s,
                        struct noos_fault_thread *t) __attribute__((weak));

/* Names of status register bits, from bit 0 up, each ended by a NUL
 * (reserved bits have empty names). */
#if HAVE_CFSR
static const char cfsr_names[] =
    "IACCVIOL\0DACCVIOL\0\0MUNSTKERR\0MSTKERR\0MLSPERR\0\0MMARVALID\0"
    "IBUSERR\0PRECISERR\0IMPRECISERR\0UNSTKERR\0STKERR\0LSPERR\0\0BFARVALID\0"
    "UNDEFINSTR\0INVSTATE\0INVPC\0NOCP\0STKOF\0\0\0\0UNALIGNED\0DIVBYZERO";
static const char hfsr_names[] =
    "\0VECTTBL\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0FORCED\0DEBUGEVT";
#endif
#if V8M_MAIN
static const char sfsr_names[] =
    "INVEP\0INVIS\0INVER\0AUVIOL\0INVTRAN\0LSPERR\0SFARVALID\0LSERR";
#endif

static void put(const char *s) { noos_puts_raw(s); }

/* "  key:" padded so that the values line up. */
#define key noos__fault_key

static void line_hex(const char *k, uint32_t v) {
  key(k);
  noos_put_hex(v);
  put("\n");
}

static void reg(const char *name, uint32_t v) {
  put("  ");
  put(name);
  put(name[2] ? ": " : ":  ");
  noos_put_hex(v);
}

#if HAVE_CFSR || V8M_MAIN
/* "  key: 0x... NAME NAME" for the bits set in v. */
static void bits(const char *k, uint32_t v, const char *names, size_t size) {
  key(k);
  noos_put_hex(v);
  for (const char *p = names; p < names + size; ++p, v >>= 1) {
    if ((v & 1) && *p) {
      put(" ");
      put(p);
    }
    while (*p)
      ++p;
  }
  put("\n");
}
#endif

struct fault {
  const char *what; /* the fault in words, or NULL */
  uint32_t addr;    /* the data address that faulted, when has_addr */
  int has_addr;
  int at; /* what is a data access: the header appends " at <addr>" */
};

#if !HAVE_CFSR
/* v6-M and v8-M Baseline have no fault status registers: a HardFault at a
 * load or store is a bus error or an unaligned access. Works out its
 * address from the instruction at pc (Thumb-1 encodings) and the
 * registers. */
static void decode_access(struct fault *d, uint32_t pc, uint16_t op,
                          const uint32_t r[8], uint32_t sp) {
  uint32_t n = (op >> 3) & 7, imm5 = (op >> 6) & 0x1f, size, a;
  if ((op & 0xf000) == 0x5000) { /* LDR/STR{,B,H,SB,SH} (register) */
    static const unsigned char sizes[8] = {4, 2, 1, 1, 4, 2, 1, 2};
    size = sizes[(op >> 9) & 7];
    a = r[n] + r[(op >> 6) & 7];
  } else if ((op & 0xe000) == 0x6000) { /* LDR/STR{,B} (immediate) */
    size = (op & 0x1000) ? 1 : 4;
    a = r[n] + imm5 * size;
  } else if ((op & 0xf000) == 0x8000) { /* LDRH/STRH (immediate) */
    size = 2;
    a = r[n] + imm5 * 2;
  } else if ((op & 0xf000) == 0x9000) { /* LDR/STR (SP) */
    size = 4;
    a = sp + (op & 0xff) * 4u;
  } else if ((op & 0xf800) == 0x4800) { /* LDR (literal) */
    size = 4;
    a = ((pc + 4) & ~3u) + (op & 0xff) * 4u;
  } else if ((op & 0xf000) == 0xc000) { /* LDM/STM */
    size = 4;
    a = r[(op >> 8) & 7];
  } else {
    return;
  }
  d->what = (a & (size - 1)) ? "unaligned access" : "bus error";
  d->addr = a;
  d->has_addr = d->at = 1;
}
#endif

/* What the fault was, from the status registers (v7-M/v8-M Main) or from
 * the faulting instruction (the others, which have none). */
static struct fault describe(uint32_t cfsr, uint32_t hfsr, int frame_ok,
                             const uint32_t *f, const uint32_t *r4_r7,
                             uint32_t sp) {
  struct fault d = {0, 0, 0, 0};
  uint32_t pc = frame_ok ? f[6] : 0, xpsr = frame_ok ? f[7] : 0;
#if HAVE_CFSR
  (void)r4_r7;
  (void)sp;
  if (cfsr & MMARVALID)
    d.addr = SCB_MMFAR, d.has_addr = 1;
  else if (cfsr & BFARVALID)
    d.addr = SCB_BFAR, d.has_addr = 1;
  if (cfsr & DACCVIOL)
    d.what = "MPU violation", d.at = (cfsr & MMARVALID) != 0;
  else if (cfsr & PRECISERR)
    d.what = "bus error", d.at = (cfsr & BFARVALID) != 0;
  else if (cfsr & STKOF)
    d.what = "stack limit (MSPLIM/PSPLIM) exceeded";
  else if (cfsr & (MSTKERR | STKERR))
    d.what = "the exception frame could not be stacked";
  else if (cfsr & (MUNSTKERR | UNSTKERR))
    d.what = "the exception frame could not be unstacked";
  else if (cfsr & IACCVIOL)
    d.what = "instruction fetch from non-executable memory (MPU or XN)";
  else if (cfsr & IBUSERR)
    d.what = "bus error fetching an instruction";
  else if (cfsr & IMPRECISERR)
    d.what = "imprecise bus error (a write shortly before pc)";
  else if (cfsr & (MLSPERR | LSPERR))
    d.what = "lazy floating-point state could not be stacked";
  else if (cfsr & UNDEFINSTR)
    d.what = "undefined instruction";
  else if (cfsr & INVSTATE)
    d.what = "branch to an address with bit 0 clear (ARM state)";
  else if (cfsr & INVPC)
    d.what = "invalid exception return (bad EXC_RETURN or frame)";
  else if (cfsr & NOCP)
    d.what = "floating-point instruction with the FPU off or absent";
  else if (cfsr & UNALIGNED)
    d.what = "unaligned access";
  else if (cfsr & DIVBYZERO)
    d.what = "integer divide by zero";
  else if (hfsr & VECTTBL)
    d.what = "bus error reading the vector table";
  else if (hfsr & DEBUGEVT)
    d.what = "breakpoint or watchpoint without a debugger";
  if (d.what || !frame_ok)
    return d;
#else
  (void)cfsr;
  (void)hfsr;
  if (!frame_ok)
    return d;
  if (!(xpsr & (1u << 24))) {
    d.what = "branch to an address with bit 0 clear (ARM state)";
    return d;
  }
#endif
  if (!(pc & 1) && fault_readable(pc, 2)) {
    uint16_t op = *(const volatile uint16_t *)pc;
    if ((op & 0xff00) == 0xde00)
      d.what = "undefined instruction";
    else if ((op & 0xff00) == 0xbe00)
      d.what = "breakpoint (bkpt) without a debugger";
#if !HAVE_CFSR
    else {
      uint32_t r[8] = {f[0], f[1], f[2], f[3],
                       r4_r7[0], r4_r7[1], r4_r7[2], r4_r7[3]};
      decode_access(&d, pc, op, r, sp);
    }
#endif
  }
  (void)xpsr;
  return d;
}

__attribute__((noreturn, used)) void
noos_fault_report(const struct noos_fault_state *s) {
  NOOS_FAULT_RETURN_CFI();
  uint32_t ipsr;
  __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
  ipsr &= 0x1ff;
  uint32_t exc = s->exc_return;
  int on_psp = (exc & 4) != 0;
  uint32_t limit = (uint32_t)__stack_limit, top = (uint32_t)__stack;
  const char *exc_name = noos__exception_name(ipsr);
  if (!*exc_name)
    exc_name = "fault";

  uint32_t cfsr = 0, hfsr = 0;
#if HAVE_CFSR
  cfsr = SCB_CFSR;
  hfsr = SCB_HFSR;
#endif
  /* The limit of the stack that holds the frame (v8-M Main). */
  uint32_t splim = on_psp ? 0 : limit;
#if V8M_MAIN
  if (on_psp)
    __asm__ volatile("mrs %0, psplim" : "=r"(splim));
  else
    __asm__ volatile("mrs %0, msplim" : "=r"(splim));
#endif

  /* The basic frame follows the additional state context (10 words) when
   * a Non-secure handler took an exception from Secure code (v8-M). */
  uint32_t frame = s->frame;
#if V8M
  if (!(exc & (1u << 5)))
    frame += 40;
#endif
  /* The frame holds the registers unless stacking faulted, hit the stack
   * limit (the core then leaves SP at the limit, v8-M), or went below the
   * main stack. v6-M cannot tell: only a frame in RAM is read there. */
  int frame_ok = !(cfsr & (MSTKERR | STKERR)) &&
                 !((cfsr & STKOF) && s->frame == splim) &&
                 !(!on_psp && s->frame < limit) &&
                 (HAVE_CFSR || fault_readable(frame, 32));
  const uint32_t *f = (const uint32_t *)frame;
  uint32_t pc = frame_ok ? f[6] : 0, lr = frame_ok ? f[5] : 0;
  uint32_t xpsr = frame_ok ? f[7] : 0;

  /* The SP of the faulting code: above the frame. */
  uint32_t sp = frame + 32;
  if (!(exc & (1u << 4))) { /* extended frame: s0-s15, FPSCR, reserved */
    sp += 72;
#if V8M_MAIN && defined(__ARM_FP)
    if ((FPCCR & (1u << 26)) && (exc & (1u << 6))) /* TS: s16-s31 too */
      sp += 64;
#endif
  }
  if (xpsr & (1u << 9)) /* the frame was realigned: one word of padding */
    sp += 4;

  struct fault d = describe(cfsr, hfsr, frame_ok, f, s->r4_r11, sp);

  /* A main stack overflow: the core stacked (or tried to) at the bottom
   * of the stack or below it (MSP in RAM block 2, which may lie below
   * block 1, is someone's deliberate choice), or hit MSPLIM, or a data
   * access faulted just below the stack (in the guard). */
  uint32_t msp = s->msp;
  uint32_t guard = noos__fault_guard_size ? noos__fault_guard_size : 4096;
  int overflow = (msp < limit + 32 &&
                  !fault_in(msp, 1, __ram2_start, __ram2_end)) ||
                 ((cfsr & (MSTKERR | STKERR)) && msp < limit + 128) ||
                 ((cfsr & STKOF) && !on_psp) ||
                 ((cfsr & (MMARVALID | BFARVALID)) && d.addr < limit &&
                  d.addr >= limit - guard && msp < limit + 4096);
  /* A created thread's stack overflow: PSPLIM (v8-M Main), a write in
   * the MPU guard below its stack (from the thread, or from PendSV saving
   * its registers), or exception entry failing to stack below it. */
  struct noos_fault_thread th = {0, 0, 0, 0, 0, 0};
  if (noos__fault_thread)
    noos__fault_thread(s, &th);
  uint32_t t_lo = th.stack_lo, t_guard = th.guard;
  int psp_overflow =
      th.name && (((cfsr & STKOF) && on_psp) ||
                  ((cfsr & MMARVALID) && t_guard && SCB_MMFAR < t_lo &&
                   SCB_MMFAR >= t_lo - t_guard) ||
                  (on_psp && (cfsr & (MSTKERR | STKERR)) && s->psp < t_lo + 32));
  /* Without a hardware stack limit (v6-M, v8-M Baseline, or no MPU) an
   * overflow runs on until the thread's stack pointer leaves RAM or
   * something it overwrote faults: the scheduler's checks tell. */
  if (!psp_overflow && th.overflow)
    psp_overflow = 2;

  /* The header: which exception, and what happened. */
  put("\nnoos: ");
  put(exc_name);
  put(": ");
  if (overflow)
    put("stack overflow");
  else if (psp_overflow == 2)
    put(th.overflow);
  else if (psp_overflow)
    put(cfsr & STKOF ? "thread stack overflow (PSPLIM)"
                     : "thread stack overflow (MPU guard)");
  else if (d.what) {
    put(d.what);
    if (d.at) {
      put(" at ");
      noos_put_hex(d.addr);
    }
  } else {
    put(HAVE_CFSR ? "no fault status" : "bad memory access or instruction");
  }
  put("\n");

  /* Where it happened, and the status registers. */
  key("fault");
  if (HAVE_CFSR && ipsr == 3 && (hfsr & FORCED) && cfsr) {
    put(noos__exception_name((cfsr & 0xff) ? 4 : (cfsr & 0xff00) ? 5 : 6));
    put(" escalated to HardFault");
  } else {
    put(exc_name);
  }
  if (exc & (1u << 3)) {
    put(", in thread mode");
  } else {
    put(", in a handler");
    uint32_t n = xpsr & 0x1ff;
    if (n >= 16) {
      put(" (IRQ");
      noos_put_dec(n - 16);
      put(")");
    } else if (*noos__exception_name(n)) {
      put(" (");
      put(noos__exception_name(n));
      put(")");
    }
  }
  put(on_psp ? ", process stack (PSP)\n" : ", main stack (MSP)\n");
#if HAVE_CFSR
  bits("cfsr", cfsr, cfsr_names, sizeof(cfsr_names));
  bits("hfsr", hfsr, hfsr_names, sizeof(hfsr_names));
  if (cfsr & MMARVALID)
    line_hex("mmfar", SCB_MMFAR);
  if (cfsr & BFARVALID)
    line_hex("bfar", SCB_BFAR);
#endif
#if V8M_MAIN
  uint32_t sfsr = SCB_SFSR;
  if (sfsr) {
    bits("sfsr", sfsr, sfsr_names, sizeof(sfsr_names));
    if (sfsr & (1u << 6))
      line_hex("sfar", SCB_SFAR);
  }
#endif
#if !HAVE_CFSR
  if (d.has_addr)
    line_hex("address", d.addr);
#endif

  /* The registers. */
  if (frame_ok) {
    line_hex("pc", pc);
    line_hex("lr", lr);
    line_hex("sp", sp);
    line_hex("xpsr", xpsr);
    reg("r0", f[0]);
    reg("r1", f[1]);
    reg("r2", f[2]);
    reg("r3", f[3]);
    put("\n");
  } else {
    key("pc");
    put("unknown (the exception frame could not be saved)\n");
    key("sp");
    noos_put_hex(sp);
    put(" (about: the frame would start at ");
    noos_put_hex(s->frame);
    put(")\n");
  }
  static const char *const high[8] = {"r4", "r5", "r6",  "r7",
                                      "r8", "r9", "r10", "r11"};
  for (int i = 0; i < 8; ++i) {
    reg(high[i], s->r4_r11[i]);
    if (i % 4 == 3)
      put("\n");
  }
  if (frame_ok) {
    reg("r12", f[4]);
    put("\n");
  }
  line_hex("exc_return", exc);

  if (overflow) {
    key("hint");
    put("the main stack (");
    noos_put_dec(top - limit);
    put(" bytes) overflowed: raise --stack-size or use less stack\n");
    key("stack");
    noos_put_hex(limit);
    put("-");
    noos_put_hex(top);
    if (noos__fault_guard_size)
      put(" (an MPU guard below it)");
#if V8M_MAIN
    uint32_t msplim;
    __asm__ volatile("mrs %0, msplim" : "=r"(msplim));
    if (msplim == limit)
      put(" (MSPLIM at its bottom)");
#endif
    put("\n");
  }
  if ((th.name || th.note) && (on_psp || psp_overflow)) {
    key("thread");
    if (th.name) {
      put("\"");
      put(th.name);
      put("\"");
    }
    put(th.note);
    put("\n");
  }
  if (psp_overflow) {
    if (psp_overflow == 1 || th.stack_note) {
      key("stack");
      put("from ");
      noos_put_hex(t_lo);
      put(psp_overflow == 2 ? th.stack_note
          : cfsr & STKOF    ? " (PSPLIM)\n"
                            : " (an MPU guard below it)\n");
    }
    key("hint");
    put("give the thread a larger stack (noos_thread_create)\n");
  }
  if (frame_ok) {
    key("source");
    put("llvm-addr2line -fipe <image.elf> ");
    noos_put_hex(pc);
    if ((lr & 1) && lr < 0xf0000000u) { /* the call before lr */
      put(" ");
      noos_put_hex((lr & ~1u) - 2);
    }
    put("\n");
  }
  int status = 128 + (int)ipsr;
  key("status");
  noos_put_dec((uint32_t)status);
  put(" (128 + exception ");
  noos_put_dec(ipsr);
  put(")\n");
  noos_exit(status);
}

#pragma clang attribute pop
