/*
 * The trap entry (mtvec, direct mode): every exception and interrupt of
 * machine mode comes here. It switches to the trap stack (mscratch holds
 * its top, and gets the interrupted sp meanwhile), saves x1-x31 and the
 * trap CSRs, and calls noos__rv_trap_dispatch (trap.c): an interrupt the
 * runtime handles returns here with the frame to restore (this one, or
 * after a context switch the next thread's, on its own stack, in the same
 * layout), and the entry restores it (mepc and mstatus included) and
 * returns with MRET; anything else goes to
 * noos__rv_trap (fault-full.c or fault-none.c, as --fault-report chose),
 * which reports and ends the program.
 *
 * The frame, from the lowest address (struct noos_rv_frame):
 *   x[0..31] (x0's slot holds nothing, x2 the interrupted sp), mepc,
 *   mcause, mtval, mstatus.
 */
#if __riscv_xlen == 64
#define REG_S sd
#define REG_L ld
#define R 8
#else
#define REG_S sw
#define REG_L lw
#define R 4
#endif

  .section .text.noos__rv_trap_entry, "ax", @progbits
  .global noos__rv_trap_entry
  .type noos__rv_trap_entry, @function
  .balign 4
noos__rv_trap_entry:
  csrrw sp, mscratch, sp
  addi sp, sp, -(36 * R)
  REG_S x1, 1*R(sp)
  REG_S x3, 3*R(sp)
  REG_S x4, 4*R(sp)
  REG_S x5, 5*R(sp)
  REG_S x6, 6*R(sp)
  REG_S x7, 7*R(sp)
  REG_S x8, 8*R(sp)
  REG_S x9, 9*R(sp)
  REG_S x10, 10*R(sp)
  REG_S x11, 11*R(sp)
  REG_S x12, 12*R(sp)
  REG_S x13, 13*R(sp)
  REG_S x14, 14*R(sp)
  REG_S x15, 15*R(sp)
#ifndef __riscv_32e
  REG_S x16, 16*R(sp)
  REG_S x17, 17*R(sp)
  REG_S x18, 18*R(sp)
  REG_S x19, 19*R(sp)
  REG_S x20, 20*R(sp)
  REG_S x21, 21*R(sp)
  REG_S x22, 22*R(sp)
  REG_S x23, 23*R(sp)
  REG_S x24, 24*R(sp)
  REG_S x25, 25*R(sp)
  REG_S x26, 26*R(sp)
  REG_S x27, 27*R(sp)
  REG_S x28, 28*R(sp)
  REG_S x29, 29*R(sp)
  REG_S x30, 30*R(sp)
  REG_S x31, 31*R(sp)
#endif
  csrr t0, mscratch           /* the interrupted sp */
  REG_S t0, 2*R(sp)
  REG_S zero, 0(sp)
  csrr t0, mepc
  REG_S t0, 32*R(sp)
  csrr t0, mcause
  REG_S t0, 33*R(sp)
  csrr t0, mtval
  REG_S t0, 34*R(sp)
  csrr t0, mstatus
  REG_S t0, 35*R(sp)
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  mv a0, sp
  call noos__rv_trap_dispatch
  addi t0, sp, 36*R           /* the trap stack's top again */
  csrw mscratch, t0
  mv sp, a0                   /* the frame to return to: this one, or after
                                 a switch the next thread's saved context */
  REG_L t0, 32*R(sp)
  csrw mepc, t0
  REG_L t0, 35*R(sp)
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
