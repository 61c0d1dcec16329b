/*
 * Faults on purpose on armv7a, for the fault report tests:
 * "a32-faults MODE [ADDRESS]". The faulting instructions carry global
 * labels (*_insn) so that the tests can check the reported pc against the
 * image's symbols (llvm-nm).
 *
 * The MMU map's permissions (mmu.test): each of these would run to "no
 * fault" without them, as it writes back what is there or runs a valid
 * "bx lr":
 *   write-text    a word of a function's code written
 *   write-rodata  a const object written
 *   exec-data     a call to "bx lr" in an array in .data
 *   exec-stack    a call to "bx lr" in an array on the stack
 *   exec-heap     a call to "bx lr" in malloc'd memory
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint32_t load_from(uint32_t addr);
uint32_t load_pair(uint32_t addr);
void undefined_arm(void);
void undefined_thumb(void);

__asm__(
    "  .syntax unified\n"
    "  .text\n"
    "  .arm\n"
    "  .p2align 2\n"
    "  .global load_from, load_insn\n"
    "  .type load_from, %function\n"
    "load_from:\n"
    "load_insn:\n"
    "  ldr r0, [r0]\n"
    "  bx lr\n"
    "  .global load_pair, ldm_insn\n"
    "  .type load_pair, %function\n"
    "load_pair:\n"
    "  push {r4, r5}\n"
    "ldm_insn:\n"
    "  ldm r0, {r4, r5}\n"
    "  pop {r4, r5}\n"
    "  bx lr\n"
    "  .global undefined_arm, udf_arm_insn\n"
    "  .type undefined_arm, %function\n"
    "undefined_arm:\n"
    "  mov r0, #0x11\n"
    "  mov r1, #0x22\n"
    "  mov r12, #0xcc\n"
    "udf_arm_insn:\n"
    "  udf #0\n"
    "  .thumb\n"
    "  .global undefined_thumb, udf_thumb_insn\n"
    "  .type undefined_thumb, %function\n"
    "  .thumb_func\n"
    "undefined_thumb:\n"
    "udf_thumb_insn:\n"
    "  udf #1\n"
    "  .arm\n");

volatile int depth;

/* ARM "bx lr", in .data. */
uint32_t data_code[2] = {0xe12fff1eu, 0};
const volatile uint32_t rodata_word = 0x5a5a5a5au;

/* Writes *p back; the store is the faulting instruction. */
__attribute__((noinline)) static void write_back(volatile uint32_t *p) {
  *p = *p;
}

__attribute__((noinline)) static void call(const void *code) {
  ((void (*)(void))(uintptr_t)code)();
}

__attribute__((noinline)) static int recurse(int n) {
  volatile char frame[64];
  frame[0] = (char)n;
  depth = n;
  return recurse(n + 1) + frame[0];
}


/* The MMU modes, apart from main so that main's frame (and where the
 * stack overflow test's recursion meets the guard page) stays as it was. */
__attribute__((noinline)) static void mmu_faults(const char *mode) {
  if (!strcmp(mode, "write-text"))
    write_back((volatile uint32_t *)(uintptr_t)load_from);
  if (!strcmp(mode, "write-rodata"))
    write_back((volatile uint32_t *)(uintptr_t)&rodata_word);
  if (!strcmp(mode, "exec-data"))
    call(data_code);
  if (!strcmp(mode, "exec-stack")) {
    volatile uint32_t stack_code[2] = {data_code[0], 0};
    call((const void *)stack_code);
  }
  if (!strcmp(mode, "exec-heap")) {
    uint32_t *heap_code = malloc(8);
    heap_code[0] = data_code[0];
    call(heap_code);
  }
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  uint32_t addr = argc > 2 ? (uint32_t)strtoul(argv[2], 0, 0) : 0;
  printf("fault: %s\n", mode);
  if (!strcmp(mode, "load"))
    return (int)load_from(addr);
  if (!strcmp(mode, "ldm"))
    return (int)load_pair(addr);
  if (!strcmp(mode, "udf"))
    undefined_arm();
  if (!strcmp(mode, "udf-thumb"))
    undefined_thumb();
  if (!strcmp(mode, "stack"))
    printf("%d\n", recurse(0));
  mmu_faults(mode);
  if (!strcmp(mode, "jump"))
    ((void (*)(void))(uintptr_t)addr)();
  printf("no fault\n");
  return 0;
}
