// Faults on AArch64, chosen by argv[1]: each ends the program with the
// runtime's exception report (runtime/src/aarch64/exception.c).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Each faulting access is in a function of its own whose symbol the test
// reads with llvm-nm, so the report's pc can be checked exactly.
__attribute__((noinline)) uint64_t load(uintptr_t a) {
  uint64_t v;
  __asm__ volatile(".globl load_insn\nload_insn: ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory");
  return v;
}

__attribute__((noinline)) void store(uintptr_t a) {
  __asm__ volatile(".globl store_insn\nstore_insn: str %0, [%1]" : : "r"(0x5a5a5a5aul), "r"(a) : "memory");
}

__attribute__((noinline)) void undefined(void) {
  __asm__ volatile(".globl udf_insn\nudf_insn: udf #0x1234");
}

extern const char text_word[];
__asm__(".text\n.globl text_word\n.balign 8\ntext_word: .quad 0\n");

// A recursion the compiler cannot turn into a loop: the main stack runs
// into the unmapped page below it.
__attribute__((noinline)) int deep(int n) {
  volatile char buf[256];
  memset((char *)buf, n, sizeof(buf));
  return n == 0 ? buf[0] : deep(n - 1) + buf[n % 256];
}

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "";
  uintptr_t addr = argc > 2 ? (uintptr_t)strtoull(argv[2], 0, 0) : 0;
  printf("fault: %s\n", what);
  if (!strcmp(what, "load"))
    return (int)load(addr);
  if (!strcmp(what, "store"))
    store(addr);
  else if (!strcmp(what, "undefined"))
    undefined();
  else if (!strcmp(what, "write-text"))
    store((uintptr_t)text_word);
  else if (!strcmp(what, "exec-data")) {
    static uint32_t code[1] = {0xd65f03c0}; // ret, in .data
    ((void (*)(void))(uintptr_t)code)();
  } else if (!strcmp(what, "overflow"))
    return deep(1 << 20);
  else if (!strcmp(what, "brk"))
    __builtin_trap();
  printf("no fault\n");
  return 0;
}
