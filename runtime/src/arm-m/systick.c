/*
 * SysTick's interrupt: hands over to time.c once it has started SysTick
 * (noos_time_init). Weak, so a program may take SysTick over (and then
 * installs its own time source with noos_set_system_timer); on its own,
 * so the vector table's reference costs a few bytes, not the time code.
 */
#include <stddef.h>

void (*noos__systick_hook)(void);

/* SysTick_Handler unless the program defines one; its own name is what
 * the stack analysis' shipped notes (runtime/stack-notes.txt) resolve. */
static void noos__systick_handler(void) {
  if (noos__systick_hook)
    noos__systick_hook();
}
void SysTick_Handler(void) __attribute__((weak, alias("noos__systick_handler")));
