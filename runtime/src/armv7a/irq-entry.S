/*
 * armv7a's IRQ exception entry: the handler of the board's interrupt runs
 * in SVC mode on the interrupted code's stack, with IRQs masked (no
 * nesting), through noos__a32_irq (interrupts.c), which acknowledges the
 * GIC, calls the handler from the board's table and ends the interrupt.
 *
 * SVC mode rather than IRQ mode: a handler written in C may call functions
 * (a BL in IRQ mode would be fine without nesting, but the IRQ stack is
 * the layout's small mode stack), and the kernel port switches threads on
 * the way out of the kernel's own mode. The frame on the SVC stack, from
 * the lowest address: alignment word and pad, the caller-saved FP/NEON
 * registers and FPSCR (hard-float variants: a handler compiled for them
 * may use any), r0-r3, r12, lr_svc, then SRS's return address and SPSR.
 */
  .syntax unified
  .arm
  .cfi_sections .debug_frame

  .section .text.IRQ_Handler, "ax", %progbits
  .balign 4 /* ARM code: the assembler leaves a section's alignment 1 */
  .weak IRQ_Handler
  .type IRQ_Handler, %function
IRQ_Handler:
  .cfi_startproc
  .cfi_undefined lr
  sub lr, lr, #4
  srsdb sp!, #0x13          /* lr_irq, spsr_irq onto the SVC stack */
  cps #0x13
  push {r0-r3, r12, lr}
#if defined(__ARM_FP)
  vmrs r0, fpscr
  push {r0, r1}             /* FPSCR and a pad: 8-byte units */
  vpush {d0-d7}
#if defined(__ARM_NEON)
  vpush {d16-d31}
#endif
#endif
  and r1, sp, #4            /* AAPCS: 8-byte alignment at the call */
  sub sp, sp, r1
  push {r1, r2}
  bl noos__a32_irq
  pop {r1, r2}
  add sp, sp, r1
#if defined(__ARM_FP)
#if defined(__ARM_NEON)
  vpop {d16-d31}
#endif
  vpop {d0-d7}
  pop {r0, r1}
  vmsr fpscr, r0
#endif
  pop {r0-r3, r12, lr}
  rfeia sp!
  .cfi_endproc
  .size IRQ_Handler, . - IRQ_Handler
