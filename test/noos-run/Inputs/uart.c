/* Writes through the first UART of the MPS2 boards (CMSDK APB UART0 at
 * 0x40004000) between two semihosting writes: noos-run gives both the same
 * stdout, so the lines arrive in program order. */
#include <stdint.h>

void put(const char *s);

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
  put("1 semihosting\n");
  uart_put("2 uart\n");
  put("3 semihosting\n");
  return 0;
}
