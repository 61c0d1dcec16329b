/* Echoes every byte that arrives on the first UART of the MPS2 boards
 * (CMSDK APB UART0 at 0x40004000) until it has echoed COUNT of them, then
 * says so over semihosting and exits 0. It reads the UART's registers
 * itself: the runtime's console read treats ^D as the end of input. */
#include <stdint.h>

void put(const char *s);

#define UART0 0x40004000u
#define DATA (*(volatile uint32_t *)(UART0 + 0x00))
#define STATE (*(volatile uint32_t *)(UART0 + 0x04))
#define CTRL (*(volatile uint32_t *)(UART0 + 0x08))
#define BAUDDIV (*(volatile uint32_t *)(UART0 + 0x10))

#ifndef COUNT
#define COUNT 256
#endif

int main(void) {
  BAUDDIV = 16;
  CTRL = 3; /* TX and RX enable */
  (void)DATA; /* QEMU holds input back until DATA is read once */
  for (unsigned n = 0; n < COUNT; ++n) {
    while (!(STATE & 2)) /* RX buffer full */
      ;
    uint8_t c = (uint8_t)DATA;
    while (STATE & 1) /* TX buffer full */
      ;
    DATA = c;
  }
  put("\necho done\n");
  return 0;
}
