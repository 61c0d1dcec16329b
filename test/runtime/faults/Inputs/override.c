/* An application's own HardFault_Handler replaces the runtime's. */
#include <noos/noos.h>
#include <stdio.h>

void HardFault_Handler(void) {
  printf("the application's HardFault_Handler\n");
  noos_exit(42);
}

int main(void) {
  printf("before\n");
  __asm__ volatile("udf #0");
  printf("after\n");
  return 0;
}
