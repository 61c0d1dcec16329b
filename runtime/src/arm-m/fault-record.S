/*
 * noos-ld --fault-report=record (the default): the fault entry and the
 * compact record's writer, in one piece of assembly, for its size (every
 * Cortex-M program links it). noos-ld selects this object with
 * -u noos_fault_record (fault-entry.h). The record is one line of raw
 * words, which the host decodes into the full report with the image's
 * symbols (noos-run as it runs the program; noos-run --decode-fault IMAGE
 * for a log captured off a UART):
 *
 *   noos-fault/2 armv7-m 00000003 ... fffffff9 ... 1a2b3c4d
 *
 * Version 2 is a dump, not a summary: the words are copied from where
 * they lie into one buffer, in the record's order, and printed by one
 * loop; every conclusion (which stack, whether the frame is usable, what
 * the fault was) is the host's. The architecture tag names the profile,
 * which fixes the words (lib/Fault/FaultRecord.cpp, liftArmMV2):
 *
 *   the exception number (IPSR)
 *   r4-r11, EXC_RETURN, the exception frame's address, MSP and PSP at
 *     entry (the state the full report's entry saves, struct
 *     noos_fault_state of fault.h)
 *   v7-M, v8-M Main: CFSR, HFSR, DFSR, MMFAR, BFAR
 *   v8-M Main: SFSR, SFAR, MSPLIM, PSPLIM, FPCCR (0 without an FPU)
 *   __stack_limit, __stack, noos__fault_guard_size, __ram2_start,
 *     __ram2_end
 *   1 if the frame was read, else 0; the frame's 8 words (r0-r3, r12, lr,
 *     pc, xPSR; 0 when not read)
 *   the running created thread (struct noos_fault_thread of fault.h,
 *     from the scheduler's noos__fault_thread; 0 without it)
 *   the sum of the words before it, so a damaged line is refused rather
 *     than misread.
 *
 * It reads only memory it can: the frame only where the stack held it
 * (v7-M, v8-M Main: unless stacking failed, MSTKERR or STKERR, or the
 * frame is on the main stack below its bottom; v6-M, v8-M Baseline,
 * which have no status registers: when it lies in RAM, [__stack_limit,
 * __heap_end) or [__ram2_start, __ram2_end)); the host reads the
 * instruction at pc from the image. It keeps nothing in RAM (the sum is
 * a register: a main stack overflow may have run over .bss) and ends the
 * program with status 128 + the exception number.
 *
 * It is the default handler too (noos_fault_record_unhandled): an
 * exception or interrupt nobody handles prints a record like a fault, and
 * the host, which tells them apart by IPSR, prints the default handler's
 * message, naming the handler to define from the image's non-allocated
 * copy of the interrupt names. So neither handlers.c nor the names are in
 * the image: this empty writable section (retained: nothing refers to it)
 * makes the generated script's ONLY_IF_RO name table disappear from it.
 *
 * noos_default_handler (what the generated vector table's unhandled
 * entries and entry.S's fallbacks name) is a weak alias of it here, not a
 * noos-ld --defsym as for none: this object is extracted first (-u), so
 * the name is defined before anything asks for it and handlers.c's is
 * never extracted; and a program with its own vector table and linker
 * script, which names no default handler, keeps none of this (a --defsym
 * would keep it, and need the layout's symbols, for nothing).
 *
 * Thumb-1 instructions, for v6-M and v8-M Baseline, but for one push of
 * r4-r11 where Thumb-2 has it.
 */
#include "fault-entry.h"

#if defined(__ARM_ARCH_8M_BASE__) || NOOS_FAULT_SECURE
#define V8M 1 /* the additional state context */
#else
#define V8M 0
#endif

#if NOOS_FAULT_SECURE
#define HEADER "\nnoos-fault/2 armv8-m.main"
#define HEADER_LEN 26
#elif V8M
#define HEADER "\nnoos-fault/2 armv8-m.base"
#define HEADER_LEN 26
#elif NOOS_FAULT_CONFIGURABLE
#define HEADER "\nnoos-fault/2 armv7-m"
#define HEADER_LEN 21
#else
#define HEADER "\nnoos-fault/2 armv6-m"
#define HEADER_LEN 21
#endif

