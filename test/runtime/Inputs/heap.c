// malloc until the heap is used up, then free and allocate again: NULL at
// exhaustion, never corruption; DMA and persistent allocations.
#include <noos/noos.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BLOCKS 512

int main(void) {
  struct noos_ram_layout L;
  noos_get_ram_layout(&L);
  printf("heap %lu bytes, ram2 %lu bytes\n",
         (unsigned long)(L.heap_end - L.heap_start),
         (unsigned long)(L.ram2_end - L.ram2_start));
  // Chunks sized so the heap runs out well before the table does.
  size_t CHUNK = (L.heap_end - L.heap_start) / (MAX_BLOCKS / 2);
  static void *blocks[MAX_BLOCKS];
  int n = 0;
  while (n < MAX_BLOCKS && (blocks[n] = malloc(CHUNK)) != NULL) {
    uintptr_t p = (uintptr_t)blocks[n];
    if (p < L.heap_start || p + CHUNK > L.heap_end) {
      printf("block %d outside the heap\n", n);
      return 1;
    }
    memset(blocks[n], n & 0xff, CHUNK);
    ++n;
  }
  printf("exhausted after %d blocks: %s\n", n, n < MAX_BLOCKS ? "NULL" : "no");
  int bad = 0;
  for (int i = 0; i < n; ++i)
    for (size_t j = 0; j < CHUNK; ++j)
      bad += ((unsigned char *)blocks[i])[j] != (i & 0xff);
  printf("contents intact: %s\n", bad ? "no" : "yes");
  for (int i = 0; i < n; i += 2)
    free(blocks[i]);
  int again = 0;
  for (int i = 0; i < n; i += 2)
    again += (blocks[i] = malloc(CHUNK)) != NULL;
  printf("reused %d of %d freed blocks\n", again, (n + 1) / 2);
  for (int i = 0; i < n; ++i)
    free(blocks[i]);
  void *dma = noos_dma_alloc(300, 64);
  printf("dma aligned: %s\n", dma && ((uintptr_t)dma & 63) == 0 ? "yes" : "no");
  void *p = noos_persistent_alloc(100, 16);
  int in_ram2 = L.ram2_end > L.ram2_start && (uintptr_t)p >= L.ram2_start &&
                (uintptr_t)p < L.ram2_end;
  printf("persistent in %s\n", in_ram2 ? "ram2" : "heap");
  return bad || again == 0;
}
