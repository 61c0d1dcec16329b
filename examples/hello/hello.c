/* Hello world in C: clang --target=thumbv7em-noos hello.c -o hello.elf */
#include <noos/noos.h>
#include <stdio.h>

int main(int argc, char **argv) {
  printf("Hello from C on noos (%d argument%s)\n", argc - 1,
         argc == 2 ? "" : "s");
  uint64_t t = noos_nanotime();
  printf("uptime: %lu us\n", (unsigned long)(t / 1000));
  return 0;
}
