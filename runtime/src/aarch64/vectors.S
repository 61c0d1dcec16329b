/*
 * The EL1 exception vector table (VBAR_EL1, set by noos_cpuinit): 16
 * entries of 32 instructions, the table 2 KiB aligned (the layout puts
 * .vectors at a 2 KiB boundary and asserts it). Four groups of four
 * (synchronous, IRQ, FIQ, SError), by where the exception came from:
 *   0x000  current EL, SP_EL0: a thread (every thread runs on SP_EL0)
 *   0x200  current EL, SP_EL1: a handler itself faulted, or an IRQ taken
 *          in the scheduler's idle loop
 *   0x400  lower EL, AArch64   0x600  lower EL, AArch32 (never used here)
 *
 * From a thread, an SVC (a kernel call) and an IRQ save the thread's
 * context: x0-x30, ELR_EL1 and SPSR_EL1 on the thread's own stack below
 * SP_EL0 (CTX bytes; SP_EL0 then points at them), q0-q31, FPCR and FPSR
 * at noos__a64_fpctx (the running thread's control block, port.h). The
 * handler runs in C on SP_EL1. Before returning, a pended switch
 * (noos__a64_pend) runs noos__switch with SP_EL0, which gives the next
 * thread's saved SP_EL0; the context restored is then that thread's.
 *
 * Every other exception saves the registers in a frame on SP_EL1 and
 * calls noos__a64_exception (exception.c), which reports and ends the
 * program. The frame (struct noos_a64_frame in exception.c): x0-x30, the
 * interrupted sp, ELR_EL1, SPSR_EL1, ESR_EL1, FAR_EL1; 288 bytes.
 *
 * The scheduler (noos__switch, noos__a64_svc) is a weak reference: a
 * program without threads does not link it, and an SVC is then reported
 * like any other exception. So is the IRQ dispatch (noos__a64_irq,
 * gic.c): linked only with the GIC, when the program uses noos_irq_*,
 * threads or the timer's alarm; without it the GIC stays in its reset
 * state, and an IRQ is reported.
 */
