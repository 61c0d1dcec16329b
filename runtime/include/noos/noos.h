/*
 * noos/noos.h - the noos runtime's interface for programs and boards.
 *
 * The board hooks are the GOOS=none proposal's "Rosetta Stone" in C. Each
 * is a weak function in the runtime: a board library or the application
 * overrides one by defining a function of the same name. docs/runtime.md
 * has the table of hooks, who calls them, when, and their constraints.
 */
#ifndef NOOS_NOOS_H
#define NOOS_NOOS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* --- Board hooks ------------------------------------------------------ */

/* Called first thing after reset, before .data and .bss are set up and
 * before any C runs: no globals, no stack beyond a few words. Default:
 * enable the FPU (when the variant uses one) and point VTOR at the vector
 * table. Written in assembly in the default; a replacement must not touch
 * .data or .bss. */
void noos_cpuinit(void);

/* After .data/.bss/TLS are ready, before constructors: clocks, pins, the
 * console UART. No heap, no stdio buffering (noos_printk works). */
void noos_hwinit0(void);

/* After constructors, before main: everything is up. */
void noos_hwinit1(void);

/* Writes one character to the console. Polled, callable from any context
 * (including fault and interrupt handlers), never allocates. */
void noos_printk(char c);

/* Writes a buffer to the console; returns the bytes written. Default:
 * noos_printk for each byte (boards with semihosting only write whole
 * lines). stdout and stderr go through it. */
size_t noos_console_write(const char *buf, size_t len);

/* Reads up to len bytes of console input; returns the number read, 0 at
 * end of input. Default: semihosting. stdin reads through it. */
size_t noos_console_read(char *buf, size_t len);

/* Random numbers for getentropy/arc4random. noos_init_rng is called once
 * before main; noos_get_random_data returns 0 on success, -1 when the
 * board has no entropy source (the default, which says so on the console
 * instead of faking randomness). */
void noos_init_rng(void);
int noos_get_random_data(void *buf, size_t len);

/* The board's real-time clock, for CLOCK_REALTIME (time, gettimeofday,
 * std::chrono::system_clock): nanoseconds since 1970-01-01 00:00 UTC, read
 * once at the first use of the real-time clock; 0 (the default) when
 * there is none, and the real-time clock then starts at the epoch at
 * reset. clock_settime and settimeofday set it after that. */
uint64_t noos_rtc_nanotime(void);

/* 1 when a semihosting host serves files (fopen, remove, rename, stat on
 * host paths), the default; a board or program that runs without a
 * debugger or QEMU returns 0, and those calls fail with ENOSYS instead of
 * trapping. */
int noos_host_files(void);

/* Monotonic time in nanoseconds since reset. Default: SysTick at the
 * board's clock rate with wrap handling, or a time source installed with
 * noos_set_system_timer. */
uint64_t noos_nanotime(void);

/* Installs another time source (Embedded Go's SetSystemTimer): a function
 * returning nanoseconds, monotonic. */
void noos_set_system_timer(uint64_t (*nanotime)(void));

/* Installs the scheduler's alarm (the other half of Embedded Go's
 * SetSystemTimer), for boards whose time is not SysTick's: set_alarm(when)
 * arranges one interrupt at or after noos_nanotime() reaches when (ns),
 * replacing the previous request (NOOS_FOREVER, UINT64_MAX: none); it is
 * called with interrupts masked. That interrupt's handler calls
 * noos_system_alarm(). Without one, SysTick is the alarm (when the board
 * gives noos_clock_hz); with neither, the scheduler polls the time while
 * it idles, and timeouts and time slices wait for a thread to enter the
 * kernel or for the idle loop. */
void noos_set_system_alarm(void (*set_alarm)(uint64_t when));
void noos_system_alarm(void);

/* Starts a board's own time source (a timer, where there is no SysTick)
 * and installs it with the two calls above: called once, when the program
 * first uses time (noos_time_init), so that a program that never does
 * links no timer code. Default: nothing (SysTick). */
void noos_time_hwinit(void);

/* Ends the program with status (the runtime calls it after exit() has run
 * destructors). Default: semihosting SYS_EXIT_EXTENDED, then halt. */
void noos_exit(int status) __attribute__((noreturn));

/* Called when there is nothing to do until the given time (nanoseconds,
 * noos_nanotime's clock; UINT64_MAX: until an interrupt); may return
 * early. The scheduler calls it with interrupts masked (PRIMASK), which
 * does not stop WFI from waking on a pending interrupt, and unmasks them
 * after. Default: WFI. */
void noos_idle(uint64_t until);

/* The number of the core running the caller. Default: 0. */
int noos_procid(void);

/* --- Memory ----------------------------------------------------------- */

/* The RAM layout the linker made (from the script's symbols). */
struct noos_ram_layout {
  uintptr_t ram_start, ram_end;     /* RAM block 1 */
  uintptr_t stack_bottom, stack_top; /* main stack, at the bottom of block 1 */
  uintptr_t heap_start, heap_end;   /* the rest of block 1 */
  uintptr_t ram2_start, ram2_end;   /* block 2 (equal when there is none) */
};
void noos_get_ram_layout(struct noos_ram_layout *layout);

/* Memory for buffers handed to peripherals (TamaGo's dma): from the main,
 * DMA-capable heap in RAM block 1, aligned to at least align (a power of
 * two; 0 means 8). NULL when exhausted. Free with free(). */
void *noos_dma_alloc(size_t size, size_t align);

/* The runtime's persistent allocations: from RAM block 2 when the memory
 * map has one (e.g. STM32 CCM, which DMA cannot reach), else from the
 * heap. Never freed. NULL when exhausted. */
void *noos_persistent_alloc(size_t size, size_t align);

/* --- Semihosting ------------------------------------------------------ */

/* The raw ARM semihosting call (BKPT 0xAB): needs a debugger or QEMU
 * with -semihosting. */
uintptr_t noos_semihost(uintptr_t op, const void *arg);

#ifdef __cplusplus
}
#endif

#endif /* NOOS_NOOS_H */
