//===- noos/thread.hpp - C++ wrappers of <noos/thread.h> --------*- C++ -*-===//
//
// Thin, header-only C++17 wrappers of the thread API: noos::thread,
// noos::this_thread, noos::clock, noos::mutex, noos::condition_variable,
// noos::counting_semaphore, noos::note, noos::queue, noos::timer,
// noos::futex and noos::irq. They work with -fno-exceptions -fno-rtti and
// allocate nothing the C API does not, except a block for a thread's or a
// timer's callable when it does not fit in a pointer.
//
// The toolchain's libstdc++ has no gthreads, so std::mutex, std::thread,
// std::condition_variable and std::cv_status do not exist here; the lock
// templates of <mutex> (std::lock_guard, std::unique_lock,
// std::scoped_lock, std::lock, std::try_lock) and <chrono> do, and work
// with these types. docs/runtime.md ("C++") has the choices made.
//
//===----------------------------------------------------------------------===//
#ifndef NOOS_THREAD_HPP
#define NOOS_THREAD_HPP

#if __cplusplus < 201703L
#error "<noos/thread.hpp> needs C++17 or later"
#endif

#include <noos/noos.h>
#include <noos/thread.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <mutex>
#include <new>
#include <ratio>
#include <tuple>
#include <type_traits>
#include <utility>

namespace noos {

/// The noos_nanotime() clock: nanoseconds since reset, steady. Every
/// timeout of these wrappers is a deadline on it.
struct clock {
  using rep = std::int64_t;
  using period = std::nano;
  using duration = std::chrono::duration<rep, period>;
  using time_point = std::chrono::time_point<clock>;
  static constexpr bool is_steady = true;

