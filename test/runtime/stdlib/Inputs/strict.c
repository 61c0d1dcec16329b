// Feature macros: in strict ISO C (-std=c11) <time.h> keeps ISO C's
// namespace, so the names POSIX adds are the program's own; with
// _POSIX_C_SOURCE (-DWANT_POSIX) the POSIX clocks are declared.
#ifdef WANT_POSIX
#define _POSIX_C_SOURCE 200809L
#endif
#include <stdio.h>
#include <time.h>

#ifdef WANT_POSIX
int main(void) {
  struct timespec a, b, d = {0, 1000000};
  clockid_t cpu;
  int ok = clock_gettime(CLOCK_MONOTONIC, &a) == 0 && nanosleep(&d, NULL) == 0 &&
           clock_nanosleep(CLOCK_REALTIME, 0, &d, NULL) == 0 &&
           clock_getcpuclockid(0, &cpu) == 0 && cpu == CLOCK_PROCESS_CPUTIME_ID &&
           clock_gettime(cpu, &b) == 0 && b.tv_sec * 1000000000LL + b.tv_nsec >
           a.tv_sec * 1000000000LL + a.tv_nsec + 2000000;
  printf("posix clocks: %s\n", ok ? "ok" : "FAILED");
  return !ok;
}
#else
#ifdef CLOCK_MONOTONIC
#error "CLOCK_MONOTONIC is visible in strict ISO C"
#endif
#define CLOCK_MONOTONIC "mine"
static int nanosleep(int n) { return n + 1; }
static int clock_gettime(void) { return 2; }

int main(void) {
  printf("iso: %s %d %d %d\n", CLOCK_MONOTONIC, nanosleep(1), clock_gettime(),
         time(NULL) >= 0);
  return 0;
}
#endif
