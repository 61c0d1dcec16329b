/*
 * armv7a reset: the exception vector table, Reset_Handler and the default
 * noos_cpuinit, in ARM state (the vector table is code, and an exception
 * is taken in ARM state while SCTLR.TE is 0, which noos_cpuinit ensures).
 *
 * Reset_Handler runs in SVC mode (QEMU's virt and mcimx6ul-evk machines
 * enter there; a board whose boot code leaves the core in another mode
 * replaces noos_cpuinit and switches first) with the MMU and caches off:
 *   1. interrupts masked, a stack for each exception mode (UND, ABT, IRQ,
 *      FIQ: the layout's .exception_stacks), then SVC's main stack;
 *   2. noos_cpuinit: VBAR, SCTLR, and the FPU/NEON on hard-float variants;
 *   3. .data/.tdata copied from their load address when the image was not
 *      loaded where it runs, .tbss/.bss zeroed (assembly, so that no
 *      compiler turns the loops into memcpy/memset calls before memory is
 *      ready);
 *   4. noos_start (start.c): the hook sequence of every architecture.
 */
  .syntax unified
  .arm
  .cfi_sections .debug_frame

/* Processor modes (CPSR.M). */
  .equ MODE_FIQ, 0x11
  .equ MODE_IRQ, 0x12
  .equ MODE_SVC, 0x13
  .equ MODE_ABT, 0x17
  .equ MODE_UND, 0x1b

/* The vector table: VBAR needs 32-byte alignment; each entry loads the
 * handler's address from the literal pool that follows, so a handler may
 * be anywhere and in either state (LDR to PC interworks on v7). */
  .section .vectors, "ax", %progbits
  .balign 32
  .global noos_vectors
  .type noos_vectors, %function
noos_vectors:
  ldr pc, 1f          /* 0x00 reset */
  ldr pc, 2f          /* 0x04 undefined instruction */
  ldr pc, 3f          /* 0x08 supervisor call */
  ldr pc, 4f          /* 0x0c prefetch abort */
  ldr pc, 5f          /* 0x10 data abort */
  ldr pc, 6f          /* 0x14 hypervisor trap (unused outside Hyp) */
  ldr pc, 7f          /* 0x18 IRQ */
  ldr pc, 8f          /* 0x1c FIQ */
1: .word Reset_Handler
2: .word Undef_Handler
3: .word SVC_Handler
4: .word PrefetchAbort_Handler
5: .word DataAbort_Handler
6: .word Undef_Handler
7: .word IRQ_Handler
8: .word FIQ_Handler
  .size noos_vectors, . - noos_vectors

  .section .text.Reset_Handler, "ax", %progbits
  .balign 4
  .weak Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  .cfi_startproc
  .cfi_undefined lr
  cpsid if
  cps #MODE_UND
  ldr sp, =__und_stack_top
  cps #MODE_ABT
  ldr sp, =__abt_stack_top
  cps #MODE_IRQ
  ldr sp, =__irq_stack_top
  cps #MODE_FIQ
  ldr sp, =__fiq_stack_top
  cps #MODE_SVC
  ldr sp, =__stack
  bl noos_cpuinit

  /* .data and .tdata: from their load address to RAM, unless the image
   * was loaded where it runs (the usual case on A-profile). */
  ldr r0, =__data_start
  ldr r1, =__data_end
  ldr r2, =__data_source
  cmp r0, r2
  beq 2f
0:
  sub r7, r1, r0
  cmp r7, #16
  blo 1f
  ldmia r2!, {r3-r6}
  stmia r0!, {r3-r6}
  b 0b
1:
  cmp r0, r1
  ldrlo r3, [r2], #4
  strlo r3, [r0], #4
  blo 1b
2:
  /* .tbss and .bss, the same way. */
  ldr r0, =__bss_start
  ldr r1, =__bss_end
  mov r3, #0
  mov r4, #0
  mov r5, #0
  mov r6, #0
3:
  sub r7, r1, r0
  cmp r7, #16
  blo 4f
  stmia r0!, {r3-r6}
  b 3b
4:
  cmp r0, r1
  strlo r3, [r0], #4
  blo 4b
  /* The main thread's TLS block (in .bss, zeroed): .tdata's initial
   * values, which stay where they are for the threads created later. */
  ldr r0, =__tls_base
  ldr r1, =__tdata_start
  ldr r2, =__tdata_end
5:
  cmp r1, r2
  ldrlo r3, [r1], #4
  strlo r3, [r0], #4
  blo 5b

  bl noos_start
  .cfi_endproc
  .size Reset_Handler, . - Reset_Handler
  .ltorg

/*
 * The default noos_cpuinit (weak: a board replaces it, e.g. to leave Hyp
 * mode or to set up clocks before .data exists). Runs before .data and
 * .bss are ready, on the SVC stack; uses r0-r1 only.
 */
  .section .text.noos_cpuinit, "ax", %progbits
  .balign 4
  .weak noos_cpuinit
  .type noos_cpuinit, %function
noos_cpuinit:
  .cfi_startproc
  /* VBAR: the vector table above (SCTLR.V = 0 selects VBAR over the
   * high vectors at 0xffff0000). */
  ldr r0, =noos_vectors
  mcr p15, 0, r0, c12, c0, 0
  /* SCTLR: low vectors (V), exceptions in ARM state (TE), no alignment
   * checking (A: clang and the C library use unaligned accesses on v7). */
  mrc p15, 0, r0, c1, c0, 0
  bic r0, r0, #(1 << 13)
  bic r0, r0, #(1 << 30)
  bic r0, r0, #(1 << 1)
  mcr p15, 0, r0, c1, c0, 0
  isb
#if defined(__ARM_FP)
  /* CPACR: CP10 and CP11 (VFP and NEON) full access; then FPEXC.EN. */
  mrc p15, 0, r0, c1, c0, 2
  orr r0, r0, #(0xf << 20)
  mcr p15, 0, r0, c1, c0, 2
  isb
  mov r0, #(1 << 30)
  vmsr fpexc, r0
#endif
  bx lr
  .cfi_endproc
  .size noos_cpuinit, . - noos_cpuinit
  .ltorg
