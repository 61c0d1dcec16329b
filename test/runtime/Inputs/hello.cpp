// C++ through the runtime: static constructors and destructors,
// exceptions, RTTI, new/delete and the containers.
#include <algorithm>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <vector>

struct Noisy {
  const char *Name;
  explicit Noisy(const char *N) : Name(N) { std::printf("construct %s\n", Name); }
  ~Noisy() { std::printf("destroy %s\n", Name); }
};
static Noisy Global("global");

struct Shape {
  virtual ~Shape() = default;
  virtual int sides() const = 0;
};
struct Square : Shape {
  int sides() const override { return 4; }
};

static int parse(const std::string &S) {
  if (S.empty() || S.find_first_not_of("0123456789") != std::string::npos)
    throw std::invalid_argument("not a number: '" + S + "'");
  return std::stoi(S);
}

int main() {
  std::vector<std::string> Words{"pear", "apple", "fig"};
  std::sort(Words.begin(), Words.end());
  std::map<std::string, int> Lengths;
  for (const std::string &W : Words)
    Lengths[W] = int(W.size());
  std::printf("sorted: %s %s %s, apple=%d\n", Words[0].c_str(),
              Words[1].c_str(), Words[2].c_str(), Lengths["apple"]);
  try {
    parse("12x");
    std::printf("no exception\n");
  } catch (const std::exception &E) {
    std::printf("caught %s: %s\n", typeid(E).name(), E.what());
  }
  Shape *S = new Square;
  std::printf("rtti: %s, dynamic_cast %s, sides %d\n", typeid(*S).name(),
              dynamic_cast<Square *>(S) ? "ok" : "failed", S->sides());
  delete S;
  return parse("42") == 42 ? 0 : 1;
}
