/*
 * PendSV_Handler, SVC_Handler and SysTick_Handler as the runtime has them
 * without the scheduler and the time code. The vector table names every
 * handler, so whatever defines these is linked into every program (the
 * generated script's references extract this object); here they are a
 * few instructions, weak, for the code that replaces or completes them
 * when it is linked:
 *
 * - PendSV and SVCall: the scheduler's switch.S defines the real
 *   PendSV_Handler and SVC_Handler, strongly, so they replace these when
 *   it is linked. Without it, the exceptions report themselves like any
 *   other unhandled one: both names are one jump to noos_default_handler.
 * - SysTick: the time code (time.c) defines noos__systick_hook, which it
 *   sets when it starts SysTick (noos_time_init): the handler calls it
 *   then, and returns while it is null. Without the time code, the weak
 *   definition here is a read-only null, so the handler returns, and the
 *   program carries no hook in RAM.
 *
 * A program may define any of the three itself (and then uses no threads,
 * or takes SysTick over and installs its own time source with
 * noos_set_system_timer).
 *
 * Only r0 is used (the exception frame holds r0-r3) and LR (EXC_RETURN)
 * is left as it is, for the handler jumped to. Thumb-1: v6-M runs it too.
 * The frame information says just that (CFA = SP, return address = LR,
 * the EXC_RETURN value), so that a debugger stopped here unwinds into the
 * exception frame.
 */
  .syntax unified
  .thumb
  .cfi_sections .debug_frame

  .section .text.noos__systick_handler, "ax", %progbits
  .p2align 2
  .weak SysTick_Handler
  .type SysTick_Handler, %function
  .thumb_func
SysTick_Handler:
  /* The runtime's own name of this code, whose call the stack analysis'
   * shipped notes (runtime/stack-notes.txt) resolve. */
  .type noos__systick_handler, %function
  .thumb_func
noos__systick_handler:
  .cfi_startproc
  ldr r0, =noos__systick_hook
  ldr r0, [r0]
#if defined(__ARM_ARCH_6M__) || defined(__ARM_ARCH_8M_BASE__)
  cmp r0, #0
  beq 1f
#else
  cbz r0, 1f
#endif
  bx r0
1:
  bx lr
  .cfi_endproc
  .size SysTick_Handler, . - SysTick_Handler
  .pool

  /* A section of its own: with the scheduler, which replaces both, it is
   * left out. */
  .section .text.noos_sched_entry, "ax", %progbits
  .p2align 2
  .weak PendSV_Handler
  .type PendSV_Handler, %function
  .weak SVC_Handler
  .type SVC_Handler, %function
  .thumb_func
PendSV_Handler:
  .thumb_func
SVC_Handler:
  /* The runtime's own names of this code (runtime/stack-notes.txt). */
  .type noos__pendsv_entry, %function
  .thumb_func
noos__pendsv_entry:
  .type noos__svc_entry, %function
  .thumb_func
noos__svc_entry:
  .cfi_startproc
  ldr r0, =noos_default_handler
  bx r0
  .cfi_endproc
  /* Only SVC_Handler has a size, so that a debugger names the code by
   * it (the others are aliases). */
  .size SVC_Handler, . - SVC_Handler

  .pool

  /* Without the time code (which defines the variable), SysTick's hook:
   * null, read-only, in a section of its own that only this definition
   * keeps. */
  .section .rodata.noos__systick_hook, "a", %progbits
  .p2align 2
  .weak noos__systick_hook
  .type noos__systick_hook, %object
noos__systick_hook:
  .long 0
  .size noos__systick_hook, 4
