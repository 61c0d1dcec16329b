/*
 * noos_start: from a C environment to main, and from main to the board.
 * Reset_Handler has set up .data/.bss; this sets the main thread's TLS,
 * runs the board's hooks and the constructors (.preinit_array and
 * .init_array, where the runtime's optional parts put their own start-up
 * steps: NOOS_START_STEP), fetches the command line (semihosting), calls
 * main and ends the program as exit() does.
 */
#include "internal.h"
#include <stddef.h>
#include <unistd.h>

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

/* picolibc's (onexit.c): runs the atexit and __cxa_atexit functions.
 * Linked only when the program registers one. */
void __call_exitprocs(int status, void *dso) __attribute__((weak));
extern noos_ctor __fini_array_start[], __fini_array_end[];

/* What picolibc's exit does (the registered functions, then the
 * .fini_array backwards, then _exit), without its __libc_fini_array: a
 * program that calls exit itself gets picolibc's, with the same effect.
 * 30 bytes less in every program on Cortex-M. Out of line, so that the
 * stack notes can name its indirect call (stack-notes.txt). */
__attribute__((noreturn, noinline)) static void noos__exit(int status) {
  if (__call_exitprocs)
    __call_exitprocs(status, NULL);
  for (noos_ctor *f = __fini_array_end; f > __fini_array_start;)
    (*--f)();
  _exit(status);
}

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
  /* The constructors. The runtime's optional parts that are linked (time,
   * entropy) start with them, from their NOOS_START_STEP entries ahead of
   * the program's own, so its constructors may read the time and ask for
   * randomness. */
  noos__run_all(__preinit_array_start, __preinit_array_end);
  noos__run_all(__init_array_start, __init_array_end);
  noos_hwinit1();
  /* On this frame, which lives as long as main: no RAM kept for it. */
  char line[NOOS_CMDLINE_MAX];
  char *argv[NOOS_MAX_ARGS + 1];
  int argc = noos_command_line(line, sizeof(line), argv, NOOS_MAX_ARGS);
  noos__exit(main(argc, argv));
}

#pragma clang attribute pop
