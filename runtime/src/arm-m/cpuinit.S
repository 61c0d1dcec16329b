/*
 * The default noos_cpuinit: runs before .data and .bss exist. Points VTOR
 * at the vector table (cores that have one), and enables the FPU when the
 * runtime variant uses one (CPACR CP10/CP11 full access).
 */
  .syntax unified
  .thumb

  .section .text.noos_cpuinit, "ax", %progbits
  .weak noos_cpuinit
  .type noos_cpuinit, %function
  .thumb_func
noos_cpuinit:
#if __ARM_ARCH >= 7 || defined(__ARM_ARCH_8M_BASE__)
  ldr r0, =0xE000ED08        /* SCB->VTOR */
  ldr r1, =__vectors_start
  str r1, [r0]
#endif
#if defined(__ARM_FP)
  ldr r0, =0xE000ED88        /* SCB->CPACR */
  ldr r1, [r0]
  ldr r2, =(0xF << 20)       /* CP10, CP11: full access */
  orrs r1, r1, r2
  str r1, [r0]
  dsb
  isb
#endif
  bx lr
  .size noos_cpuinit, . - noos_cpuinit
  .pool
