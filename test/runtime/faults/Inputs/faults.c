/*
 * Faults on purpose, for the fault report tests: "faults MODE [ADDRESS]".
 * The faulting instructions carry global labels (*_insn) so that the
 * tests can check the reported pc against the image's symbols (llvm-nm).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCB_ICSR (*(volatile uint32_t *)0xE000ED04)
#define SCB_CCR (*(volatile uint32_t *)0xE000ED14)
#define SCB_SHCSR (*(volatile uint32_t *)0xE000ED24)
#define NVIC_ISER0 (*(volatile uint32_t *)0xE000E100)
#define NVIC_ISPR0 (*(volatile uint32_t *)0xE000E200)

/* Each of these faults at its label, with sp as at the call. */
uint32_t load_from(uint32_t addr);
void store_to(uint32_t addr, uint32_t value);
void undefined(void);
void call_undefined(void); /* calls undefined: lr = after_call + 1 */
int divide(int a, int b);
void pendsv_undefined(void);
/* Prints sp (report_sp), then faults with it 4 bytes lower (realigned
 * frame) and, with an FPU, the floating-point context active. */
void undefined_with_sp(void);
/* A Thumb function whose address the test stores with bit 0 cleared at run
 * time. (Stored untyped, as `extern char arm_state_target[]` of a plain
 * label, noos-ld's stored-label check would refuse the link.) */
void arm_state_target(void);
volatile uintptr_t thumb_bit = 1;

__asm__(
    "  .syntax unified\n"
    "  .text\n"
    "  .thumb\n"
    "  .p2align 2\n"
    "  .global load_from, load_insn\n"
    "  .type load_from, %function\n"
    "  .thumb_func\n"
    "load_from:\n"
    "load_insn:\n"
    "  ldr r0, [r0]\n"
    "  bx lr\n"
    "  .global store_to, store_insn\n"
    "  .type store_to, %function\n"
    "  .thumb_func\n"
    "store_to:\n"
    "store_insn:\n"
    "  str r1, [r0]\n"
    "  bx lr\n"
    "  .global undefined, udf_insn\n"
    "  .type undefined, %function\n"
    "  .thumb_func\n"
    "undefined:\n"
    "  movs r0, #0x11\n"
    "  movs r1, #0x22\n"
    "  movs r2, #0x33\n"
    "  movs r3, #0x44\n"
    "  movs r4, #0x55\n"
    "  movs r7, #0x77\n"
    "  mov r8, r4\n"
    "  mov r11, r7\n"
    "udf_insn:\n"
    "  udf #0\n"
    "  .global call_undefined, after_call\n"
    "  .type call_undefined, %function\n"
    "  .thumb_func\n"
    "call_undefined:\n"
    "  push {r4, lr}\n"
    "  bl undefined\n"
    "after_call:\n"
    "  pop {r4, pc}\n"
    "  .global pendsv_undefined, pendsv_insn\n"
    "  .type pendsv_undefined, %function\n"
    "  .thumb_func\n"
    "pendsv_undefined:\n"
    "pendsv_insn:\n"
    "  udf #1\n"
    "  .global undefined_with_sp, udf_sp_insn\n"
    "  .type undefined_with_sp, %function\n"
    "  .thumb_func\n"
    "undefined_with_sp:\n"
    "  push {r4, lr}\n"
    "  sub sp, #8\n"
    "  mov r0, sp\n"
    "  subs r0, #4\n"
    "  bl report_sp\n"
#if defined(__ARM_FP)
    "  vmov s0, r0\n"
#endif
    "  sub sp, #4\n"
    "udf_sp_insn:\n"
    "  udf #2\n"
    "  .global arm_state_target\n"
    "  .type arm_state_target, %function\n"
    "arm_state_target:\n"
    "  bx lr\n"
#if defined(__ARM_FEATURE_IDIV)
    "  .global divide, div_insn\n"
    "  .type divide, %function\n"
    "  .thumb_func\n"
    "divide:\n"
    "div_insn:\n"
    "  sdiv r0, r0, r1\n"
    "  bx lr\n"
#endif
);

void report_sp(uint32_t sp) { printf("sp at the fault: %#010lx\n", (unsigned long)sp); }

void PendSV_Handler(void) { pendsv_undefined(); }

volatile int depth;

__attribute__((noinline)) static int recurse(int n) {
  volatile char frame[64];
  frame[0] = (char)n;
  depth = n;
  return recurse(n + 1) + frame[0];
}

/* The process stack for "psp". */
static uint64_t thread_stack[128];

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  uint32_t addr = argc > 2 ? (uint32_t)strtoul(argv[2], 0, 0) : 0;
  printf("mode: %s\n", mode);
  if (!strcmp(mode, "load")) {
    load_from(addr);
  } else if (!strcmp(mode, "store")) {
    store_to(addr, 0x5a5a5a5a);
  } else if (!strcmp(mode, "undefined")) {
    call_undefined();
  } else if (!strcmp(mode, "usagefault")) {
    SCB_SHCSR |= 1u << 18; /* USGFAULTENA: not escalated to HardFault */
    undefined();
  } else if (!strcmp(mode, "arm-state")) {
    void (*volatile f)(void) =
        (void (*)(void))((uintptr_t)arm_state_target & ~thumb_bit);
    f();
  } else if (!strcmp(mode, "divide")) {
#if defined(__ARM_FEATURE_IDIV)
    SCB_CCR |= 1u << 4; /* DIV_0_TRP */
    printf("%d\n", divide(7, (int)addr));
#endif
  } else if (!strcmp(mode, "stack")) {
    printf("%d\n", recurse(0));
  } else if (!strcmp(mode, "pendsv")) {
    SCB_ICSR = 1u << 28; /* PENDSVSET */
    __asm__ volatile("dsb\n\tisb");
  } else if (!strcmp(mode, "sp")) {
    undefined_with_sp();
  } else if (!strcmp(mode, "svc")) {
    /* No handler of the program's and no scheduler: the default one. */
    __asm__ volatile("svc #0");
  } else if (!strcmp(mode, "irq")) {
    NVIC_ISER0 = 1u << addr;
    NVIC_ISPR0 = 1u << addr;
    __asm__ volatile("dsb\n\tisb");
  } else if (!strcmp(mode, "psp")) {
    /* Thread mode on the process stack, then fault. */
    __asm__ volatile("msr psp, %0\n\t"
                     "movs r0, #2\n\t"
                     "msr control, r0\n\t"
                     "isb\n\t"
                     "bl undefined"
                     :
                     : "r"(thread_stack + 128)
                     : "r0", "r1", "r2", "r3", "r4", "r7", "r8", "r11",
                       "r12", "lr", "memory");
  }
  printf("no fault\n");
  return 0;
}
