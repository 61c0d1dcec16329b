/* A program on the noos runtime: main's argc/argv come from the command
 * line noos-run passes, its return value is noos-run's exit status. */
#include <stdio.h>

int main(int argc, char **argv) {
  for (int i = 0; i < argc; ++i)
    printf("argv[%d]=%s\n", i, argv[i]);
  return argc;
}
