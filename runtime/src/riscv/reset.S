/*
 * RISC-V reset, in machine mode: the image's first instructions, where
 * every hart starts (QEMU's virt with -bios none: a0 = hart id, a1 = the
 * device tree; sifive_e: the flash origin).
 *   1. harts other than 0 park in WFI with interrupts off (SMP later);
 *   2. gp (linker relaxation: __global_pointer$, set with relaxation off,
 *      as gp cannot be relative to itself), sp (hart 0's main stack),
 *      mscratch (the trap stack's top), mtvec (the trap entry, direct);
 *   3. mstatus.FS on when the variant has F or D (else the first float
 *      instruction traps);
 *   4. .data/.sdata/.tdata copied from their load address when the image
 *      was not loaded where it runs (flash), .sbss/.bss zeroed, and the
 *      main thread's TLS block (in .bss) filled from .tdata;
 *   5. noos_start (start.c): first noos_fault_init (below: the main
 *      stack's PMP guard), tp = that block, the hooks, main, exit.
 */
#if __riscv_xlen == 64
#define REG_S sd
#define REG_L ld
#define SZREG 8
#else
#define REG_S sw
#define REG_L lw
#define SZREG 4
#endif

  .section .noos.reset, "ax", @progbits
  .weak Reset_Handler
  .type Reset_Handler, @function
Reset_Handler:
  .cfi_startproc
  .cfi_undefined ra
  csrw mie, zero
  csrci mstatus, 8            /* MIE off */
  csrr t0, mhartid
  bnez t0, .Lpark
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  la sp, __stack
  la t0, __trap_stack_top
  csrw mscratch, t0
  la t0, noos__rv_trap_entry
  csrw mtvec, t0              /* direct mode: the entry is 4-aligned */
#if defined(__riscv_flen)
  li t0, (1 << 13)            /* mstatus.FS = Initial */
  csrs mstatus, t0
  csrw fcsr, zero
#endif
  /* .data, .sdata and .tdata: from their load address to RAM, unless the
   * image was loaded where it runs. Bytes up to a register-size boundary,
   * registers while both sides are aligned alike, then the tail. */
  la t0, __data_start
  la t1, __data_end
  la t2, __data_source
  beq t0, t2, 5f
  xor t3, t0, t2
  andi t3, t3, SZREG - 1
  bnez t3, 3f                 /* aligned differently: bytes only */
1:
  andi t3, t0, SZREG - 1
  beqz t3, 2f
  bgeu t0, t1, 5f
  lbu t3, 0(t2)
  sb t3, 0(t0)
  addi t0, t0, 1
  addi t2, t2, 1
  j 1b
2:
  addi t4, t1, -SZREG
  bgtu t0, t4, 3f
  REG_L t3, 0(t2)
  REG_S t3, 0(t0)
  addi t0, t0, SZREG
  addi t2, t2, SZREG
  j 2b
3:
  bgeu t0, t1, 5f
  lbu t3, 0(t2)
  sb t3, 0(t0)
  addi t0, t0, 1
  addi t2, t2, 1
  j 3b
5:
  /* .tbss, .sbss and .bss, the same way. */
  la t0, __bss_start
  la t1, __bss_end
6:
  andi t3, t0, SZREG - 1
  beqz t3, 7f
  bgeu t0, t1, 9f
  sb zero, 0(t0)
  addi t0, t0, 1
  j 6b
7:
  addi t4, t1, -SZREG
  bgtu t0, t4, 8f
  REG_S zero, 0(t0)
  addi t0, t0, SZREG
  j 7b
8:
  bgeu t0, t1, 9f
  sb zero, 0(t0)
  addi t0, t0, 1
  j 8b
9:
  /* The main thread's TLS block (in .bss, zeroed): .tdata's initial
   * image, byte by byte (it is small). */
  la t0, __tls_base
  la t1, __tdata_start
  la t2, __tdata_end
10:
  bgeu t1, t2, 11f
  lbu t3, 0(t1)
  sb t3, 0(t0)
  addi t0, t0, 1
  addi t1, t1, 1
  j 10b
11:
  csrsi mstatus, 8            /* MIE on: mie enables each source */
  call noos_start
.Lpark:
  wfi
  j .Lpark
  .cfi_endproc
  .size Reset_Handler, . - Reset_Handler

/* The main stack's section, so that size tools count the stack as RAM. */
  .section .noos.stack, "aw", @nobits

/* The main stack's guard (noos_start calls this before anything else):
 * riscv.ld's __stack_guard to __stack_limit, below the main stack, made a
 * PMP region with no access. Machine mode, where everything runs, obeys
 * only a locked entry, and a locked entry stays until reset, which suits
 * main's stack, which never moves (thread stacks, which would need a
 * movable one, have the kernel's checks instead: docs/runtime.md,
 * "Porting to RISC-V"). Entries 0 and 1, the highest-priority pair:
 * pmpaddr0 the guard's base (entry 0 OFF, only a bound), pmpaddr1 its top
 * (entry 1 TOR, locked, no R/W/X: the lock also freezes pmpaddr0).
 * Machine mode keeps full access wherever no entry matches. On a core
 * without PMP the CSR writes may trap: mtvec points past them meanwhile,
 * and mstatus is restored (the trap cleared MIE). Weak: a program that
 * owns the PMP replaces it. */
  .section .text.noos_fault_init, "ax", @progbits
  .weak noos_fault_init
  .type noos_fault_init, @function
noos_fault_init:
  la t0, __stack_guard
  la t3, __stack_limit
  beq t0, t3, 2f              /* __noos_stack_guard_size 0: no guard */
  csrr t2, mstatus
  la t4, 1f
  csrrw t1, mtvec, t4
  srli t0, t0, 2
  csrw pmpaddr0, t0
  srli t3, t3, 2
  csrw pmpaddr1, t3
  li t0, 0x8800               /* entry 1: L | A=TOR; entry 0: OFF */
  csrw pmpcfg0, t0
  .balign 4
1:
  csrw mtvec, t1
  csrw mstatus, t2
2:
  ret
  .size noos_fault_init, . - noos_fault_init

/* What riscv.ld makes of picolibc's weak references nothing defines. */
  .section .text.noos__rv_nothing, "ax", @progbits
  .global noos__rv_nothing
  .type noos__rv_nothing, @function
noos__rv_nothing:
  ret
  .size noos__rv_nothing, . - noos__rv_nothing
