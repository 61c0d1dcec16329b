/*
 * The trap entry (mtvec, direct mode) of a program that takes interrupts:
 * every exception and interrupt of machine mode comes here. It saves the
 * frame on the trap stack (trap-frame.h) and calls
 * noos__rv_trap_dispatch (trap.c): an interrupt the runtime handles
 * returns here with the frame to restore (this one, or after a context
 * switch the next thread's, on its own stack, in the same layout), and
 * the entry restores it (mepc and mstatus included) and returns with
 * MRET; anything else goes to noos__rv_trap (fault-record.S,
 * fault-full.c, fault-short.c or fault-none.c, as --fault-report chose),
 * which reports and ends the program.
 *
 * Linked only with what enables an interrupt source: noos__rv_irq_enable
 * below is how time.c, kport.c and plic.c do it. A program without them
 * takes no interrupt, and has reset.S's fault-only entry, which this
 * one's strong definition replaces.
 *
 * The frame, from the lowest address (struct noos_rv_frame):
 *   x[0..31] (x0's slot holds nothing, x2 the interrupted sp), mepc,
 *   mcause, mtval, mstatus.
 */
#include "trap-frame.h"

/* Enables the interrupt sources a0 names (mie bits): the caller links
 * this entry, which handles them. */
  .section .text.noos__rv_irq_enable, "ax", @progbits
  .global noos__rv_irq_enable
  .type noos__rv_irq_enable, @function
noos__rv_irq_enable:
  csrs mie, a0
  ret
  .size noos__rv_irq_enable, . - noos__rv_irq_enable

  .section .text.noos__rv_trap_entry, "ax", @progbits
  .global noos__rv_trap_entry
  .type noos__rv_trap_entry, @function
  .balign 4
noos__rv_trap_entry:
  noos_rv_save_frame
  call noos__rv_trap_dispatch
  addi t0, sp, FRAME_SIZE     /* the trap stack's top again */
  csrw mscratch, t0
  mv sp, a0                   /* the frame to return to: this one, or after
                                 a switch the next thread's saved context */
  REG_L t0, FRAME_MEPC(sp)
  csrw mepc, t0
  REG_L t0, FRAME_MSTATUS(sp)
  csrw mstatus, t0
  REG_L x1, 1*R(sp)
  REG_L x3, 3*R(sp)
  REG_L x4, 4*R(sp)
  REG_L x5, 5*R(sp)
  REG_L x6, 6*R(sp)
  REG_L x7, 7*R(sp)
  REG_L x8, 8*R(sp)
  REG_L x9, 9*R(sp)
  REG_L x10, 10*R(sp)
  REG_L x11, 11*R(sp)
  REG_L x12, 12*R(sp)
  REG_L x13, 13*R(sp)
  REG_L x14, 14*R(sp)
  REG_L x15, 15*R(sp)
#ifndef __riscv_32e
  REG_L x16, 16*R(sp)
  REG_L x17, 17*R(sp)
  REG_L x18, 18*R(sp)
  REG_L x19, 19*R(sp)
  REG_L x20, 20*R(sp)
  REG_L x21, 21*R(sp)
  REG_L x22, 22*R(sp)
  REG_L x23, 23*R(sp)
  REG_L x24, 24*R(sp)
  REG_L x25, 25*R(sp)
  REG_L x26, 26*R(sp)
  REG_L x27, 27*R(sp)
  REG_L x28, 28*R(sp)
  REG_L x29, 29*R(sp)
  REG_L x30, 30*R(sp)
  REG_L x31, 31*R(sp)
#endif
  REG_L x2, 2*R(sp)
  mret
  .size noos__rv_trap_entry, . - noos__rv_trap_entry
