/* GNU-project-style startup, written the way docs/migrating-from-gcc.md
 * says for clang: the naked Reset_Handler holds only assembly (clang
 * rejects C statements in a naked function), the C part is an ordinary
 * function, and the FPU is enabled before any FPU instruction. */
#include <stdint.h>
extern uint32_t _sidata[], _sdata[], _edata[], _sbss[], _ebss[], _estack[];
int main(void);
void exit(int);
void Reset_Handler(void);

void SystemInit(void) {
  *(volatile uint32_t *)0xE000ED88 |= 0xFu << 20; /* CPACR: CP10, CP11 */
  __asm volatile("dsb\n isb");
}

__attribute__((used)) static void Reset_C(void) {
  SystemInit();
  uint32_t *s = _sidata, *d = _sdata;
  while (d < _edata)
    *d++ = *s++;
  for (d = _sbss; d < _ebss;)
    *d++ = 0;
  exit(main());
}

__attribute__((naked)) void Reset_Handler(void) {
  __asm volatile("ldr sp, =_estack\n b Reset_C");
}

void Default_Handler(void) {
  for (;;)
    ;
}

__attribute__((section(".isr_vector"), used)) void (*const vectors[16])(void) = {
    (void (*)(void))_estack, Reset_Handler, Default_Handler, Default_Handler,
    Default_Handler, Default_Handler, Default_Handler, 0, 0, 0, 0,
    Default_Handler, Default_Handler, 0, Default_Handler, Default_Handler};
