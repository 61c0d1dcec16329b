// Console input through the board's UART: a line typed after "ready".
#include <stdio.h>
#include <string.h>

int main(void) {
  char line[64];
  printf("ready\n");
  if (!fgets(line, sizeof line, stdin))
    return 1;
  line[strcspn(line, "\n")] = 0;
  printf("read [%s]\n", line);
  return 0;
}
