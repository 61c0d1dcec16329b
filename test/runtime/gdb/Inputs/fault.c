// A fault two calls below main, for gdb's backtrace from the fault handler.
#include <stdio.h>

volatile int depth;

__attribute__((noinline)) int faulting(int x) {
  depth = x;
  __asm__ volatile("udf #0"); // UsageFault (v7-M and later) or HardFault
  return x;
}

__attribute__((noinline)) int caller(int x) { return faulting(x + 1) + 1; }

int main(void) {
  int a = 1;
  a += 2;
  printf("start %d\n", a);
  int r = caller(a); // not a tail call: main stays on the stack
  printf("end %d\n", r);
  return r;
}