/* The buffer, from SP once the entry has pushed everything:
 *   sp + 0      the text of one word: a space and 8 hex digits
 *   sp + 12     the exception number, the record's first word
 *   sp + 16     the state (r4-r11, EXC_RETURN, frame, MSP, PSP)
 *   sp + 64     the status registers (STATUS words), the layout (5),
 *               whether the frame was read, the frame (8)
 *   THREAD      the thread's 6 words
 *   SUM         the sum
 * UPPER is the part above the state, which the entry reserves before it
 * pushes the state (a multiple of 8, as SP must be at a call). */
#define STATE 16
#define EXC_RETURN_AT (STATE + 32)
#define FRAME_AT (STATE + 36)
#if NOOS_FAULT_SECURE
#define STATUS 10 /* CFSR HFSR DFSR MMFAR BFAR, SFSR SFAR MSPLIM PSPLIM FPCCR */
#elif NOOS_FAULT_CONFIGURABLE
#define STATUS 5
#else
#define STATUS 0
#endif
#define THREAD (64 + 4 * (STATUS + 5 + 1 + 8))
#define SUM (THREAD + 24)
#define UPPER ((SUM + 4 - 64 + 7) / 8 * 8)

/* Bytes of main stack the record and its calls need, with room to spare:
 * at most 192 for the buffer above, about 120 for the default
 * (semihosting) console under it. runtime/stack-notes.txt gives the stack
 * analysis this figure for the entry. */
#define NOOS_FAULT_STACK 512

/* Call frame information for the state S bytes above SP (sp + S + 40 holds
 * MSP at entry, the caller's SP: the CFA; LR's value, EXC_RETURN, which gdb
 * recognises as an M-profile exception return, is at sp + S + 32), with
 * r8-r11 (HI) and r4-r7 (LO) saved there or not yet. DWARF expressions on
 * SP (13): DW_CFA_def_cfa_expression [DW_OP_breg13 N, DW_OP_deref] and
 * DW_CFA_expression R [DW_OP_breg13 N] (four_saved_cfi: R to R+3 at N to
 * N+12). */
  .macro four_saved_cfi r, at
  .cfi_escape 0x10, \r, 2, 0x7d, \at
  .cfi_escape 0x10, \r + 1, 2, 0x7d, \at + 4
  .cfi_escape 0x10, \r + 2, 2, 0x7d, \at + 8
  .cfi_escape 0x10, \r + 3, 2, 0x7d, \at + 12
  .endm
  .macro state_cfi s, hi, lo
  .cfi_escape 0x0f, 3, 0x7d, \s + 40, 0x06
  .cfi_escape 0x10, 14, 2, 0x7d, \s + 32
  .if \hi
  four_saved_cfi 8, \s + 16
  .endif
  .if \lo
  four_saved_cfi 4, \s
  .endif
  .endm

  .syntax unified
  .thumb

  noos_fault_marker noos_fault_record
  .weak noos__fault_thread

  .section .noos.no_irq_names, "awR", %nobits

  .section .text.HardFault_Handler, "ax", %progbits
  .p2align 2

  /* Also noos_default_handler (a weak alias, below), so that exceptions
   * and interrupts nobody handles take the same way (the host tells them
   * by IPSR). A name of its own, not a fault handler's: a program's own
   * HardFault_Handler does not catch them. One instruction before the
   * handlers, so that it has an address of its own and a debugger names
   * the fault's entry by the handler's name, not by this global one. */
  .global noos_fault_record_unhandled
  .type noos_fault_record_unhandled, %function
  .thumb_func
