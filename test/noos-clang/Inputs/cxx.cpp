// C++17 with exceptions, RTTI, static constructors and the containers.
#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <vector>

extern "C" void put(const char *);

struct Global {
  Global() { put("ctor\n"); }
  ~Global() { put("dtor\n"); }
} G;

struct Base { virtual ~Base() = default; };
struct Derived : Base {};

int main() {
  std::vector<int> V{3, 1, 2};
  std::sort(V.begin(), V.end());
  std::map<std::string, int> M{{"a", 1}};
  std::string S = "hello " + std::to_string(V[0]);
  try {
    throw std::runtime_error("boom");
  } catch (const std::exception &E) {
    put(E.what());
  }
  Base *B = new Derived;
  bool IsDerived = dynamic_cast<Derived *>(B) != nullptr &&
                   typeid(*B) == typeid(Derived);
  delete B;
  put(S.c_str());
  return M["a"] == 1 && IsDerived ? 0 : 1;
}