  static time_point now() noexcept {
    return time_point(duration(static_cast<rep>(noos_nanotime())));
  }
};

/// What a timed condition variable wait ended with. std::cv_status only
/// exists where libstdc++ has gthreads, which this toolchain's has not.
enum class cv_status { no_timeout, timeout };

namespace detail {

/// d in whole nanoseconds, rounded up (a wait must not end early): 0 for
/// a duration that is zero or negative, NOOS_FOREVER for one beyond the
/// 292 years 64 bits of nanoseconds hold (hours::max() means forever).
template <class Rep, class Period>
constexpr std::uint64_t ceilNanoseconds(
    const std::chrono::duration<Rep, Period> &D) noexcept {
  using namespace std::chrono;
  if (D <= D.zero())
    return 0;
  // A coarser unit, or a floating-point count, is compared with the limit
  // before the conversion, which would overflow; the limit is counted in
  // at least 64 bits, which a narrow Rep (int milliseconds) lacks.
  if constexpr (std::ratio_greater<Period, std::nano>::value ||
                treat_as_floating_point<Rep>::value) {
    using Wide = duration<std::common_type_t<Rep, std::int64_t>, Period>;
    if (D >= duration_cast<Wide>(nanoseconds::max()))
      return NOOS_FOREVER;
  }
  return static_cast<std::uint64_t>(ceil<nanoseconds>(D).count());
}

/// The C API's deadline for a wait of D from now: 0 (only try) when D is
/// not positive, NOOS_FOREVER when it is too long to count.
template <class Rep, class Period>
std::uint64_t
deadlineAfter(const std::chrono::duration<Rep, Period> &D) noexcept {
  std::uint64_t Ns = ceilNanoseconds(D);
  if (Ns == 0 || Ns == NOOS_FOREVER)
    return Ns;
  std::uint64_t Now = noos_nanotime(), Deadline = Now + Ns;
  return Deadline < Now ? NOOS_FOREVER : Deadline;
}

/// The deadline of a noos::clock time point is its count, rounded up; one
/// at or before the epoch is in the past, so 0 (only try) does.
template <class Duration>
constexpr std::uint64_t
deadlineAt(const std::chrono::time_point<clock, Duration> &T) noexcept {
  return ceilNanoseconds(T.time_since_epoch());
}

/// Another clock's time point becomes a wait from now, as std does for a
/// clock it does not wait on natively; callers that can recheck the other
/// clock afterwards do.
template <class Clock, class Duration>
std::uint64_t deadlineAt(const std::chrono::time_point<Clock, Duration> &T) {
  return deadlineAfter(T - Clock::now());
}

template <class T>
using RemoveCVRef = std::remove_cv_t<std::remove_reference_t<T>>;

/// A callable that can travel in the C API's void * argument itself, so
/// it needs no heap block: a function pointer, or a lambda capturing
/// nothing, one reference or one pointer.
template <class F>
inline constexpr bool FitsInPointer = std::is_trivially_copyable_v<F> &&
                                      sizeof(F) <= sizeof(void *) &&
                                      alignof(F) <= alignof(void *);

template <class F> void *packCallable(const F &Fn) noexcept {
  void *Arg = nullptr;
  std::memcpy(&Arg, &Fn, sizeof(F));
  return Arg;
}

/// Copies a packed callable out of the argument into Storage (memcpy
/// creates a trivially copyable object in an array of bytes).
template <class F>
F &unpackCallable(void *Arg, unsigned char *Storage) noexcept {
  std::memcpy(Storage, &Arg, sizeof(F));
  return *std::launder(reinterpret_cast<F *>(Storage));
}

/// Frees a heap block unless released: construction of the callable in it
/// may throw (when exceptions are on), and must not leak it then.
struct BlockGuard {
  void *Block;
  ~BlockGuard() { std::free(Block); }
};

template <class T, class... Args> T *newInHeap(Args &&...As) {
  static_assert(alignof(T) <= alignof(std::max_align_t),
                "over-aligned callable: malloc does not align it");
  BlockGuard Guard{std::malloc(sizeof(T))};
  if (!Guard.Block)
    return nullptr;
  T *Obj = ::new (Guard.Block) T(std::forward<Args>(As)...);
  Guard.Block = nullptr;
  return Obj;
}

template <class T> void deleteInHeap(T *Obj) noexcept {
  Obj->~T();
  std::free(Obj);
}

/// A thread's callable and arguments, decayed copies as std::thread makes
/// them, in a heap block the thread frees when the callable returns.
template <class F, class... Args> struct ThreadState {
  F Fn;
  std::tuple<Args...> Arguments;

  template <class G, class... A>
  explicit ThreadState(G &&Gn, A &&...As)
      : Fn(std::forward<G>(Gn)), Arguments(std::forward<A>(As)...) {}

  static void run(void *Arg) noexcept {
    auto *State = static_cast<ThreadState *>(Arg);
    std::apply(std::move(State->Fn), std::move(State->Arguments));
    deleteInHeap(State);
  }
};

template <class F> struct PackedThread {
  static void run(void *Arg) noexcept {
    alignas(F) unsigned char Storage[sizeof(F)];
    std::invoke(std::move(unpackCallable<F>(Arg, Storage)));
  }
};

/// The head of a timer's heap block. Caller is the timer thread while the
/// callable runs: stop() called from the callable itself cannot destroy
/// it under its own feet, and leaves that to the trampoline (Orphaned).
struct TimerBlock {
  void (*Destroy)(TimerBlock *) noexcept;
  noos_thread_t *volatile Caller = nullptr;
  volatile bool Orphaned = false;
};

template <class F> struct TimerState : TimerBlock {
  F Fn;

  template <class G> explicit TimerState(G &&Gn) : Fn(std::forward<G>(Gn)) {
    Destroy = [](TimerBlock *B) noexcept {
      deleteInHeap(static_cast<TimerState *>(B));
    };
  }

  static void run(void *Arg) noexcept {
    auto *State = static_cast<TimerState *>(Arg);
    State->Caller = noos_thread_self();
    std::invoke(State->Fn);
    State->Caller = nullptr;
    if (State->Orphaned)
      State->Destroy(State);
  }
};

/// A packed timer callable is called on a fresh copy each time, so only
/// one that a call cannot change (invocable as const) is packed.
template <class F> struct PackedTimer {
  static void run(void *Arg) noexcept {
    alignas(F) unsigned char Storage[sizeof(F)];
    std::invoke(static_cast<const F &>(unpackCallable<F>(Arg, Storage)));
  }
};

} // namespace detail

//===----------------------------------------------------------------------===//
// Threads
//===----------------------------------------------------------------------===//

/// How to create a thread: an aggregate, so {2048, 12, "worker"} or
/// member by member.
struct thread_options {
  /// bytes; 0: the need noos-ld computes for the callable (its stack
  /// analysis), NOOS_STACK_DEFAULT where that is unknown
  std::size_t stack_size = 0;
  int priority = NOOS_PRIO_DEFAULT; ///< NOOS_PRIO_MIN..NOOS_PRIO_MAX
  const char *name = nullptr;       ///< kept by pointer; nullptr: "thread"
};

/// A thread running a callable, std::thread-like. Differences:
///  - the destructor (and move assignment) of a joinable thread joins it,
///    as std::jthread does, rather than call std::terminate: without
///    exceptions that ends the program with no report, and every noos
///    thread must be joined anyway to give its memory back;
///  - there is no detach(), for the same reason;
///  - creation reports failure (no memory, a bad priority) by leaving the
///    thread not joinable instead of throwing;
///  - join() returns the C status (NOOS_OK; NOOS_INVALID if not joinable;
///    NOOS_DEADLOCK for the calling thread itself, which stays joinable).
/// The callable and the arguments are copied (decayed) into a heap block
/// the thread frees when the callable returns, or into the C argument
/// itself when the callable takes no arguments and fits in a pointer. A
/// noos::thread that ends with noos_thread_exit() leaks that block, as it
/// skips every destructor on its stack: return instead.
class thread {
public:
  using native_handle_type = noos_thread_t *;

