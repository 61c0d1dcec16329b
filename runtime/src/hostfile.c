/*
 * Host files through semihosting: open (so fopen), unlink (so remove),
 * rename, stat, and descriptors 3 and up for syscalls.c's read, write,
 * lseek, close and fstat. Paths are the host's, relative to the working
 * directory of the debugger or QEMU (noos-run's). Descriptors 0-2 stay the
 * board's console.
 *
 * The semihosting calls are the runtime's noos_semihost (BKPT 0xAB), not
 * picolibc's libsemihost: its POSIX layer makes every descriptor a
 * semihosting handle (stdin/stdout/stderr would leave the board's UART),
 * and its objects define the same symbols as the runtime's (open, read,
 * write, gettimeofday, times, getentropy...); its sys_semihost_* wrappers
 * are one trap each, which noos_semihost already is.
 *
 * Semihosting has no file position: it is kept here, per descriptor
 * (SYS_SEEK takes an absolute one, SEEK_END reads SYS_FLEN). Errors come
 * from SYS_ERRNO (the host's errno: Linux's and picolibc's numbers agree up
 * to ERANGE, 34; ENAMETOOLONG is translated, anything else is EIO).
 *
 * A program that opens no file links none of this.
 */
#include "internal.h"
#include "port.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Open host files at once; descriptors FIRST_FD.. */
#define HOST_FILES 8
#define FIRST_FD 3

static struct host_file {
  int handle; /* semihosting handle; 0: free slot, -1: being opened */
  int append;
  uint32_t pos;
} files[HOST_FILES];

/* Whether a host serves files over semihosting. Default: yes, as the
 * runtime's exit status and command line already need one. A board (or
 * program) that runs without a debugger or QEMU defines it to return 0:
 * the file calls then fail with ENOSYS instead of trapping. */
__attribute__((weak)) int noos_host_files(void) { return 1; }

static int no_host(void) {
  if (noos_host_files())
    return 0;
  errno = ENOSYS;
  return 1;
}

/* Sets errno from the host's last error; returns -1. */
static int host_error(void) {
  int e = (int)noos_semihost(NOOS_SYS_ERRNO, NULL);
  errno = e > 0 && e <= 34 ? e : e == 36 ? ENAMETOOLONG : EIO;
  return -1;
}

static struct host_file *file(int fd) {
  unsigned i = (unsigned)(fd - FIRST_FD);
  if (i >= HOST_FILES || files[i].handle <= 0) {
    errno = EBADF;
    return NULL;
  }
  return &files[i];
}

/* The fopen mode SYS_OPEN wants (always binary: no newline translation):
 * "rb" 1, "r+b" 3, "wb" 5, "w+b" 7, "ab" 9, "a+b" 11. */
static int semihost_mode(int flags) {
  int acc = flags & O_ACCMODE;
  if (flags & O_APPEND)
    return acc == O_RDWR ? 11 : 9;
  if (flags & O_TRUNC)
    return acc == O_RDWR ? 7 : 5;
  if (acc == O_RDONLY)
    return 1;
  return 3; /* write without truncating: the file must exist (below) */
}

static uintptr_t host_open(const char *path, int mode) {
  struct {
    const char *name;
    uintptr_t mode, len;
  } b = {path, (uintptr_t)mode, strlen(path)};
  return noos_semihost(NOOS_SYS_OPEN, &b);
}

static void host_close(int handle) {
  uintptr_t h = (uintptr_t)handle;
  noos_semihost(NOOS_SYS_CLOSE, &h);
}

static int open_slot(int slot, const char *path, int flags);

__attribute__((weak)) int open(const char *path, int flags, ...) {
  if (no_host())
    return -1;
  if (!path || !*path) {
    errno = ENOENT;
    return -1;
  }
  /* Claim a slot (-1: being opened) with interrupts masked: threads may
   * open files at the same time. */
  uint32_t m = k_lock();
  int slot = 0;
  while (slot < HOST_FILES && files[slot].handle)
    ++slot;
  if (slot < HOST_FILES)
    files[slot].handle = -1;
  k_unlock(m);
  if (slot == HOST_FILES) {
    errno = EMFILE;
    return -1;
  }
  int fd = open_slot(slot, path, flags);
  if (fd < 0)
    files[slot].handle = 0;
  return fd;
}

static int open_slot(int slot, const char *path, int flags) {
  int mode = semihost_mode(flags);
  /* O_CREAT without O_TRUNC or O_APPEND, and O_EXCL: whether the file
   * exists decides (semihosting's modes either truncate or need it). */
  if ((flags & O_CREAT) && (mode == 3 || mode == 1 || (flags & O_EXCL))) {
    intptr_t h = (intptr_t)host_open(path, 1);
    if (h != -1) {
      host_close((int)h);
      if (flags & O_EXCL) {
        errno = EEXIST;
        return -1;
      }
    } else if (mode == 3 || mode == 1) {
      mode = mode == 1 ? 7 : (flags & O_ACCMODE) == O_RDWR ? 7 : 5;
    }
  }
  intptr_t h = (intptr_t)host_open(path, mode);
  if (h == -1)
    return host_error();
  files[slot].handle = (int)h;
  files[slot].append = (flags & O_APPEND) != 0;
  files[slot].pos = 0;
  return FIRST_FD + slot;
}

