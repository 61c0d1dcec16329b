/*
 * The RISC-V port's primitives (machine mode; included by semihost.c, and
 * by kernel.h once the kernel is ported): masking with mstatus.MIE, the
 * "in a trap" from mscratch, the semihosting trap. k_can_svc, which only
 * the kernel and the threaded console use, comes with the kernel's RISC-V
 * port (unported-sources.txt): code that needs it does not build here yet.
 */
#ifndef NOOS_PORT_H
#define NOOS_PORT_H

#include <stdint.h>

#define NOOS_PORT_ATOMICS_MASK 0 /* atomics: LR/SC or AMOs (the A extension) */
#define NOOS_PSPLIM 0  /* no stack-limit register; no PMP guard for
                          threads either: machine mode has no movable one
                          on QEMU 7.2 (docs/runtime.md, "Porting to
                          RISC-V"); main's is fixed (k_main_stack_limit) */
#define NOOS_BASEPRI 0 /* no priority mask register in the hart */
#define NOOS_PORT_THREAD_FIELDS
#define NOOS_PORT_TP_DERIVED 0
/* tp points at the TLS block itself. */
#define NOOS_PORT_TLS_TCB_OFFSET 0u
/* The value of an absolute linker-script symbol (__tls_size): medany code
 * reaches a symbol PC-relatively, within 2 GiB of the code, and these
 * small values are not; LUI/ADDI give any value below 2 GiB. */
#define NOOS_PORT_LINK_VALUE(sym)                                             \
  ({                                                                          \
    uintptr_t v_;                                                             \
    __asm__("lui %0, %%hi(" #sym ")\n\taddi %0, %0, %%lo(" #sym ")"           \
            : "=r"(v_));                                                      \
    v_;                                                                       \
  })

/* Masks machine interrupts; returns the previous mstatus. */
static inline uint32_t k_lock(void) {
  unsigned long m;
  __asm__ volatile("csrrci %0, mstatus, 8" : "=r"(m) : : "memory");
  return (uint32_t)m;
}

/* Restores mstatus.MIE as k_lock found it. */
static inline void k_unlock(uint32_t m) {
  __asm__ volatile("csrs mstatus, %0" : : "r"((unsigned long)(m & 8)) : "memory");
}

extern char __trap_stack_top[];

/* True when the caller may make a kernel call (ECALL): not in a trap,
 * with interrupts unmasked. */
static inline int k_can_svc(void) {
  unsigned long s, st;
  __asm__ volatile("csrr %0, mscratch" : "=r"(s));
  __asm__ volatile("csrr %0, mstatus" : "=r"(st));
  return s == (unsigned long)__trap_stack_top && (st & 8);
}

/* Nonzero in a trap handler. The trap entry (trap-entry.S) swaps sp with
 * mscratch: outside a trap mscratch holds the trap stack's top, inside it
 * the interrupted sp. */
static inline uint32_t k_ipsr(void) {
  unsigned long s;
  __asm__ volatile("csrr %0, mscratch" : "=r"(s));
  return s != (unsigned long)__trap_stack_top;
}

/* The semihosting trap (semihost.c's noos_semihost): op in a0, argument
 * block in a1, result in a0. The slli/ebreak/srai sequence must be
 * uncompressed and must not straddle a page, so it is assembled with
 * .option norvc and 16-byte aligned in a function of its own
 * (semihost-trap.S): alignment inside an inlined asm would pad the caller.
 * It sits after all other code (riscv.ld), and it is called with
 * relaxation off: its padding moves it by up to 14 bytes as the code
 * before it shrinks, which must not turn a relaxed call to it back and
 * forth (semihost-trap.S). The sequence changes a0 only; the host may
 * read and write the argument block. */
static inline uintptr_t k_semihost(uintptr_t op, const void *arg) {
  register uintptr_t a0 __asm__("a0") = op;
  register const void *a1 __asm__("a1") = arg;
  __asm__ volatile(".option push\n\t.option norelax\n\t"
                   "call noos__rv_semihost_trap\n\t.option pop"
                   : "+r"(a0)
                   : "r"(a1)
                   : "ra", "memory");
  return a0;
}

/* The CLINT's mtime and mtimecmp for shared/counter-time/ (time.c). */
uint64_t k_counter(void);
uint64_t k_counter_hz(void);
void k_counter_compare(uint64_t when);
void k_counter_start(void);
void noos__counter_irq(void);

/* A kernel call: ECALL, operation in a7, arguments in a0-a3, result in
 * a0 (the trap entry's handling comes with the thread port). */
static inline uintptr_t k_svc(uint32_t op, uintptr_t a0, uintptr_t a1,
                              uintptr_t a2, uintptr_t a3) {
  register uintptr_t ra0 __asm__("a0") = a0;
  register uintptr_t ra1 __asm__("a1") = a1;
  register uintptr_t ra2 __asm__("a2") = a2;
  register uintptr_t ra3 __asm__("a3") = a3;
  register uintptr_t ra7 __asm__("a7") = op;
  __asm__ volatile("ecall"
                   : "+r"(ra0)
                   : "r"(ra1), "r"(ra2), "r"(ra3), "r"(ra7)
                   : "memory");
  return ra0;
}


/* --- The switch (trap.c): pended through the CLINT's msip, made as the
 * trap handler returns ------------------------------------------------- */

uintptr_t noos__rv_clint_base(void);
static inline void k_pend_switch(void) {
  *(volatile uint32_t *)noos__rv_clint_base() = 1;
}
static inline void k_pend_clear(void) {
  *(volatile uint32_t *)noos__rv_clint_base() = 0;
}
/* Enables interrupt sources (mie bits), and links the trap entry that
 * handles them (trap-entry.S): time.c, kport.c and plic.c enable theirs
 * only through it, so that a program with none of them links only
 * reset.S's fault-only entry. */
void noos__rv_irq_enable(unsigned long mie_bits);
/* The idle loop runs in the trap handler, which traps cannot nest in (the
 * entry's mscratch swap): the pending interrupts are served by polling. */
void noos__rv_poll_irqs(void);
static inline void k_idle_window(void) { noos__rv_poll_irqs(); }
/* After a pended yield, with interrupts unmasked: the software interrupt
 * is taken once the msip write reaches the CLINT. */
static inline void k_switch_sync(void) {
  unsigned long p;
  __asm__ volatile("fence iorw, iorw" ::: "memory");
  do
    __asm__ volatile("csrr %0, mip" : "=r"(p)::"memory");
  while (p & 8);
}
/* The thread pointer is a register of the saved context. */
#define k_switch_in(next) ((void)0)
#define k_thread_ready(t) ((void)0)
#define k_stack_guarded(t) 0
/* Main's stack has a guard below it (a locked PMP region, reset.S's
 * noos_fault_init), which the trap handler must not run into: the kernel
 * checks main's stack pointer, with room for what the switch saves below
 * it, against the guard's top at every kernel call and switch. */
extern char __stack_limit[];
#define k_main_stack_limit() ((uintptr_t)__stack_limit)

static inline uintptr_t k_sp(void) {
  uintptr_t sp;
  __asm__ volatile("mv %0, sp" : "=r"(sp));
  return sp;
}

static inline const char *k_kernel_name(uint32_t ipsr) {
  (void)ipsr;
  return "the trap handler";
}

#endif
