// AArch64 thread reports, one case per argument:
//   recurse    a created thread recurses without end: its guard page
//              (unmapped while it runs) faults in its own code
//   unhandled  an SGI with no IRQ<n>_Handler is reported
#include <noos/noos.h>
#include <noos/thread.h>
#include <stdio.h>
#include <string.h>

static int __attribute__((noinline)) deep(volatile int n) {
  volatile char buf[64];
  buf[0] = (char)n;
  return deep(n + 1) + buf[0];
}

static void recurser(void *arg) {
  (void)arg;
  deep(0);
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  if (!strcmp(argv[1], "recurse")) {
    noos_thread_t *t = noos_thread_create(recurser, 0, 2048, 9, "deep");
    noos_thread_join(t);
    printf("recurse: not caught\n");
  } else if (!strcmp(argv[1], "unhandled")) {
    noos_irq_enable(3);
    __asm__ volatile("dsb sy" ::: "memory");
    *(volatile uint32_t *)0x08000f00 = 2u << 24 | 3u; /* GICD_SGIR: to self */
    __asm__ volatile("isb" ::: "memory");
    printf("unhandled: not reported\n");
  }
  return 0;
}
