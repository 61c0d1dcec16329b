/* Arm semihosting: the console and the exit status reach the host (QEMU
 * -semihosting, or a debugger) through the architecture's trap
 * instruction (k_semihost, in src/<runtime>/port.h). The command line
 * has its own file, cmdline.c. */
#include "internal.h"
#include "port.h"
#include <string.h>

/* Built for size: each call here traps to the host anyway. */
#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

uintptr_t noos_semihost(uintptr_t op, const void *arg) {
  return k_semihost(op, arg);
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
