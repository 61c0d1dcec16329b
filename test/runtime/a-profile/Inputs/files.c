/* Opens a host file: on a target whose runtime has no host files yet, the
 * link must fail, saying so. */
#include <stdio.h>

int main(void) {
  FILE *f = fopen("x.txt", "w");
  return f ? 0 : 1;
}
