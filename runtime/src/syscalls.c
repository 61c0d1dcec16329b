/*
 * The POSIX calls picolibc's libc expects from an operating system.
 * Descriptors 0-2 are the console; 3 and up are host files (hostfile.c,
 * which defines open: linked only when a program opens a file).
 *
 * Every call here is weak, as are the streams (console.c), the host-file
 * calls, the time calls, abort, getentropy and the lock hooks: a program
 * that retargets one (its own write, stdout, _exit...) gets its own, even
 * when another call of the same file is linked from libnoos.a.
 */
#include "internal.h"
#include <errno.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* Host files (hostfile.c, linked with open): descriptors from 3. */
#define HOST(f) __attribute__((weak)) f
HOST(ssize_t noos__host_read(int, void *, size_t));
HOST(ssize_t noos__host_write(int, const void *, size_t));
HOST(off_t noos__host_lseek(int, off_t, int));
HOST(int noos__host_close(int));
HOST(int noos__host_fstat(int, struct stat *));

/* Built for size: the console or an error is what these cost. */
#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

__attribute__((weak)) ssize_t write(int fd, const void *buf, size_t len) {
  if (fd == 1 || fd == 2)
    return (ssize_t)noos_console_write(buf, len);
  if (fd > 2 && noos__host_write)
    return noos__host_write(fd, buf, len);
  errno = EBADF;
  return -1;
}

__attribute__((weak)) ssize_t read(int fd, void *buf, size_t len) {
  if (fd == 0)
    return (ssize_t)noos_console_read(buf, len);
  if (fd > 2 && noos__host_read)
    return noos__host_read(fd, buf, len);
  errno = EBADF;
  return -1;
}

__attribute__((weak)) int close(int fd) {
  if (fd >= 0 && fd <= 2)
    return 0;
  if (fd > 2 && noos__host_close)
    return noos__host_close(fd);
  errno = EBADF;
  return -1;
}

__attribute__((weak)) off_t lseek(int fd, off_t offset, int whence) {
  if (fd > 2 && noos__host_lseek)
    return noos__host_lseek(fd, offset, whence);
  errno = ESPIPE;
  return -1;
}

__attribute__((weak)) int fstat(int fd, struct stat *st) {
  if (fd > 2 && noos__host_fstat)
    return noos__host_fstat(fd, st);
  if (fd < 0 || fd > 2) {
    errno = EBADF;
    return -1;
  }
  st->st_mode = S_IFCHR;
  return 0;
}

__attribute__((weak)) int isatty(int fd) { return fd >= 0 && fd <= 2; }

__attribute__((weak)) pid_t getpid(void) { return 1; }

__attribute__((weak)) int kill(pid_t pid, int sig) {
  if (pid == 1)
    _exit(128 + sig);
  errno = ESRCH;
  return -1;
}

__attribute__((weak)) void _exit(int status) { noos_exit(status); }

#pragma clang attribute pop
