/*
 * Reset_Handler: from reset to C. The copy and zero loops are assembly so
 * no compiler can turn them into memcpy/memset calls before memory is
 * ready, and they use only instructions every M-profile core has (v6-M).
 * They move four words per iteration with LDM/STM: 1.5 instructions a
 * word copied and 1.25 a word zeroed (a C loop compiled with gcc -Os takes
 * 5 and 4), then the remaining words one at a time.
 */
  .syntax unified
  .thumb

  .section .text.Reset_Handler, "ax", %progbits
  .weak Reset_Handler
  .type Reset_Handler, %function
  .thumb_func
Reset_Handler:
  /* The outermost frame for a debugger: nothing called it. */
  .cfi_sections .debug_frame
  .cfi_startproc
  .cfi_undefined lr
  bl noos_cpuinit

  /* .data and .tdata: from their load address to RAM, unless the image
   * was loaded where it runs. */
  ldr r0, =__data_start
  ldr r1, =__data_end
  ldr r2, =__data_source
  cmp r0, r2
  beq 3f
0:
  subs r7, r1, r0
  cmp r7, #16
  blo 2f
  ldmia r2!, {r3-r6}
  stmia r0!, {r3-r6}
  b 0b
1:
  ldr r3, [r2]
  str r3, [r0]
  adds r0, r0, #4
  adds r2, r2, #4
2:
  cmp r0, r1
  blo 1b
3:
  /* .tbss and .bss, the same way. */
  ldr r0, =__bss_start
  ldr r1, =__bss_end
  movs r3, #0
  movs r4, #0
  movs r5, #0
  movs r6, #0
4:
  subs r7, r1, r0
  cmp r7, #16
  blo 6f
  stmia r0!, {r3-r6}
  b 4b
5:
  str r3, [r0]
  adds r0, r0, #4
6:
  cmp r0, r1
  blo 5b

  bl noos_start
  .cfi_endproc
  .size Reset_Handler, . - Reset_Handler
  .pool
