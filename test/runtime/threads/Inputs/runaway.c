// A created thread that recurses until its stack overflows, while main
// waits for it: the report must come, whatever the core (no lockup), and
// name the thread wherever the hardware or a check catches the overflow
// before it overwrites the thread's control block.
//   recurse  never enters the kernel: caught by the MPU guard (v7-M),
//            PSPLIM (v8-M Main), or on v6-M only when the stack pointer
//            leaves RAM, after overwriting everything below the stack
//   yield    yields at every level: the yield's own check catches it on
//            cores without a hardware stack limit
#include <noos/thread.h>
#include <stdio.h>
#include <string.h>

#ifdef NO_MPU_GUARD
void noos_fault_init(void) {} /* the program owns the MPU: no guard */
#endif

/* Two functions, not a flag: the runaway overwrites the program's data
 * too. */
static int __attribute__((noinline)) recurse(int n) {
  volatile char buf[32];
  buf[0] = (char)n;
  return recurse(n + 1) + buf[0];
}

static int __attribute__((noinline)) recurse_yielding(int n) {
  volatile char buf[32];
  buf[0] = (char)n;
  noos_thread_yield();
  return recurse_yielding(n + 1) + buf[0];
}

static void deep(void *arg) {
#ifdef USE_HIGH_REGS
  __asm__ volatile("mov r8, %0\n\tmov r10, %0" : : "r"(0) : "r8", "r10");
#endif
  if (arg)
    recurse_yielding(0);
  else
    recurse(0);
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  int yield = !strcmp(argv[1], "yield");
  noos_thread_t *t = noos_thread_create(deep, (void *)yield, 512, 9, "deep");
  noos_thread_join(t);
  printf("%s: not caught\n", argv[1]);
  return 1;
}
