/*
 * --fault-report=none: an exception ends the program with its status
 * (fault.h: 128 + the vector's number), silently.
 */
#include "internal.h"
#include "fault.h"

#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

/* The symbol noos-ld asks for (-u) to pick this object. */
const char noos_fault_none = 0;

__attribute__((used)) void noos__a32_exception(uint32_t kind,
                                               const struct noos_a32_frame *f) {
  (void)f;
  noos_exit((int)(128 + kind));
}

#pragma clang attribute pop
