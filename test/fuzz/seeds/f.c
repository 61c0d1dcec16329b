float scale(float x, float y) { return x * y + 1.0f; }
int counter;
int main(void) { counter = (int)scale(2.0f, 3.0f); return counter == 7 ? 0 : 1; }
