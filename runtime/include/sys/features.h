/*
 * sys/features.h - picolibc's, plus the POSIX options the noos runtime
 * implements.
 *
 * picolibc declares clock_gettime, clock_settime, clock_getres, nanosleep
 * and clock_nanosleep, and defines CLOCK_MONOTONIC and
 * CLOCK_PROCESS_CPUTIME_ID, only when the system defines the matching
 * _POSIX_* option macros (as <unistd.h> of a POSIX system does). The noos
 * runtime implements them (posix-time.c), so they are defined here,
 * whenever POSIX names are visible: by default, with _POSIX_C_SOURCE,
 * _DEFAULT_SOURCE or _GNU_SOURCE, but not in a strict ISO C or C++ build
 * (-std=c11, -std=c++17), whose namespace stays as ISO C defines it.
 *
 * noos-clang searches the runtime's headers before picolibc's, so every
 * picolibc header that includes <sys/features.h> gets this one.
 */
#include_next <sys/features.h>

#ifndef NOOS_SYS_FEATURES_H
#define NOOS_SYS_FEATURES_H

#if __POSIX_VISIBLE >= 199309
#ifndef _POSIX_TIMERS
#define _POSIX_TIMERS 200809L
#endif
#ifndef _POSIX_MONOTONIC_CLOCK
#define _POSIX_MONOTONIC_CLOCK 200809L
#endif
#ifndef _POSIX_CLOCK_SELECTION
#define _POSIX_CLOCK_SELECTION 200809L
#endif
#ifndef _POSIX_CPUTIME
#define _POSIX_CPUTIME 200809L
#endif
#endif

#endif /* NOOS_SYS_FEATURES_H */
