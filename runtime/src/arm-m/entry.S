/*
 * PendSV_Handler and SVC_Handler: the scheduler's exceptions, apart from
 * the scheduler. The vector table names every handler, so whatever
 * defines these is linked into every program; here they are a few
 * instructions that jump to the scheduler's handlers (switch.S) through
 * weak references, which link nothing: a program without threads carries
 * no scheduler, and without it the exceptions report themselves like any
 * other unhandled one (noos_default_handler). Both are weak: the
 * scheduler's switch.S defines the real PendSV_Handler and SVC_Handler,
 * which replace these when it is linked, so a switch pays no jump; a
 * program may define its own instead (and then uses no threads).
 *
 * Only r0 is used (PendSV and SVCall start with r0-r3 in the exception
 * frame) and LR (EXC_RETURN) is left as it is. Thumb-1: v6-M runs it too.
 * The frame information says just that (CFA = SP, return address = LR,
 * the EXC_RETURN value), so that a debugger stopped here unwinds into
 * the exception frame.
 */
  .syntax unified
  .thumb
  .cfi_sections .debug_frame

  .weak noos__pendsv
  .weak noos__svcall

  .section .text.noos_sched_entry, "ax", %progbits
  .weak PendSV_Handler
  .type PendSV_Handler, %function
  .thumb_func
PendSV_Handler:
  /* The runtime's own name of this code (runtime/stack-notes.txt). */
  .type noos__pendsv_entry, %function
  .thumb_func
noos__pendsv_entry:
  .cfi_startproc
  ldr r0, =noos__pendsv
  b 1f
  .cfi_endproc
  .size PendSV_Handler, . - PendSV_Handler

  .weak SVC_Handler
  .type SVC_Handler, %function
  .thumb_func
SVC_Handler:
  /* The runtime's own name of this code, whose jump below the stack
   * analysis' shipped notes (runtime/stack-notes.txt) resolve. */
  .type noos__svc_entry, %function
  .thumb_func
noos__svc_entry:
  .cfi_startproc
  ldr r0, =noos__svcall
1:
  cmp r0, #0
  beq 2f
  bx r0
2:
  ldr r0, =noos_default_handler
  bx r0
  .cfi_endproc
  .size SVC_Handler, . - SVC_Handler
  .pool
