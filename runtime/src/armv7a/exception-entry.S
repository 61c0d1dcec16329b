/*
 * The default exception handlers of armv7a: each saves the interrupted
 * context on its mode's stack and calls noos__a32_exception (fault.c),
 * which reports it and ends the program. All are weak: a program (or
 * the runtime's thread code) defines its own. IRQs and SVCs (kernel
 * calls) have their entry in kentry.S.
 *
 * The frame, from the lowest address (struct noos_a32_frame in fault.c):
 *   spsr, sp and lr of the interrupted mode, r0-r12, and this mode's lr
 *   as the exception left it (fault.c subtracts the offset the exception
 *   kind and the interrupted state give).
 */
  .syntax unified
  .arm
  .cfi_sections .debug_frame

  .macro entry name, kind
  .section .text.\name, "ax", %progbits
  .balign 4 /* ARM code: the assembler leaves a section's alignment 1 */
  .weak \name
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

  entry Undef_Handler, 1
  entry PrefetchAbort_Handler, 3
  entry DataAbort_Handler, 4
  entry FIQ_Handler, 7

  .section .text.noos__a32_exception_entry, "ax", %progbits
  .balign 4
  .global noos__a32_exception_entry
  .type noos__a32_exception_entry, %function
noos__a32_exception_entry:
  .cfi_startproc
  .cfi_undefined lr
  /* The interrupted mode's banked sp and lr: switch to it (System mode
   * for User, which shares its registers) with interrupts masked, read
   * them, switch back. */
  mrs r4, spsr
  and r5, r4, #0x1f
  cmp r5, #0x10
  moveq r5, #0x1f
  orr r5, r5, #0xc0
  mrs r6, cpsr
  msr cpsr_c, r5
  mov r7, sp
  mov r8, lr
  msr cpsr_c, r6
  push {r4, r7, r8}
  mov r1, sp
  bl noos__a32_exception
  .cfi_endproc
  .size noos__a32_exception_entry, . - noos__a32_exception_entry
