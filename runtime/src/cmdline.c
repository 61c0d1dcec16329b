/* The command line, from the host over semihosting: noos_start's argc and
 * argv. A file of its own, so that its archive member is linked only when
 * noos_command_line is undefined: a main compiled by noos-clang that takes
 * no arguments, or uses none, comes with a weak stand-in that returns 0 (the
 * pass plugin, tools/noos-clang/passes), and then this reader stays out of
 * the image. */
#include "internal.h"
#include "port.h"

/* Built for size: it runs once, and traps to the host. */
#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

int noos_command_line(char *line, size_t size, char **argv, int max) {
  struct {
    char *buf;
    uintptr_t len;
  } block = {line, size - 1};
  argv[0] = NULL;
  /* The trap itself (port.h), as noos_semihost makes it: inline, it is
   * shorter than the call. */
  if (k_semihost(NOOS_SYS_GET_CMDLINE, &block) != 0)
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

#pragma clang attribute pop
