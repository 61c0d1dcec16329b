// C++ as clangd must see it for thumbv7em-noos: the variant's libstdc++ and
// picolibc headers, the runtime's, hard float with a single-precision FPU.
#include <cstdint>
#include <cstdio>
#include <vector>
#include <noos/thread.hpp>
#if !defined(__ARM_PCS_VFP) || __ARM_FP != 0x6
#error not hard float with a single-precision FPU
#endif
#ifndef _GNU_SOURCE
#error C++ without _GNU_SOURCE, unlike the build
#endif
int main() {
  std::vector<std::uint32_t> V{1, 2};
  std::printf("%u\n", static_cast<unsigned>(V.size()));
  return 0;
}
