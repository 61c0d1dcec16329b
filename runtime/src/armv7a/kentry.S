/*
 * armv7a's kernel entry and exit (port.h, kport.c): the SVC exception (a
 * kernel call, k_svc) and the IRQ exception save the interrupted
 * thread's context, run their handler in C, and on the way out make a
 * switch the handler pended (noos__a32_pend): noos__switch takes the
 * saved context's address and gives the next thread's, which the exit
 * then restores. Threads and handlers both run in SVC mode (the runtime's
 * mode since reset). The outermost entry saves the context on the
 * thread's stack, then runs the handler and the switch on the kernel's
 * own stack (__noos_a32_kernel_stack_top): a thread that exits may have
 * its stack freed by the kernel call itself (a detached thread), and a
 * handler's frames stay off thread stacks.
 *
 * The context on the thread's stack, from the lowest address (CTX_* in
 * kport.c): the alignment word and a pad (AAPCS wants sp 8-aligned at the
 * call, the interrupted code may have left it 4-aligned), r0-r12, lr,
 * then the return address and SPSR that SRS stored: 72 bytes at most.
 *
 * The FP/NEON registers (hard-float and softfp variants) are not on the
 * thread's stack: the outermost entry saves d0-d31 (d0-d15 without NEON)
 * and FPSCR at noos__a32_fpctx, the running thread's block in its control
 * block (port.h's k_switch_in points it at the next thread's), and the
 * exit restores them from there, after the switch. Eagerly, at every
 * entry: handlers are C code that may use them. A nested entry (an IRQ
 * in the switch's idle window, on the kernel's stack) pushes them on that
 * stack instead. The soft-float variant saves none.
 *
 * noos__a32_depth counts the entries running: a switch is made only by
 * the outermost one, and an IRQ taken inside the switch (the scheduler's
 * idle window, k_idle_window) returns where it was.
 *
 * The scheduler (noos__switch, noos__a32_svc) is a weak reference: a
 * program without threads does not link it, and an SVC is then reported
 * as before (exception-entry.S's frame, kind 2). So is the IRQ dispatch
 * (noos__a32_irq, interrupts.c), linked with the GIC only: without it an
 * IRQ is reported (kind 6).
 */
  .syntax unified
  .arm
  .cfi_sections .debug_frame

  .weak noos__switch
  .weak noos__a32_svc
  .weak noos__a32_irq

#if defined(__ARM_NEON)
#define FP_BYTES (32 * 8 + 8) /* d0-d31, FPSCR and a pad */
#else
#define FP_BYTES (16 * 8 + 8) /* d0-d15, FPSCR and a pad */
#endif

/* Goes on to the code after it if the weakly referred \entry is linked;
 * else jumps to \report (a fault_report below), which reports the
 * exception with the registers as the exception entry found them. */
  .macro linked_or_fault entry, report
  push {r0}
  ldr r0, =\entry
  cmp r0, #0
  pop {r0}
  beq \report
  .endm

/* The report of an SVC or IRQ whose entry is not linked: a fault of kind
 * \kind (fault.c), as exception-entry.S's entries. A function of its own,
 * so that the stack analysis counts its frame on the stack it runs on
 * (the interrupted one for an SVC, the IRQ mode's for an IRQ), not in
 * the entry's. */
  .macro fault_report name, kind
  .section .text.\name, "ax", %progbits
  .balign 4
  .type \name, %function
\name:
  .cfi_startproc
  .cfi_undefined lr
  push {r0-r12, lr}
  mov r0, #\kind
  b noos__a32_exception_entry
  .cfi_endproc
  .size \name, . - \name
  .endm

/* After SRS: r0-r12 and lr (r7: where), the FP/NEON registers, the
 * alignment words (r6: the context); the outermost entry moves to the
 * kernel's stack. r4, r5 (the depth), r6 and r7 survive the calls. */
  .macro save_rest
  push {r0-r12, lr}
  mov r7, sp
  ldr r4, =noos__a32_depth
  ldr r5, [r4]
  add r5, r5, #1
  str r5, [r4]
#if defined(__ARM_FP)
  cmp r5, #1
  bne 8f
  ldr r0, =noos__a32_fpctx       /* outermost: the thread's block */
  ldr r0, [r0]
  vstmia r0!, {d0-d15}
#if defined(__ARM_NEON)
  vstmia r0!, {d16-d31}
#endif
  vmrs r1, fpscr
  str r1, [r0]
  b 9f
8:
  vmrs r0, fpscr                 /* nested: the kernel's stack */
  push {r0, r1}
  vpush {d0-d15}
#if defined(__ARM_NEON)
  vpush {d16-d31}
#endif
9:
#endif
  and r1, sp, #4
  sub sp, sp, r1
  push {r1, r2}
  mov r6, sp                     /* the context, kept across the calls */
  cmp r5, #1
  ldreq sp, =__noos_a32_kernel_stack_top
  .endm

/* Each entry is split into functions by the stack they run on, which
 * the stack analysis roots (runtime/stack-notes.txt): SVC_Handler and
 * noos__a32_irq_save push the context on the interrupted stack (the
 * "exception" frame of targets.json's stack-frames), IRQ_Handler runs on
 * the IRQ mode's stack, noos__a32_svc_saved and noos__a32_irq_saved on
 * the kernel's. Each falls through into the next. */
  fault_report noos__a32_svc_report, 2
  fault_report noos__a32_irq_report, 6

  .section .text.SVC_Handler, "ax", %progbits
  .balign 4
  .global SVC_Handler
  .type SVC_Handler, %function
