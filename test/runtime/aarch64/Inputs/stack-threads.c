// Automatic stacks on the A-profile and RISC-V ports: three threads
// created with stack size 0 (noos-ld writes each one's need into its
// call's record) and a main stack linked with --stack-size=auto. Each
// thread runs a call chain of its own depth (frames of different sizes, a
// tail call) and reports the stack it got and what the run left unused
// (the canary and the painted words: never below zero); main reports its
// painted high-water mark against its stack's size.
#include <noos/thread.h>
#include <stdint.h>
#include <stdio.h>

extern uint32_t __stack_limit[], __stack[];
#define PATTERN 0x5ca1ab1eu

__attribute__((noinline)) static void paint(void) {
  volatile uint32_t here = 0;
  for (uint32_t *p = __stack_limit; p < (uint32_t *)&here - 32; ++p)
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
  volatile char a[600];
  for (int i = 0; i < 600; i += 32)
    a[i] = (char)(x + i);
  return a[x & 31];
}
__attribute__((noinline)) int tail(int x) { return leaf(x * 3); }
__attribute__((noinline)) int middle(int x) {
  volatile char b[300];
  for (int i = 0; i < 300; i += 32)
    b[i] = (char)i;
  return tail(x + b[32]) + b[64];
}
__attribute__((noinline)) int top(int x) {
  volatile char c[400];
  for (int i = 0; i < 400; i += 32)
    c[i] = (char)i;
  return middle(x + c[32]) + c[0];
}

static volatile int done[3];
static void small_task(void *p) { done[0] = 1 + leaf((int)(intptr_t)p); }
static void mid_task(void *p) { done[1] = 1 + middle((int)(intptr_t)p); }
static void deep_task(void *p) { done[2] = 1 + top((int)(intptr_t)p); }

// One call each, so that each record (noos/thread.h) has a known name:
// FUNCTION.__noos_thread_site.
__attribute__((noinline)) noos_thread_t *start_small(void) {
  return noos_thread_create(small_task, (void *)1, 0, 9, "small");
}
__attribute__((noinline)) noos_thread_t *start_mid(void) {
  return noos_thread_create(mid_task, (void *)2, 0, 9, "mid");
}
__attribute__((noinline)) noos_thread_t *start_deep(void) {
  return noos_thread_create(deep_task, (void *)3, 0, 9, "deep");
}
extern const struct noos_thread_site site0 __asm__("start_small.__noos_thread_site");
extern const struct noos_thread_site site1 __asm__("start_mid.__noos_thread_site");
extern const struct noos_thread_site site2 __asm__("start_deep.__noos_thread_site");

static int report(const char *name, noos_thread_t *t,
                  const struct noos_thread_site *s) {
  size_t size = *(const volatile size_t *)&s->need;
  size_t unused = noos_thread_stack_unused(t);
  int ok = size && size != NOOS_STACK_DEFAULT && unused > 0 && unused < size;
  printf("%s: stack %u bytes (automatic), unused %u: %s\n", name,
         (unsigned)size, (unsigned)unused, ok ? "ok" : "FAILED");
  return ok;
}

int main(void) {
  paint();
  noos_thread_t *t[3];
  t[0] = start_small();
  t[1] = start_mid();
  t[2] = start_deep();
  // Ended but not yet joined: their stacks are still there to measure.
  while (!done[0] || !done[1] || !done[2])
    noos_thread_yield();
  noos_sleep_for(1000000);
  int ok = report("small", t[0], &site0);
  ok &= report("mid", t[1], &site1);
  ok &= report("deep", t[2], &site2);
  for (int i = 0; i < 3; ++i)
    noos_thread_join(t[i]);
  uint32_t size = (uint32_t)((char *)__stack - (char *)__stack_limit);
  uint32_t hwm = used();
  int mok = hwm < size;
  printf("main: stack %u bytes, high-water %u: %s\n", (unsigned)size,
         (unsigned)hwm, mok ? "ok" : "FAILED");
  return !(ok && mok);
}
