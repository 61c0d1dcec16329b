/* Prints the command line the host gives through semihosting, then exits
 * with the number of its words (argv[0] included). Linked with
 * examples/minimal/startup.c, which has put() and the reset handler. */
#include <stddef.h>
#include <stdint.h>

void put(const char *s);

static char line[256];

int main(void) {
  /* SYS_GET_CMDLINE: a block {buffer, length}; on return the length is the
   * command line's, r0 is 0 on success. */
  uintptr_t block[2] = {(uintptr_t)line, sizeof line};
  register uintptr_t r0 __asm__("r0") = 0x15;
  register void *r1 __asm__("r1") = block;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  if (r0 != 0) {
    put("SYS_GET_CMDLINE failed\n");
    return 99;
  }
  put("cmdline=[");
  put(line);
  put("]\n");
  int words = 0;
  for (size_t i = 0; i < block[1]; ++i)
    if (line[i] != ' ' && (i == 0 || line[i - 1] == ' '))
      ++words;
  return words;
}
