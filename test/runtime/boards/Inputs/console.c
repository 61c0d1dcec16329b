// The console through the board's UART: noos_printk from the board's or
// the application's noos_hwinit0 and from a constructor, printf, and
// every line once.
#include <noos/noos.h>
#include <stdio.h>

static void say(const char *s) {
  while (*s)
    noos_printk(*s++);
}

#ifdef OWN_HWINIT0
// Replaces the board's: the console must come up by itself.
void noos_hwinit0(void) { say("printk from the application's noos_hwinit0\n"); }
#endif

__attribute__((constructor)) static void early(void) {
  say("printk from a constructor\n");
}

int main(void) {
  printf("printf from main: %d\n", 42);
  fflush(stdout);
  say("printk from main\n");
  return 0;
}
