/* Prints numbered lines on the first UART of the MPS2 boards (CMSDK APB
 * UART0) for ever. */
#include <stdint.h>

#define UART0 0x40004000u
#define DATA (*(volatile uint32_t *)(UART0 + 0x00))
#define STATE (*(volatile uint32_t *)(UART0 + 0x04))
#define CTRL (*(volatile uint32_t *)(UART0 + 0x08))
#define BAUDDIV (*(volatile uint32_t *)(UART0 + 0x10))

static void uart_put(const char *s) {
  for (; *s; ++s) {
    while (STATE & 1) /* TX buffer full */
      ;
    DATA = (uint8_t)*s;
  }
}

int main(void) {
  BAUDDIV = 16;
  CTRL = 1; /* TX enable */
  char line[] = "line 0000000\n";
  for (unsigned n = 0;; ++n) {
    unsigned v = n;
    for (int i = 11; i >= 5; --i, v /= 10)
      line[i] = (char)('0' + v % 10);
    uart_put(line);
  }
}
