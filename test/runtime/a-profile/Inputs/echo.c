/* Reads a line from the console (the board UART: noos-run gives QEMU its stdin) and prints it. */
#include <stdio.h>
int main(void) { char b[64]; if (!fgets(b, sizeof b, stdin)) return 3; printf("got: %s", b); return 0; }