SVC_Handler:
  .cfi_startproc
  .cfi_undefined lr
  linked_or_fault noos__a32_svc, noos__a32_svc_report /* no threads */
  srsdb sp!, #0x13
  save_rest
  .cfi_endproc
  .size SVC_Handler, . - SVC_Handler
  .global noos__a32_svc_saved    /* fault.c: an abort before is the save's */
  .type noos__a32_svc_saved, %function
noos__a32_svc_saved:
  .cfi_startproc
  .cfi_undefined lr
  mov r0, r7                     /* r0: saved r0-r12, r1: the context */
  mov r1, r6
  bl noos__a32_svc
  b noos__a32_kernel_exit
  .cfi_endproc
  .size noos__a32_svc_saved, . - noos__a32_svc_saved

/* The board's interrupt: its handler (interrupts.c's noos__a32_irq) runs
 * in SVC mode with IRQs masked, on the kernel's stack (or, nested, on the
 * stack it interrupted: the kernel's too). */
  .section .text.IRQ_Handler, "ax", %progbits
  .balign 4
  .weak IRQ_Handler
  .type IRQ_Handler, %function
IRQ_Handler:
  .cfi_startproc
  .cfi_undefined lr
  linked_or_fault noos__a32_irq, noos__a32_irq_report /* no GIC */
  sub lr, lr, #4
  srsdb sp!, #0x13               /* lr_irq, spsr_irq onto the SVC stack */
  cps #0x13
  .cfi_endproc
  .size IRQ_Handler, . - IRQ_Handler
  .type noos__a32_irq_save, %function
noos__a32_irq_save:
  .cfi_startproc
  .cfi_undefined lr
  save_rest
  .cfi_endproc
  .size noos__a32_irq_save, . - noos__a32_irq_save
  .global noos__a32_irq_saved
  .type noos__a32_irq_saved, %function
noos__a32_irq_saved:
  .cfi_startproc
  .cfi_undefined lr
  bl noos__a32_irq
  b noos__a32_kernel_exit
  .cfi_endproc
  .size noos__a32_irq_saved, . - noos__a32_irq_saved

  .section .text.noos__a32_kernel_exit, "ax", %progbits
  .balign 4
  .type noos__a32_kernel_exit, %function
noos__a32_kernel_exit:
  .cfi_startproc
  .cfi_undefined lr
  ldr r4, =noos__a32_depth
  ldr r5, [r4]
  cmp r5, #1
  bne 1f                         /* nested: the switch is running */
  ldr r0, =noos__switch
  cmp r0, #0
  beq 1f
  ldr r1, =noos__a32_pend
  ldrb r2, [r1]
  cmp r2, #0
  beq 1f
noos__a32_switch_pended:         /* make bench's switch span starts here */
  mov r0, r6
  bl noos__switch                /* r0: the next thread's context */
  mov r6, r0
1:
  ldr r4, =noos__a32_depth
  ldr r5, [r4]
  sub r5, r5, #1
  str r5, [r4]
  mov sp, r6
  pop {r1, r2}
  add sp, sp, r1
#if defined(__ARM_FP)
  cmp r5, #0
  bne 2f
  ldr r0, =noos__a32_fpctx       /* outermost: the (next) thread's block */
  ldr r0, [r0]
  vldmia r0!, {d0-d15}
#if defined(__ARM_NEON)
  vldmia r0!, {d16-d31}
#endif
  ldr r1, [r0]
  vmsr fpscr, r1
  b 3f
2:
#if defined(__ARM_NEON)
  vpop {d16-d31}
#endif
  vpop {d0-d15}
  pop {r0, r1}
  vmsr fpscr, r0
3:
#endif
  pop {r0-r12, lr}
  rfeia sp!
  .cfi_endproc
  .size noos__a32_kernel_exit, . - noos__a32_kernel_exit

/* A switch pended while a thread had IRQs masked, reached as it unmasks
 * them (port.h's k_unlock): a kernel call that does nothing (K_NOP, 8),
 * whose return makes the switch. The SVC overwrites lr: kept here. */
  .section .text.noos__a32_reach_switch, "ax", %progbits
  .balign 4
  .global noos__a32_reach_switch
  .type noos__a32_reach_switch, %function
noos__a32_reach_switch:
  push {r4, lr}
  mov r12, #8
  svc #0
  pop {r4, pc}
  .size noos__a32_reach_switch, . - noos__a32_reach_switch

  .section .bss.noos__a32_pend, "aw", %nobits
  .global noos__a32_pend
noos__a32_pend:
  .byte 0
  .section .bss.noos__a32_depth, "aw", %nobits
  .balign 4
  .global noos__a32_depth
noos__a32_depth:
  .word 0

#if defined(__ARM_FP)
/* Where the outermost entry saves the FP/NEON registers: the running
 * thread's block (port.h), the boot block until the scheduler starts
 * (kport.c's k_sched_prepare moves it to the main thread's). The boot
 * block is in .noinit: every entry writes it before its exit reads it. */
  .section .data.noos__a32_fpctx, "aw", %progbits
  .balign 4
  .global noos__a32_fpctx
noos__a32_fpctx:
  .word noos__a32_fp_boot
  .section .noinit.noos__a32_fp_boot, "aw", %nobits
  .balign 8
  .global noos__a32_fp_boot
  .type noos__a32_fp_boot, %object
noos__a32_fp_boot:
  .space FP_BYTES
  .size noos__a32_fp_boot, FP_BYTES
#endif

/* The kernel's stack: SVC and IRQ handlers and the switch run on it. In
 * .noinit: a stack needs no zeroing at startup. */
  .section .noinit.noos_a32_kernel_stack, "aw", %nobits
  .balign 8
  .global __noos_a32_kernel_stack
__noos_a32_kernel_stack:
  .space 8192
  .global __noos_a32_kernel_stack_top
__noos_a32_kernel_stack_top:
