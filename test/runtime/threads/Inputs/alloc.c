// Embedded Go's allocator test: a producer allocates blocks of random size
// (1..1024 bytes), fills them and sends them through a bounded queue to a
// consumer, which checks and frees them; the heap is kept nearly full, so
// the producer keeps running out of memory and waiting for the consumer.
// malloc's lock (picolibc's retargetable lock, on the runtime's mutex) is
// contended all along. Arguments: rounds, then the producer's and the
// consumer's priorities. Prints "alloc: ok" when every block arrived
// intact and the heap is back as it was.
#include <malloc.h>
#include <noos/noos.h>
#include <noos/thread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__ARM_ARCH_6M__)
#define FREE_HEAP 2048 /* the micro:bit: 16 KiB in all */
#define STACK 512
#else
#define FREE_HEAP 4096
#define STACK 1024
#endif
#define CAPACITY 8

struct msg {
  unsigned char *block;
  uint32_t size, seq;
};

static noos_queue_t *queue;
static noos_note_t freed = NOOS_NOTE_INIT;
static uint32_t rounds, full_waits, bad;

static uint32_t rng = 2463534242u;
static uint32_t next_random(void) {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}

static unsigned char pattern(uint32_t seq, uint32_t i) {
  return (unsigned char)(seq * 31 + i * 7);
}

static void producer(void *arg) {
  (void)arg;
  for (uint32_t seq = 0; seq < rounds; ++seq) {
    uint32_t size = next_random() % 1024 + 1;
    unsigned char *b;
    for (;;) {
      noos_note_clear(&freed);
      if ((b = malloc(size)))
        break;
      ++full_waits; /* the heap is full: wait for the consumer to free */
      noos_note_sleep(&freed, noos_nanotime() + 1000000);
    }
    for (uint32_t i = 0; i < size; ++i)
      b[i] = pattern(seq, i);
    struct msg m = {b, size, seq};
    noos_queue_send(queue, &m, NOOS_FOREVER);
  }
}

static void consumer(void *arg) {
  (void)arg;
  for (uint32_t n = 0; n < rounds; ++n) {
    struct msg m;
    noos_queue_receive(queue, &m, NOOS_FOREVER);
    int ok = m.seq == n;
    for (uint32_t i = 0; ok && i < m.size; ++i)
      ok = m.block[i] == pattern(m.seq, i);
    if (!ok && bad++ < 5)
      printf("alloc: block %lu (%lu bytes) damaged\n", (unsigned long)m.seq,
             (unsigned long)m.size);
    free(m.block);
    noos_note_wakeup(&freed);
  }
}

int main(int argc, char **argv) {
  if (argc < 4)
    return 2;
  rounds = (uint32_t)atol(argv[1]);
  int pprio = atoi(argv[2]), cprio = atoi(argv[3]);
  queue = noos_queue_create(sizeof(struct msg), CAPACITY);
  noos_thread_t *p = noos_thread_create(producer, 0, STACK, pprio, "producer");
  noos_thread_t *c = noos_thread_create(consumer, 0, STACK, cprio, "consumer");
  if (!queue || !p || !c)
    return 3;
  noos_thread_set_priority(noos_thread_self(), NOOS_PRIO_MAX);

  /* Fill the heap but FREE_HEAP bytes: ballast in halving blocks. */
  void *ballast[32];
  int nb = 0;
  for (size_t size = 1u << 20; size >= 256 && nb < 32; size /= 2)
    while (nb < 32 && (ballast[nb] = malloc(size)))
      ++nb;
  size_t room = 0;
  while (nb > 0 && room < FREE_HEAP) {
    --nb;
    room += malloc_usable_size(ballast[nb]);
    free(ballast[nb]);
  }
  struct mallinfo before = mallinfo();

  noos_thread_set_priority(noos_thread_self(), NOOS_PRIO_MIN);
  noos_thread_join(p);
  noos_thread_join(c);

  struct mallinfo after = mallinfo();
  for (int i = 0; i < nb; ++i)
    free(ballast[i]);
  printf("alloc: %lu rounds, producer %d, consumer %d, %lu times out of memory\n",
         (unsigned long)rounds, pprio, cprio, (unsigned long)full_waits);
  /* The threads' blocks were freed by the joins: in use as before them,
   * less the two threads. */
  int intact = !bad && after.uordblks <= before.uordblks;
  printf("alloc: heap in use %lu before, %lu after\n", (unsigned long)before.uordblks,
         (unsigned long)after.uordblks);
  printf("alloc: %s\n", intact ? "ok" : "FAILED");
  noos_queue_destroy(queue);
  return intact ? 0 : 1;
}
