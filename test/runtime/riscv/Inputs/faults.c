// One trap per argument: the decoded report of each (fault-full.c).
#include <string.h>

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "";
  if (!strcmp(what, "load"))
    return *(volatile int *)0x4; // nothing mapped at 4: load access fault
  if (!strcmp(what, "store"))
    *(volatile int *)0x8 = 1;
  if (!strcmp(what, "illegal"))
    __asm__ volatile(".word 0"); // the all-zero instruction is illegal
  if (!strcmp(what, "ecall"))
    __asm__ volatile("ecall");
  if (!strcmp(what, "jump"))
    return ((int (*)(void))0x200)(); // nothing mapped there on virt
  return 0;
}
