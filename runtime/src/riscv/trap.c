/*
 * What the trap entry (trap-entry.S) calls with the frame it saved on the
 * trap stack: the interrupts the runtime handles (the machine timer:
 * counter-time's alarm), kernel calls (ECALL from a thread), and the
 * context switch a kernel operation pended (the CLINT's msip) as the
 * handler returns; every other trap ends the program with the fault
 * report --fault-report chose (noos__rv_trap).
 *
 * A switched-out thread's context, on its own stack below its sp, from
 * the lowest address (the switch copies it from and to the trap frame):
 *
 *   FP area, only when the thread has used the FPU (mstatus.FS Clean or
 *   Dirty): mstatus with FS = Dirty (the mark), fcsr, then f0-f31 from
 *   byte 16; CTX_FP bytes.
 *   integer area: a trap frame (struct noos_rv_frame): x0's slot 0, x1,
 *   x2 (the thread's sp: the area's top), x3-x31, mepc, (mcause, mtval
 *   unused), mstatus (FS never Dirty here); CTX_INT bytes (16-byte
 *   aligned). The trap entry restores it as it restores its own frame.
 *
 * A thread that has not touched the FPU (FS Off or Initial) saves and
 * restores none of it, and gets fcsr zeroed when it runs.
 */
#include "kernel.h"
#include "fault.h"

/* Weak: only a program that links time enables the timer interrupt, only
 * one that links the scheduler makes kernel calls and pends switches. */
__attribute__((weak)) void noos__counter_irq(void);
__attribute__((weak)) void noos__kernel_call(uint32_t op, uintptr_t *args,
                                             uintptr_t sp, uint32_t room);
/* The switch (kport.c, linked with the scheduler): saves the interrupted
 * thread's context from the frame, lets the kernel pick, loads the next
 * thread's into the frame. Weak, so that a program without threads links
 * none of it. */
__attribute__((weak)) struct noos_rv_frame *noos__rv_switch(struct noos_rv_frame *f);
/* The PLIC's dispatch (plic.c), when the program uses noos_irq_*. */
__attribute__((weak)) void noos__rv_external_irq(void);

#define MSI 3  /* machine software interrupt: a pended switch */
#define MTI 7  /* machine timer interrupt */
#define MEI 11 /* machine external interrupt (the PLIC) */
#define ECALL_M 11
#define MIP_MSIP (1u << MSI)
#define MIP_MTIP (1u << MTI)
#define MIP_MEIP (1u << MEI)


static unsigned long read_mip(void) {
  unsigned long p;
  __asm__ volatile("csrr %0, mip" : "=r"(p));
  return p;
}

/* Interrupts that are pending, served in the handler (the idle loop's
 * window, k_idle_window): the timer and the PLIC. */
void noos__rv_poll_irqs(void) {
  unsigned long p = read_mip();
  if ((p & MIP_MTIP) && noos__counter_irq)
    noos__counter_irq();
  if ((p & MIP_MEIP) && noos__rv_external_irq)
    noos__rv_external_irq();
}

/* The frame the trap entry restores and returns to: f, or after a switch
 * the next thread's saved context on its own stack. */
__attribute__((used)) struct noos_rv_frame *
noos__rv_trap_dispatch(struct noos_rv_frame *f) {
  uintptr_t cause = f->mcause;
  if (cause == (NOOS_RV_INTERRUPT | MTI) && noos__counter_irq) {
    noos__counter_irq();
  } else if (cause == (NOOS_RV_INTERRUPT | MEI) && noos__rv_external_irq) {
    noos__rv_external_irq();
  } else if (cause == (NOOS_RV_INTERRUPT | MSI) && noos__rv_switch) {
    /* the switch below */
  } else if (cause == ECALL_M && noos__kernel_call) {
    f->mepc += 4;
    noos__kernel_call((uint32_t)f->x[17], &f->x[10], f->x[2],
                      noos__rv_ctx_room(f->mstatus));
  } else {
    noos__rv_trap(f);
  }
  if (noos__rv_switch && (read_mip() & MIP_MSIP)) {
    k_pend_clear();
    return noos__rv_switch(f);
  }
  return f;
}
