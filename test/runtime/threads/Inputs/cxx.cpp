// The C++ wrappers of <noos/thread.hpp>, one scenario per argument; each
// prints "<name>: ok" or what went wrong, checks that the heap is back as
// it was, and the status is the number of failures. Built with and
// without exceptions and RTTI. The irq scenario pends SWI_IRQ by software
// (NVIC_ISPR); build with -DSWI_IRQ=<n> -DSWI_HANDLER=<its handler>, an
// interrupt no device of the board drives.
#include <noos/thread.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <malloc.h>
#include <mutex>
#include <type_traits>

using namespace std::chrono_literals;
using std::chrono::microseconds;
using std::chrono::nanoseconds;

static volatile int Failures;
#define CHECK(Cond, ...)                                                       \
  do {                                                                         \
    if (!(Cond)) {                                                             \
      Failures = Failures + 1;                                                 \
      std::printf("FAIL line %d: %s: ", __LINE__, #Cond);                      \
      std::printf(__VA_ARGS__);                                                \
      std::printf("\n");                                                       \
    }                                                                          \
  } while (0)

#if defined(__cpp_exceptions) && defined(__cpp_rtti)
#define EXCEPTIONS_AND_RTTI "exceptions and RTTI"
#elif !defined(__cpp_exceptions) && !defined(__cpp_rtti)
#define EXCEPTIONS_AND_RTTI "no exceptions, no RTTI"
#else
#define EXCEPTIONS_AND_RTTI "exceptions or RTTI"
#endif

static long long usSince(noos::clock::time_point T0) {
  return std::chrono::duration_cast<microseconds>(noos::clock::now() - T0)
      .count();
}

//===----------------------------------------------------------------------===//
// Type traits and constant initialisation (compile time)
//===----------------------------------------------------------------------===//

template <class T>
constexpr bool MoveOnly = !std::is_copy_constructible_v<T> &&
                          !std::is_copy_assignable_v<T> &&
                          std::is_nothrow_move_constructible_v<T> &&
                          std::is_nothrow_move_assignable_v<T>;
template <class T>
constexpr bool Immovable = !std::is_copy_constructible_v<T> &&
                           !std::is_move_constructible_v<T> &&
                           !std::is_move_assignable_v<T>;

static_assert(MoveOnly<noos::thread>);
static_assert(MoveOnly<noos::queue<int>>);
static_assert(MoveOnly<noos::timer>);
static_assert(Immovable<noos::mutex>);
static_assert(Immovable<noos::condition_variable>);
static_assert(Immovable<noos::binary_semaphore>);
static_assert(Immovable<noos::note>);
static_assert(Immovable<noos::irq::mask_guard>);
static_assert(std::is_nothrow_default_constructible_v<noos::mutex>);
static_assert(noos::clock::is_steady);
static_assert(std::is_same_v<noos::clock::duration, nanoseconds>);
static_assert(noos::counting_semaphore<4>::max() == 4);
// Timeouts round up to whole nanoseconds, saturate at forever, and are 0
// (only try) when not positive.
static_assert(noos::detail::ceilNanoseconds(
                  std::chrono::duration<long long, std::pico>(1500)) == 2);
static_assert(noos::detail::ceilNanoseconds(std::chrono::hours::max()) ==
              NOOS_FOREVER);
static_assert(noos::detail::ceilNanoseconds(-1ms) == 0);
static_assert(noos::detail::ceilNanoseconds(3ms) == 3000000);
static_assert(noos::detail::ceilNanoseconds(
                  std::chrono::duration<int, std::milli>(2147483647)) ==
              2147483647ull * 1000000);
static_assert(noos::detail::ceilNanoseconds(
                  std::chrono::duration<double>(1e300)) == NOOS_FOREVER);

// Constant-initialised: ready before any constructor runs, in .bss.
[[clang::require_constant_initialization]] static noos::mutex GlobalMutex;
[[clang::require_constant_initialization]] static noos::condition_variable
    GlobalCond;
[[clang::require_constant_initialization]] static noos::counting_semaphore<>
    GlobalSem(0);
[[clang::require_constant_initialization]] static noos::note GlobalNote;

static std::size_t heapInUse() { return mallinfo().uordblks; }

//===----------------------------------------------------------------------===//
// Threads
//===----------------------------------------------------------------------===//

/// Counts the live objects of a move-only argument type.
static int LiveTokens;
struct Token {
  int V;
  explicit Token(int V) : V(V) { ++LiveTokens; }
  Token(Token &&O) noexcept : V(O.V) { ++LiveTokens; }
  Token(const Token &) = delete;
  Token &operator=(const Token &) = delete;
  ~Token() { --LiveTokens; }
};

struct Accumulator {
  int Sum = 0;
  void add(int N) { Sum += N; }
};

static noos::thread *SelfPtr;
static volatile int SelfJoin;

static void threads() {
  noos::thread None;
  CHECK(!None.joinable() && None.join() == NOOS_INVALID, "default thread");

  // A lambda capturing by reference travels in the C argument; one with
  // arguments, or capturing more than a pointer, in a heap block.
  int A = 0, B = 0, C = 0;
  noos::thread T1([&A] { A = 1; });
  noos::thread T2([&B](int X, int Y) { B = X * Y; }, 6, 7);
  std::array<int, 8> Big{1, 2, 3, 4, 5, 6, 7, 8};
  noos::thread T3([Big, &C] {
    for (int V : Big)
      C += V;
  });
  CHECK(T1.joinable() && T2.joinable() && T3.joinable(), "create");
  CHECK(T1.get_id() != T2.get_id(), "ids");
  CHECK(T1.join() == NOOS_OK && T2.join() == NOOS_OK && T3.join() == NOOS_OK,
        "join");
  CHECK(!T1.joinable() && T1.get_id() == noos::thread::id(), "joined");
  CHECK(A == 1 && B == 42 && C == 36, "results %d %d %d", A, B, C);

  // Move-only arguments and captures: moved in, passed as rvalues, and
  // destroyed by the time the thread is joined; std::ref for references.
  int Out = 0, Out2 = 0;
  {
    noos::thread T([](Token Tk, int &O) { O = Tk.V; }, Token(5), std::ref(Out));
    noos::thread U([Tk = Token(9), &Out2]() mutable { Out2 = Tk.V; });
  } // the destructors join
  CHECK(Out == 5 && Out2 == 9, "move-only arguments: %d %d", Out, Out2);
  CHECK(LiveTokens == 0, "%d tokens left", LiveTokens);

  Accumulator Acc;
  noos::thread M(&Accumulator::add, &Acc, 5);
  M.join();
  CHECK(Acc.Sum == 5, "member function");

  // Options: a higher priority runs at once.
  volatile int SeenPrio = 0;
  const char *volatile SeenName = nullptr;
  noos::thread::id SeenId;
  noos::thread P(noos::thread_options{2048, 12, "named"}, [&] {
    SeenPrio = noos_thread_priority(noos_thread_self());
    SeenName = noos_thread_name(noos_thread_self());
    SeenId = noos::this_thread::get_id();
  });
  CHECK(SeenPrio == 12 && SeenName && !std::strcmp(SeenName, "named"),
        "options: priority %d", SeenPrio);
  CHECK(SeenId == P.get_id() && SeenId != noos::this_thread::get_id(), "id");
  CHECK(std::strcmp(P.name(), "named") == 0 && P.priority() == 12, "name");
  P.join();

  // The destructor and the move assignment of a joinable thread join it.
  volatile bool Done = false;
  {
    noos::thread T([&] {
      noos::this_thread::sleep_for(2ms);
      Done = true;
    });
  }
  CHECK(Done, "destructor did not join");
  volatile bool FirstDone = false, SecondDone = false;
  noos::thread First([&] {
    noos::this_thread::sleep_for(2ms);
    FirstDone = true;
  });
  noos::thread Second([&] { SecondDone = true; });
  First = std::move(Second);
  CHECK(FirstDone && !Second.joinable() && First.joinable(), "move assignment");
  noos::thread Third(std::move(First));
  CHECK(!First.joinable() && Third.joinable(), "move construction");
  Third.join();
  CHECK(SecondDone, "moved thread");

  // Joining oneself fails and leaves the thread joinable.
  noos::thread S([] { SelfJoin = SelfPtr->join(); });
  SelfPtr = &S; // S has main's priority: it runs once main joins
  S.join();
  CHECK(SelfJoin == NOOS_DEADLOCK, "self join: %d", SelfJoin);

  // Failures leave the thread not joinable (the "nomem" scenario runs out
  // of memory).
  noos::thread BadPrio(noos::thread_options{0, NOOS_PRIO_MAX + 1, "bad"},
                       [] {});
  noos::thread BadStack(noos::thread_options{std::size_t(1) << 30}, [] {});
  CHECK(!BadPrio.joinable() && !BadStack.joinable(), "invalid options");
  CHECK(noos::thread::hardware_concurrency() == 1, "hardware_concurrency");
  std::printf("thread: %s\n", Failures ? "FAILED" : "ok");
}

/// Milliseconds derived from noos::clock: another clock to wait on.
struct MsClock {
  using duration = std::chrono::milliseconds;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<MsClock>;
  static constexpr bool is_steady = true;
  static time_point now() {
    return time_point(std::chrono::duration_cast<duration>(
        noos::clock::now().time_since_epoch()));
  }
};

static void sleeps() {
  static const microseconds Us[] = {1us, 50us, 333us, 1000us, 2500us, 10000us};
  long long Worst = 0;
  for (microseconds D : Us) {
    auto T0 = noos::clock::now();
    noos::this_thread::sleep_for(D);
    long long Took = usSince(T0);
    CHECK(noos::clock::now() - T0 >= D, "sleep_for %lld us: %lld us",
          (long long)D.count(), Took);
    if (Took - D.count() > Worst)
      Worst = Took - D.count();
    auto Until = noos::clock::now() + D;
    noos::this_thread::sleep_until(Until);
    CHECK(noos::clock::now() >= Until, "sleep_until");
  }
  std::printf("sleep: worst lateness %lld us\n", Worst);
  CHECK(Worst < 200, "too late: %lld us", Worst);

  // Zero, negative and past sleeps return at once.
  auto T0 = noos::clock::now();
  noos::this_thread::sleep_for(0ms);
  noos::this_thread::sleep_for(-5ms);
  noos::this_thread::sleep_until(noos::clock::time_point());
  noos::this_thread::sleep_until(T0 - 1ms);
  CHECK(usSince(T0) < 100, "sleeps that should not: %lld us", usSince(T0));

  // Another clock is waited on until it says so.
  auto Until = MsClock::now() + 3ms;
  noos::this_thread::sleep_until(Until);
  CHECK(MsClock::now() >= Until, "sleep_until on another clock");

  noos::this_thread::yield(); // nobody else is ready: returns
  std::printf("sleep: %s\n", Failures ? "FAILED" : "ok");
}

//===----------------------------------------------------------------------===//
// Mutexes and condition variables with the std lock templates
//===----------------------------------------------------------------------===//

static void mutexes() {
  // Three threads of equal priority, yielding inside the critical section
  // so the others find the mutex taken.
  int Counter = 0;
  {
    auto Work = [&] {
      for (int I = 0; I < 300; ++I) {
        std::lock_guard<noos::mutex> Guard(GlobalMutex);
        int V = Counter;
        if (I % 10 == 0)
          noos::this_thread::yield();
        Counter = V + 1;
      }
    };
    noos::thread A(Work), B(Work), C(Work);
  }
  CHECK(Counter == 900, "lock_guard: %d", Counter);

  // scoped_lock (std::lock underneath) takes two mutexes in either order
  // without deadlocking.
  noos::mutex M1, M2;
  int Both = 0;
  {
    noos::thread A([&] {
      for (int I = 0; I < 200; ++I) {
        std::scoped_lock Lock(M1, M2);
        noos::this_thread::yield();
        ++Both;
      }
    });
    noos::thread B([&] {
      for (int I = 0; I < 200; ++I) {
        std::scoped_lock Lock(M2, M1);
        noos::this_thread::yield();
        ++Both;
      }
    });
  }
  CHECK(Both == 400, "scoped_lock: %d", Both);
  std::lock(M1, M2);
  CHECK(!M1.try_lock() && !M2.try_lock(), "std::lock: relock succeeded");
  M1.unlock();
  M2.unlock();

  // unique_lock's try_to_lock and timed locking against a holder.
  noos::binary_semaphore Held(0), Release(0);
  noos::thread Holder([&] {
    std::lock_guard<noos::mutex> Guard(M1);
    Held.release();
    Release.acquire();
  });
  Held.acquire();
  {
    std::unique_lock<noos::mutex> Try(M1, std::try_to_lock);
    CHECK(!Try.owns_lock(), "try_to_lock got a held mutex");
    auto T0 = noos::clock::now();
    std::unique_lock<noos::mutex> Timed(M1, 2ms);
    CHECK(!Timed.owns_lock() && noos::clock::now() - T0 >= 2ms,
          "timed lock: %lld us", usSince(T0));
    CHECK(!M1.try_lock_until(noos::clock::now() + 1ms), "try_lock_until");
    Release.release();
    CHECK(Timed.try_lock_for(100ms), "try_lock_for after release");
  }
  Holder.join();
  std::unique_lock<noos::mutex> Deferred(M1, std::defer_lock);
  CHECK(!Deferred.owns_lock() && Deferred.try_lock(), "defer_lock");
  Deferred.unlock();
  std::printf("mutex: %s\n", Failures ? "FAILED" : "ok");
}

static void condvars() {
  // A producer and a consumer waiting with a predicate.
  noos::mutex M;
  noos::condition_variable Cv;
  int Items = 0, Consumed = 0;
  bool Done = false;
  {
    noos::thread Consumer([&] {
      std::unique_lock<noos::mutex> Lock(M);
      for (;;) {
        Cv.wait(Lock, [&] { return Items > 0 || Done; });
        if (!Items)
          break;
        --Items;
        ++Consumed;
      }
    });
    for (int I = 0; I < 100; ++I) {
      {
        std::lock_guard<noos::mutex> Guard(M);
        ++Items;
      }
      Cv.notify_one();
      if (I % 7 == 0)
        noos::this_thread::sleep_for(100us);
    }
    {
      std::lock_guard<noos::mutex> Guard(M);
      Done = true;
    }
    Cv.notify_one();
  }
  CHECK(Consumed == 100 && Items == 0, "consumed %d, %d left", Consumed, Items);

  // Timeouts: not before the deadline, and the lock is held again after.
  std::unique_lock<noos::mutex> Lock(M);
  auto T0 = noos::clock::now();
  CHECK(Cv.wait_for(Lock, 3ms) == noos::cv_status::timeout, "wait_for");
  CHECK(noos::clock::now() - T0 >= 3ms && Lock.owns_lock(), "wait_for: %lld us",
        usSince(T0));
  T0 = noos::clock::now();
  CHECK(!Cv.wait_for(Lock, 2ms, [] { return false; }), "wait_for predicate");
  CHECK(noos::clock::now() - T0 >= 2ms, "wait_for predicate: %lld us",
        usSince(T0));
  auto Until = noos::clock::now() + 2ms;
  CHECK(Cv.wait_until(Lock, Until) == noos::cv_status::timeout &&
            noos::clock::now() >= Until,
        "wait_until");
  CHECK(Cv.wait_until(Lock, Until, [] { return true; }), "predicate true");
  Lock.unlock();

  // notify_all wakes every waiter (on the constant-initialised globals).
  bool Go = false;
  int Woken = 0;
  {
    auto Waiter = [&] {
      std::unique_lock<noos::mutex> L(GlobalMutex);
      if (GlobalCond.wait_for(L, 1s, [&] { return Go; }))
        ++Woken;
    };
    noos::thread A(Waiter), B(Waiter), C(Waiter);
    noos::this_thread::sleep_for(1ms); // all three wait
    {
      std::lock_guard<noos::mutex> Guard(GlobalMutex);
      Go = true;
    }
    auto T1 = noos::clock::now();
    GlobalCond.notify_all();
    A.join();
    B.join();
    C.join();
    CHECK(noos::clock::now() - T1 < 100ms, "notify_all: waiters timed out");
  }
  CHECK(Woken == 3, "notify_all woke %d", Woken);
  std::printf("condvar: %s\n", Failures ? "FAILED" : "ok");
}

//===----------------------------------------------------------------------===//
// Semaphores, notes, the futex
//===----------------------------------------------------------------------===//

static void semaphores() {
  noos::counting_semaphore<4> S(2);
  CHECK(S.try_acquire() && S.try_acquire() && !S.try_acquire(), "try_acquire");
  auto T0 = noos::clock::now();
  CHECK(!S.try_acquire_for(2ms) && noos::clock::now() - T0 >= 2ms,
        "try_acquire_for");
  CHECK(!S.try_acquire_until(noos::clock::now() + 1ms), "try_acquire_until");
  S.release(2);
  S.acquire();
  CHECK(S.try_acquire_for(0ms) && !S.try_acquire(), "release(2)");

  // Ping-pong between two threads on binary semaphores.
  noos::binary_semaphore Ping(0), Pong(0);
  int Rounds = 0;
  {
    noos::thread Ponger([&] {
      for (int I = 0; I < 100; ++I) {
        Ping.acquire();
        ++Rounds;
        Pong.release();
      }
    });
    for (int I = 0; I < 100; ++I) {
      Ping.release();
      if (!Pong.try_acquire_for(100ms))
        break;
    }
  }
  CHECK(Rounds == 100, "ping-pong: %d rounds", Rounds);

  // A waiter on the constant-initialised global.
  noos::thread Waiter([] { GlobalSem.acquire(); });
  noos::this_thread::sleep_for(1ms);
  GlobalSem.release();
  Waiter.join();
  std::printf("semaphore: %s\n", Failures ? "FAILED" : "ok");
}

static void notes() {
  noos::note &N = GlobalNote;
  CHECK(!N.woken(), "woken at first");
  auto T0 = noos::clock::now();
  CHECK(!N.sleep_for(2ms) && noos::clock::now() - T0 >= 2ms, "sleep_for");
  volatile bool Slept = false;
  noos::thread Sleeper(noos::thread_options{0, 12, "sleeper"}, [&] {
    N.sleep();
    Slept = true;
  });
  CHECK(!Slept, "slept through");
  N.wakeup(); // the sleeper has the higher priority: it runs at once
  CHECK(Slept, "wakeup");
  Sleeper.join();
  CHECK(N.woken() && N.sleep_until(noos::clock::now() + 1ms), "stays woken");
  N.clear();
  CHECK(!N.woken(), "clear");
  std::printf("note: %s\n", Failures ? "FAILED" : "ok");
}

static void futexes() {
  static volatile std::uint32_t Word;
  Word = 0;
  CHECK(noos::futex::wait_for(Word, 1, 1ms) == NOOS_AGAIN, "again");
  auto T0 = noos::clock::now();
  CHECK(noos::futex::wait_until(Word, 0, T0 + 2ms) == NOOS_TIMEDOUT &&
            noos::clock::now() - T0 >= 2ms,
        "timeout");
  volatile int Result = 1;
  noos::thread Waiter([&] { Result = noos::futex::wait(Word, 0); });
  noos::this_thread::sleep_for(1ms);
  Word = 1;
  CHECK(noos::futex::wake(Word) == 1, "wake");
  Waiter.join();
  CHECK(Result == NOOS_OK, "woken: %d", Result);
  CHECK(noos::futex::wake_all(Word) == 0, "nobody waits");
  std::printf("futex: %s\n", Failures ? "FAILED" : "ok");
}

//===----------------------------------------------------------------------===//
// Queues and timers
//===----------------------------------------------------------------------===//

struct Msg {
  std::uint32_t Seq, Check;
};

static void queues() {
  noos::queue<Msg> Q(4);
  CHECK(Q.valid(), "create");
  noos::thread Producer(noos::thread_options{0, 9, "producer"}, [&Q] {
    for (std::uint32_t I = 0; I < 500; ++I)
      if (!Q.send(Msg{I, I * 7 + 1}))
        break;
  });
  std::uint32_t Got = 0;
  bool InOrder = true;
  Msg M{};
  while (Got < 500 && Q.try_receive_for(M, 100ms)) {
    InOrder = InOrder && M.Seq == Got && M.Check == Got * 7 + 1;
    ++Got;
  }
  Producer.join();
  CHECK(Got == 500 && InOrder, "received %lu, in order %d", (unsigned long)Got,
        InOrder);

  // Full and empty, with and without waiting.
  CHECK(!Q.try_receive(M), "receive from empty");
  for (std::uint32_t I = 0; I < 4; ++I)
    CHECK(Q.try_send(Msg{I, 0}), "send %lu", (unsigned long)I);
  auto T0 = noos::clock::now();
  CHECK(!Q.try_send(Msg{}) && !Q.try_send_for(Msg{}, 2ms) &&
            noos::clock::now() - T0 >= 2ms,
        "send to full");
  CHECK(!Q.try_send_until(Msg{}, noos::clock::now() + 1ms), "try_send_until");
  for (std::uint32_t I = 0; I < 4; ++I)
    CHECK(Q.try_receive_until(M, noos::clock::now() + 1ms) && M.Seq == I,
          "receive %lu", (unsigned long)I);
  CHECK(!Q.try_receive_until(M, noos::clock::now() + 1ms),
        "receive from empty");

  // An invalid queue refuses everything.
  noos::queue<int> Bad(0);
  int V = 0;
  CHECK(!Bad && !Bad.send(1) && !Bad.try_receive(V), "invalid queue");
  noos::queue<int> A(2);
  A.send(3);
  noos::queue<int> B(std::move(A));
  CHECK(!A.valid() && B.receive(V) && V == 3, "moved queue");
  std::printf("queue: %s\n", Failures ? "FAILED" : "ok");
}

static volatile int Ticks, Once, Self, Counted;

static void timers() {
  // A packed callable (capturing nothing) every 2 ms; a heap one (two
  // references) once after 5 ms.
  nanoseconds OnceAfter{};
  auto T0 = noos::clock::now();
  {
    noos::timer Periodic = noos::timer::every(2ms, [] { Ticks = Ticks + 1; });
    noos::timer OneShot = noos::timer::after(5ms, [&OnceAfter, &T0] {
      OnceAfter = noos::clock::now() - T0;
      Once = Once + 1;
    });
    CHECK(Periodic.valid() && OneShot, "start");
    noos::this_thread::sleep_until(T0 + 21ms);
  } // both stop here
  int N = Ticks;
  noos::this_thread::sleep_for(10ms);
  CHECK(N == 10 && Ticks == 10, "periodic: %d then %d ticks", N, Ticks);
  CHECK(Once == 1 && OnceAfter >= 5ms, "one-shot: %d, at %lld us", Once,
        (long long)std::chrono::duration_cast<microseconds>(OnceAfter).count());

  // A mutable callable keeps its state from call to call (it is not
  // packed); a timer stopped before it is due never runs.
  {
    noos::timer Stateful(1ms, 1000us, [K = 0]() mutable { Counted = ++K; });
    noos::timer Never = noos::timer::after(1s, [] { Once = 99; });
    noos::timer Forever =
        noos::timer::every(std::chrono::hours::max(), [] { Once = 98; });
    CHECK(Never && Forever, "start");
    noos::this_thread::sleep_for(5500us);
    Stateful.stop();
    CHECK(!Stateful.valid(), "stopped");
  }
  CHECK(Counted == 5 && Once == 1, "stateful: %d, never: %d", Counted, Once);

  // Timers that stop themselves from their own callables, through their
  // objects: a packed callable, and one in a heap block (destroyed once
  // it has returned).
  noos::timer Stopper, BoxedStopper;
  int BoxedSelf = 0;
  Stopper = noos::timer::every(1ms, [&Stopper] {
    if ((Self = Self + 1) == 3)
      Stopper.stop();
  });
  BoxedStopper = noos::timer::every(1ms, [&BoxedStopper, &BoxedSelf] {
    if (++BoxedSelf == 4)
      BoxedStopper.stop();
  });
  noos::this_thread::sleep_for(10ms);
  CHECK(Self == 3 && !Stopper.valid(), "self-stop: %d", Self);
  CHECK(BoxedSelf == 4 && !BoxedStopper.valid(), "self-stop: %d", BoxedSelf);

  noos::timer Empty;
  Empty.stop();
  CHECK(!Empty, "empty timer");
  std::printf("timer: %s\n", Failures ? "FAILED" : "ok");
}

//===----------------------------------------------------------------------===//
// Interrupts
//===----------------------------------------------------------------------===//

#if defined(SWI_IRQ)
static void pend(int Irq) {
  volatile std::uint32_t *Ispr =
      reinterpret_cast<volatile std::uint32_t *>(0xE000E200u);
  Ispr[Irq / 32] = 1u << (Irq % 32);
  __asm__ volatile("dsb\n\tisb" ::: "memory");
}

enum class Mode { Release, Service };
static volatile Mode IrqMode;
static volatile int Fired;
static noos::counting_semaphore<> IrqSem(0);

extern "C" void SWI_HANDLER(void) {
  Fired = Fired + 1;
  if (IrqMode == Mode::Release)
    IrqSem.release(); // from the handler
  else
    noos::irq::service_notify(SWI_IRQ);
}

static void interrupts() {
  CHECK(noos::irq::priority_levels() >= 4, "%d priority levels",
        noos::irq::priority_levels());
  noos::irq::set_priority(SWI_IRQ, 1);

  // A semaphore released by the handler wakes a waiting thread.
  IrqMode = Mode::Release;
  Fired = 0;
  noos::irq::enable(SWI_IRQ);
  int Acquired = 0;
  {
    noos::thread Waiter(noos::thread_options{0, 12, "waiter"}, [&] {
      for (int I = 0; I < 10; ++I)
        if (IrqSem.try_acquire_for(100ms))
          ++Acquired;
    });
    for (int I = 0; I < 10; ++I) {
      noos::this_thread::sleep_for(500us);
      pend(SWI_IRQ);
    }
  }
  CHECK(Fired == 10 && Acquired == 10, "fired %d, acquired %d", Fired,
        Acquired);

  // The mask guard holds the interrupt off, nested, until the outer one
  // ends.
  {
    noos::irq::mask_guard Outer;
    pend(SWI_IRQ);
    {
      noos::irq::mask_guard Inner;
    }
    for (volatile int I = 0; I < 1000; ++I)
      ;
    CHECK(Fired == 10, "fired while masked");
  }
  CHECK(Fired == 11, "not fired after the guard: %d", Fired);
  CHECK(IrqSem.try_acquire(), "the masked interrupt's release");
  noos::irq::disable(SWI_IRQ);

  // The interrupt service thread pattern: the handler disables the
  // interrupt and wakes the thread, whose next wait enables it again.
  IrqMode = Mode::Service;
  Fired = 0;
  int Serviced = 0;
  bool TimedOut = false;
  {
    noos::thread Service(noos::thread_options{0, 12, "service"}, [&] {
      for (int I = 0; I < 5; ++I)
        if (noos::irq::wait_for(SWI_IRQ, 100ms))
          ++Serviced;
      auto T0 = noos::clock::now();
      TimedOut = !noos::irq::wait_until(SWI_IRQ, T0 + 2ms) &&
                 noos::clock::now() - T0 >= 2ms;
    });
    for (int I = 0; I < 5; ++I) {
      noos::this_thread::sleep_for(500us);
      pend(SWI_IRQ);
    }
  }
  noos::irq::disable(SWI_IRQ);
  CHECK(Fired == 5 && Serviced == 5 && TimedOut, "service: fired %d, %d, %d",
        Fired, Serviced, TimedOut);
  std::printf("irq: %s\n", Failures ? "FAILED" : "ok");
}
#endif

//===----------------------------------------------------------------------===//
// Out of memory
//===----------------------------------------------------------------------===//

static void noMemory() {
  // Fill the heap in halving blocks, each holding the previous one.
  void *Ballast = nullptr;
  for (std::size_t Size = std::size_t(1) << 22; Size >= sizeof(void *);
       Size /= 2)
    while (void *P = std::malloc(Size)) {
      *static_cast<void **>(P) = Ballast;
      Ballast = P;
    }

  int X = 0;
  noos::thread Packed([&X] { X = 1; });          // noos_thread_create fails
  noos::thread Boxed([&X](int V) { X = V; }, 2); // the callable's block fails
  noos::queue<int> Q(4);
  noos::timer PackedTimer = noos::timer::after(1ms, [] {});
  noos::timer BoxedTimer =
      noos::timer::after(1ms, [&X, &Q] { X = Q.valid() ? 3 : 5; });
  CHECK(!Packed.joinable() && !Boxed.joinable(), "threads without memory");
  CHECK(!Q.valid() && !PackedTimer.valid() && !BoxedTimer.valid(),
        "queue, timers");

  while (Ballast) {
    void *Next = *static_cast<void **>(Ballast);
    std::free(Ballast);
    Ballast = Next;
  }
  noos::thread Again([&X](int V) { X = V; }, 4);
  Again.join();
  CHECK(X == 4, "after freeing: %d", X);
  std::printf("nomem: %s\n", Failures ? "FAILED" : "ok");
}

int main(int Argc, char **Argv) {
  // The timer thread and stdio's buffers stay: make them before the heap
  // is measured.
  { noos::timer T = noos::timer::after(1ms, [] {}); }
  std::printf("cxx: %s\n", EXCEPTIONS_AND_RTTI);
  for (int I = 1; I < Argc; ++I) {
    std::size_t Before = heapInUse();
    const char *A = Argv[I];
    if (!std::strcmp(A, "thread"))
      threads();
    else if (!std::strcmp(A, "sleep"))
      sleeps();
    else if (!std::strcmp(A, "mutex"))
      mutexes();
    else if (!std::strcmp(A, "condvar"))
      condvars();
    else if (!std::strcmp(A, "semaphore"))
      semaphores();
    else if (!std::strcmp(A, "note"))
      notes();
    else if (!std::strcmp(A, "futex"))
      futexes();
    else if (!std::strcmp(A, "queue"))
      queues();
    else if (!std::strcmp(A, "timer"))
      timers();
#if defined(SWI_IRQ)
    else if (!std::strcmp(A, "irq"))
      interrupts();
#endif
    else if (!std::strcmp(A, "nomem"))
      noMemory();
    else {
      std::printf("unknown: %s\n", A);
      return 1;
    }
    CHECK(heapInUse() == Before, "%s: heap in use %lu before, %lu after", A,
          (unsigned long)Before, (unsigned long)heapInUse());
  }
  return Failures;
}
