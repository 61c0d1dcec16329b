// A device interrupt by its name from the board's "irq-names": the handler
// the program defines under that name is the one the vector table holds
// for the number, and it runs when the interrupt is made pending.
// Build with -DIRQ_NUM=<n> -DIRQ_NAME=<name>_IRQHandler.
#include <stdint.h>
#include <stdio.h>

#define STR2(x) #x
#define STR(x) STR2(x)
#define SCB_VTOR (*(volatile uint32_t *)0xE000ED08)
#define NVIC_ISER ((volatile uint32_t *)0xE000E100)
#define NVIC_ICER ((volatile uint32_t *)0xE000E180)
#define NVIC_ISPR ((volatile uint32_t *)0xE000E200)

static volatile int ran;

void IRQ_NAME(void) {
  ran = 1;
  NVIC_ICER[IRQ_NUM / 32] = 1u << (IRQ_NUM % 32);
}

int main(void) {
  const uint32_t *vectors = (const uint32_t *)SCB_VTOR;
  int slot = (vectors[16 + IRQ_NUM] & ~1u) == ((uintptr_t)&IRQ_NAME & ~1u);
  NVIC_ISER[IRQ_NUM / 32] = 1u << (IRQ_NUM % 32);
  NVIC_ISPR[IRQ_NUM / 32] = 1u << (IRQ_NUM % 32);
  __asm__ volatile("dsb\n\tisb" ::: "memory");
  printf("IRQ %d: vector %s, %s %s\n", IRQ_NUM, slot ? "ok" : "WRONG",
         STR(IRQ_NAME), ran ? "ran" : "did NOT run");
  return slot && ran ? 0 : 1;
}
