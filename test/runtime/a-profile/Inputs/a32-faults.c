/*
 * Faults on purpose on armv7a, for the fault report tests:
 * "a32-faults MODE [ADDRESS]". The faulting instructions carry global
 * labels (*_insn) so that the tests can check the reported pc against the
 * image's symbols (llvm-nm).
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
  if (!strcmp(mode, "jump"))
    ((void (*)(void))(uintptr_t)addr)();
  printf("no fault\n");
  return 0;
}
