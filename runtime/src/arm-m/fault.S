/*
 * The fault handlers' entry (the names: fault-entry.h). This is the full
 * report's (noos-ld --fault-report=full); fault-short.S assembles this
 * same entry for the short report, with another reporter. The record's
 * (the default, fault-record.S) saves the same state the same way, in a
 * buffer it writes the record from.
 *
 * The entry saves what the hardware did not (r4-r11), the EXC_RETURN
 * value, where the exception frame is and both stack pointers, then calls
 * the reporter (noos_fault_report, fault.c) with a pointer to that record,
 * laid out as struct noos_fault_state:
 *
 *   sp + 0   r4 r5 r6 r7 r8 r9 r10 r11
 *   sp + 32  EXC_RETURN
 *   sp + 36  the exception frame's address (MSP or PSP at entry, as
 *            EXC_RETURN bit 2 says)
 *   sp + 40  MSP at entry
 *   sp + 44  PSP at entry
 *
 * Nothing is stored before the stack is known to be usable: after a main
 * stack overflow MSP points below RAM (or at the stack limit), where a
 * single push would fault again and lock the core up. The record and the
 * reporter's frames go
 *   - just below the exception frame, when it lies in the main stack with
 *     NOOS_FAULT_STACK bytes to spare under it (the usual case: nothing
 *     the report reads is overwritten), else
 *   - at the top of the main stack (__stack): the program is ending, and
 *     an exception frame this far down the stack or outside it is not
 *     there.
 *
 * Only Thumb-1 instructions (v6-M and v8-M Baseline run this too).
 */
#include "fault-entry.h"

#ifndef NOOS_FAULT_REPORTER
#define NOOS_FAULT_REPORTER noos_fault_report
#define NOOS_FAULT_MARKER noos_fault_full
#endif

  .syntax unified
  .thumb

  noos_fault_marker NOOS_FAULT_MARKER
/* The terminate handler's demangler (fault-demangle.c) comes with the
 * entries that print on the target: this reference brings the archive
 * member in, from a section the linker drops; the code is kept only when
 * the terminate handler (C++), which calls it, is linked too. */
  .pushsection .rodata.noos__demangle_link, "a", %progbits
  .p2align 2
  .long noos__demangle
  .popsection

/* Bytes of main stack the record and the C reporter need, with room to
 * spare: 48 for the record, at most 96 for noos_fault_report's frame (the
 * short report's is smaller) and about 120 for the default (semihosting)
 * console under it. */
#define NOOS_FAULT_STACK 512

  .section .text.HardFault_Handler, "ax", %progbits
  .p2align 2

  noos_fault_handlers
  /* Call frame information, so that a debugger unwinds from here (or
   * from the reporter) into the exception frame and the faulting code:
   * the caller's SP (the CFA) is MSP at entry and its return address is
   * LR, EXC_RETURN, which gdb recognises as an M-profile exception
   * return. Both stay findable after SP moves: in r12, then in the
   * record (DWARF expressions on SP, 13; LR is 14). */
  .cfi_sections .debug_frame
  .cfi_startproc
  /* r0-r3 and r12 are in the exception frame (or lost with it): free. */
  mov r0, lr                 /* EXC_RETURN */
  mrs r2, msp
  mrs r3, psp
  movs r1, #4                /* EXC_RETURN bit 2: frame on PSP */
  tst r0, r1
  beq 1f
  mov r1, r3
  b 2f
1:
  mov r1, r2
2:
  /* r0 EXC_RETURN, r1 frame, r2 MSP, r3 PSP. Park the MSP value in r12
   * and pick the new stack with r2 and r3. */
  mov r12, r2
  .cfi_def_cfa r12, 0
  ldr r2, =__stack_limit + NOOS_FAULT_STACK
  cmp r1, r2
  blo 3f                     /* frame too low (or below RAM) */
  ldr r2, =__stack
  cmp r1, r2
  bhi 3f                     /* frame not in the main stack */
  movs r2, #7
  mov r3, r1
  bics r3, r2                /* just below the frame, 8-byte aligned */
  b 4f
3:
  ldr r3, =__stack
4:
  mov sp, r3
  mov r2, r12
  mrs r3, psp
  push {r0-r3}               /* EXC_RETURN, frame, MSP, PSP */
  .cfi_escape 0x0f, 3, 0x7d, 8, 0x06      /* CFA = [sp + 8] (MSP) */
  .cfi_escape 0x10, 14, 2, 0x7d, 0        /* lr at sp + 0 */
  mov r0, r8
  mov r1, r9
  mov r2, r10
  mov r3, r11
  push {r0-r3}               /* r8-r11 */
  .cfi_escape 0x0f, 3, 0x7d, 24, 0x06     /* CFA = [sp + 24] */
  .cfi_escape 0x10, 14, 2, 0x7d, 16       /* lr at sp + 16 */
  .cfi_escape 0x10, 8, 2, 0x7d, 0         /* r8-r11 at sp + 0..12 */
  .cfi_escape 0x10, 9, 2, 0x7d, 4
  .cfi_escape 0x10, 10, 2, 0x7d, 8
  .cfi_escape 0x10, 11, 2, 0x7d, 12
  push {r4-r7}
  .cfi_escape 0x0f, 3, 0x7d, 40, 0x06     /* CFA = [sp + 40] */
  .cfi_escape 0x10, 14, 2, 0x7d, 32       /* lr at sp + 32 */
  .cfi_escape 0x10, 8, 2, 0x7d, 16        /* r8-r11 at sp + 16..28 */
  .cfi_escape 0x10, 9, 2, 0x7d, 20
  .cfi_escape 0x10, 10, 2, 0x7d, 24
  .cfi_escape 0x10, 11, 2, 0x7d, 28
  .cfi_escape 0x10, 4, 2, 0x7d, 0         /* r4-r7 at sp + 0..12 */
  .cfi_escape 0x10, 5, 2, 0x7d, 4
  .cfi_escape 0x10, 6, 2, 0x7d, 8
  .cfi_escape 0x10, 7, 2, 0x7d, 12
  mov r0, sp
  /* For a debugger, the reporter's return address, 4 bytes above its
   * CFA (SP at its entry): being noreturn it saves no LR, and its frame
   * information says where this is (NOOS_FAULT_RETURN_CFI, fault.h). */
  sub sp, #8
  .cfi_escape 0x0f, 3, 0x7d, 48, 0x06     /* CFA = [sp + 48] */
  .cfi_escape 0x10, 14, 2, 0x7d, 40       /* lr at sp + 40 */
  .cfi_escape 0x10, 8, 2, 0x7d, 24        /* r8-r11 at sp + 24..36 */
  .cfi_escape 0x10, 9, 2, 0x7d, 28
  .cfi_escape 0x10, 10, 2, 0x7d, 32
  .cfi_escape 0x10, 11, 2, 0x7d, 36
  .cfi_escape 0x10, 4, 2, 0x7d, 8         /* r4-r7 at sp + 8..20 */
  .cfi_escape 0x10, 5, 2, 0x7d, 12
  .cfi_escape 0x10, 6, 2, 0x7d, 16
  .cfi_escape 0x10, 7, 2, 0x7d, 20
  ldr r1, =5f + 1            /* Thumb */
  str r1, [sp, #4]
  bl NOOS_FAULT_REPORTER     /* does not return */
5:
  b .
  .cfi_endproc
  noos_fault_handlers_end
  .pool
