/*
 * The context switch (PendSV_Handler) and the kernel call entry
 * (SVC_Handler); the C halves are noos__switch and noos__svc (sched.c).
 * These are strong definitions of the handlers the vector table names:
 * linking the scheduler links this file (sched.c refers to its symbols),
 * and its handlers replace entry.S's weak fallbacks, so a switch or kernel
 * call pays no jump. Both exceptions run at the lowest priority, so they
 * are only ever entered from thread mode and never preempt each other.
 *
 * A switched-out thread's context, on its own stack below the exception
 * frame the core stacked (v7-M and v8-M Main; Thumb-1's below):
 *
 *   sp + 0    r4 r5 r6 r7 r8 r9 r10 r11
 *   sp + 32   EXC_RETURN: which stack (bit 2), whether the frame has FP
 *             state (bit 4), the security state; the restore reads it
 *             first, so C never handles it
 *   sp + 36   s16-s31 (16 words), only when EXC_RETURN bit 4 is clear:
 *             the thread had used the FPU, so the core made room for
 *             s0-s15 and FPSCR in the frame (lazy stacking); saving s16
 *             here also makes the core write those.
 *   then      the exception frame
 *
 * Created threads run on the process stack (PSP). The main thread runs on
 * the main stack (MSP) and keeps its context there: while another thread
 * runs, MSP points at the main thread's saved context and every handler
 * runs below it, so a switch to main finds its context at MSP (and reads
 * it above SP, where nothing else writes, before it releases it).
 *
 * v6-M and v8-M Baseline get Thumb-1 code: no STMDB, no high registers
 * in LDM/STM lists, no IT blocks. Their context keeps r8-r11 first, then
 * r4-r7 and EXC_RETURN (still at sp + 32), so that the restore is three
 * LDMs in order. And they pick the next thread here, in the common case,
 * rather than in noos__switch, which was more than half of their switch
 * (kernel-offsets.h says what the pick reads; noos__switch does the rest:
 * idling, the first switch, starting or stopping a time slice, reporting
 * an overflow).
 */
  .syntax unified
  .thumb

#include "kernel-offsets.h"

#if defined(__ARM_ARCH_6M__) || defined(__ARM_ARCH_8M_BASE__)
#define THUMB1 1
#else
#define THUMB1 0
#endif
#if defined(__ARM_FP) && !THUMB1
#define FP 1
#else
#define FP 0
#endif

  .section .text.noos__pendsv, "ax", %progbits
  .global noos__pendsv
  .type noos__pendsv, %function
  .global PendSV_Handler
  .type PendSV_Handler, %function
  .thumb_func
PendSV_Handler:
  .thumb_func
noos__pendsv:
#if THUMB1
  mov r1, lr
  lsls r0, r1, #29             /* EXC_RETURN bit 2 (process stack) into N */
  bmi 1f
  /* Main stack: push, so an interrupt arriving meanwhile stacks below. */
  push {r4-r7, lr}             /* r4-r7, EXC_RETURN */
  mov r4, r8
  mov r5, r9
  mov r6, r10
  mov r7, r11
  push {r4-r7}                 /* r8-r11 */
  mov r0, sp
  b 2f
1:
  /* Process stack: nothing else writes below PSP while a handler runs. */
  mrs r0, psp
  subs r0, #20
  stmia r0!, {r4-r7}
  str r1, [r0]                 /* EXC_RETURN */
  subs r0, #32
  mov r4, r8
  mov r5, r9
  mov r6, r10
  mov r7, r11
  stmia r0!, {r4-r7}
  subs r0, #16                 /* r0: the context */
