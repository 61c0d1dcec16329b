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
 *   4. .tbss/.sbss/.bss zeroed, .data/.sdata/.tdata copied from their
 *      load address when the image was not loaded where it runs (flash),
 *      and the main thread's TLS block (in .bss) filled from .tdata, a
 *      register at a time (riscv.ld aligns each range's ends to 8 bytes);
 *   5. noos_start (start.c): first noos_fault_init (below: the main
 *      stack's PMP guard), tp = that block, the hooks, main, exit.
 *
 * Also here, as every program links it: the trap entry of a program that
 * takes no interrupt, which reports the fault.
 */
#include "trap-frame.h"

/* The call frame information for debuggers only: no unwinder runs on
 * RISC-V (riscv.ld keeps no .eh_frame). */
  .cfi_sections .debug_frame

/* The address of a symbol in the data, into reg: on rv32 as an absolute
 * lui/addi pair, which LLD's --relax-gp turns into one gp-relative addi
 * when the symbol is within 2 KiB of __global_pointer$ (the data's start
 * and end are, in a small program); on rv64, whose RAM at 0x80000000 is
 * beyond lui's signed reach, PC-relative. */
.macro la_data reg, sym
#if __riscv_xlen == 32
  lui \reg, %hi(\sym)
  addi \reg, \reg, %lo(\sym)
#else
  la \reg, \sym
#endif
.endm

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
  /* .tbss, .sbss and .bss zeroed. */
  la_data a0, __bss_start
  la_data a2, __bss_end
1:
  bgeu a0, a2, 2f
  REG_S zero, 0(a0)
  addi a0, a0, R
  j 1b
2:
  /* .data, .sdata and .tdata: from their load address to RAM, unless the
   * image was loaded where it runs. */
  la_data a0, __data_start
  la_data a1, __data_source
  la_data a2, __data_end
  beq a0, a1, 4f
3:
  bgeu a0, a2, 4f
  REG_L a3, 0(a1)
  REG_S a3, 0(a0)
  addi a0, a0, R
  addi a1, a1, R
  j 3b
4:
  /* The main thread's TLS block (in .bss, zeroed): .tdata's initial
   * image, which ends at __data_end (a2). */
  la_data a0, __tls_base
  la_data a1, __tdata_start
5:
  bgeu a1, a2, 6f
  REG_L a3, 0(a1)
  REG_S a3, 0(a0)
  addi a0, a0, R
  addi a1, a1, R
  j 5b
6:
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

/* The trap entry of a program that enables no interrupt source (nothing
 * it links calls noos__rv_irq_enable: no time, no threads, no PLIC), so
 * that every trap is a fault: the frame saved as trap-entry.S saves it,
 * and the report --fault-report chose (noos__rv_trap), which ends the
 * program. Weak: trap-entry.S's full entry, linked with what enables
 * interrupts, replaces it, and the section is then dropped. */
  .section .text.noos__rv_fault_entry, "ax", @progbits
  .weak noos__rv_trap_entry
  .type noos__rv_trap_entry, @function
  .balign 4
noos__rv_trap_entry:
  noos_rv_save_frame
  tail noos__rv_trap
  .size noos__rv_trap_entry, . - noos__rv_trap_entry
