// Thread-local storage through tp (.tdata copied, .tbss zeroed), small
// data reached from gp, and floating point in each variant's ABI.
#include <stdio.h>

_Thread_local int tls_init = 41;
_Thread_local int tls_zero;
static int small = 3; // .sdata: gp-relative after --relax-gp
volatile double scale = 2.5;

int main(void) {
  ++tls_init;
  tls_zero += small;
  float f = 1.25f * (float)small;
  double d = scale * tls_init;
  printf("tls %d %d small %d float %.2f double %.1f\n", tls_init, tls_zero,
         small, (double)f, d);
  return 0;
}
