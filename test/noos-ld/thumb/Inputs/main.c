/* A C main for the start-up files. */
volatile int counter;
int main(void) {
  for (;;)
    ++counter;
}
