/* threads: see unported.h and unported-sources.txt. */
#include "unported.h"
#include "unported/threads.inc"
  /* current.c: the kernel's thread record (kernel.h is Cortex-M code) */
  unported threads, noos_thread_self
  unported threads, noos_thread_name
  unported threads, noos_thread_priority
