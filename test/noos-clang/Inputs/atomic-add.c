/* An atomic read-modify-write: on aarch64 it must compile inline (no
   outline-atomics helper, which Debian's libgcc for arm64 cannot serve). */
int x;
int add(int a) { return __atomic_fetch_add(&x, a, __ATOMIC_SEQ_CST); }
