/*
 * The RAM layout from the linker script's symbols, DMA-safe and
 * persistent allocations. The heap itself is picolibc's malloc over
 * sbrk, which takes __heap_start..__heap_end (the rest of RAM block 1)
 * and returns NULL when it is used up.
 */
#include "internal.h"
#include <stdlib.h>

/* Built for size: allocation is picolibc's malloc; these only wrap it. */
#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

extern char __stack_limit[], __stack[];
extern char __heap_start[], __heap_end[];
extern char __ram2_start[], __ram2_free[], __ram2_end[];

void noos_get_ram_layout(struct noos_ram_layout *l) {
  l->ram_start = (uintptr_t)__stack_limit;
  l->ram_end = (uintptr_t)__heap_end;
  l->stack_bottom = (uintptr_t)__stack_limit;
  l->stack_top = (uintptr_t)__stack;
  l->heap_start = (uintptr_t)__heap_start;
  l->heap_end = (uintptr_t)__heap_end;
  l->ram2_start = (uintptr_t)__ram2_start;
  l->ram2_end = (uintptr_t)__ram2_end;
}

void *noos_dma_alloc(size_t size, size_t align) {
  if (align < 8)
    align = 8;
  if (align & (align - 1))
    return NULL;
  /* aligned_alloc wants a size that is a multiple of the alignment. */
  size = (size + align - 1) & ~(align - 1);
  return aligned_alloc(align, size);
}

void *noos_persistent_alloc(size_t size, size_t align) {
  static uintptr_t next;
  if (align < 8)
    align = 8;
  if (align & (align - 1))
    return NULL;
  if (!next)
    next = (uintptr_t)__ram2_free;
  uintptr_t p = (next + align - 1) & ~(uintptr_t)(align - 1);
  if (p >= next && p + size >= p && p + size <= (uintptr_t)__ram2_end) {
    next = p + size;
    return (void *)p;
  }
  return noos_dma_alloc(size, align); /* no block 2, or it is full */
}

#pragma clang attribute pop
