/*
 * The IRQ handlers by interrupt ID (gic.c's dispatch): IRQ<n>_Handler for
 * n = 0..255, weak references (0 when the program defines none: the
 * dispatch reports the IRQ).
 */
  .altmacro
  .macro handler n
  .weak IRQ\n\()_Handler
  .quad IRQ\n\()_Handler
  .endm

  .section .rodata.noos__a64_irq_handlers, "a", %progbits
  .balign 8
  .global noos__a64_irq_handlers
noos__a64_irq_handlers:
  .set i, 0
  .rept 256
  handler %i
  .set i, i + 1
  .endr
  .size noos__a64_irq_handlers, . - noos__a64_irq_handlers
