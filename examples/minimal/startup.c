/*
 * The smallest complete program noos-ld links: a vector table, a reset
 * handler that copies .data from flash and zeroes .bss, and semihosting
 * output and exit. It uses only symbols the generated linker script
 * defines (docs/noos-ld.md); the noos runtime replaces all of it.
 */
#include <stdint.h>

extern uint32_t __stack[];
/* Bounds as addresses, not sizes: the compiler may assume the address of an
 * object (such as a size symbol __data_size) is never 0 and skip the test
 * of an empty range. */
extern uint32_t __data_start[], __data_end[], __data_source[];
extern uint32_t __bss_start[], __bss_end[];

int main(void);

/* ARM semihosting: BKPT 0xAB with the operation in r0, its argument in r1. */
static inline uintptr_t semihost(uintptr_t op, const void *arg) {
  register uintptr_t r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

void put(const char *s) { semihost(0x04 /* SYS_WRITE0 */, s); }

void put_hex(uint32_t v) {
  char buf[11] = "0x";
  for (int i = 0; i < 8; ++i)
    buf[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 0xf];
  buf[10] = 0;
  put(buf);
}

__attribute__((noreturn)) void exit_status(int status) {
  /* SYS_EXIT_EXTENDED: reason ADP_Stopped_ApplicationExit, then the code. */
  uintptr_t block[2] = {0x20026, (uintptr_t)status};
  for (;;)
    semihost(0x20, block);
}

/* Written word by word through volatile pointers so the compiler cannot
 * turn the loops into memcpy/memset calls. */
__attribute__((noreturn)) void Reset_Handler(void) {
  const volatile uint32_t *src = __data_source;
  for (volatile uint32_t *dst = __data_start; dst < __data_end;)
    *dst++ = *src++;
  for (volatile uint32_t *bss = __bss_start; bss < __bss_end;)
    *bss++ = 0;
  exit_status(main());
}

static void Fault_Handler(void) {
  put("fault\n");
  exit_status(99);
}

__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
    (void (*)(void))__stack, Reset_Handler, Fault_Handler, Fault_Handler,
    Fault_Handler, Fault_Handler, Fault_Handler,
};