  /// Names a thread (or none); this_thread::get_id() is the caller's.
  class id {
  public:
    constexpr id() noexcept = default;
    constexpr explicit id(const noos_thread_t *Thread) noexcept : T(Thread) {}
    friend constexpr bool operator==(id A, id B) noexcept { return A.T == B.T; }
    friend constexpr bool operator!=(id A, id B) noexcept { return A.T != B.T; }
    friend bool operator<(id A, id B) noexcept {
      return std::less<const noos_thread_t *>()(A.T, B.T);
    }

  private:
    const noos_thread_t *T = nullptr;
  };

  thread() noexcept = default;

  template <class F, class... Args,
            class = std::enable_if_t<
                !std::is_same_v<detail::RemoveCVRef<F>, thread> &&
                !std::is_same_v<detail::RemoveCVRef<F>, thread_options>>>
  explicit thread(F &&Fn, Args &&...As)
      : thread(thread_options{}, std::forward<F>(Fn),
               std::forward<Args>(As)...) {}

  template <class F, class... Args>
  explicit thread(const thread_options &Options, F &&Fn, Args &&...As) {
    using Fd = std::decay_t<F>;
    static_assert(std::is_invocable_v<Fd, std::decay_t<Args>...>,
                  "noos::thread: the callable cannot be called with these "
                  "arguments (as rvalues)");
    // The record of this creation for noos-ld's stack analysis
    // (noos/thread-site.h), one per callable type: the thread function is
    // the type's own run, which calls a lambda or a function object
    // directly (a function pointer through the pointer: unknown); the
    // stack size is the options' at run time, so not known to noos-ld,
    // which writes the need a size 0 takes.
    if constexpr (sizeof...(Args) == 0 && detail::FitsInPointer<Fd>) {
      static const noos_thread_site __noos_thread_site
          __attribute__((used)) = {&detail::PackedThread<Fd>::run,
                                   static_cast<std::size_t>(-1), nullptr, 0,
                                   nullptr};
      Fd Copy(std::forward<F>(Fn));
      Handle = noos__thread_create_at(
          &__noos_thread_site, &detail::PackedThread<Fd>::run,
          detail::packCallable(Copy), Options.stack_size, Options.priority,
          Options.name);
    } else {
      using State = detail::ThreadState<Fd, std::decay_t<Args>...>;
      static const noos_thread_site __noos_thread_site
          __attribute__((used)) = {&State::run, static_cast<std::size_t>(-1),
                                   nullptr, 0, nullptr};
      State *S = detail::newInHeap<State>(std::forward<F>(Fn),
                                          std::forward<Args>(As)...);
      if (!S)
        return;
      Handle = noos__thread_create_at(&__noos_thread_site, &State::run, S,
                                      Options.stack_size, Options.priority,
                                      Options.name);
      if (!Handle)
        detail::deleteInHeap(S);
    }
  }

