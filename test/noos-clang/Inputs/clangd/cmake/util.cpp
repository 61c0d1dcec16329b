#include <cstdint>
#include <array>
#if __ARM_FP != 0xe
#error not the board's CPU
#endif
extern "C" int twice(int X) {
  std::array<std::int32_t, 1> A{X};
  return A[0] * 2;
}
