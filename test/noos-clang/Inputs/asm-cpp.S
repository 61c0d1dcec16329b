// Preprocessed assembly: needs the variant's headers (picolibc's
// configuration header here), not the C/C++ flags.
#include <picolibc.h>
#ifndef __PICOLIBC__
#error picolibc.h not found
#endif
	.syntax unified
	.thumb
	.text
	.globl f
	.thumb_func
f:
	bx lr
