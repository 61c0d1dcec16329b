// Hello world in C++: clang++ --target=thumbv7em-noos hello.cpp -o hello.elf
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

int main() {
  std::vector<std::string> Parts{"Hello", "from", "C++", "on", "noos"};
  std::string Line;
  for (const std::string &P : Parts)
    Line += (Line.empty() ? "" : " ") + P;
  std::puts(Line.c_str());
  try {
    throw std::runtime_error("exceptions work too");
  } catch (const std::exception &E) {
    std::puts(E.what());
  }
  return 0;
}
