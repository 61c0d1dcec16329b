// Stack-analysis seeds: a thread whose entry tail-calls into a call chain,
// a recursion and an indirect call on the main stack.
#include <noos/thread.h>
__attribute__((noinline)) int leaf(int x) { volatile char a[200]; a[x] = (char)x; return a[1]; }
__attribute__((noinline)) int mid(int x) { volatile char b[100]; b[x] = (char)x; return leaf(x) + b[2]; }
__attribute__((noinline)) int hop(int x) { return mid(x + 1); }
__attribute__((noinline)) int walk(int n) { return n ? walk(n - 1) + 1 : 0; }
int (*volatile fp)(int) = walk;
void worker(void *p) { hop((int)(long)p); }
int main(int argc, char **argv) {
  (void)argv;
  noos_thread_join(noos_thread_create(worker, (void *)3, 0, 9, "worker"));
  return fp(argc) + walk(argc);
}
