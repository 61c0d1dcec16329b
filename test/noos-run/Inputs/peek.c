/* Prints the word at 0x20200000 (MPS2 SRAM the program does not use), where
 * a QEMU loader (noos-run --qemu-arg=-device --qemu-arg=loader,...) puts
 * data before the program starts. */
#include <stdint.h>

void put(const char *s);
void put_hex(uint32_t v);

int main(void) {
  put("word: ");
  put_hex(*(volatile uint32_t *)0x20200000u);
  put("\n");
  return 0;
}