  thread(const thread &) = delete;
  thread &operator=(const thread &) = delete;

  thread(thread &&Other) noexcept
      : Handle(std::exchange(Other.Handle, nullptr)) {}
  thread &operator=(thread &&Other) noexcept {
    if (this != &Other) {
      join();
      Handle = std::exchange(Other.Handle, nullptr);
    }
    return *this;
  }

  ~thread() { join(); }

  bool joinable() const noexcept { return Handle != nullptr; }

  /// Waits for the thread to end and frees it.
  int join() noexcept {
    if (!Handle)
      return NOOS_INVALID;
    int R = noos_thread_join(Handle);
    if (R == NOOS_OK)
      Handle = nullptr;
    return R;
  }

  id get_id() const noexcept { return id(Handle); }
  native_handle_type native_handle() const noexcept { return Handle; }
  void swap(thread &Other) noexcept { std::swap(Handle, Other.Handle); }

  /// The effective priority (with what it inherits; 0 if not joinable);
  /// set_priority sets the base one.
  int priority() const noexcept {
    return Handle ? noos_thread_priority(Handle) : 0;
  }
  bool set_priority(int Prio) noexcept {
    return noos_thread_set_priority(Handle, Prio) == NOOS_OK;
  }
  const char *name() const noexcept {
    return Handle ? noos_thread_name(Handle) : nullptr;
  }

  static unsigned hardware_concurrency() noexcept { return 1; }

private:
  noos_thread_t *Handle = nullptr;
};

namespace this_thread {

inline thread::id get_id() noexcept { return thread::id(noos_thread_self()); }

inline void yield() noexcept { noos_thread_yield(); }

template <class Rep, class Period>
void sleep_for(const std::chrono::duration<Rep, Period> &D) noexcept {
  if (std::uint64_t Ns = detail::ceilNanoseconds(D))
    noos_sleep_for(Ns);
}

template <class Clock, class Duration>
void sleep_until(const std::chrono::time_point<Clock, Duration> &T) {
  if constexpr (std::is_same_v<Clock, clock>) {
    noos_sleep_until(detail::deadlineAt(T));
  } else {
    // Another clock may run at another rate: sleep until it says so.
    for (auto Now = Clock::now(); Now < T; Now = Clock::now())
      sleep_for(T - Now);
  }
}

} // namespace this_thread

//===----------------------------------------------------------------------===//
// Mutex, condition variable, semaphore, note
//===----------------------------------------------------------------------===//

/// A non-recursive mutex with priority inheritance, usable with
/// std::lock_guard, std::unique_lock (timed too), std::scoped_lock and
/// std::lock. Constant-initialised, so a global one is ready before any
/// constructor runs. Relocking a mutex the thread holds, unlocking one it
/// does not hold and locking one from an interrupt handler are bugs std
/// leaves undefined: lock() and unlock() stop there (a fault report at
/// the call: undefined instruction; the handler case: the runtime's
/// report) rather than run on without mutual exclusion.
class mutex {
public:
  using native_handle_type = noos_mutex_t *;

  constexpr mutex() noexcept : M{0} {}
  mutex(const mutex &) = delete;
  mutex &operator=(const mutex &) = delete;

  void lock() noexcept {
    if (noos_mutex_lock(&M) != NOOS_OK)
      __builtin_trap();
  }
  bool try_lock() noexcept { return noos_mutex_trylock(&M) == NOOS_OK; }
  template <class Rep, class Period>
  bool try_lock_for(const std::chrono::duration<Rep, Period> &D) noexcept {
    return noos_mutex_timedlock(&M, detail::deadlineAfter(D)) == NOOS_OK;
  }
  template <class Clock, class Duration>
  bool try_lock_until(const std::chrono::time_point<Clock, Duration> &T) {
    return noos_mutex_timedlock(&M, detail::deadlineAt(T)) == NOOS_OK;
  }
  void unlock() noexcept {
    if (noos_mutex_unlock(&M) != NOOS_OK)
      __builtin_trap();
  }

