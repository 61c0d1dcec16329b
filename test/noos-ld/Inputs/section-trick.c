/* GCC's section-flags trick: GCC writes the name into its assembly as is,
 * so flags after it take effect and "@" comments out GCC's own. clang
 * names the section with the whole string. */
__attribute__((section(".fastcode,\"ax\",%progbits @"))) int f(int x) {
  return x + 1;
}
__attribute__((section(".mydat,\"aw\",%progbits @"))) int v = 3;
int main(void) { return f(v); }