#define FRAME 288
#define CTX 272   /* x0-x30, ELR, SPSR, padding */
#define NESTED 704 /* x0-x18, x29, x30, ELR, SPSR, q0-q31, FPCR, FPSR */

  .weak noos__switch
  .weak noos__a64_svc
  .weak noos__a64_irq

  .macro report n
  .balign 0x80
  sub sp, sp, #FRAME
  stp x0, x1, [sp, #0]
  mov x1, #\n
  b noos__a64_exception_entry
  .endm

  .section .vectors, "ax", %progbits
  .balign 2048
  .global noos__a64_vectors
  .type noos__a64_vectors, %function
noos__a64_vectors:
  /* 0: synchronous, from a thread: an SVC is a kernel call. */
  .balign 0x80
  stp x0, x1, [sp, #-16]!
  mrs x0, esr_el1
  lsr x0, x0, #26
  cmp x0, #0x15
  b.ne 1f
  ldr x0, =noos__a64_svc
  cbz x0, 1f
  b noos__a64_thread_entry
1:
  ldp x0, x1, [sp], #16
  sub sp, sp, #FRAME
  stp x0, x1, [sp, #0]
  mov x1, #0
  b noos__a64_exception_entry
  /* 1: IRQ from a thread. */
  .balign 0x80
  stp x0, x1, [sp, #-16]!
  ldr x0, =noos__a64_irq
  cbz x0, 1f
  b noos__a64_thread_entry
1:
  ldp x0, x1, [sp], #16
  sub sp, sp, #FRAME
  stp x0, x1, [sp, #0]
  mov x1, #1
  b noos__a64_exception_entry
  report 2
  report 3
  report 4
  /* 5: IRQ on SP_EL1: in the scheduler's idle window. */
  .balign 0x80
  sub sp, sp, #NESTED
  stp x0, x1, [sp, #0]
  ldr x0, =noos__a64_irq
  cbz x0, 1f
  b noos__a64_nested_irq
1:
  ldp x0, x1, [sp, #0]
  add sp, sp, #(NESTED - FRAME)
  stp x0, x1, [sp, #0]
  mov x1, #5
  b noos__a64_exception_entry
  report 6
  report 7
  report 8
  report 9
  report 10
  report 11
  report 12
  report 13
  report 14
  report 15
  .balign 0x80                   /* the table is 2 KiB, whole */
  .size noos__a64_vectors, . - noos__a64_vectors
  .ltorg                         /* the weak references (0: not linked) */

/* An SVC or IRQ from a thread; x0 holds the C handler, the thread's x0
 * and x1 are on SP_EL1. */
  .section .text.noos__a64_thread_entry, "ax", %progbits
  .type noos__a64_thread_entry, %function
noos__a64_thread_entry:
  mov x1, x0
  mrs x0, sp_el0
  sub x0, x0, #CTX
  stp x2, x3, [x0, #16]
  stp x4, x5, [x0, #32]
  stp x6, x7, [x0, #48]
  stp x8, x9, [x0, #64]
  stp x10, x11, [x0, #80]
  stp x12, x13, [x0, #96]
  stp x14, x15, [x0, #112]
  stp x16, x17, [x0, #128]
  stp x18, x19, [x0, #144]
  stp x20, x21, [x0, #160]
  stp x22, x23, [x0, #176]
  stp x24, x25, [x0, #192]
  stp x26, x27, [x0, #208]
  stp x28, x29, [x0, #224]
  ldp x2, x3, [sp], #16
  stp x2, x3, [x0, #0]
  mrs x2, elr_el1
  mrs x3, spsr_el1
  stp x30, x2, [x0, #240]
  str x3, [x0, #256]
  msr sp_el0, x0
  adrp x2, noos__a64_fpctx
  ldr x2, [x2, :lo12:noos__a64_fpctx]
  stp q0, q1, [x2, #0]
  stp q2, q3, [x2, #32]
  stp q4, q5, [x2, #64]
  stp q6, q7, [x2, #96]
  stp q8, q9, [x2, #128]
  stp q10, q11, [x2, #160]
  stp q12, q13, [x2, #192]
  stp q14, q15, [x2, #224]
  stp q16, q17, [x2, #256]
  stp q18, q19, [x2, #288]
  stp q20, q21, [x2, #320]
  stp q22, q23, [x2, #352]
  stp q24, q25, [x2, #384]
  stp q26, q27, [x2, #416]
  stp q28, q29, [x2, #448]
  stp q30, q31, [x2, #480]
  mrs x3, fpcr
  mrs x4, fpsr
  add x2, x2, #512
  stp x3, x4, [x2]
  mov x29, #0
  blr x1                         /* x0: the context */
  /* A pended switch: the outgoing thread's context is saved. */
  adrp x1, noos__a64_pend
  ldrb w2, [x1, :lo12:noos__a64_pend]
  cbz w2, 1f
noos__a64_switch_pended:         /* make bench's switch span starts here */
  strb wzr, [x1, :lo12:noos__a64_pend]
  mrs x0, sp_el0
  bl noos__switch                /* x0: the next thread's context */
  msr sp_el0, x0
1:
  adrp x2, noos__a64_fpctx
  ldr x2, [x2, :lo12:noos__a64_fpctx]
  ldp q0, q1, [x2, #0]
  ldp q2, q3, [x2, #32]
  ldp q4, q5, [x2, #64]
  ldp q6, q7, [x2, #96]
  ldp q8, q9, [x2, #128]
  ldp q10, q11, [x2, #160]
  ldp q12, q13, [x2, #192]
  ldp q14, q15, [x2, #224]
  ldp q16, q17, [x2, #256]
  ldp q18, q19, [x2, #288]
  ldp q20, q21, [x2, #320]
  ldp q22, q23, [x2, #352]
  ldp q24, q25, [x2, #384]
  ldp q26, q27, [x2, #416]
  ldp q28, q29, [x2, #448]
  ldp q30, q31, [x2, #480]
  add x2, x2, #512
  ldp x3, x4, [x2]
  msr fpcr, x3
  msr fpsr, x4
  mrs x0, sp_el0
  ldp x30, x2, [x0, #240]
  ldr x3, [x0, #256]
  msr elr_el1, x2
  msr spsr_el1, x3
  ldp x2, x3, [x0, #16]
  ldp x4, x5, [x0, #32]
  ldp x6, x7, [x0, #48]
  ldp x8, x9, [x0, #64]
  ldp x10, x11, [x0, #80]
  ldp x12, x13, [x0, #96]
  ldp x14, x15, [x0, #112]
  ldp x16, x17, [x0, #128]
  ldp x18, x19, [x0, #144]
  ldp x20, x21, [x0, #160]
  ldp x22, x23, [x0, #176]
  ldp x24, x25, [x0, #192]
  ldp x26, x27, [x0, #208]
  ldp x28, x29, [x0, #224]
  add x1, x0, #CTX
  msr sp_el0, x1
  ldp x0, x1, [x0, #0]
  eret
  .size noos__a64_thread_entry, . - noos__a64_thread_entry

/* An IRQ taken on SP_EL1 (the idle window): what C may change, saved on
 * this stack; no switch (the switch is running). */
  .section .text.noos__a64_nested_irq, "ax", %progbits
  .type noos__a64_nested_irq, %function
noos__a64_nested_irq:
  stp x2, x3, [sp, #16]
  stp x4, x5, [sp, #32]
  stp x6, x7, [sp, #48]
  stp x8, x9, [sp, #64]
  stp x10, x11, [sp, #80]
  stp x12, x13, [sp, #96]
  stp x14, x15, [sp, #112]
  stp x16, x17, [sp, #128]
  stp x18, x29, [sp, #144]
  mrs x2, elr_el1
  mrs x3, spsr_el1
  stp x30, x2, [sp, #160]
  str x3, [sp, #176]
  stp q0, q1, [sp, #192]
  stp q2, q3, [sp, #224]
  stp q4, q5, [sp, #256]
  stp q6, q7, [sp, #288]
  stp q8, q9, [sp, #320]
  stp q10, q11, [sp, #352]
  stp q12, q13, [sp, #384]
  stp q14, q15, [sp, #416]
  stp q16, q17, [sp, #448]
  stp q18, q19, [sp, #480]
  stp q20, q21, [sp, #512]
  stp q22, q23, [sp, #544]
  stp q24, q25, [sp, #576]
  stp q26, q27, [sp, #608]
  stp q28, q29, [sp, #640]
  stp q30, q31, [sp, #672]
  blr x0
  ldp q0, q1, [sp, #192]
  ldp q2, q3, [sp, #224]
  ldp q4, q5, [sp, #256]
  ldp q6, q7, [sp, #288]
  ldp q8, q9, [sp, #320]
  ldp q10, q11, [sp, #352]
  ldp q12, q13, [sp, #384]
  ldp q14, q15, [sp, #416]
  ldp q16, q17, [sp, #448]
  ldp q18, q19, [sp, #480]
  ldp q20, q21, [sp, #512]
  ldp q22, q23, [sp, #544]
  ldp q24, q25, [sp, #576]
  ldp q26, q27, [sp, #608]
  ldp q28, q29, [sp, #640]
  ldp q30, q31, [sp, #672]
  ldp x30, x2, [sp, #160]
  ldr x3, [sp, #176]
  msr elr_el1, x2
  msr spsr_el1, x3
  ldp x2, x3, [sp, #16]
  ldp x4, x5, [sp, #32]
  ldp x6, x7, [sp, #48]
  ldp x8, x9, [sp, #64]
  ldp x10, x11, [sp, #80]
  ldp x12, x13, [sp, #96]
  ldp x14, x15, [sp, #112]
  ldp x16, x17, [sp, #128]
  ldp x18, x29, [sp, #144]
  ldp x0, x1, [sp, #0]
  add sp, sp, #NESTED
  eret
  .size noos__a64_nested_irq, . - noos__a64_nested_irq

/* A switch pended while a thread had IRQs masked, reached as it unmasks
 * them (port.h's k_unlock): a kernel call that does nothing (K_NOP, 8),
 * whose return makes the switch. */
  .section .text.noos__a64_reach_switch, "ax", %progbits
  .global noos__a64_reach_switch
  .type noos__a64_reach_switch, %function
noos__a64_reach_switch:
  mov x8, #8
  svc #0
  ret
  .size noos__a64_reach_switch, . - noos__a64_reach_switch

  .section .text.noos__a64_exception_entry, "ax", %progbits
  .type noos__a64_exception_entry, %function
noos__a64_exception_entry:
  stp x2, x3, [sp, #16]
  stp x4, x5, [sp, #32]
  stp x6, x7, [sp, #48]
  stp x8, x9, [sp, #64]
  stp x10, x11, [sp, #80]
  stp x12, x13, [sp, #96]
  stp x14, x15, [sp, #112]
  stp x16, x17, [sp, #128]
  stp x18, x19, [sp, #144]
  stp x20, x21, [sp, #160]
  stp x22, x23, [sp, #176]
  stp x24, x25, [sp, #192]
  stp x26, x27, [sp, #208]
  stp x28, x29, [sp, #224]
  /* The interrupted sp: SP_EL0 for the program's exceptions (entries
   * 0-3), this stack above the frame for a handler's own. */
  mrs x2, sp_el0
  cmp x1, #4
  b.lo 1f
  add x2, sp, #FRAME
1:
  stp x30, x2, [sp, #240]
  mrs x2, elr_el1
  mrs x3, spsr_el1
  stp x2, x3, [sp, #256]
  mrs x2, esr_el1
  mrs x3, far_el1
  stp x2, x3, [sp, #272]
  mov x0, sp
  mov x29, #0
  bl noos__a64_exception
  b .
  .size noos__a64_exception_entry, . - noos__a64_exception_entry

/* The switch flag and where the running thread's FP/SIMD registers go
 * (port.h): until the scheduler starts, a block of its own. */
  .section .bss.noos__a64_pend, "aw", %nobits
  .global noos__a64_pend
noos__a64_pend:
  .byte 0
  .section .data.noos__a64_fpctx, "aw", %progbits
  .balign 8
  .global noos__a64_fpctx
noos__a64_fpctx:
  .quad noos__a64_fp_boot
  .section .bss.noos__a64_fp_boot, "aw", %nobits
  .balign 16
  .global noos__a64_fp_boot
noos__a64_fp_boot:
  .space 528

/* The handlers' stack (SP_EL1), Reset_Handler points SP_EL1 at its top.
 * In .noinit: a stack needs no zeroing at startup. */
  .section .noinit.noos_exception_stack, "aw", %nobits
  .balign 16
__noos_exception_stack:
  .space 8192
  .global __noos_exception_stack_top
__noos_exception_stack_top:
