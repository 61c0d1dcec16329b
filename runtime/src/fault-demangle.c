/*
 * The simple forms of a C++ type's mangled name, demangled by hand for
 * the terminate handler's line (fault-terminate.cpp) when the target says
 * it all itself: --fault-report=full, short and none. With the record
 * (the default) the host demangles instead (noos-run, lib/Fault), and
 * this code is not in the image: the terminate handler calls it through a
 * weak reference, and only the other fault entries bring it in (from a
 * section the linker drops, so a C program keeps none of it).
 *
 * Plain C: extracted into C programs too, it must refer to nothing of
 * C++'s (no unwind tables, no personality routine).
 */
#include "internal.h"

#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

static void put(const char *s) { noos_puts_raw(s); }

/* One <source-name> (a length, then that many characters) at m: prints
 * it and returns what follows, or NULL when m does not start with one. */
static const char *source_name(const char *m, int print) {
  unsigned n = 0;
  if (*m < '1' || *m > '9')
    return 0;
  while (*m >= '0' && *m <= '9')
    n = n * 10 + (unsigned)(*m++ - '0');
  for (unsigned i = 0; i < n; ++i)
    if (!m[i])
      return 0;
  if (print) {
    char buf[2] = {0, 0};
    for (unsigned i = 0; i < n; ++i) {
      buf[0] = m[i];
      put(buf);
    }
  }
  return m + n;
}

/* The builtin types, by their one-letter codes. */
static const char builtins[] = "vvoid\0bbool\0cchar\0asigned char\0hunsigned char\0"
                               "sshort\0tunsigned short\0iint\0junsigned int\0"
                               "llong\0munsigned long\0xlong long\0"
                               "yunsigned long long\0ffloat\0ddouble\0elong double";

/* The simple forms of a mangled type name: "x" (1x), "std::x" (St1x),
 * "a::b::x" (N1a1b1xE, St for std:: first), the builtin types and
 * "const char*" (PKc, a thrown string literal; its text is not printed:
 * catching it would link the type information of every fundamental
 * type). Returns 0 (and prints nothing) for anything else. */
int noos__demangle(const char *m, int print) {
  if (m[0] && !m[1]) {
    for (const char *b = builtins; b < builtins + sizeof(builtins);
         b += __builtin_strlen(b) + 1)
      if (*b == *m) {
        if (print)
          put(b + 1);
        return 1;
      }
    return 0;
  }
  if (!__builtin_strcmp(m, "PKc")) {
    if (print)
      put("const char*");
    return 1;
  }
  int nested = *m == 'N';
  if (nested)
    ++m;
  int first = 1;
  if (m[0] == 'S' && m[1] == 't') {
    if (print)
      put("std");
    m += 2;
    first = 0;
  }
  do {
    if (!first && print)
      put("::");
    m = source_name(m, print);
    if (!m)
      return 0;
    first = 0;
  } while (nested && *m != 'E');
  return nested ? m[0] == 'E' && !m[1] : !*m;
}

#pragma clang attribute pop
