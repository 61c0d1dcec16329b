/* time: see unported.h and unported-sources.txt. */
#include "unported.h"
#include "unported/time.inc"