static intptr_t host_length(int handle) {
  uintptr_t h = (uintptr_t)handle;
  return (intptr_t)noos_semihost(NOOS_SYS_FLEN, &h);
}

static int host_seek(struct host_file *f, uint32_t pos) {
  uintptr_t b[2] = {(uintptr_t)f->handle, pos};
  if (noos_semihost(NOOS_SYS_SEEK, b) != 0)
    return host_error();
  f->pos = pos;
  return 0;
}

ssize_t noos__host_read(int fd, void *buf, size_t len) {
  struct host_file *f = file(fd);
  if (!f)
    return -1;
  uintptr_t b[3] = {(uintptr_t)f->handle, (uintptr_t)buf, len};
  uintptr_t left = noos_semihost(NOOS_SYS_READ, b);
  if (left > len)
    return host_error();
  f->pos += (uint32_t)(len - left);
  return (ssize_t)(len - left);
}

ssize_t noos__host_write(int fd, const void *buf, size_t len) {
  struct host_file *f = file(fd);
  if (!f)
    return -1;
  if (f->append) {
    intptr_t end = host_length(f->handle);
    if (end < 0 || host_seek(f, (uint32_t)end) != 0)
      return host_error();
  }
  uintptr_t b[3] = {(uintptr_t)f->handle, (uintptr_t)buf, len};
  uintptr_t left = noos_semihost(NOOS_SYS_WRITE, b);
  if (left > len)
    return host_error();
  if (left == len && len)
    return host_error();
  f->pos += (uint32_t)(len - left);
  return (ssize_t)(len - left);
}

off_t noos__host_lseek(int fd, off_t offset, int whence) {
  struct host_file *f = file(fd);
  if (!f)
    return -1;
  int64_t base;
  if (whence == SEEK_SET)
    base = 0;
  else if (whence == SEEK_CUR)
    base = f->pos;
  else if (whence == SEEK_END) {
    intptr_t end = host_length(f->handle);
    if (end < 0)
      return host_error();
    base = (uint32_t)end;
  } else {
    errno = EINVAL;
    return -1;
  }
  int64_t pos = base + offset;
  if (pos < 0 || pos > INT32_MAX) {
    errno = pos < 0 ? EINVAL : EOVERFLOW;
    return -1;
  }
  if (host_seek(f, (uint32_t)pos) != 0)
    return -1;
  return (off_t)pos;
}

int noos__host_close(int fd) {
  struct host_file *f = file(fd);
  if (!f)
    return -1;
  uintptr_t h = (uintptr_t)f->handle;
  f->handle = 0;
  if (noos_semihost(NOOS_SYS_CLOSE, &h) != 0)
    return host_error();
  return 0;
}

int noos__host_fstat(int fd, struct stat *st) {
  struct host_file *f = file(fd);
  if (!f)
    return -1;
  intptr_t len = host_length(f->handle);
  if (len < 0)
    return host_error();
  memset(st, 0, sizeof *st);
  st->st_mode = S_IFREG | 0644;
  st->st_size = (off_t)len;
  st->st_nlink = 1;
  st->st_blksize = 512;
  return 0;
}

/* Semihosting has no stat: a file that opens for reading exists, and its
 * length is its size. A directory opens too on most hosts: it is not told
 * apart. */
__attribute__((weak)) int stat(const char *restrict path, struct stat *restrict st) {
  if (no_host())
    return -1;
  if (!path || !*path) {
    errno = ENOENT;
    return -1;
  }
  intptr_t h = (intptr_t)host_open(path, 1);
  if (h == -1)
    return host_error();
  intptr_t len = host_length((int)h);
  host_close((int)h);
  if (len < 0)
    return host_error();
  memset(st, 0, sizeof *st);
  st->st_mode = S_IFREG | 0644;
  st->st_size = (off_t)len;
  st->st_nlink = 1;
  st->st_blksize = 512;
  return 0;
}

__attribute__((weak)) int unlink(const char *path) {
  struct {
    const char *name;
    uintptr_t len;
  } b = {path, path ? strlen(path) : 0};
  if (no_host())
    return -1;
  if (!path || !*path) {
    errno = ENOENT;
    return -1;
  }
  if (noos_semihost(NOOS_SYS_REMOVE, &b) != 0)
    return host_error();
  return 0;
}

__attribute__((weak)) int rename(const char *from, const char *to) {
  if (no_host())
    return -1;
  if (!from || !*from || !to || !*to) {
    errno = ENOENT;
    return -1;
  }
  struct {
    const char *from;
    uintptr_t from_len;
    const char *to;
    uintptr_t to_len;
  } b = {from, strlen(from), to, strlen(to)};
  if (noos_semihost(NOOS_SYS_RENAME, &b) != 0)
    return host_error();
  return 0;
}
