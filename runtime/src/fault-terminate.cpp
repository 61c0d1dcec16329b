/*
 * What an uncaught C++ exception says (std::terminate's handler):
 *
 *   noos: terminate: uncaught std::bad_alloc: std::bad_alloc
 *     status:     134
 *
 * the exception's type and, for a std::exception, its what(). The default
 * handler of this libstdc++ build (abort) said nothing, and libstdc++'s
 * verbose one would link the whole demangler (tens of KB). With the fault
 * record (the default) the target prints the type's mangled name in a
 * record line, "noos-terminate/1 St9bad_alloc: std::bad_alloc", and the
 * host (noos-run, noos-run --decode-fault) prints the line above from it,
 * demangled whatever the form; the other fault reports print it on the
 * target, type names demangled by hand for the simple forms (std::x,
 * a::b::c, x: fault-demangle.c) and anything else (templates, say) printed
 * mangled, marked as such.
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
/* fault-demangle.c, which the fault entries that print on the target
 * bring in; with the record, null: the line is the record's
 * ("noos-terminate/1 MANGLED[: what()]"), which the host demangles. */
int noos__demangle(const char *M, int Print) __attribute__((weak));
}

#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

namespace {

void put(const char *S) { noos_puts_raw(S); }

[[noreturn]] void report() noexcept {
  std::type_info *T = abi::__cxa_current_exception_type();
  if (!T) {
    put("\nnoos: terminate: called without an active exception\n");
  } else {
    const char *M = T->name();
    if (noos__demangle) {
      put("\nnoos: terminate: uncaught ");
      if (noos__demangle(M, 0)) {
        noos__demangle(M, 1);
      } else {
        put(M);
        put(" (mangled)");
      }
    } else {
      /* The record's line: the host prints it demangled. */
      put("\nnoos-terminate/1 ");
      put(M);
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