noos_fault_record_unhandled:
  nop
  noos_fault_handlers
  /* Call frame information, so that a debugger unwinds from here (or from
   * the writer) into the exception frame and the faulting code: the
   * caller's SP (the CFA) is MSP at entry and its return address is LR,
   * EXC_RETURN. Both stay findable after SP moves: in r2, then in the
   * saved state. */
  .cfi_sections .debug_frame
  .cfi_startproc
  /* Nothing is stored before the stack is known to be usable: after a
   * main stack overflow MSP points below RAM (or at the stack limit),
   * where a single push would fault again and lock the core up. The
   * buffer goes
   *   - just below the exception frame, when it lies in the main stack
   *     with NOOS_FAULT_STACK bytes to spare under it (the usual case:
   *     nothing the record reads is overwritten), else
   *   - at the top of the main stack (__stack): the program is ending,
   *     and an exception frame this far down the stack or outside it is
   *     not there.
   * r0-r3 and r12 are in the exception frame (or lost with it): free. */
  mov r0, lr                 /* EXC_RETURN */
  mrs r2, msp
  .cfi_def_cfa r2, 0
  mov r1, r2                 /* the frame: on MSP, */
  lsls r3, r0, #29           /* or, EXC_RETURN bit 2 (N) set, */
  bpl 1f
  mrs r1, psp                /* on PSP */
1:
  ldr r3, =__stack_limit + NOOS_FAULT_STACK
  cmp r1, r3
  ldr r3, .Lstack            /* __stack (flags kept) */
  blo 2f                     /* frame too low (or below RAM) */
  cmp r1, r3
  bhi 2f                     /* frame not in the main stack */
  lsrs r3, r1, #3            /* just below the frame, 8-byte aligned */
  lsls r3, r3, #3
2:
  subs r3, #UPPER
  mov sp, r3
  mrs r3, psp
  push {r0-r3}               /* EXC_RETURN, frame, MSP, PSP */
  state_cfi -32, 0, 0
#if NOOS_FAULT_CONFIGURABLE
  push {r4-r11}
  state_cfi 0, 1, 1
#else
  mov r0, r8
  mov r1, r9
  mov r2, r10
  mov r3, r11
  push {r0-r3}               /* r8-r11 */
  state_cfi -16, 1, 0
  push {r4-r7}
  state_cfi 0, 1, 1
#endif
  movs r4, #' '              /* the text's first character */
  mrs r7, ipsr               /* IPSR: bits 0-8, the rest reads as 0 */
  push {r4-r7}               /* the text (12 bytes), the exception number */
  state_cfi STATE, 1, 1
  noos_fault_handlers_end
  .size noos_fault_record_unhandled, . - noos_fault_record_unhandled

  /* The writer: SP stays where the entry left it (this code never
   * returns), r4-r7 keep what the calls must not change. A symbol of its
   * own, for a debugger's backtrace; the entry falls into it. */
  .global noos_fault_print_record
  .type noos_fault_print_record, %function
  .thumb_func
noos_fault_print_record:
  add r5, sp, #64            /* r5: where the next words go */
#if NOOS_FAULT_CONFIGURABLE
  /* v7-M, v8-M Main: r0 and r1 still hold EXC_RETURN and the frame's
   * address, r1 until the frame is copied. */
  ldr r2, =0xE000ED28        /* CFSR, HFSR, DFSR, MMFAR, BFAR */
  ldm r2, {r2-r4, r6, r7}
  stmia r5!, {r2-r4, r6, r7}
  /* r7: the frame is there, unless stacking failed or it is below the
   * main stack (an overflow into the guard or out of RAM). */
  movs r7, #0
  lsls r3, r2, #27           /* CFSR.MSTKERR */
  bmi 4f
  lsls r3, r2, #19           /* CFSR.STKERR */
  bmi 4f
  lsls r3, r0, #30           /* C: EXC_RETURN bit 2, on PSP */
  bcs 3f
  ldr r3, .Llayout           /* C: not below __stack_limit */
  cmp r1, r3
3:
  adcs r7, r7                /* r7 = C */
