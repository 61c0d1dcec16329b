/* Exits with 42 (linked with examples/minimal/startup.c). */
void put(const char *s);

int main(void) {
  put("about to exit with 42\n");
  return 42;
}
