/*
 * The default noos_cpuinit: runs before .data and .bss exist, on SP_EL0.
 * Points VBAR_EL1 at the vector table (vectors.S) and gives EL1 and EL0
 * FP/SIMD access (CPACR_EL1.FPEN = 0b11): the AArch64 ABI passes floats
 * in V registers, and the compiler uses them for memcpy-like moves.
 */
  .section .text.noos_cpuinit, "ax", %progbits
  .weak noos_cpuinit
  .type noos_cpuinit, %function
noos_cpuinit:
  adrp x0, __vectors_start
  add x0, x0, :lo12:__vectors_start
  msr vbar_el1, x0
  mrs x0, cpacr_el1
  orr x0, x0, #(3 << 20)
  msr cpacr_el1, x0
  isb
  ret
  .size noos_cpuinit, . - noos_cpuinit
