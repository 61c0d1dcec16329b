/*
 * The entry of noos-ld --fault-report=none: a fault ends the program with
 * status 128 + the exception number and prints nothing. noos-ld selects
 * this object with -u noos_fault_none (fault-entry.h).
 *
 * The main stack may have overflowed (MSP below RAM or at its limit), and
 * nothing of the faulting code is needed any more, so the handler first
 * moves MSP to the top of the main stack; noos_exit runs there. 20 bytes,
 * against noos_default_handler's few hundred (which prints, and pushes on
 * MSP wherever it points).
 *
 * Only Thumb-1 instructions (v6-M and v8-M Baseline run this too).
 */
#include "fault-entry.h"

  .syntax unified
  .thumb

  noos_fault_marker noos_fault_none

/* The terminate handler's demangler (fault-demangle.c) comes with the
 * entries that print on the target: this reference brings the archive
 * member in, from a section the linker drops; the code is kept only when
 * the terminate handler (C++), which calls it, is linked too. */
  .pushsection .rodata.noos__demangle_link, "a", %progbits
  .p2align 2
  .long noos__demangle
  .popsection

  /* Nothing here prints the interrupts' names: this empty writable
   * section (retained: nothing refers to it) makes the generated script's
   * ONLY_IF_RO name table disappear from the image. */
  .section .noos.no_irq_names, "awR", %nobits

  .section .text.HardFault_Handler, "ax", %progbits
  .p2align 2

  noos_fault_handlers
  /* Also what noos-ld makes noos_default_handler in this mode
   * (targets.json "default-handler"; --defsym), so exceptions and
   * interrupts nobody handles end the same way, unnamed: none means no
   * report at all, and the default handler's names and strings are much
   * of a small image. A name of its own, not a fault handler's: a
   * program's own HardFault_Handler does not catch them. */
  .global noos_fault_exit
  .type noos_fault_exit, %function
  .thumb_func
noos_fault_exit:
  ldr r0, =__stack
  mov sp, r0
  mrs r0, ipsr
  lsls r0, r0, #23           /* IPSR bits 0-8: the exception number */
  lsrs r0, r0, #23
  adds r0, #128
  bl noos_exit               /* does not return */
  b .
  noos_fault_handlers_end
  .size noos_fault_exit, . - noos_fault_exit
  .pool
