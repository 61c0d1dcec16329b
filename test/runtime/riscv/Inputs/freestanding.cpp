// C++ the language without its standard library (none is packaged for
// RISC-V): classes, virtual calls, global constructors and destructors.
#include <stdio.h>
struct Shape { virtual int sides() const = 0; virtual ~Shape() {} };
struct Square : Shape { int sides() const override { return 4; } };
struct G { G() { puts("construct global"); } ~G() { puts("destroy global"); } } g;
int main() { Square s; const Shape &r = s; printf("sides %d\n", r.sides()); return 0; }
