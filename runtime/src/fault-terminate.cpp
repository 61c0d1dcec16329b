/*
 * What an uncaught C++ exception says (std::terminate's handler):
 *
 *   noos: terminate: uncaught std::bad_alloc: std::bad_alloc
 *     status:     134
 *
 * the exception's type and, for a std::exception, its what(). The default
 * handler of this libstdc++ build (abort) said nothing, and libstdc++'s
 * verbose one would link the whole demangler (tens of KB): type names are
 * demangled here by hand for the simple forms (std::x, a::b::c, x), and
 * anything else (templates, say) is printed mangled, marked as such.
 *
 * Linked only with the C++ runtime: this file defines the variable
 * std::terminate keeps its handler in, __cxxabiv1::__terminate_handler,
 * which libstdc++'s own definition (eh_term_handler.o) would otherwise
 * bring; only libsupc++'s terminate/throw code refers to it, so a C
 * program never links this file, and the runtime's archive being searched
 * before libstdc++'s makes this definition the one used.
 * std::set_terminate still replaces it.
 */
#include <cxxabi.h>
#include <exception>
#include <typeinfo>

extern "C" {
#include "internal.h"
}

#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

namespace {

void put(const char *S) { noos_puts_raw(S); }

/* One <source-name> (a length, then that many characters) at M: prints
 * it and returns what follows, or NULL when M does not start with one. */
const char *sourceName(const char *M, bool Print) {
  unsigned N = 0;
  if (*M < '1' || *M > '9')
    return nullptr;
  while (*M >= '0' && *M <= '9')
    N = N * 10 + unsigned(*M++ - '0');
  for (unsigned I = 0; I < N; ++I)
    if (!M[I])
      return nullptr;
  if (Print) {
    char Buf[2] = {0, 0};
    for (unsigned I = 0; I < N; ++I) {
      Buf[0] = M[I];
      put(Buf);
    }
  }
  return M + N;
}

/* The builtin types, by their one-letter codes. */
const char Builtins[] = "vvoid\0bbool\0cchar\0asigned char\0hunsigned char\0"
                        "sshort\0tunsigned short\0iint\0junsigned int\0"
                        "llong\0munsigned long\0xlong long\0"
                        "yunsigned long long\0ffloat\0ddouble\0elong double";

/* The simple forms of a mangled type name: "x" (1x), "std::x" (St1x),
 * "a::b::x" (N1a1b1xE, St for std:: first), the builtin types and
 * "const char*" (PKc, a thrown string literal; its text is not printed:
 * catching it would link the type information of every fundamental
 * type). Returns false (and prints nothing) for anything else. */
bool demangle(const char *M, bool Print) {
  if (M[0] && !M[1]) {
    for (const char *B = Builtins; B < Builtins + sizeof(Builtins); B += __builtin_strlen(B) + 1)
      if (*B == *M) {
        if (Print)
          put(B + 1);
        return true;
      }
    return false;
  }
  if (!__builtin_strcmp(M, "PKc")) {
    if (Print)
      put("const char*");
    return true;
  }
  bool Nested = *M == 'N';
  if (Nested)
    ++M;
  bool First = true;
  if (M[0] == 'S' && M[1] == 't') {
    if (Print)
      put("std");
    M += 2;
    First = false;
  }
  do {
    if (!First && Print)
      put("::");
    M = sourceName(M, Print);
    if (!M)
      return false;
    First = false;
  } while (Nested && *M != 'E');
  return Nested ? M[0] == 'E' && !M[1] : !*M;
}

[[noreturn]] void report() noexcept {
  put("\nnoos: terminate: ");
  std::type_info *T = abi::__cxa_current_exception_type();
  if (!T) {
    put("called without an active exception\n");
  } else {
    put("uncaught ");
    const char *M = T->name();
    if (demangle(M, false)) {
      demangle(M, true);
    } else {
      put(M);
      put(" (mangled)");
    }
    try {
      throw;
    } catch (const std::exception &E) {
      put(": ");
      put(E.what());
    } catch (...) {
    }
    put("\n");
  }
  put("  status:     134\n");
  noos_exit(134);
}

} // namespace

namespace __cxxabiv1 {
std::terminate_handler __terminate_handler = report;
}

#pragma clang attribute pop
