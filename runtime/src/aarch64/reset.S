/*
 * Reset_Handler: from reset to C on an A64 core entered at EL1 (QEMU virt
 * enters there; a loader that leaves the core at EL2 or EL3 is refused by
 * name). Exception handlers get SP_EL1 on their own stack; the program
 * runs on SP_EL0 (EL1t) from __stack down, so that a main stack overflow
 * faults into a handler whose stack is intact. Then noos_cpuinit (vector
 * base, FP/SIMD), .data/.tdata copied when the image was not loaded where
 * it runs, .tbss/.bss zeroed, the main thread's TLS block (in .bss)
 * filled from .tdata, and noos_start (start.c).
 *
 * The copy and zero loops run with the MMU and caches off (memory is then
 * Device-nGnRnE, where an unaligned access faults): they use aligned
 * 16-byte accesses, 64 bytes an iteration (8 instructions), then 8-byte
 * ones, on the layout's 8-byte aligned bounds (linker-scripts/aarch64.ld
 * asserts them), and no C, so that no compiler turns them into
 * memcpy/memset (which use DC ZVA) before memory is ready.
 */
  .section .text.Reset_Handler, "ax", %progbits
  .weak Reset_Handler
  .type Reset_Handler, %function
  .balign 4
Reset_Handler:
  /* The outermost frame for a debugger: nothing called it. */
  .cfi_sections .debug_frame
  .cfi_startproc
  .cfi_undefined x30
  mrs x0, CurrentEL
  cmp x0, #(1 << 2)
  b.ne noos__wrong_el

  msr daifset, #0xf              /* nothing interrupts startup */
  msr spsel, #1
  adrp x0, __noos_exception_stack_top
  add x0, x0, :lo12:__noos_exception_stack_top
  mov sp, x0
  msr spsel, #0
  adrp x0, __stack
  add x0, x0, :lo12:__stack
  mov sp, x0
  mov x29, #0

  bl noos_cpuinit

  /* .data and .tdata: from their load address to RAM, unless the image
   * was loaded where it runs (the normal case on A-profile). */
  adrp x0, __data_start
  add x0, x0, :lo12:__data_start
  adrp x1, __data_end
  add x1, x1, :lo12:__data_end
  adrp x2, __data_source
  add x2, x2, :lo12:__data_source
  cmp x0, x2
  b.eq 3f
1:
  sub x3, x1, x0
  cmp x3, #64
  b.lo 2f
  ldp x4, x5, [x2], #16
  ldp x6, x7, [x2], #16
  ldp x8, x9, [x2], #16
  ldp x10, x11, [x2], #16
  stp x4, x5, [x0], #16
  stp x6, x7, [x0], #16
  stp x8, x9, [x0], #16
  stp x10, x11, [x0], #16
  b 1b
2:
  cmp x0, x1
  b.hs 3f
  ldr x4, [x2], #8
  str x4, [x0], #8
  b 2b
3:
  /* .tbss and .bss. */
  adrp x0, __bss_start
  add x0, x0, :lo12:__bss_start
  adrp x1, __bss_end
  add x1, x1, :lo12:__bss_end
4:
  sub x3, x1, x0
  cmp x3, #64
  b.lo 5f
  stp xzr, xzr, [x0], #16
  stp xzr, xzr, [x0], #16
  stp xzr, xzr, [x0], #16
  stp xzr, xzr, [x0], #16
  b 4b
5:
  cmp x0, x1
  b.hs 6f
  str xzr, [x0], #8
  b 5b
6:
  /* The main thread's TLS block (in .bss, zeroed): .tdata's initial
   * values copied in (the template itself stays untouched for the
   * threads created later). */
  adrp x0, __tls_base
  add x0, x0, :lo12:__tls_base
  adrp x1, __tdata_start
  add x1, x1, :lo12:__tdata_start
  adrp x2, __tdata_end
  add x2, x2, :lo12:__tdata_end
7:
  cmp x1, x2
  b.hs 8f
  ldr x3, [x1], #8
  str x3, [x0], #8
  b 7b
8:
  /* The program runs with IRQ, FIQ and SError unmasked, as a Cortex-M
   * program starts with PRIMASK clear (the GIC forwards nothing until
   * its driver is set up). */
  msr daifclr, #7
  bl noos_start
  .cfi_endproc
  .size Reset_Handler, . - Reset_Handler

/* Entered at another exception level than EL1: say so over semihosting
 * (nothing else is set up) and exit with status 1. */
  .section .text.noos__wrong_el, "ax", %progbits
  .type noos__wrong_el, %function
noos__wrong_el:
  mov x0, #0x04                   /* SYS_WRITE0 */
  adr x1, wrong_el_msg
  hlt #0xf000
  mov x0, #0x20                   /* SYS_EXIT_EXTENDED */
  adr x1, wrong_el_exit
  hlt #0xf000
  b .
  .size noos__wrong_el, . - noos__wrong_el
  .balign 8
wrong_el_exit:
  .quad 0x20026, 1                /* ADP_Stopped_ApplicationExit, status 1 */
wrong_el_msg:
  .asciz "noos: the core was started at EL2 or EL3, but the aarch64 runtime runs at EL1: start it at EL1 (QEMU virt without virtualization=on or secure=on)\n"
