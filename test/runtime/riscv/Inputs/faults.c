// One trap per argument: the decoded report of each (fault-full.c).
#include <string.h>

// A recursion that runs the main stack off its bottom (on sifive_e, off
// the DTIM's start: a store access fault below RAM, after it has run over
// .bss).
__attribute__((noinline)) static int deep(volatile int n) {
  volatile char buf[256];
  buf[0] = (char)n;
  return n ? deep(n - 1) + buf[0] : 0;
}

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "";
  if (!strcmp(what, "load"))
    return *(volatile int *)0x4; // nothing mapped at 4: load access fault
  if (!strcmp(what, "store"))
    *(volatile int *)0x8 = 1;
  if (!strcmp(what, "illegal"))
    __asm__ volatile(".word 0"); // the all-zero instruction is illegal
  if (!strcmp(what, "ecall"))
    __asm__ volatile("ecall");
  if (!strcmp(what, "jump"))
    return ((int (*)(void))0x200)(); // nothing mapped there on virt
  if (!strcmp(what, "deep"))
    return deep(100000);
  return 0;
}
