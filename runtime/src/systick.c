/*
 * SysTick's interrupt: counts the wraps of its 24-bit counter, which
 * time.c extends to 64-bit nanoseconds. Weak, so a program may take
 * SysTick over (and then installs its own time source with
 * noos_set_system_timer); on its own, so the vector table's reference
 * costs a few bytes, not the time code.
 */
#include <stdint.h>

volatile uint32_t noos_systick_wraps;

__attribute__((weak)) void SysTick_Handler(void) {
  noos_systick_wraps = noos_systick_wraps + 1;
}
