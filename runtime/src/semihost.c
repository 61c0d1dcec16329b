/* ARM semihosting: the console, the command line and the exit status
 * reach the host (QEMU -semihosting, or a debugger) through the
 * architecture's trap instruction (semihost-trap.h of runtime/src/<arch>:
 * BKPT 0xAB on M-profile, SVC on A-profile). */
#include "internal.h"
#include "semihost-trap.h"
#include <string.h>

/* Built for size: each call here traps to the host anyway. */
#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

uintptr_t noos_semihost(uintptr_t op, const void *arg) {
  return noos_semihost_trap(op, arg);
}

int noos_command_line(char *line, size_t size, char **argv, int max) {
  struct {
    char *buf;
    uintptr_t len;
  } block = {line, size - 1};
  argv[0] = NULL;
  if (noos_semihost(NOOS_SYS_GET_CMDLINE, &block) != 0)
    return 0;
  line[block.len < size ? block.len : size - 1] = 0;
  int argc = 0;
  char *p = line;
  while (*p && argc < max) {
    while (*p == ' ')
      *p++ = 0;
    if (!*p)
      break;
    argv[argc++] = p;
    while (*p && *p != ' ')
      ++p;
  }
  argv[argc] = NULL;
  return argc;
}

__attribute__((weak, noreturn)) void noos_exit(int status) {
  uintptr_t block[2] = {0x20026 /* ADP_Stopped_ApplicationExit */,
                        (uintptr_t)status};
  noos_semihost(NOOS_SYS_EXIT_EXTENDED, block);
  /* A host without the extension: plain SYS_EXIT (status 0 or 1 only). */
  noos_semihost(NOOS_SYS_EXIT, (void *)(uintptr_t)(status == 0
                                                        ? 0x20026
                                                        : 0x20023));
  for (;;)
    __asm__ volatile("wfi");
}

#pragma clang attribute pop
