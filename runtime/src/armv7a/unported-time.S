/* time: see unported.h and unported-sources.txt. */
#include "unported.h"
  .syntax unified
  .arm
#include "unported/time.inc"
