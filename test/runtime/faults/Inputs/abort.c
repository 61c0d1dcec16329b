// assert() failing: picolibc prints the assertion, then calls abort().
#include <assert.h>

int main(int argc, char **argv) {
  (void)argv;
  assert(argc == 0);
  return 0;
}
