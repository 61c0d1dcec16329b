/* time: see unported.h and unported-sources.txt. */
#include "unported.h"
  unported time, noos_nanotime
  unported time, noos_set_system_timer
  unported time, noos_set_system_alarm
  unported time, noos_system_alarm
  unported time, clock_getcpuclockid
  unported time, clock_getres
  unported time, clock_gettime
  unported time, clock_nanosleep
  unported time, clock_settime
  unported time, gettimeofday
  unported time, nanosleep
  unported time, settimeofday
  unported time, sleep
  unported time, times
  unported time, usleep
  unported time, timespec_get
