/*
 * <sched.h> for noos: picolibc's, plus the three calls noos implements
 * (runtime/src/pthread.c), which picolibc declares only when its
 * feature macros claim POSIX priority scheduling.
 *
 * Priorities are noos's, 1..31 (higher runs first) for every policy;
 * every policy is scheduled the same way: preemptive priorities with
 * round-robin time slices among equal priorities (docs/runtime.md,
 * "Standard thread APIs").
 */
/* Outside the guard: another copy of this file further down the include
 * path (the runtime's own build has two) passes it on too. */
#include_next <sched.h>

#ifndef NOOS_SCHED_H
#define NOOS_SCHED_H

#ifdef __cplusplus
extern "C" {
#endif

int sched_yield(void);
int sched_get_priority_max(int __policy);
int sched_get_priority_min(int __policy);

#ifdef __cplusplus
}
#endif

#endif /* NOOS_SCHED_H */
