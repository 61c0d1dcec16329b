/* irq: see unported.h and unported-sources.txt. */
#include "unported.h"
  unported irq, noos_irq_disable
  unported irq, noos_irq_enable
  unported irq, noos_irq_priority_levels
  unported irq, noos_irq_restore
  unported irq, noos_irq_save
  unported irq, noos_irq_service_handler
  unported irq, noos_irq_service_notify
  unported irq, noos_irq_set_priority
  unported irq, noos_irq_wait
