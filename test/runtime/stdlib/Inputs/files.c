// Host files through semihosting, as a hosted POSIX program uses them:
// test vectors in (a file the test wrote on the host), results out, while
// stdout stays on the board's console. Paths are relative to the working
// directory of noos-run. Each check prints "<name>: ok"; the exit status
// counts failures. -DNO_HOST: the program says there is no host
// (noos_host_files returns 0) and every call must fail with ENOSYS.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures;

static void check(const char *name, int ok) {
  printf("%s: %s\n", name, ok ? "ok" : "FAILED");
  if (!ok)
    ++failures;
  fflush(stdout);
}

#ifdef NO_HOST
int noos_host_files(void) { return 0; }

int main(void) {
  errno = 0;
  FILE *f = fopen("vector.txt", "r");
  check("fopen", !f && errno == ENOSYS);
  errno = 0;
  check("remove", remove("vector.txt") == -1 && errno == ENOSYS);
  errno = 0;
  check("rename", rename("a", "b") == -1 && errno == ENOSYS);
  struct stat st;
  errno = 0;
  check("stat", stat("vector.txt", &st) == -1 && errno == ENOSYS);
  errno = 0;
  check("read", read(5, &st, 1) == -1 && errno == EBADF);
  return failures;
}
#else
int main(void) {
  // The test vector the host wrote: "12 34 56\n".
  FILE *in = fopen("vector.txt", "r");
  int a = 0, b = 0, c = 0;
  check("vector-open", in != NULL);
  check("vector-read", in && fscanf(in, "%d %d %d", &a, &b, &c) == 3 &&
                           a + b + c == 102);
  check("vector-close", in && fclose(in) == 0);

  // Write, read back, seek.
  FILE *out = fopen("result.bin", "wb");
  check("write-open", out != NULL);
  static const char text[] = "0123456789abcdef";
  printf("console while a file is open\n");
  check("fwrite", out && fwrite(text, 1, 16, out) == 16);
  check("fputs", out && fputs("tail\n", out) >= 0);
  check("ftell-write", out && ftell(out) == 21);
  check("fclose-write", out && fclose(out) == 0);

  FILE *r = fopen("result.bin", "rb");
  char buf[32] = {0};
  check("fread", r && fread(buf, 1, sizeof buf, r) == 21 &&
                     memcmp(buf, "0123456789abcdeftail\n", 21) == 0 && feof(r));
  check("fseek-set", r && fseek(r, 10, SEEK_SET) == 0 && ftell(r) == 10 &&
                         fgetc(r) == 'a');
  check("fseek-cur", r && fseek(r, 2, SEEK_CUR) == 0 && fgetc(r) == 'd');
  check("fseek-end", r && fseek(r, -5, SEEK_END) == 0 && ftell(r) == 16 &&
                         fgetc(r) == 't');
  struct stat st;
  check("fstat", r && fstat(fileno(r), &st) == 0 && st.st_size == 21 &&
                     S_ISREG(st.st_mode));
  check("fclose-read", r && fclose(r) == 0);

  // Append, update, stat.
  FILE *ap = fopen("result.bin", "a");
  check("append", ap && fputs("more\n", ap) >= 0 && fclose(ap) == 0);
  check("stat", stat("result.bin", &st) == 0 && st.st_size == 26);
  FILE *up = fopen("result.bin", "r+");
  check("update", up && fseek(up, 1, SEEK_SET) == 0 && fputc('X', up) == 'X' &&
                      fclose(up) == 0);

  // POSIX descriptors directly.
  int fd = open("result.bin", O_RDONLY);
  char two[3] = {0};
  check("open", fd >= 3 && read(fd, two, 2) == 2 && strcmp(two, "0X") == 0 &&
                    lseek(fd, 0, SEEK_END) == 26 && close(fd) == 0);
  errno = 0;
  check("close-twice", close(fd) == -1 && errno == EBADF);
  errno = 0;
  check("excl", open("result.bin", O_WRONLY | O_CREAT | O_EXCL, 0644) == -1 &&
                    errno == EEXIST);

  // Eight files at once; a ninth is refused, and closing one frees its slot.
  int fds[9], opened = 0;
  for (int i = 0; i < 9; ++i)
    if ((fds[i] = open("vector.txt", O_RDONLY)) >= 0)
      ++opened;
  int emfile = fds[8] == -1 && errno == EMFILE;
  int again = close(fds[0]) == 0 && (fds[0] = open("vector.txt", O_RDONLY)) >= 3;
  for (int i = 0; i < 8; ++i)
    close(fds[i]);
  check("emfile", opened == 8 && emfile && again);

  // Rename, remove; the file is then gone.
  check("rename", rename("result.bin", "renamed.bin") == 0);
  errno = 0;
  check("renamed", stat("result.bin", &st) == -1 && errno == ENOENT &&
                       stat("renamed.bin", &st) == 0 && st.st_size == 26);
  check("copy-out", (out = fopen("out.txt", "w")) && fprintf(out, "sum=%d\n", a + b + c) > 0 && fclose(out) == 0);
  check("remove", remove("renamed.bin") == 0);
  errno = 0;
  check("gone", fopen("renamed.bin", "r") == NULL && errno == ENOENT);
  errno = 0;
  check("remove-missing", remove("renamed.bin") == -1 && errno == ENOENT);
  errno = 0;
  check("missing", fopen("no/such/file", "r") == NULL && errno == ENOENT);
  // The console is still the console.
  check("stdout", write(1, "console\n", 8) == 8);
  return failures;
}
#endif
