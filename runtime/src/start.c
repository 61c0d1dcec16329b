/*
 * noos_start: from a C environment to main, and from main to the board.
 * Reset_Handler has set up .data/.bss; this sets the main thread's TLS,
 * runs the board's hooks and the constructors (.preinit_array and
 * .init_array), fetches the command line
 * (semihosting), calls main and exits with its status.
 */
#include "internal.h"
#include <stdlib.h>

/* Built for size: it runs once. */
#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

extern char __tls_base[];
void _set_tls(void *tls);
int main(int argc, char **argv);

/* The constructor lists of the layout (noos-ld.md). Run here rather than
 * by picolibc's __libc_init_array, whose 80 bytes every program paid for
 * (its _init hook has no caller in this toolchain: there is no crti). */
typedef void (*noos_ctor)(void);
extern noos_ctor __preinit_array_start[], __preinit_array_end[];
extern noos_ctor __init_array_start[], __init_array_end[];

static void noos__run_all(noos_ctor *f, noos_ctor *end) {
  for (; f < end; ++f)
    (*f)();
}

__attribute__((weak)) void noos_hwinit0(void) {}
__attribute__((weak)) void noos_hwinit1(void) {}
__attribute__((weak)) int noos_procid(void) { return 0; }

/* Linked only when the program uses them (noos_nanotime, getentropy...):
 * a program that never asks for time or randomness does not carry the
 * SysTick code or the entropy hooks. */
__attribute__((weak)) void noos_time_init(void);
__attribute__((weak)) void noos_rng_start(void);

__attribute__((noreturn, used)) void noos_start(void) {
  /* The outermost frame for a debugger: being noreturn, this function
   * does not save its return address, and without this an unwinder takes
   * LR's value here for it and repeats this frame forever. (The runtime
   * is always built with -g, so the function has call frame information
   * for the directive to join.) */
#if defined(__riscv)
  __asm__(".cfi_undefined ra");
#else
  __asm__(".cfi_undefined lr");
#endif
  noos_fault_init(); /* stack overflow detection: MSPLIM or an MPU guard */
  _set_tls(__tls_base);
  noos_hwinit0();
  /* Time runs before the constructors, so they may read it. */
  if (noos_time_init)
    noos_time_init();
  noos__run_all(__preinit_array_start, __preinit_array_end);
  noos__run_all(__init_array_start, __init_array_end);
  if (noos_rng_start)
    noos_rng_start();
  noos_hwinit1();
  /* On this frame, which lives as long as main: no RAM kept for it. */
  char line[NOOS_CMDLINE_MAX];
  char *argv[NOOS_MAX_ARGS + 1];
  int argc = noos_command_line(line, sizeof(line), argv, NOOS_MAX_ARGS);
  exit(main(argc, argv));
}

#pragma clang attribute pop
