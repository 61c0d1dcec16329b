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
 * frame the core stacked:
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
 * in LDM/STM lists, no IT blocks.
 */
  .syntax unified
  .thumb

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
  mov r0, lr
  movs r1, #4
  tst r0, r1
  bne 1f
  /* Main stack: push, so an interrupt arriving meanwhile stacks below. */
  mov r0, r8
  mov r1, r9
  mov r2, r10
  mov r3, r11
  push {r0-r3, lr}             /* r8-r11, EXC_RETURN */
  push {r4-r7}
  mov r0, sp
  b 2f
1:
  /* Process stack: nothing else writes below PSP while a handler runs. */
  mrs r0, psp
  subs r0, #36
  stmia r0!, {r4-r7}
  mov r4, r8
  mov r5, r9
  mov r6, r10
  mov r7, r11
  stmia r0!, {r4-r7}
  mov r1, lr
  str r1, [r0]
  subs r0, #32
2:
  bl noos__switch              /* r0: the next thread's context */
  ldr r1, [r0, #32]            /* its EXC_RETURN */
  adds r0, #16
  ldmia r0!, {r4-r7}
  mov r8, r4
  mov r9, r5
  mov r10, r6
  mov r11, r7
  subs r0, #32
  ldmia r0!, {r4-r7}
  adds r0, #20                 /* past r8-r11 and EXC_RETURN: the frame */
  movs r2, #4
  tst r1, r2
  bne 3f
  mov sp, r0                   /* main: release its context */
  bx r1
3:
  msr psp, r0
  bx r1                        /* EXC_RETURN: back to the thread */
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
