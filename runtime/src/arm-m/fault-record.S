/*
 * The entry of noos-ld --fault-report=record: fault.S's entry (the same
 * move to a usable stack and the same saved state), calling the record
 * writer (fault-record.c) instead of the full report, which is then not
 * linked. noos-ld selects this object with -u noos_fault_record
 * (fault-entry.h).
 */
#define NOOS_FAULT_REPORTER noos_fault_print_record
#define NOOS_FAULT_MARKER noos_fault_record
#include "fault.S"
