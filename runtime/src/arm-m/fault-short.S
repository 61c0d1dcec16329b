/*
 * The entry of noos-ld --fault-report=short: fault.S's entry (the same
 * move to a usable stack and the same record), calling the short reporter
 * (fault-short.c) instead of the full one, which is then not linked.
 * noos-ld selects this object with -u noos_fault_short (fault-entry.h).
 */
#define NOOS_FAULT_REPORTER noos_fault_print_short
#define NOOS_FAULT_MARKER noos_fault_short
#include "fault.S"
