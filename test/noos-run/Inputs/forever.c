/* Never exits (linked with examples/minimal/startup.c). */
void put(const char *s);

int main(void) {
  put("looping\n");
  for (;;)
    __asm__ volatile("");
}