  native_handle_type native_handle() noexcept { return &M; }

private:
  noos_mutex_t M;
};

/// A condition variable for std::unique_lock<noos::mutex>. notify_one and
/// notify_all are safe from interrupt handlers. Timed waits return
/// noos::cv_status (see above); wakeups may be spurious, so wait with a
/// predicate or in a loop.
class condition_variable {
public:
  using native_handle_type = noos_cond_t *;

  constexpr condition_variable() noexcept : C{0, 0} {}
  condition_variable(const condition_variable &) = delete;
  condition_variable &operator=(const condition_variable &) = delete;

  void notify_one() noexcept { noos_cond_signal(&C); }
  void notify_all() noexcept { noos_cond_broadcast(&C); }

  void wait(std::unique_lock<mutex> &Lock) noexcept {
    waitRaw(Lock, NOOS_FOREVER);
  }
  template <class Predicate>
  void wait(std::unique_lock<mutex> &Lock, Predicate Pred) {
    while (!Pred())
      waitRaw(Lock, NOOS_FOREVER);
  }

  template <class Clock, class Duration>
  cv_status wait_until(std::unique_lock<mutex> &Lock,
                       const std::chrono::time_point<Clock, Duration> &T) {
    if (waitRaw(Lock, detail::deadlineAt(T)) != NOOS_TIMEDOUT)
      return cv_status::no_timeout;
    // Another clock may not have reached T yet (std's answer then).
    if constexpr (!std::is_same_v<Clock, clock>)
      if (Clock::now() < T)
        return cv_status::no_timeout;
    return cv_status::timeout;
  }
  template <class Clock, class Duration, class Predicate>
  bool wait_until(std::unique_lock<mutex> &Lock,
                  const std::chrono::time_point<Clock, Duration> &T,
                  Predicate Pred) {
    while (!Pred())
      if (wait_until(Lock, T) == cv_status::timeout)
        return Pred();
    return true;
  }

  template <class Rep, class Period>
  cv_status wait_for(std::unique_lock<mutex> &Lock,
                     const std::chrono::duration<Rep, Period> &D) {
    return waitRaw(Lock, detail::deadlineAfter(D)) == NOOS_TIMEDOUT
               ? cv_status::timeout
               : cv_status::no_timeout;
  }
  template <class Rep, class Period, class Predicate>
  bool wait_for(std::unique_lock<mutex> &Lock,
                const std::chrono::duration<Rep, Period> &D, Predicate Pred) {
    // One deadline for the whole wait, however many wakeups it takes.
    std::uint64_t Deadline = detail::deadlineAfter(D);
    while (!Pred())
      if (waitRaw(Lock, Deadline) == NOOS_TIMEDOUT)
        return Pred();
    return true;
  }

  native_handle_type native_handle() noexcept { return &C; }

private:
  int waitRaw(std::unique_lock<mutex> &Lock, std::uint64_t Deadline) noexcept {
    return noos_cond_wait(&C, Lock.mutex()->native_handle(), Deadline);
  }

  noos_cond_t C;
};

/// std::counting_semaphore over noos_sem_t. release() and try_acquire()
/// are safe from interrupt handlers; the others block. The count is not
/// capped at max(): releasing past it is the caller's bug, as in std.
template <std::ptrdiff_t LeastMaxValue = PTRDIFF_MAX>
class counting_semaphore {
  static_assert(LeastMaxValue >= 0, "a negative maximum");

public:
  using native_handle_type = noos_sem_t *;

  static constexpr std::ptrdiff_t max() noexcept { return LeastMaxValue; }

  constexpr explicit counting_semaphore(std::ptrdiff_t Desired) noexcept
      : S{static_cast<std::uint32_t>(Desired), 0} {}
  counting_semaphore(const counting_semaphore &) = delete;
  counting_semaphore &operator=(const counting_semaphore &) = delete;

