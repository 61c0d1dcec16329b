// What the runtime reports when threads go wrong, one case per argument:
//   overflow  a thread's stack pointer goes below its stack (PSPLIM faults
//             on v8-M Main, the kernel call's check elsewhere)
//   canary    a thread writes past its stack and returns (v6-M, v7-M)
//   underrun  a thread's stack pointer stays in its stack but it writes
//             below the stack (the v7-M MPU guard faults at the write)
//   switch-canary  canary's thread at main's priority, main yielding to
//             it: the context switch (PendSV) finds the canary overwritten
//   switch-preempt  a thread at main's priority with too little stack
//             left for its context, preempted at its time slice's end: the
//             switch's save overwrites the canary and the switch finds it
//
// Built with -DNO_MPU_GUARD, the program owns the MPU (it replaces
// noos_fault_init), so the scheduler sets no guard and the checks at
// each switch and kernel call catch what they can.
//   deadlock  two threads take two mutexes in opposite orders
//   orphan    main waits for a mutex whose owner has ended
//   masked    a blocking call with interrupts masked
//   exit      main ends its thread; the last thread's end ends the program
#include <noos/noos.h>
#include <noos/thread.h>
#include <stdio.h>
#include <string.h>

/* A frame 16 bytes larger than the whole 256-byte stack, live while the
 * thread enters the kernel (PSPLIM on v8-M Main faults at once). Where
 * the stack is raised to a NOOS_STACK_MIN above 512 (AArch64's 640), a
 * frame that fits but leaves less than the 272 bytes the SVC saves. */
#if NOOS_STACK_MIN > 512
#define GREEDY_FRAME (NOOS_STACK_MIN - 240)
#else
#define GREEDY_FRAME 272
#endif
static void greedy(void *arg) {
  (void)arg;
  char buf[GREEDY_FRAME];
  __asm__ volatile("" : : "r"(buf) : "memory"); /* it exists */
  noos_sleep_for(1000); /* a kernel call: an SVC, which stacks below */
  __asm__ volatile("" : : "r"(buf) : "memory");
}

/* A leaf that writes a little past the bottom of its 256-byte stack and
 * returns: the next kernel call finds the canary overwritten. */
static void __attribute__((noinline)) scribble(void) {
  volatile char buf[256];
  for (unsigned i = 0; i < sizeof(buf); ++i)
    buf[i] = 0;
}
static void scribbler(void *arg) {
  (void)arg;
  scribble();
  noos_thread_yield();
}

/* Spins with a frame that leaves less of its 256-byte stack than the
 * exception frame and the switch's save need (68 bytes), never writing it:
 * intact until the time slice ends and the switch saves the context. */
static void spinner(void *arg) {
  (void)arg;
  volatile char buf[200];
  for (;;)
    __asm__ volatile("" : : "r"(buf) : "memory");
}

/* Writes downwards from a local buffer, past the bottom of its 256-byte
 * stack, with the stack pointer well inside it. */
static void underrunner(void *arg) {
  (void)arg;
  volatile char buf[16];
  volatile char *p = buf;
  for (int i = 0; i < 240; ++i, --p) {
    __asm__ volatile("" : "+r"(p)); /* the compiler cannot see the end */
    *p = 0;
  }
  noos_thread_yield();
}

#ifdef NO_MPU_GUARD
void noos_fault_init(void) {}
#endif

/* Each takes its first mutex, waits until the other has taken its own,
 * then wants the other's. */
static noos_mutex_t a = NOOS_MUTEX_INIT, b = NOOS_MUTEX_INIT;
static noos_sem_t has_a = NOOS_SEM_INIT(0), has_b = NOOS_SEM_INIT(0);
static void first_a(void *arg) {
  (void)arg;
  noos_mutex_lock(&a);
  noos_sem_post(&has_a);
  noos_sem_wait(&has_b, NOOS_FOREVER);
  noos_mutex_lock(&b);
}
static void first_b(void *arg) {
  (void)arg;
  noos_mutex_lock(&b);
  noos_sem_post(&has_b);
  noos_sem_wait(&has_a, NOOS_FOREVER);
  noos_mutex_lock(&a);
}

/* Takes a mutex and ends without unlocking it. */
static void careless(void *arg) {
  (void)arg;
  noos_mutex_lock(&a);
}

static void last(void *arg) {
  (void)arg;
  noos_sleep_for(2000000);
  printf("exit: the last thread ends\n");
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  if (!strcmp(argv[1], "overflow")) {
    noos_thread_t *t = noos_thread_create(greedy, 0, 256, 9, "greedy");
    noos_thread_join(t);
    printf("overflow: not caught\n");
  } else if (!strcmp(argv[1], "canary")) {
    noos_thread_t *t = noos_thread_create(scribbler, 0, 256, 9, "scribbler");
    noos_thread_join(t);
    printf("canary: not caught\n");
  } else if (!strcmp(argv[1], "switch-canary")) {
    noos_thread_create(scribbler, 0, 256, NOOS_PRIO_DEFAULT, "scribbler");
    for (;;)
      noos_thread_yield();
  } else if (!strcmp(argv[1], "switch-preempt")) {
    noos_thread_create(spinner, 0, 256, NOOS_PRIO_DEFAULT, "spinner");
    for (;;)
      __asm__ volatile("");
  } else if (!strcmp(argv[1], "underrun")) {
    noos_thread_t *t = noos_thread_create(underrunner, 0, 256, 9, "underrunner");
    noos_thread_join(t);
    printf("underrun: not caught\n");
  } else if (!strcmp(argv[1], "deadlock")) {
    noos_thread_t *x = noos_thread_create(first_a, 0, 0, 5, "first-a");
    noos_thread_t *y = noos_thread_create(first_b, 0, 0, 5, "first-b");
    noos_thread_join(x);
    noos_thread_join(y);
    printf("deadlock: not caught\n");
  } else if (!strcmp(argv[1], "orphan")) {
    noos_thread_create(careless, 0, 0, 9, "careless"); /* runs and ends */
    noos_mutex_lock(&a);
    printf("orphan: not caught\n");
  } else if (!strcmp(argv[1], "masked")) {
    noos_irq_save();
    noos_sleep_for(1000);
    printf("masked: not refused\n");
  } else if (!strcmp(argv[1], "exit")) {
    noos_thread_create(last, 0, 0, 5, "last");
    printf("exit: main ends its thread\n");
    noos_thread_exit();
  }
  return 1;
}