2:
  /* The pick, as noos__switch makes it when that is all it has to do
   * (kernel-offsets.h): the running thread's stack checked (a created
   * thread's: its canary intact, its stack pointer above it), a thread
   * ready, the time slice already as the next thread's ring needs it
   * (running while another thread of its priority is ready), the first
   * switch done. Anything else, noos__switch (which checks again). r0
   * stays the context throughout. */
  ldr r3, =noos__current
  ldr r4, =noos__sched
  cpsid i
  ldr r2, [r3]                 /* the running thread */
  ldrb r5, [r2, #NOOS_T_FLAGS]
  lsls r5, r5, #(31 - NOOS_T_F_MAIN_BIT)
  bmi 3f                       /* the main thread: no canary */
  ldr r5, [r4, #NOOS_K_CANARY_OFF]
  adds r5, r2
  ldmia r5!, {r6}              /* the canary; r5: the stack's lowest word */
  cmp r0, r5
  blo 9f
  ldr r7, =NOOS_CANARY
  cmp r6, r7
  bne 9f
3:
  ldr r5, [r4, #NOOS_K_TOP]
  cmp r5, #0
  beq 9f                       /* nothing ready: idle */
#if !defined(__ARM_ARCH_6M__) /* v6-M: port.h's NOOS_ARMM_EXC_RETURN */
  ldrb r6, [r4, #NOOS_K_ENTERED]
  cmp r6, #0
  beq 9f                       /* the first switch (k_first_entry) */
#endif
  ldr r6, [r5]                 /* the ring's tail */
  ldr r5, [r6, #NOOS_T_NEXT]   /* the next thread: its head */
  ldrb r7, [r4, #NOOS_K_SLICE_ON]
  cmp r5, r6
  beq 8f                       /* alone in its ring */
  cmp r7, #0
  beq 9f                       /* a slice must start */
4:
  str r0, [r2, #NOOS_T_SP]
  /* The thread pointer (K_TP): the main thread's static TLS block, or
   * the one after a created thread's control block. */
  ldrb r6, [r5, #NOOS_T_FLAGS]
  lsls r6, r6, #(31 - NOOS_T_F_MAIN_BIT)
  ldr r6, [r4, #NOOS_K_MAIN_TP]
  bmi 5f
  ldr r6, [r4, #NOOS_K_TP_OFF]
  adds r6, r5
5:
  ldr r7, =__tls
  str r6, [r7]
  str r5, [r3]                 /* noos__current */
  cpsie i
  ldr r0, [r5, #NOOS_T_SP]
6:
  ldmia r0!, {r4-r7}           /* r8-r11 */
  mov r8, r4
  mov r9, r5
  mov r10, r6
  mov r11, r7
  ldmia r0!, {r4-r7}
  ldmia r0!, {r1}              /* EXC_RETURN; r0: the exception frame */
  lsls r2, r1, #29
  bpl 10f
  msr psp, r0
  bx r1                        /* EXC_RETURN: back to the thread */
8:
  cmp r7, #0
  beq 4b
9:
  bl noos__switch              /* r0: the next thread's context */
  cpsie i
  b 6b
10:
  mov sp, r0                   /* main: release its context */
  bx r1
  .ltorg
#else
  tst lr, #4
  bne 1f
#if FP
  tst lr, #0x10
  it eq
  vpusheq {s16-s31}
#endif
  push {r4-r11, lr}
  mov r0, sp
  b 2f
1:
  mrs r0, psp
#if FP
  tst lr, #0x10
  it eq
  vstmdbeq r0!, {s16-s31}
#endif
  stmdb r0!, {r4-r11, lr}
2:
  bl noos__switch
  ldmia r0!, {r4-r11, lr}
#if FP
  tst lr, #0x10
  it eq
  vldmiaeq r0!, {s16-s31}
#endif
  tst lr, #4
  ite eq
  moveq sp, r0                 /* main: release its context */
  msrne psp, r0
  bx lr
#endif
  .size noos__pendsv, . - noos__pendsv
  .size PendSV_Handler, . - PendSV_Handler

/*
 * SVC #0: a kernel call from a thread. r12 is the operation, r0-r3 its
 * arguments, r0 (in the frame) the result. noos__svc gets the frame and
 * EXC_RETURN; a call that blocks pends PendSV, which the core takes as
 * this handler returns (tail-chaining), with this frame still in place.
 */
  .section .text.noos__svcall, "ax", %progbits
  .global noos__svcall
  .type noos__svcall, %function
  .global SVC_Handler
  .type SVC_Handler, %function
  .thumb_func
SVC_Handler:
  .thumb_func
noos__svcall:
  mov r1, lr
  movs r0, #4
  tst r0, r1
  beq 1f
  mrs r0, psp
  b 2f
1:
  mrs r0, msp
2:
  push {r0, lr}
  bl noos__svc
  pop {r0, pc}
  .size noos__svcall, . - noos__svcall
  .size SVC_Handler, . - SVC_Handler
