struct S { virtual int f() { return 1; } };
int use(S *s) { return s->f(); }
namespace n { int g(int x) { return x + 1; } }
