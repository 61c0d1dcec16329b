// Placeholder: the implementation is being written.
#include "noos/Driver.h"
int noos::linkerMain(int, char **, void *) { return 1; }
