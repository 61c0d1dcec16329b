// A program that retargets one runtime definition (-DOWN_<name>) and also
// uses another call of the same runtime file, so that the file is linked
// from libnoos.a: the program's definition must be the one used, and the
// link must not fail with a duplicate symbol.
#include <errno.h>
#include <fcntl.h>
#include <noos/noos.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/lock.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

void noos_puts_raw(const char *s);
static volatile int own;
#define OWN(name) (own = 1, noos_puts_raw("own " name " called\n"))

#if defined(OWN_stdout) || defined(OWN_stdin) || defined(OWN_stderr)
static int own_put(char c, FILE *f) {
  (void)f;
  own = 1;
  char s[2] = {c, 0};
  noos_puts_raw(s);
  return (unsigned char)c;
}
static int own_get(FILE *f) { (void)f; own = 1; return 'x'; }
static FILE own_stream = FDEV_SETUP_STREAM(own_put, own_get, NULL, _FDEV_SETUP_RW);
#endif
#ifdef OWN_stdout
FILE *const stdout = &own_stream;
#define STREAM "stdout"
#endif
#ifdef OWN_stdin
FILE *const stdin = &own_stream;
#define STREAM "stdin"
#endif
#ifdef OWN_stderr
FILE *const stderr = &own_stream;
#define STREAM "stderr"
#endif

#ifdef OWN_write
ssize_t write(int fd, const void *b, size_t n) { (void)fd; (void)b; OWN("write"); return (ssize_t)n; }
#endif
#ifdef OWN_read
ssize_t read(int fd, void *b, size_t n) { (void)fd; (void)b; (void)n; OWN("read"); return 0; }
#endif
#ifdef OWN_close
int close(int fd) { (void)fd; OWN("close"); return 0; }
#endif
#ifdef OWN_lseek
off_t lseek(int fd, off_t o, int w) { (void)fd; (void)o; (void)w; OWN("lseek"); return 0; }
#endif
#ifdef OWN_fstat
int fstat(int fd, struct stat *st) { (void)fd; (void)st; OWN("fstat"); return 0; }
#endif
#ifdef OWN_isatty
int isatty(int fd) { (void)fd; OWN("isatty"); return 0; }
#endif
#ifdef OWN_getpid
pid_t getpid(void) { OWN("getpid"); return 7; }
#endif
#ifdef OWN_kill
int kill(pid_t p, int s) { (void)p; (void)s; OWN("kill"); return 0; }
#endif
#ifdef OWN__exit
void _exit(int status) { OWN("_exit"); noos_exit(status); }
#endif
#ifdef OWN_open
int open(const char *p, int f, ...) { (void)p; (void)f; OWN("open"); return -1; }
#endif
#ifdef OWN_stat
int stat(const char *restrict p, struct stat *restrict st) { (void)p; (void)st; OWN("stat"); return 0; }
#endif
#ifdef OWN_unlink
int unlink(const char *p) { (void)p; OWN("unlink"); return 0; }
#endif
#ifdef OWN_rename
int rename(const char *a, const char *b) { (void)a; (void)b; OWN("rename"); return 0; }
#endif
#ifdef OWN_clock_gettime
int clock_gettime(clockid_t id, struct timespec *tp) { (void)id; tp->tv_sec = 0; tp->tv_nsec = 0; OWN("clock_gettime"); return 0; }
#endif
#ifdef OWN_clock_settime
int clock_settime(clockid_t id, const struct timespec *tp) { (void)id; (void)tp; OWN("clock_settime"); return 0; }
#endif
#ifdef OWN_clock_getres
int clock_getres(clockid_t id, struct timespec *tp) { (void)id; (void)tp; OWN("clock_getres"); return 0; }
#endif
#ifdef OWN_clock_nanosleep
int clock_nanosleep(clockid_t id, int f, const struct timespec *r, struct timespec *m) { (void)id; (void)f; (void)r; (void)m; OWN("clock_nanosleep"); return 0; }
#endif
#ifdef OWN_clock_getcpuclockid
int clock_getcpuclockid(pid_t p, clockid_t *id) { (void)p; (void)id; OWN("clock_getcpuclockid"); return 0; }
#endif
#ifdef OWN_gettimeofday
int gettimeofday(struct timeval *restrict tv, void *restrict tz) { (void)tv; (void)tz; OWN("gettimeofday"); return 0; }
#endif
#ifdef OWN_settimeofday
int settimeofday(const struct timeval *tv, const struct timezone *tz) { (void)tv; (void)tz; OWN("settimeofday"); return 0; }
#endif
#ifdef OWN_times
clock_t times(struct tms *b) { (void)b; OWN("times"); return 0; }
#endif
#ifdef OWN_nanosleep
int nanosleep(const struct timespec *r, struct timespec *m) { (void)r; (void)m; OWN("nanosleep"); return 0; }
#endif
#ifdef OWN_usleep
int usleep(useconds_t us) { (void)us; OWN("usleep"); return 0; }
#endif
#ifdef OWN_sleep
unsigned sleep(unsigned s) { (void)s; OWN("sleep"); return 0; }
#endif
#ifdef OWN_getentropy
int getentropy(void *b, size_t n) { (void)b; (void)n; OWN("getentropy"); return 0; }
#endif
#ifdef OWN_abort
void abort(void) { OWN("abort"); noos_exit(9); }
#endif
#ifdef OWN_sched_yield
int sched_yield(void) { OWN("sched_yield"); return 0; }
#endif
#ifdef OWN_sched_get_priority_max
int sched_get_priority_max(int p) { (void)p; OWN("sched_get_priority_max"); return 0; }
#endif
#ifdef OWN_sched_get_priority_min
int sched_get_priority_min(int p) { (void)p; OWN("sched_get_priority_min"); return 0; }
#endif
#ifdef OWN___retarget_lock_acquire_recursive
void __retarget_lock_acquire_recursive(_LOCK_T l) { (void)l; OWN("__retarget_lock_acquire_recursive"); }
#endif
#ifdef OWN___retarget_lock_release_recursive
void __retarget_lock_release_recursive(_LOCK_T l) { (void)l; OWN("__retarget_lock_release_recursive"); }
#endif
#ifdef OWN___retarget_lock_try_acquire_recursive
int __retarget_lock_try_acquire_recursive(_LOCK_T l) { (void)l; OWN("__retarget_lock_try_acquire_recursive"); return 1; }
#endif
#ifdef OWN___retarget_lock_init_recursive
void __retarget_lock_init_recursive(_LOCK_T *l) { *l = 0; OWN("__retarget_lock_init_recursive"); }
#endif
#ifdef OWN___retarget_lock_close_recursive
void __retarget_lock_close_recursive(_LOCK_T l) { (void)l; OWN("__retarget_lock_close_recursive"); }
#endif
#ifdef OWN___retarget_lock_acquire
void __retarget_lock_acquire(_LOCK_T l) { (void)l; OWN("__retarget_lock_acquire"); }
#endif
#ifdef OWN___retarget_lock_release
void __retarget_lock_release(_LOCK_T l) { (void)l; OWN("__retarget_lock_release"); }
#endif
#ifdef OWN___retarget_lock_try_acquire
int __retarget_lock_try_acquire(_LOCK_T l) { (void)l; OWN("__retarget_lock_try_acquire"); return 1; }
#endif
#ifdef OWN___retarget_lock_init
void __retarget_lock_init(_LOCK_T *l) { *l = 0; OWN("__retarget_lock_init"); }
#endif
#ifdef OWN___retarget_lock_close
void __retarget_lock_close(_LOCK_T l) { (void)l; OWN("__retarget_lock_close"); }
#endif

