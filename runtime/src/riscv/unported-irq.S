/* irq: see unported.h and unported-sources.txt. */
#include "unported.h"
#include "unported/irq.inc"
