/*
 * The EL1 exception vector table (VBAR_EL1, set by noos_cpuinit): 16
 * entries of 32 instructions, the table 2 KiB aligned (the layout puts
 * .vectors at a 2 KiB boundary and asserts it). Four groups of four
 * (synchronous, IRQ, FIQ, SError), by where the exception came from:
 *   0x000  current EL, SP_EL0: the program (threads run on SP_EL0)
 *   0x200  current EL, SP_EL1: a handler itself faulted
 *   0x400  lower EL, AArch64   0x600  lower EL, AArch32 (never used here)
 * Every entry saves the registers in a frame on SP_EL1 and calls
 * noos__a64_exception (exception.c) with the frame and the entry's
 * number; that reports and ends the program. There is no interrupt
 * controller driver in this runtime yet, so an IRQ is reported as
 * unhandled too.
 *
 * The frame (struct noos_a64_frame in exception.c): x0-x30, the
 * interrupted sp, ELR_EL1, SPSR_EL1, ESR_EL1, FAR_EL1; 288 bytes.
 */
#define FRAME 288

  .macro entry n
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
  entry 0
  entry 1
  entry 2
  entry 3
  entry 4
  entry 5
  entry 6
  entry 7
  entry 8
  entry 9
  entry 10
  entry 11
  entry 12
  entry 13
  entry 14
  entry 15
  .balign 0x80                   /* the table is 2 KiB, whole */
  .size noos__a64_vectors, . - noos__a64_vectors

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

/* The handlers' stack (SP_EL1), Reset_Handler points SP_EL1 at its top.
 * In .noinit: a stack needs no zeroing at startup. */
  .section .noinit.noos_exception_stack, "aw", %nobits
  .balign 16
__noos_exception_stack:
  .space 4096
  .global __noos_exception_stack_top
__noos_exception_stack_top:
