/*
 * --fault-report=none: a trap ends the program with status 128 + the
 * exception code (fault.h), silently.
 */
#include "internal.h"
#include "fault.h"

#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

/* The symbol noos-ld asks for (-u) to pick this object. */
const char noos_fault_none = 0;

__attribute__((noreturn, used)) void
noos__rv_trap(const struct noos_rv_frame *f) {
  noos_exit(noos__rv_trap_status(f->mcause));
}

#pragma clang attribute pop
