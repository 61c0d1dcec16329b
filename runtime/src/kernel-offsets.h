/*
 * Offsets for a port's switch code written in assembly, which may pick the
 * next thread itself, without calling noos__switch, when the pick is all
 * the switch has to do (arm-m/switch.S on v6-M and v8-M Baseline): fields
 * of struct noos_thread (kernel.h) and of the head of the scheduler's
 * state, noos__sched (sched.c). 32-bit ports only; sched.c checks each
 * one (_Static_assert), so a change of either structure that moves them
 * fails to compile. No C in this file: assembly includes it.
 */
#ifndef NOOS_KERNEL_OFFSETS_H
#define NOOS_KERNEL_OFFSETS_H

/* A created thread's lowest stack word (sched.c): "noos". */
#define NOOS_CANARY 0x736f6f6e

/* struct noos_thread */
#define NOOS_T_SP 0     /* the saved context */
#define NOOS_T_NEXT 4   /* the ready ring's next */
#define NOOS_T_FLAGS 18 /* a byte: F_MAIN is bit NOOS_T_F_MAIN_BIT */
#define NOOS_T_F_MAIN_BIT 1

/* noos__sched */
#define NOOS_K_TOP 0        /* the highest non-empty ready ring's tail slot */
#define NOOS_K_CANARY_OFF 4 /* control block to its stack's canary */
#define NOOS_K_TP_OFF 8     /* control block to its thread pointer */
#define NOOS_K_SLICE_ON 12  /* a byte: a time slice runs */
#define NOOS_K_ENTERED 13   /* a byte: k_first_entry has run */
#define NOOS_K_MAIN_TP 16   /* the main thread's thread pointer, where the
                               port derives thread pointers (K_TP) */

#endif
