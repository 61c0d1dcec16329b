// Thread-local variables of the main thread: initialised (.tdata) and
// zeroed (.tbss), and picolibc's errno, which is one too.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

__thread int tinit = 0x5a5a;
__thread int tzero;

int main(void) {
  errno = 0;
  (void)strtol("99999999999999999999999", 0, 10); // ERANGE
  int e = errno;
  int before = tinit;
  ++tinit;
  printf("tls: init=%#x tbss=%d errno=%s after=%#x\n", before, tzero,
         e == ERANGE ? "ERANGE" : "other", tinit);
  return 0;
}
