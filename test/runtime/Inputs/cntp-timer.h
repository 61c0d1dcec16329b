// The Arm generic timer's EL1 physical timer, as the AArch64 test
// programs use it for an interrupt (the runtime's time is the virtual
// timer): a level while it has expired, re-armed by the ack. PPI 30.
#ifndef NOOS_TEST_CNTP_TIMER_H
#define NOOS_TEST_CNTP_TIMER_H
#include <stdint.h>

static uint64_t period;
static void timer_ack(void) {
  __asm__ volatile("msr cntp_tval_el0, %0\n\tisb" : : "r"(period));
}
static void timer_start(uint32_t us) {
  uint64_t hz;
  __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(hz));
  period = hz / 1000000 * us;
  timer_ack();
  __asm__ volatile("msr cntp_ctl_el0, %0\n\tisb" : : "r"(1ull));
}
static void timer_stop(void) {
  __asm__ volatile("msr cntp_ctl_el0, %0\n\tisb" : : "r"(0ull));
}
#endif
