/*
 * --fault-report=record (the RISC-V default): the trap handler prints the
 * trap's raw facts on one line and ends the program; the host turns the
 * line into fault-full.c's report, with the image's symbols (noos-run as
 * it runs the program; noos-run --decode-fault IMAGE for a log captured
 * off a UART):
 *
 *   noos-fault/1 riscv64 00000000 00000005 00000000 80000120 ... 1a2b3c4d
 *
 * The values: mcause, mepc, mtval, mstatus, then x1-x31, then the main
 * stack's bottom (__stack_limit) and top (__stack) and the size of the PMP
 * guard below it (riscv.ld; the host names an access fault there, or
 * with sp there, a main stack overflow, as fault.h does), each as one
 * 8-hex-digit word on riscv32 and as two (high, low) on riscv64; the last
 * word is the sum of the others modulo 2^32, so a damaged line is refused
 * rather than misread (lib/Fault/FaultRecord.cpp decodes it). The exit
 * status is fault-full.c's: 128 + the exception code, 128 + 16 + an
 * interrupt's.
 *
 * In assembly, for its size: every program links it. It runs on the trap
 * stack and never returns, so it keeps its state in s0-s3 and keeps
 * nothing in RAM: the sum too is a register, as a main stack overflow may
 * have run over .bss before the trap.
 */
#include "trap-frame.h"

#if __riscv_xlen == 32
#define value word            /* a value is one word */
#endif

/* The symbol noos-ld asks for (-u) to pick this object: an absolute
 * symbol, which takes no byte of the image. */
  .global noos_fault_record
  .set noos_fault_record, 0

  .section .rodata.str1.1, "aMS", @progbits, 1
.Lheader:
#if __riscv_xlen == 64
  .asciz "\nnoos-fault/1 riscv64"
#else
  .asciz "\nnoos-fault/1 riscv32"
#endif
.Lnewline:
  .asciz "\n"

/* noos__rv_trap(const struct noos_rv_frame *f), from the trap entry
 * (reset.S's or trap-entry.S's through trap.c). */
  .section .text.noos__rv_trap, "ax", @progbits
  .global noos__rv_trap
  .type noos__rv_trap, @function
noos__rv_trap:
  mv s0, a0                   /* the frame */
  li s1, 0                    /* the sum of the words */
  la a0, .Lheader
  call noos_puts_raw
  REG_L a0, FRAME_MCAUSE(s0)
  call value
  REG_L a0, FRAME_MEPC(s0)
  call value
  REG_L a0, FRAME_MTVAL(s0)
  call value
  REG_L a0, FRAME_MSTATUS(s0)
  call value
  addi s2, s0, 1*R            /* x1 */
  addi s3, s0, 32*R           /* past x31 */
1:
  REG_L a0, 0(s2)
  call value
  addi s2, s2, R
  bne s2, s3, 1b
  la a0, __stack_limit
  call value
  la a0, __stack
  call value
  lui a0, %hi(__noos_stack_guard_size) /* riscv.ld: __stack_limit - */
  addi a0, a0, %lo(__noos_stack_guard_size) /* __stack_guard */
  call value
  mv a0, s1
  call word
  la a0, .Lnewline
  call noos_puts_raw
  /* The status (fault.h's noos__rv_trap_status): 128 + the code's low
   * six bits, + 16 for an interrupt (mcause's top bit). */
  REG_L a0, FRAME_MCAUSE(s0)
  andi a1, a0, 63
  bgez a0, 2f
  addi a1, a1, 16
2:
  addi a0, a1, 128
  tail noos_exit
  .size noos__rv_trap, . - noos__rv_trap

#if __riscv_xlen == 64
/* An XLEN value (a0) as two words, the high one first. */
  .section .text.noos__rv_record_value, "ax", @progbits
  .type value, @function
value:
  addi sp, sp, -16
  sd ra, 8(sp)
  sd a0, 0(sp)
  srli a0, a0, 32
  call word
  ld a0, 0(sp)
  ld ra, 8(sp)
  addi sp, sp, 16
  tail word
  .size value, . - value
#endif

/* The low 32 bits of a0 as " " and 8 hex digits, and added to the sum
 * (s1; on riscv64 the high bits a0 may carry change only the sum's high
 * half, which is not printed). */
  .section .text.noos__rv_record_word, "ax", @progbits
  .type word, @function
word:
  addi sp, sp, -32            /* ra at 0, the text at 16 */
  REG_S ra, 0(sp)
  add s1, s1, a0
  li a1, ' '
  sb a1, 16(sp)
  sb zero, 25(sp)
  addi a1, sp, 25             /* the digits, from the last */
  addi a4, sp, 17             /* the first digit's place */
  li a3, 10
3:
  addi a1, a1, -1
  andi a2, a0, 15
  bltu a2, a3, 4f
  addi a2, a2, 'a' - 10 - '0'
4:
  addi a2, a2, '0'
  sb a2, 0(a1)
  srli a0, a0, 4
  bne a1, a4, 3b
  addi a0, sp, 16
  call noos_puts_raw
  REG_L ra, 0(sp)
  addi sp, sp, 32
  ret
  .size word, . - word
