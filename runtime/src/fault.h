/*
 * What the fault code shares: fault.c (the full report), fault-short.c
 * (the short one, noos-ld --fault-report=short) and fault-init.c (the
 * main stack's overflow detection, whichever report is linked).
 */
#ifndef NOOS_FAULT_H
#define NOOS_FAULT_H

/* For a debugger, at the start of a reporter: its return address is 4
 * bytes above its CFA, where the fault entry (fault.S) put it. Being
 * noreturn, a reporter saves no LR, and without this an unwinder takes
 * LR's later values for it and repeats the reporter's frame forever. (The
 * runtime is built with -g: every function has frame information for the
 * directive to join.) */
#define NOOS_FAULT_RETURN_CFI() __asm__(".cfi_offset lr, 4")

#include "internal.h"

#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__) || \
    defined(__ARM_ARCH_8M_MAIN__) || defined(__ARM_ARCH_8_1M_MAIN__)
#define HAVE_CFSR 1 /* configurable faults and their status registers */
#else
#define HAVE_CFSR 0 /* v6-M, v8-M Baseline: HardFault only */
#endif
#if defined(__ARM_ARCH_8M_MAIN__) || defined(__ARM_ARCH_8_1M_MAIN__)
#define V8M_MAIN 1
#else
#define V8M_MAIN 0
#endif
#if defined(__ARM_ARCH_8M_BASE__) || V8M_MAIN
#define V8M 1
#else
#define V8M 0
#endif

#define REG(a) (*(volatile uint32_t *)(a))
#define SCB_CFSR REG(0xE000ED28)
#define SCB_HFSR REG(0xE000ED2C)
#define SCB_MMFAR REG(0xE000ED34)
#define SCB_BFAR REG(0xE000ED38)
#define SCB_SFSR REG(0xE000EDE4) /* Security Extension; RAZ elsewhere */
#define SCB_SFAR REG(0xE000EDE8)
#define FPCCR REG(0xE000EF34)
#define MPU_TYPE REG(0xE000ED90)
#define MPU_CTRL REG(0xE000ED94)
#define MPU_RNR REG(0xE000ED98)
#define MPU_RBAR REG(0xE000ED9C)
#define MPU_RASR REG(0xE000EDA0)

/* CFSR: MMFSR (bits 0-7), BFSR (8-15), UFSR (16-31). */
enum {
  IACCVIOL = 1u << 0, DACCVIOL = 1u << 1, MUNSTKERR = 1u << 3,
  MSTKERR = 1u << 4, MLSPERR = 1u << 5, MMARVALID = 1u << 7,
  IBUSERR = 1u << 8, PRECISERR = 1u << 9, IMPRECISERR = 1u << 10,
  UNSTKERR = 1u << 11, STKERR = 1u << 12, LSPERR = 1u << 13,
  BFARVALID = 1u << 15,
  UNDEFINSTR = 1u << 16, INVSTATE = 1u << 17, INVPC = 1u << 18,
  NOCP = 1u << 19, STKOF = 1u << 20, UNALIGNED = 1u << 24,
  DIVBYZERO = 1u << 25,
};
enum { VECTTBL = 1u << 1, FORCED = 1u << 30, DEBUGEVT = 1u << 31 };

/* What the entry saved, in the order it pushed it (arm-m/fault.S). */
struct noos_fault_state {
  uint32_t r4_r11[8];
  uint32_t exc_return;
  uint32_t frame; /* the exception frame: stacked r0-r3, r12, lr, pc, xpsr */
  uint32_t msp;   /* at entry */
  uint32_t psp;
};

extern char __stack_limit[], __stack[], __heap_end[];
extern char __ram2_start[], __ram2_end[];
extern char __vectors_start[] __attribute__((weak));
extern char __text_end[] __attribute__((weak));

/* [a, a + size) lies within [lo, hi). */
static inline int fault_in(uint32_t a, uint32_t size, const char *lo,
                           const char *hi) {
  return a >= (uint32_t)(uintptr_t)lo && a < (uint32_t)(uintptr_t)hi &&
         (uint32_t)(uintptr_t)hi - a >= size;
}

/* Memory a report may read without faulting again: RAM and the code. */
static inline int fault_readable(uint32_t a, uint32_t size) {
  return fault_in(a, size, __stack_limit, __heap_end) ||
         fault_in(a, size, __ram2_start, __ram2_end) ||
         fault_in(a, size, __vectors_start, __text_end);
}

/* What the scheduler (sched.c), when it is linked, tells the full report
 * about the running created thread (noos__fault_thread). Its texts live
 * there, so a program without threads does not carry them. */
struct noos_fault_thread {
  const char *name;  /* NULL: main, idle, or not known */
  const char *note;  /* after the quoted name, or the line when no name */
  /* An overflow the checks see (the canary, the stack pointer out of RAM)
   * when the hardware saw none: the header's text and the end of the
   * "stack: from" line; NULL when they see none. */
  const char *overflow, *stack_note;
  uint32_t stack_lo, guard; /* the stack's bottom, the MPU guard's size */
};

/* The size of the MPU guard below the main stack noos_fault_init set up
 * (0: none); a fault address in it means the stack overflowed. */
extern uint32_t noos__fault_guard_size;

#endif
