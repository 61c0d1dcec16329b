/*
 * The context switch (noos__pendsv) and the kernel call entry
 * (noos__svcall), which PendSV_Handler and SVC_Handler (entry.S) jump
 * to; the C halves are noos__switch and noos__svc (sched.c).
 * Both exceptions run at the lowest priority, so they are only ever
 * entered from thread mode and never preempt each other.
 *
 * A switched-out thread's context, on its own stack below the exception
 * frame the core stacked (EXC_RETURN, which noos__switch keeps in the
 * thread's flags, tells which stack):
 *
 *   sp + 0    r4 r5 r6 r7 r8 r9 r10 r11
 *   sp + 32   s16-s31 (16 words), only when EXC_RETURN bit 4 is clear:
 *             the thread had used the FPU, so the core made room for
 *             s0-s15 and FPSCR in the frame (lazy stacking); saving s16
 *             here also makes the core write those.
 *   then      the exception frame
 *
 * Created threads run on the process stack (PSP). The main thread runs on
 * the main stack (MSP) and keeps its context there: while another thread
 * runs, MSP points at the main thread's saved context and every handler
 * runs below it, so a switch to main finds its context at MSP.
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
  push {r0-r3}
  push {r4-r7}
  mov r0, sp
  b 2f
1:
  /* Process stack: nothing else writes below PSP while a handler runs. */
  mrs r0, psp
  subs r0, #32
  stmia r0!, {r4-r7}
  mov r4, r8
  mov r5, r9
  mov r6, r10
  mov r7, r11
  stmia r0!, {r4-r7}
  subs r0, #32
2:
  mov r1, lr                   /* EXC_RETURN, noos__switch's second argument */
  bl noos__switch              /* r0: the next thread's sp, r1 its EXC_RETURN */
  movs r2, #4
  tst r1, r2
  bne 3f
  mov sp, r0                   /* main: MSP already points here */
  pop {r4-r7}
  mov r12, r1
  pop {r0-r3}
  mov r8, r0
  mov r9, r1
  mov r10, r2
  mov r11, r3
  bx r12                       /* EXC_RETURN: back to the thread */
3:
  mov r12, r1
  adds r0, #16
  ldmia r0!, {r4-r7}
  mov r8, r4
  mov r9, r5
  mov r10, r6
  mov r11, r7
  msr psp, r0                  /* the exception frame */
  subs r0, #32
  ldmia r0!, {r4-r7}
  bx r12
#else
  mov r1, lr
  tst lr, #4
  bne 1f
#if FP
  tst lr, #0x10
  it eq
  vpusheq {s16-s31}
#endif
  push {r4-r11}
  mov r0, sp
  b 2f
1:
  mrs r0, psp
#if FP
  tst lr, #0x10
  it eq
  vstmdbeq r0!, {s16-s31}
#endif
  stmdb r0!, {r4-r11}
2:
  bl noos__switch
  mov lr, r1
  tst lr, #4
  bne 3f
  mov sp, r0
  pop {r4-r11}
#if FP
  tst lr, #0x10
  it eq
  vpopeq {s16-s31}
#endif
  bx lr
3:
  ldmia r0!, {r4-r11}
#if FP
  tst lr, #0x10
  it eq
  vldmiaeq r0!, {s16-s31}
#endif
  msr psp, r0
  bx lr
#endif
  .size noos__pendsv, . - noos__pendsv

/*
 * SVC #0: a kernel call from a thread. r12 is the operation, r0-r3 its
 * arguments, r0 (in the frame) the result. noos__svc gets the frame and
 * EXC_RETURN; a call that blocks pends PendSV, which the core takes as
 * this handler returns (tail-chaining), with this frame still in place.
 */
  .section .text.noos__svcall, "ax", %progbits
  .global noos__svcall
  .type noos__svcall, %function
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
