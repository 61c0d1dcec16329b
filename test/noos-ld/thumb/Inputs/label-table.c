/* C code holding the addresses of untyped-labels.s's routines. */
extern int asm_label(void), asm_second(void), asm_typed(void);
int (*const table[])(void) = {asm_label, asm_second, asm_typed};
int (*volatile slot)(void);
int call_it(void) { slot = asm_label; return slot(); }
