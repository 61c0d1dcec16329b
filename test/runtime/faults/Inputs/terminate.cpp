// What abort() and an uncaught exception say, one case per argument:
//   bad_alloc  new until the heap is full: std::bad_alloc, uncaught
//   nested     an exception class in a namespace, with its what()
//   int        a thrown int (no what())
//   string     a thrown string literal
//   template   a class template's exception (printed mangled)
//   none       std::terminate() without an exception
//   abort      abort() from a known function
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <vector>

namespace app {
struct Error : std::exception {
  const char *what() const noexcept override { return "the widget broke"; }
};
template <int N> struct Tagged {};
} // namespace app

// abort's call at a known address: the symbol's own.
extern "C" __attribute__((naked, noreturn)) void abort_here() {
  __asm__ volatile("bl abort");
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  const char *Case = argv[1];
  if (!std::strcmp(Case, "bad_alloc")) {
    std::vector<char *> Blocks;
    for (;;)
      Blocks.push_back(new char[1024]);
  }
  if (!std::strcmp(Case, "nested"))
    throw app::Error();
  if (!std::strcmp(Case, "int"))
    throw 42;
  if (!std::strcmp(Case, "string"))
    throw "out of widgets";
  if (!std::strcmp(Case, "template"))
    throw app::Tagged<3>();
  if (!std::strcmp(Case, "none"))
    std::terminate();
  if (!std::strcmp(Case, "abort"))
    abort_here();
  return 1;
}