// Calls every symbol of the list (the own one and the runtime's others of
// its file), through volatile pointers where a call would do harm.
int main(void) {
  struct stat st;
  struct timespec ts = {0, 1000};
  struct timeval tv;
  struct tms tm;
  clockid_t cid;
  char buf[4];
  _LOCK_T lk;
  // syscalls.c (_exit is reached through exit below)
  write(1, "w\n", 2);
  read(-1, buf, 0);
  close(-1);
  lseek(-1, 0, SEEK_SET);
  fstat(1, &st);
  isatty(1);
  getpid();
  kill(2, 0);
  // console.c: the streams
  fputc('s', stdout);
  fputc('e', stderr);
  fputc('\n', stdout);
#ifdef OWN_stdin
  getc(stdin);
#else
  volatile FILE *in = stdin;
  (void)in;
#endif
#ifdef STREAM
  if (own)
    noos_puts_raw("\nown " STREAM " called\n");
#endif
  // hostfile.c
  open("/nonexistent/noos", O_RDONLY);
  stat("/nonexistent/noos", &st);
  unlink("/nonexistent/noos");
  rename("/nonexistent/noos", "/nonexistent/noos2");
  // posix-time.c
  clock_gettime(CLOCK_MONOTONIC, &ts);
  clock_getres(CLOCK_MONOTONIC, &ts);
  clock_settime(12345, &ts);
  ts.tv_sec = 0, ts.tv_nsec = 1000;
  clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
  clock_getcpuclockid(1, &cid);
  gettimeofday(&tv, NULL);
  settimeofday(NULL, NULL);
  times(&tm);
  nanosleep(&ts, NULL);
  usleep(1);
  sleep(0);
  // rng.c
  getentropy(buf, 0);
  // pthread.c
  sched_yield();
  sched_get_priority_max(SCHED_FIFO);
  sched_get_priority_min(SCHED_FIFO);
  // lock.c
  __retarget_lock_init_recursive(&lk);
  __retarget_lock_acquire_recursive(lk);
  __retarget_lock_try_acquire_recursive(lk);
  __retarget_lock_release_recursive(lk);
  __retarget_lock_close_recursive(lk);
  __retarget_lock_init(&lk);
  __retarget_lock_acquire(lk);
  __retarget_lock_try_acquire(lk);
  __retarget_lock_release(lk);
  __retarget_lock_close(lk);
#ifdef OWN_abort
  abort();
#endif
  noos_puts_raw(own ? "own definition used\n" : "runtime definition used\n");
  exit(own ? 0 : 3);
}
