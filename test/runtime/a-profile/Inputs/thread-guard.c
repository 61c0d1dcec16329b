// A created thread's guard page (unmapped while it runs,
// runtime/src/armv7a/mmu.c), one case per argument:
//   (none)  the thread recurses without end: the fault is in its code;
//           2 MiB are allocated first, so that its block is in a MiB
//           that the MMU map splits into pages when the thread is created
//   fp      the same, the recursion using FP/NEON registers (kept in the
//           control block, not on the stack), nothing allocated first:
//           the block is in the image's MiB, in pages since reset
//   entry   the thread leaves 8 bytes of stack and sends itself SGI 1
//           (-DGICD_SGIR=<address>): the IRQ entry faults saving its
//           registers
// The report names the thread.
#include <noos/noos.h>
#include <noos/thread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile double scale = 1.5;

static int __attribute__((noinline)) deep(volatile int n) {
  volatile char buf[64];
  buf[0] = (char)n;
  return deep(n + 1) + buf[0];
}

static double __attribute__((noinline)) deep_fp(volatile double x) {
  volatile double buf[8];
  buf[0] = x * scale;
  return deep_fp(buf[0]) + buf[0];
}

static void recurser(void *arg) {
  if (arg)
    deep_fp(1.0);
  else
    deep(0);
}

#if defined(GICD_SGIR)
void SGI1_IRQHandler(void) {}

/* The stack (2 KiB) is in the page above the guard: sp goes to 8 bytes
 * above the guard, then the SGI is taken at once. */
static void edge(void *arg) {
  (void)arg;
  noos_irq_enable(1);
  __asm__ volatile("mov r0, sp\n\t"
                   "bfc r0, #0, #12\n\t"
                   "add sp, r0, #8\n\t"
                   "dsb\n\t"
                   "str %0, [%1]\n\t"
                   "dsb\n\t"
                   "isb\n\t"
                   "1: b 1b"
                   :
                   : "r"(2u << 24 | 1u), "r"(GICD_SGIR)
                   : "r0", "memory");
}
#endif

int main(int argc, char **argv) {
  int fp = argc > 1 && !strcmp(argv[1], "fp");
  static void *volatile away;
  if (argc == 1)
    away = malloc(2u << 20);
#if defined(GICD_SGIR)
  if (argc > 1 && !strcmp(argv[1], "entry")) {
    noos_thread_join(noos_thread_create(edge, 0, 2048, 9, "edge"));
    printf("entry: not caught\n");
    return 0;
  }
#endif
  noos_thread_t *t =
      noos_thread_create(recurser, fp ? (void *)1 : 0, 2048, 9, "deep");
  noos_thread_join(t);
  printf("recurse: not caught\n");
  return 0;
}
