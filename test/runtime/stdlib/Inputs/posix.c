// A program written for a hosted POSIX system: no noos header, nothing
// but standard names. It reads its samples from a host file, timestamps
// them, paces itself with nanosleep, writes a report file, checks it, and
// cleans up. Like most such programs it asks for no feature macro
// (glibc's and picolibc's default, _DEFAULT_SOURCE, has usleep and
// settimeofday, which POSIX.1-2008 itself does not).
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static double elapsed(const struct timespec *a, const struct timespec *b) {
  return (double)(b->tv_sec - a->tv_sec) + (b->tv_nsec - a->tv_nsec) / 1e9;
}

int main(int argc, char **argv) {
  const char *in = argc > 1 ? argv[1] : "samples.txt";
  FILE *f = fopen(in, "r");
  if (!f) {
    fprintf(stderr, "%s: %s\n", in, strerror(errno));
    return 1;
  }
  struct timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  struct timeval tv = {1700000000, 0};
  settimeofday(&tv, NULL);
  FILE *out = fopen("report.txt", "w");
  int v, n = 0, sum = 0;
  while (fscanf(f, "%d", &v) == 1) {
    struct timespec tick = {0, 10 * 1000 * 1000}; // 10 ms between samples
    nanosleep(&tick, NULL);
    sum += v;
    ++n;
    fprintf(out, "%ld sample %d = %d\n", (long)time(NULL), n, v);
  }
  fclose(f);
  fclose(out);
  clock_gettime(CLOCK_MONOTONIC, &now);
  struct stat st;
  if (stat("report.txt", &st) != 0)
    return 2;
  double secs = elapsed(&start, &now);
  printf("%d samples, sum %d, report %ld bytes, paced %s\n", n, sum,
         (long)st.st_size, secs >= n * 0.010 ? "ok" : "too fast");
  out = fopen("report.txt", "r");
  char line[64];
  if (out && fgets(line, sizeof line, out))
    printf("first: %s", line);
  fclose(out);
  usleep(1000);
  sleep(0);
  printf("cpu: %s\n", clock() >= 0 ? "ok" : "FAILED");
  return remove("report.txt") == 0 ? 0 : 3;
}
