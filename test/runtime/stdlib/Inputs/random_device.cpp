// std::random_device over the board's entropy (libstdc++'s "default" token
// on this build reaches getentropy/arc4random). The object holds a
// mt19937 for other tokens (5 KB): static, as the micro:bit's main stack
// is 2 KiB.
#include <cstdio>
#include <random>

int main() {
  static std::random_device rd;
  unsigned a = rd(), b = rd(), c = rd();
  bool ok = !(a == b && b == c);
  std::uniform_int_distribution<int> die(1, 6);
  std::minstd_rand gen(rd()); // small state: the micro:bit has a 2 KiB stack
  int roll = die(gen);
  ok = ok && roll >= 1 && roll <= 6;
  std::printf("random_device: %s (entropy %g)\n", ok ? "ok" : "FAILED",
              rd.entropy());
  return ok ? 0 : 1;
}
