/*
 * --fault-report=none: an exception ends the program with its status
 * (exception.h: 128 + the exception class, 192 + the vector entry),
 * silently.
 */
#include "internal.h"
#include "exception.h"

#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

/* The symbol noos-ld asks for (-u) to pick this object. */
const char noos_fault_none = 0;

__attribute__((used)) void noos__a64_exception(struct noos_a64_frame *f,
                                               uint64_t entry) {
  noos_exit((int)noos__a64_status(f, entry));
}

#pragma clang attribute pop