  void release(std::ptrdiff_t Update = 1) noexcept {
    for (; Update > 0; --Update)
      noos_sem_post(&S);
  }
  void acquire() noexcept { noos_sem_wait(&S, NOOS_FOREVER); }
  bool try_acquire() noexcept { return noos_sem_wait(&S, 0) == NOOS_OK; }
  template <class Rep, class Period>
  bool try_acquire_for(const std::chrono::duration<Rep, Period> &D) noexcept {
    return noos_sem_wait(&S, detail::deadlineAfter(D)) == NOOS_OK;
  }
  template <class Clock, class Duration>
  bool try_acquire_until(const std::chrono::time_point<Clock, Duration> &T) {
    return noos_sem_wait(&S, detail::deadlineAt(T)) == NOOS_OK;
  }

  native_handle_type native_handle() noexcept { return &S; }

private:
  noos_sem_t S;
};

using binary_semaphore = counting_semaphore<1>;

/// A note (Embedded Go's rtos.Note): one event, woken from a thread or an
/// interrupt handler, slept on by threads; it stays woken until cleared.
/// The sleeps return true if the note was (or is) woken, false on timeout.
class note {
public:
  using native_handle_type = noos_note_t *;

  constexpr note() noexcept : N{0} {}
  note(const note &) = delete;
  note &operator=(const note &) = delete;

  void sleep() noexcept { noos_note_sleep(&N, NOOS_FOREVER); }
  template <class Rep, class Period>
  bool sleep_for(const std::chrono::duration<Rep, Period> &D) noexcept {
    return noos_note_sleep(&N, detail::deadlineAfter(D)) != 0;
  }
  template <class Clock, class Duration>
  bool sleep_until(const std::chrono::time_point<Clock, Duration> &T) {
    return noos_note_sleep(&N, detail::deadlineAt(T)) != 0;
  }
  /// Whether the note is woken, without waiting (interrupt handlers too).
  bool woken() noexcept { return noos_note_sleep(&N, 0) != 0; }
  void wakeup() noexcept { noos_note_wakeup(&N); }
  void clear() noexcept { noos_note_clear(&N); }

  native_handle_type native_handle() noexcept { return &N; }

private:
  noos_note_t N;
};

//===----------------------------------------------------------------------===//
// Queue, timer
//===----------------------------------------------------------------------===//

/// A bounded queue of Ts, copied in and out byte by byte (threads only).
/// Its capacity is a run-time value because the C queue is one heap block
/// sized at creation; a queue whose creation failed (no memory, capacity
/// 0) is invalid and its calls return false.
template <class T> class queue {
  static_assert(std::is_trivially_copyable_v<T>,
                "noos::queue copies messages byte by byte: T must be "
                "trivially copyable");

public:
  using value_type = T;
  using native_handle_type = noos_queue_t *;

  queue() noexcept = default;
  explicit queue(std::size_t Capacity) noexcept
      : Q(noos_queue_create(sizeof(T), Capacity)) {}
  queue(const queue &) = delete;
  queue &operator=(const queue &) = delete;
  queue(queue &&Other) noexcept : Q(std::exchange(Other.Q, nullptr)) {}
  queue &operator=(queue &&Other) noexcept {
    if (this != &Other) {
      reset();
      Q = std::exchange(Other.Q, nullptr);
    }
    return *this;
  }
  /// Nobody may be using the queue any more.
  ~queue() { reset(); }

  bool valid() const noexcept { return Q != nullptr; }
  explicit operator bool() const noexcept { return valid(); }

  bool send(const T &Msg) noexcept { return send(Msg, NOOS_FOREVER); }
  bool try_send(const T &Msg) noexcept { return send(Msg, 0); }
  template <class Rep, class Period>
  bool try_send_for(const T &Msg,
                    const std::chrono::duration<Rep, Period> &D) noexcept {
    return send(Msg, detail::deadlineAfter(D));
  }
  template <class Clock, class Duration>
  bool try_send_until(const T &Msg,
                      const std::chrono::time_point<Clock, Duration> &Tp) {
    return send(Msg, detail::deadlineAt(Tp));
  }

  bool receive(T &Msg) noexcept { return receive(Msg, NOOS_FOREVER); }
  bool try_receive(T &Msg) noexcept { return receive(Msg, 0); }
  template <class Rep, class Period>
  bool try_receive_for(T &Msg,
                       const std::chrono::duration<Rep, Period> &D) noexcept {
    return receive(Msg, detail::deadlineAfter(D));
  }
  template <class Clock, class Duration>
  bool try_receive_until(T &Msg,
                         const std::chrono::time_point<Clock, Duration> &Tp) {
    return receive(Msg, detail::deadlineAt(Tp));
  }

  native_handle_type native_handle() const noexcept { return Q; }

private:
  void reset() noexcept {
    if (Q)
      noos_queue_destroy(std::exchange(Q, nullptr));
  }
  bool send(const T &Msg, std::uint64_t Deadline) noexcept {
    return Q && noos_queue_send(Q, &Msg, Deadline) == NOOS_OK;
  }
  bool receive(T &Msg, std::uint64_t Deadline) noexcept {
    return Q && noos_queue_receive(Q, &Msg, Deadline) == NOOS_OK;
  }

  noos_queue_t *Q = nullptr;
};

/// A software timer calling a callable from the timer thread (priority
/// NOOS_PRIO_MAX - 1) after a delay, then every period (0: once). It stops
/// when destroyed or stop()ped, also from its own callable; after that the
/// callable is not running (unless stop() was called from it) and will not
/// run again. A timer whose start failed (no memory) is invalid. The
/// callable lives in a heap block, or in the C argument when it fits in a
/// pointer and is invocable as const (so every call sees the same state).
class timer {
public:
  using native_handle_type = noos_timer_t *;

