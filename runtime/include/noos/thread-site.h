/*
 * noos/thread-site.h - the record a thread's creation leaves for noos-ld's
 * stack analysis (docs/noos-ld.md, "Threads and automatic stacks"),
 * shared by <noos/thread.h>, <pthread.h>, <threads.h> and
 * <noos/thread.hpp>. Not a public API: every name here is reserved.
 */
#ifndef NOOS_THREAD_SITE_H
#define NOOS_THREAD_SITE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The default stack of a thread (noos/thread.h's NOOS_STACK_DEFAULT). */
#if __SIZEOF_POINTER__ == 8
#define __NOOS_STACK_DEFAULT 4096
#else
#define __NOOS_STACK_DEFAULT 1024
#endif

/* The record of one call that creates a thread: a static constant the call
 * passes on, so that it is in the image exactly when the call is. noos-ld
 * finds it by its symbol (FUNCTION.__noos_thread_site, or a C++ static
 * local's mangled name ending in __noos_thread_site) and reads:
 *   entry       the thread's function, where the call names one (0 if
 *               not a constant);
 *   stack_size  its stack when a constant, 0 for an automatic one, all
 *               ones when the call's size is not known at compile time;
 *   name        the thread's name when a string literal;
 *   need        written by noos-ld: the stack an automatic thread gets
 *               (the bounded need + a margin), 0 where the need is
 *               unknown; the creation takes it when its size is 0;
 *   via         0, or the runtime's trampoline the kernel starts, which
 *               calls entry through a pointer (pthread_create,
 *               thrd_create): noos-ld charges the trampoline's frame and
 *               its other calls, with entry as the target of its indirect
 *               calls. */
struct noos_thread_site {
  void (*entry)(void *);
  size_t stack_size;
  const char *name;
  size_t need;
  void (*via)(void *);
};

/* The record of one call of noos_irq_set_priority (Cortex-M; noos/thread.h's
 * macro): irq and prio, which are constants where known has bit 0 (irq)
 * and bit 1 (prio) set; set is the port's function, via the one the macro
 * calls. noos-ld trusts the records only when set has no caller but via:
 * then every call of the program is recorded. */
struct noos_irq_priority_site {
  int irq, prio;
  unsigned known;
  void (*set)(int, int);
  void (*via)(const struct noos_irq_priority_site *, int, int);
};

/* The thread function of pthread_create's and thrd_create's threads
 * (runtime/src/pthread.c), which calls the start routine through a
 * pointer: their records' via. */
void noos__pthread_trampoline(void *__p);

#if !defined(__cplusplus) && defined(__clang__)
/* Compile-time tests the creation macros use to fill a record: each
 * argument is evaluated once, by the call, whatever it is. */
#define noos__site_pick(ok, value, none)                                      \
  __builtin_choose_expr(ok, value, none)
#define noos__site_is_function(f, type)                                       \
  __builtin_types_compatible_p(__typeof__(f), type)
#define noos__site_is_literal(s)                                              \
  (!__builtin_types_compatible_p(__typeof__(s), __typeof__(&*(s))) &&         \
   __builtin_constant_p((s)[0]))
/* A function's name as the record's entry (its address, whatever its
 * type: noos-ld reads only the address), else 0. The cast goes through
 * void (*)(void), which -Wcast-function-type takes as intended. */
#define noos__site_entry(f, type)                                             \
  noos__site_pick(noos__site_is_function(f, type),                            \
                  (void (*)(void *))(void (*)(void))(f), (void (*)(void *))0)
#endif

#ifdef __cplusplus
}
#endif

#if defined(__cplusplus) && defined(__clang__)
/* The same tests in C++ (C++14 and later), for the creation macros' C++
 * forms: each macro calls the recording function with the record an
 * immediately invoked lambda ([&]) returns, a static local that is a
 * constant (constexpr: a record the compiler could not fold is a compile
 * error, never a guarded dynamic initialisation), and with the arguments,
 * each evaluated once by that call. In the record's initialiser an
 * argument that is not a constant is named only in a branch the constant
 * evaluation does not take. */
