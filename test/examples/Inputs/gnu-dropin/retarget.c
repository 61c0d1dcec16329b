/* picolibc retargeting, as a GNU project with its own startup does it
 * without the noos runtime: stdout is a FILE of its own, exit goes out
 * through semihosting so that noos-run gets the status. */
#include <stdio.h>
#include <stdint.h>
static uintptr_t semihost(uintptr_t op, const void *arg) {
  register uintptr_t r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}
static int sh_putc(char c, FILE *f) { (void)f; semihost(0x03 /* SYS_WRITEC */, &c); return (unsigned char)c; }
static FILE console = FDEV_SETUP_STREAM(sh_putc, NULL, NULL, _FDEV_SETUP_WRITE);
FILE *const stdout = &console;
void _exit(int status) {
  uintptr_t block[2] = {0x20026, (uintptr_t)status};
  for (;;) semihost(0x20, block);
}
