/* Declarations shared by the runtime's own files. */
#ifndef NOOS_INTERNAL_H
#define NOOS_INTERNAL_H

#include <noos/noos.h>

#define NOOS_MAX_ARGS 32
#define NOOS_CMDLINE_MAX 256

/* Reads the semihosting command line into line and splits it into argv
 * (at most max entries, NULL-terminated); argc 0 and argv[0] NULL when
 * there is none. In cmdline.c, linked only when the program leaves the
 * symbol undefined: a main compiled by noos-clang that takes no arguments,
 * or uses none, comes with a weak one that returns 0 and touches nothing
 * (noos-clang's pass plugin). */
int noos_command_line(char *line, size_t size, char **argv, int max);

/* Semihosting operations. */
enum {
  NOOS_SYS_OPEN = 0x01,
  NOOS_SYS_CLOSE = 0x02,
  NOOS_SYS_WRITEC = 0x03,
  NOOS_SYS_WRITE0 = 0x04,
  NOOS_SYS_WRITE = 0x05,
  NOOS_SYS_READ = 0x06,
  NOOS_SYS_READC = 0x07,
  NOOS_SYS_SEEK = 0x0A,
  NOOS_SYS_FLEN = 0x0C,
  NOOS_SYS_REMOVE = 0x0E,
  NOOS_SYS_RENAME = 0x0F,
  NOOS_SYS_ERRNO = 0x13,
  NOOS_SYS_GET_CMDLINE = 0x15,
  NOOS_SYS_EXIT = 0x18,
  NOOS_SYS_EXIT_EXTENDED = 0x20,
};

/* Makes a main-stack overflow fault: MSPLIM on v8-M Main, else an MPU
 * guard region below the stack (weak: a program that owns the MPU
 * replaces it). */
void noos_fault_init(void);

/* Starts SysTick as the time source (when the board gives a clock rate). */
void noos_time_init(void);

/* A start-up step of an optional part of the runtime (time, entropy): an
 * .init_array entry of a priority reserved to the implementation (below
 * the 101 of the program's first constructor(101)), so it runs only when
 * the part's object is linked, before every constructor of the program,
 * in the order of `prio`, under any linker script that sorts
 * .init_array.* by priority (noos's layouts, GNU ld's, picolibc's). It
 * replaces a weak call in noos_start: 4 bytes of table in the programs
 * that have the part instead of 10 of code in every program. */
#define NOOS_START_STEP(prio, fn)                                              \
  __attribute__((section(".init_array.000" #prio), used)) static void (        \
      *noos__start_step_##fn)(void) = fn

/* Writes a string to the console without stdio (for fault reports). */
void noos_puts_raw(const char *s);
void noos_put_hex(uint32_t v);
void noos_put_dec(uint32_t v);
/* A fault report line's key, "  name:" padded to column 14 (fault-key.c). */
void noos__fault_key(const char *k);

/* The name of system exception n ("HardFault"), "" for reserved numbers
 * and interrupts (handlers.c). */
const char *noos__exception_name(uint32_t n);

#endif