extern "C++" {
/* The record with entry of type E * (void (void *) for
 * noos_thread_create, the start routine's type for pthread_create and
 * thrd_create): a constant expression cannot convert one function
 * pointer type to another, so the record holds the routine's own type,
 * in struct noos_thread_site's layout, and is passed as one. */
template <class E> struct noos__thread_site_of {
  E *entry;
  size_t stack_size;
  const char *name;
  size_t need;
  void (*via)(void *);
};
static_assert(sizeof(noos__thread_site_of<int(void *)>) ==
                      sizeof(struct noos_thread_site) &&
                  __builtin_offsetof(noos__thread_site_of<int(void *)>, via) ==
                      __builtin_offsetof(struct noos_thread_site, via),
              "noos__thread_site_of has noos_thread_site's layout");
template <class E>
inline const struct noos_thread_site *
noos__site_record(const noos__thread_site_of<E> *__site) {
  return reinterpret_cast<const struct noos_thread_site *>(__site);
}
/* Whether an argument can name a function: a function (its name, an
 * lvalue) or a pointer to one that is not a variable (a prvalue:
 * &function); not a lambda, which the macro's several mentions of the
 * argument would make several. Overloads rather than decltype, which
 * rejects a lambda expression before C++20. The argument is constant
 * where it names a function; __builtin_constant_p tests that too. */
template <class T> struct noos__site_names_fn {
  static constexpr bool value = false;
};
template <class R, class... A> struct noos__site_names_fn<R (&)(A...)> {
  static constexpr bool value = true;
};
template <class R, class... A> struct noos__site_names_fn<R (*)(A...)> {
  static constexpr bool value = true;
};
#ifdef __cpp_noexcept_function_type
template <class R, class... A>
struct noos__site_names_fn<R (&)(A...) noexcept> {
  static constexpr bool value = true;
};
template <class R, class... A>
struct noos__site_names_fn<R (*)(A...) noexcept> {
  static constexpr bool value = true;
};
#endif
template <class T> constexpr bool noos__site_is_fn(T &&) {
  return noos__site_names_fn<T>::value;
}
/* Whether an argument is an array of char, as a string literal (an lvalue
 * const char[N]) is; noos__site_literal adds that it decays to a pointer
 * to a string literal's first character, which is what
 * __builtin_constant_p holds constant among pointers (besides null). */
template <class T> constexpr bool noos__site_is_chars(T &&) { return false; }
template <size_t N> constexpr bool noos__site_is_chars(const char (&)[N]) {
  return true;
}
template <class E> constexpr E *noos__site_ptr(E *__f) { return __f; }
template <class E> constexpr E *noos__site_none() { return nullptr; }
constexpr const char *noos__site_str(const char *__s) { return __s; }
} /* extern "C++" */
/* A function's address (a name or &name, of a type that converts to
 * type *) as a constant, else a null pointer. f == f folds only when f
 * is a constant: a variable, a call or *pointer is not. */
#define noos__site_fn(f, type)                                                 \
  (__builtin_constant_p(noos__site_is_fn(f)) && noos__site_is_fn(f) &&         \
           __builtin_constant_p(noos__site_ptr<type>(f) ==                    \
                                noos__site_ptr<type>(f))                      \
       ? noos__site_ptr<type>(f)                                               \
       : noos__site_none<type>())
#define noos__site_size(n)                                                     \
  (__builtin_constant_p(n) ? (size_t)(n) : (size_t)-1)
#define noos__site_literal(s)                                                  \
  (__builtin_constant_p(noos__site_str(s)) && noos__site_is_chars(s)           \
       ? noos__site_str(s)                                                     \
       : (const char *)nullptr)
#endif

#endif
