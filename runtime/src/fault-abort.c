/*
 * abort(): says where it was called from before the program ends, as the
 * fault reports do (symbols are not on the target: give the address to
 * llvm-addr2line with the image):
 *
 *   noos: abort() called from 0x000002c5
 *     source:     llvm-addr2line -fipe <image.elf> 0x000002c2
 *     status:     134
 *
 * It replaces picolibc's abort (raise(SIGABRT), then _exit(1)): the
 * runtime's archive is searched first. Only a program that calls abort
 * (assert, a C++ terminate) links it. A SIGABRT handler still runs, after
 * the report; if it returns, the program ends with status 134, which is
 * also what raise's default action gives (kill, syscalls.c).
 */
#include "internal.h"
#include <signal.h>
#include <stdlib.h>

#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

__attribute__((weak)) void abort(void) {
  uint32_t from = (uint32_t)(uintptr_t)__builtin_return_address(0) & ~1u;
  noos_puts_raw("\nnoos: abort() called from ");
  noos_put_hex(from);
  noos_puts_raw("\n  source:     llvm-addr2line -fipe <image.elf> ");
  noos_put_hex(from - 2); /* in the call instruction */
  noos_puts_raw("\n  status:     134\n");
  raise(SIGABRT);
  noos_exit(134);
}

#pragma clang attribute pop
