/* Takes and returns a float: in s0 with -mfloat-abi=hard, in r0 without. */
float scale(float x) { return x; }
