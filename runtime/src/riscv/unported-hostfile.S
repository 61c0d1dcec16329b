/* hostfile: see unported.h and unported-sources.txt. */
#include "unported.h"
  unported hostfile, open
  unported hostfile, rename
  unported hostfile, stat
  unported hostfile, unlink
  unported hostfile, noos_host_files
