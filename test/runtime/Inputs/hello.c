// printf, argv, .data and .bss through the runtime.
#include <stdio.h>
#include <string.h>

int initialised = 0x1234abcd; // .data, copied from flash by Reset_Handler
int zeroed[256];              // .bss, zeroed by Reset_Handler
static int ctor_ran;

__attribute__((constructor)) static void early(void) { ctor_ran = 1; }

int main(int argc, char **argv) {
  int sum = 0;
  for (unsigned i = 0; i < sizeof(zeroed) / sizeof(zeroed[0]); ++i)
    sum |= zeroed[i];
  printf("hello from %s: data=%#x bss=%d ctor=%d\n", "noos", initialised, sum,
         ctor_ran);
  printf("argc=%d", argc);
  for (int i = 1; i < argc; ++i)
    printf(" [%s]", argv[i]);
  printf("\n");
  fprintf(stderr, "to stderr %.2f\n", 1.5);
  return argc > 1 && !strcmp(argv[argc - 1], "fail") ? 7 : 0;
}
