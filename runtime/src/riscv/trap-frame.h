/*
 * The trap frame's save, for the two trap entries (assembly only):
 * trap-entry.S's full one (interrupts, kernel calls, the switch) and
 * reset.S's fault-only one, which a program links when nothing it links
 * enables an interrupt (no time, no threads, no PLIC). Both build the
 * frame fault.h describes (struct noos_rv_frame), on the trap stack.
 */
#ifndef NOOS_RISCV_TRAP_FRAME_H
#define NOOS_RISCV_TRAP_FRAME_H

#if __riscv_xlen == 64
#define REG_S sd
#define REG_L ld
#define R 8
#else
#define REG_S sw
#define REG_L lw
#define R 4
#endif

/* The frame's size and its CSR slots (after x0-x31). */
#define FRAME_SIZE (36 * R)
#define FRAME_MEPC (32 * R)
#define FRAME_MCAUSE (33 * R)
#define FRAME_MTVAL (34 * R)
#define FRAME_MSTATUS (35 * R)

/* Onto the trap stack (mscratch holds its top, and gets the interrupted
 * sp meanwhile), x1 and x3-x31, the interrupted sp as x2, mepc, mcause,
 * mtval, mstatus (x0's slot 0); then gp, which the interrupted code may
 * have used for anything, is the runtime's again, and a0 = the frame. */
.macro noos_rv_save_frame
  csrrw sp, mscratch, sp
  addi sp, sp, -FRAME_SIZE
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
  REG_S t0, FRAME_MEPC(sp)
  csrr t0, mcause
  REG_S t0, FRAME_MCAUSE(sp)
  csrr t0, mtval
  REG_S t0, FRAME_MTVAL(sp)
  csrr t0, mstatus
  REG_S t0, FRAME_MSTATUS(sp)
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  mv a0, sp
.endm

#endif