  timer() noexcept = default;

  /// Calls Fn first Delay from now, then every Period (zero: once).
  template <class Rep1, class Period1, class Rep2, class Period2, class F>
  timer(const std::chrono::duration<Rep1, Period1> &Delay,
        const std::chrono::duration<Rep2, Period2> &Period, F &&Fn) {
    start(detail::ceilNanoseconds(Delay), detail::ceilNanoseconds(Period),
          std::forward<F>(Fn));
  }

  /// Calls Fn once, Delay from now.
  template <class Rep, class Period, class F>
  static timer after(const std::chrono::duration<Rep, Period> &Delay, F &&Fn) {
    return timer(Delay, std::chrono::nanoseconds::zero(), std::forward<F>(Fn));
  }
  /// Calls Fn every Period, the first time Period from now.
  template <class Rep, class Per, class F>
  static timer every(const std::chrono::duration<Rep, Per> &Period, F &&Fn) {
    return timer(Period, Period, std::forward<F>(Fn));
  }

  timer(const timer &) = delete;
  timer &operator=(const timer &) = delete;
  timer(timer &&Other) noexcept
      : T(std::exchange(Other.T, nullptr)),
        Block(std::exchange(Other.Block, nullptr)) {}
  timer &operator=(timer &&Other) noexcept {
    if (this != &Other) {
      stop();
      T = std::exchange(Other.T, nullptr);
      Block = std::exchange(Other.Block, nullptr);
    }
    return *this;
  }
  ~timer() { stop(); }

  bool valid() const noexcept { return T != nullptr; }
  explicit operator bool() const noexcept { return valid(); }

  void stop() noexcept {
    if (!T)
      return;
    noos_timer_stop(std::exchange(T, nullptr));
    if (detail::TimerBlock *B = std::exchange(Block, nullptr)) {
      if (B->Caller == noos_thread_self())
        B->Orphaned = true; // stopped by its own callable: destroyed after it
      else
        B->Destroy(B);
    }
  }

  native_handle_type native_handle() const noexcept { return T; }

private:
  template <class F> void start(std::uint64_t D, std::uint64_t P, F &&Fn) {
    using Fd = std::decay_t<F>;
    static_assert(std::is_invocable_v<Fd &>,
                  "noos::timer: the callable takes no arguments");
    if (P == NOOS_FOREVER)
      P = 0; // the second call would be 292 years away (and overflow)
    if constexpr (detail::FitsInPointer<Fd> &&
                  std::is_invocable_v<const Fd &>) {
      Fd Copy(std::forward<F>(Fn));
      T = noos_timer_start(&detail::PackedTimer<Fd>::run,
                           detail::packCallable(Copy), D, P);
    } else {
      using State = detail::TimerState<Fd>;
      State *S = detail::newInHeap<State>(std::forward<F>(Fn));
      if (!S)
        return;
      T = noos_timer_start(&State::run, S, D, P);
      if (!T) {
        detail::deleteInHeap(S);
        return;
      }
      Block = S;
    }
  }

