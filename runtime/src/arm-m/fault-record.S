/*
 * The entry of noos-ld --fault-report=record: fault.S's entry (the same
 * move to a usable stack and the same saved state), calling the record
 * writer (fault-record.c) instead of the full report, which is then not
 * linked. noos-ld selects this object with -u noos_fault_record
 * (fault-entry.h).
 *
 * It is the default handler too (noos_fault_record_unhandled): an
 * exception or interrupt nobody handles prints a record like a fault, and
 * the host, which tells them apart by IPSR, prints the default handler's
 * message, naming the handler to define from the image's non-allocated
 * copy of the interrupt names. So neither handlers.c nor the names are in
 * the image: this empty writable section (retained: nothing refers to it)
 * makes the generated script's ONLY_IF_RO name table disappear from it.
 *
 * noos_default_handler (what the generated vector table's unhandled
 * entries and entry.S's fallbacks name) is a weak alias of it here, not a
 * noos-ld --defsym as for none: this object is extracted first (-u), so
 * the name is defined before anything asks for it and handlers.c's is
 * never extracted; and a program with its own vector table and linker
 * script, which names no default handler, keeps none of this (a --defsym
 * would keep it, and need the layout's symbols, for nothing).
 */
#define NOOS_FAULT_REPORTER noos_fault_print_record
#define NOOS_FAULT_MARKER noos_fault_record
#define NOOS_FAULT_UNHANDLED noos_fault_record_unhandled
#include "fault.S"

  .weak noos_default_handler
  .type noos_default_handler, %function
  .set noos_default_handler, noos_fault_record_unhandled

  .section .noos.no_irq_names, "awR", %nobits
