/*
 * Reset_Handler: from reset to C. The copy and zero loops are assembly so
 * no compiler can turn them into memcpy/memset calls before memory is
 * ready, and they use only instructions every M-profile core has (v6-M).
 * Each moves a word per iteration: about 4 instructions a word copied and
 * 3 a word zeroed.
 */
  .syntax unified
  .thumb

  .section .text.Reset_Handler, "ax", %progbits
  .global Reset_Handler
  .weak Reset_Handler
  .type Reset_Handler, %function
  .thumb_func
Reset_Handler:
  bl noos_cpuinit

  /* .data and .tdata: from their load address to RAM, unless the image
   * was loaded where it runs. */
  ldr r0, =__data_start
  ldr r1, =__data_end
  ldr r2, =__data_source
  cmp r0, r2
  beq 2f
  b 1f
0:
  ldr r3, [r2]
  str r3, [r0]
  adds r0, r0, #4
  adds r2, r2, #4
1:
  cmp r0, r1
  blo 0b
2:
  /* .tbss and .bss */
  ldr r0, =__bss_start
  ldr r1, =__bss_end
  movs r2, #0
  b 4f
3:
  str r2, [r0]
  adds r0, r0, #4
4:
  cmp r0, r1
  blo 3b

  bl noos_start
  .size Reset_Handler, . - Reset_Handler
  .pool
