/*
 * What every fault entry shares (fault.S, fault-short.S, fault-none.S):
 * the names it answers to. HardFault_Handler, and MemManage_Handler,
 * BusFault_Handler, UsageFault_Handler (v7-M, v8-M Main) and
 * SecureFault_Handler (v8-M Main), all weak, so an application replaces
 * any of them by defining a function of the same name.
 *
 * The three entries define the same names, so only one of them may be
 * linked, and which one must not depend on their order in libnoos.a
 * (the first member defining a name is the one a reference extracts).
 * noos-ld --fault-report=full|short|none therefore always asks for one
 * by its marker: -u noos_fault_full, noos_fault_short or noos_fault_none.
 * That object is extracted first, and its definitions of the handlers
 * keep the other two out (an archive member is only extracted for an
 * undefined symbol). The markers are absolute symbols, not code, so the
 * -u keeps nothing alive: the handlers are kept by the vector table's
 * references like any others, and dropped when the program defines them.
 *
 * Assembler only (included by .S files).
 */
#ifndef NOOS_ARM_M_FAULT_ENTRY_H
#define NOOS_ARM_M_FAULT_ENTRY_H

#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__) || \
    defined(__ARM_ARCH_8M_MAIN__) || defined(__ARM_ARCH_8_1M_MAIN__)
#define NOOS_FAULT_CONFIGURABLE 1 /* MemManage, BusFault, UsageFault */
#else
#define NOOS_FAULT_CONFIGURABLE 0 /* v6-M, v8-M Baseline: HardFault only */
#endif
#if defined(__ARM_ARCH_8M_MAIN__) || defined(__ARM_ARCH_8_1M_MAIN__)
#define NOOS_FAULT_SECURE 1 /* SecureFault */
#else
#define NOOS_FAULT_SECURE 0
#endif

/* The handlers' labels, at this point: put it at the entry's first
 * instruction. */
  .macro noos_fault_handlers
  .weak HardFault_Handler
  .type HardFault_Handler, %function
#if NOOS_FAULT_CONFIGURABLE
  .weak MemManage_Handler
  .type MemManage_Handler, %function
  .weak BusFault_Handler
  .type BusFault_Handler, %function
  .weak UsageFault_Handler
  .type UsageFault_Handler, %function
  .thumb_func
MemManage_Handler:
  .thumb_func
BusFault_Handler:
  .thumb_func
UsageFault_Handler:
#endif
#if NOOS_FAULT_SECURE
  .weak SecureFault_Handler
  .type SecureFault_Handler, %function
  .thumb_func
SecureFault_Handler:
#endif
  .thumb_func
HardFault_Handler:
  /* The runtime's own name of the entry, whatever the program overrides:
   * the stack analysis' shipped notes (runtime/stack-notes.txt) bound it. */
  .type noos__fault_entry, %function
  .thumb_func
noos__fault_entry:
  .endm

/* Their sizes: put it after the entry's last instruction. */
  .macro noos_fault_handlers_end
  .size HardFault_Handler, . - HardFault_Handler
#if NOOS_FAULT_CONFIGURABLE
  .size MemManage_Handler, . - MemManage_Handler
  .size BusFault_Handler, . - BusFault_Handler
  .size UsageFault_Handler, . - UsageFault_Handler
#endif
#if NOOS_FAULT_SECURE
  .size SecureFault_Handler, . - SecureFault_Handler
#endif
  .endm

/* The marker noos-ld's -u names to pick an entry (see above). Every
 * program linked with the runtime extracts exactly one entry, so the
 * entry also carries the empty writable NOBITS section .noos.stack that
 * the layout's .stack collects: LLD gives an output section without input
 * sections the flags of the one before it (read-only code), and a stack
 * flagged A without W is counted as text by size tools. */
  .macro noos_fault_marker name
  .global \name
  .set \name, 0
  .pushsection .noos.stack, "aw", %nobits
  .popsection
  .endm

#endif
