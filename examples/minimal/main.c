/* Proves the memory map works: .data arrives from flash, .bss is zero. */
#include <stdint.h>

void put(const char *s);
void put_hex(uint32_t v);

uint32_t initialised = 0xC0FFEE42; /* .data */
uint32_t zeroed[64];                /* .bss */

int main(void) {
  put("hello from noos-ld\n");
  put("data: ");
  put_hex(initialised);
  put("\n");
  uint32_t sum = 0;
  for (int i = 0; i < 64; ++i)
    sum |= zeroed[i];
  put("bss:  ");
  put_hex(sum);
  put("\n");
  return initialised == 0xC0FFEE42 && sum == 0 ? 0 : 1;
}
