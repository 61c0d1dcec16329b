/* Calls a hand-written Thumb routine through a function-pointer table. The
   routine's label has no .type %function (label-call.s): linked as it is,
   its stored address is even and the call faults (INVSTATE). */
#include <stdio.h>
extern int asm_answer(void);
int (*volatile table[])(void) = {asm_answer};
int main(void) {
  printf("calling asm_answer through the table\n");
  printf("asm_answer() = %d\n", table[0]());
  return 0;
}
