// The main stack's high-water mark, measured by painting: main fills the
// stack below itself with a pattern, runs a call chain (calls, a tail call,
// frames of different sizes, no recursion, no indirect call), then finds the
// lowest word that changed. noos-ld's computed need must be at least that.
#include <stdint.h>
#include <stdio.h>

extern uint32_t __stack_limit[], __stack[];
#define PATTERN 0x5ca1ab1eu

__attribute__((noinline)) static void paint(void) {
  volatile uint32_t here = 0;
  // Leave 64 bytes below this frame alone: the loop runs there.
  for (uint32_t *p = __stack_limit; p < (uint32_t *)&here - 16; ++p)
    *p = PATTERN;
  (void)here;
}

__attribute__((noinline)) static uint32_t used(void) {
  uint32_t *p = __stack_limit;
  while (p < __stack && *p == PATTERN)
    ++p;
  return (uint32_t)((char *)__stack - (char *)p);
}

__attribute__((noinline)) int leaf(int x) {
  volatile char a[500];
  for (int i = 0; i < 500; i += 64)
    a[i] = (char)(x + i);
  return a[x & 63];
}
__attribute__((noinline)) int tail(int x) { return leaf(x * 3); }
__attribute__((noinline)) int middle(int x) {
  volatile char b[200];
  for (int i = 0; i < 200; i += 64)
    b[i] = (char)i;
  return tail(x + b[64]) + b[128];
}
__attribute__((noinline)) int top(int x) {
  volatile char c[300];
  for (int i = 0; i < 300; i += 64)
    c[i] = (char)i;
  return middle(x + c[64]) + c[0];
}

int main(void) {
  paint();
  int r = top(5);
  uint32_t u = used();
  printf("high-water %lu\n", (unsigned long)u);
  return r == 12345; // 0 unless the chain went wrong
}
