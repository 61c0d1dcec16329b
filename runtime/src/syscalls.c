/*
 * The POSIX calls picolibc's libc expects from an operating system. Files
 * do not exist; descriptors 0-2 are the console.
 */
#include "internal.h"
#include <errno.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* Built for size: the console or an error is what these cost. */
#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

ssize_t write(int fd, const void *buf, size_t len) {
  if (fd == 1 || fd == 2)
    return (ssize_t)noos_console_write(buf, len);
  errno = EBADF;
  return -1;
}

ssize_t read(int fd, void *buf, size_t len) {
  if (fd == 0)
    return (ssize_t)noos_console_read(buf, len);
  errno = EBADF;
  return -1;
}

int open(const char *path, int flags, ...) {
  (void)path;
  (void)flags;
  errno = ENOSYS;
  return -1;
}

int close(int fd) {
  if (fd >= 0 && fd <= 2)
    return 0;
  errno = EBADF;
  return -1;
}

off_t lseek(int fd, off_t offset, int whence) {
  (void)fd;
  (void)offset;
  (void)whence;
  errno = ESPIPE;
  return -1;
}

int fstat(int fd, struct stat *st) {
  if (fd < 0 || fd > 2) {
    errno = EBADF;
    return -1;
  }
  st->st_mode = S_IFCHR;
  return 0;
}

int isatty(int fd) { return fd >= 0 && fd <= 2; }

pid_t getpid(void) { return 1; }

int kill(pid_t pid, int sig) {
  if (pid == 1)
    _exit(128 + sig);
  errno = ESRCH;
  return -1;
}

void _exit(int status) { noos_exit(status); }

#pragma clang attribute pop
