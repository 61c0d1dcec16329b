// thumbv6m-noos-clang++ (the target from the driver's name): Armv6-M.
#include <cstring>
#if __ARM_ARCH != 6 || !defined(__ARM_ARCH_6M__)
#error not Armv6-M
#endif
std::size_t h(const char *S) { return std::strlen(S); }