  noos_timer_t *T = nullptr;
  detail::TimerBlock *Block = nullptr;
};

//===----------------------------------------------------------------------===//
// Futex, interrupts
//===----------------------------------------------------------------------===//

/// The futex on a 32-bit word: wait returns NOOS_OK when woken,
/// NOOS_TIMEDOUT, or NOOS_AGAIN if the word was not Expected; wake (also
/// from interrupt handlers) returns how many threads it woke.
namespace futex {

inline int wait(volatile std::uint32_t &Word, std::uint32_t Expected) noexcept {
  return noos_futex_wait(&Word, Expected, NOOS_FOREVER);
}
template <class Rep, class Period>
int wait_for(volatile std::uint32_t &Word, std::uint32_t Expected,
             const std::chrono::duration<Rep, Period> &D) noexcept {
  return noos_futex_wait(&Word, Expected, detail::deadlineAfter(D));
}
template <class Clock, class Duration>
int wait_until(volatile std::uint32_t &Word, std::uint32_t Expected,
               const std::chrono::time_point<Clock, Duration> &T) {
  return noos_futex_wait(&Word, Expected, detail::deadlineAt(T));
}
inline int wake(volatile std::uint32_t &Word, int N = 1) noexcept {
  return noos_futex_wake(&Word, N);
}
inline int wake_all(volatile std::uint32_t &Word) noexcept {
  return noos_futex_wake(&Word, 0x7fffffff);
}

} // namespace futex

namespace irq {

inline void enable(int Irq) noexcept { noos_irq_enable(Irq); }
inline void disable(int Irq) noexcept { noos_irq_disable(Irq); }
/// 0 (highest) to priority_levels() - 2; the lowest is the scheduler's.
/// On Cortex-M the call leaves a record for noos-ld's stack analysis
/// (docs/noos-ld.md, "Interrupt priorities"), made here, where Irq and Prio
/// are not constants: the program's priorities are then unknown to it.
/// set_priority<Irq, Prio>() records its constants, as the
/// noos_irq_set_priority macro does with constant arguments.
inline void set_priority(int Irq, int Prio) noexcept {
  noos_irq_set_priority(Irq, Prio);
}
template <int Irq, int Prio> inline void set_priority() noexcept {
  noos_irq_set_priority(Irq, Prio);
}
inline int priority_levels() noexcept { return noos_irq_priority_levels(); }

/// The interrupt service thread pattern: enables Irq and waits until its
/// handler (noos_irq_service_handler, or one calling service_notify)
/// disables it again; true when it fired, false on timeout.
inline bool wait(int Irq) noexcept {
  return noos_irq_wait(Irq, NOOS_FOREVER) == NOOS_OK;
}
template <class Rep, class Period>
bool wait_for(int Irq, const std::chrono::duration<Rep, Period> &D) noexcept {
  return noos_irq_wait(Irq, detail::deadlineAfter(D)) == NOOS_OK;
}
template <class Clock, class Duration>
bool wait_until(int Irq, const std::chrono::time_point<Clock, Duration> &T) {
  return noos_irq_wait(Irq, detail::deadlineAt(T)) == NOOS_OK;
}
inline void service_notify(int Irq) noexcept { noos_irq_service_notify(Irq); }

/// Masks every interrupt (PRIMASK) while it lives and restores the
/// previous mask after, so guards nest. Blocking calls are refused inside.
class mask_guard {
public:
  mask_guard() noexcept : Saved(noos_irq_save()) {}
  ~mask_guard() { noos_irq_restore(Saved); }
  mask_guard(const mask_guard &) = delete;
  mask_guard &operator=(const mask_guard &) = delete;

private:
  std::uint32_t Saved;
};

} // namespace irq

} // namespace noos

#endif // NOOS_THREAD_HPP