4:
#else
  ldr r1, [sp, #FRAME_AT]    /* r1: the frame's address */
#if V8M
  ldr r0, [sp, #EXC_RETURN_AT]
#endif
#endif
#if V8M
  lsls r2, r0, #26           /* EXC_RETURN bit 5 (DCRS) clear: */
  bmi 5f
  adds r1, #40               /* the additional state context first */
5:
#endif
#if NOOS_FAULT_SECURE
  ldr r0, =0xE000EDE4        /* SFSR, SFAR */
  ldm r0, {r0, r2}
  mrs r3, msplim
  mrs r4, psplim
#if defined(__ARM_FP)
  ldr r6, =0xE000EF34        /* FPCCR */
  ldr r6, [r6]
#else
  movs r6, #0
#endif
  stmia r5!, {r0, r2-r4, r6}
#endif
  adr r0, .Llayout
  ldm r0, {r0, r2-r4, r6}
  ldr r3, [r3]               /* noos__fault_guard_size */
#if NOOS_FAULT_CONFIGURABLE
  stmia r5!, {r0, r2-r4, r6, r7}
#else
  stmia r5!, {r0, r2-r4, r6}
  /* r7: the frame lies in [__stack_limit, __heap_end) or in
   * [__ram2_start, __ram2_end) (r0, r4, r6). */
  ldr r2, =__heap_end
  movs r7, #1
  cmp r1, r0
  blo 6f
  subs r2, r2, r1            /* below its end, and 32 bytes to it */
  blo 6f
  cmp r2, #32
  bhs 7f
6:
  cmp r1, r4
  blo 8f
  subs r6, r6, r1
  blo 8f
  cmp r6, #32
  bhs 7f
8:
  movs r7, #0
7:
  stmia r5!, {r7}
#endif
  /* The frame's and the thread's words: 0, then the frame when it is
   * there, then what the scheduler knows when it is linked. */
  movs r2, #0
  movs r3, #14 * 4
9:
  subs r3, #4
  str r2, [r5, r3]
  bne 9b
  cmp r7, #0
  beq 10f
  ldmia r1!, {r0, r2-r4}
  stmia r5!, {r0, r2-r4}
  ldmia r1!, {r0, r2-r4}
  stmia r5!, {r0, r2-r4}
10:
  add r0, sp, #STATE
  add r1, sp, #THREAD
  /* noos__fault_thread(state, thread) (kport.c), a weak reference: in a
   * program without the scheduler the linker turns the call into a branch
   * to the next instruction (the ELF for the Arm Architecture's rule for
   * an undefined weak symbol, which LLD follows). */
  bl noos__fault_thread
  /* The line: the header, then each word as " " and 8 hex digits, the
   * sum added up as they go (its own word holds the sum so far, so that
   * it is right when its turn comes), then the newline. The header goes
   * out through the words' call. */
  add r4, sp, #STATE - 4     /* r4: the next word */
  add r7, sp, #SUM           /* r7: the last */
  movs r6, #0                /* r6: the sum */
  adr r0, .Lheader
  movs r1, #HEADER_LEN
  b 14f
11:
  ldmia r4!, {r0}
  adds r6, r6, r0
  str r6, [r7]
  mov r1, sp
  movs r2, #8                /* the digits, from the last */
12:
  movs r3, #15
  ands r3, r0
  adds r3, #'0'
  cmp r3, #'9'
  bls 13f
  adds r3, #'a' - '9' - 1
13:
  strb r3, [r1, r2]
  lsrs r0, r0, #4
  subs r2, #1
  bne 12b
  mov r0, sp
  movs r1, #9
14:
  bl noos_console_write
  cmp r4, r7
  bls 11b
  adr r0, .Lheader           /* its first character */
  movs r1, #1
  bl noos_console_write
  ldr r0, [sp, #STATE - 4]
  adds r0, #128
  bl noos_exit               /* does not return */
  .cfi_endproc
  .size noos_fault_print_record, . - noos_fault_print_record

  .p2align 2
.Llayout:
  .long __stack_limit
.Lstack:
  .long __stack, noos__fault_guard_size, __ram2_start, __ram2_end
  .pool
.Lheader:                    /* last: no padding after it */
  .ascii HEADER
  .if . - .Lheader != HEADER_LEN
  .error "HEADER_LEN is not the header's length"
  .endif

  .weak noos_default_handler
  .type noos_default_handler, %function
  .set noos_default_handler, noos_fault_record_unhandled
