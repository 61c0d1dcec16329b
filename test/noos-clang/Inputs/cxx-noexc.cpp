// C++ without exceptions or RTTI.
#include <algorithm>
#include <array>

extern "C" void put(const char *);

int main() {
  std::array<int, 3> A{3, 1, 2};
  std::sort(A.begin(), A.end());
  put(A[0] == 1 ? "sorted\n" : "not sorted\n");
  return 0;
}
