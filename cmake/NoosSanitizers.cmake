# The sanitizer and fuzzing builds of noos's own code (lib/, tools/, the
# unit tests and the fuzz harnesses; LLVM's libraries stay as Debian built
# them). Each is configured in a build directory of its own (the Makefile
# uses build-san/ and build-fuzz/), because the main build is Release
# without instrumentation and its images and timings must not change.
#
#   -DNOOS_SANITIZE=ON  ASan + UBSan; the fuzz harnesses link the replay
#                       main (test/fuzz/ReplayMain.cpp). `make check` runs
#                       the unit tests and the corpus replays in it.
#   -DNOOS_FUZZ=ON      the same, plus libFuzzer's coverage; the harnesses
#                       link libFuzzer (`make fuzz`). Needs Debian's
#                       libclang-rt-22-dev.
option(NOOS_SANITIZE "Build noos's code with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(NOOS_FUZZ "Build the fuzz harnesses with libFuzzer (implies NOOS_SANITIZE)" OFF)

if(NOOS_FUZZ)
  set(NOOS_SANITIZE ON)
endif()

if(NOOS_SANITIZE)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "noos: NOOS_SANITIZE and NOOS_FUZZ need clang (the Makefile names clang++-22)")
  endif()
  # Every UB report is an error that stops the program, as a crash would.
  set(NOOS_SANITIZE_FLAGS -fsanitize=address,undefined
    -fno-sanitize-recover=all -fno-omit-frame-pointer -gline-tables-only)
  if(NOOS_FUZZ)
    list(APPEND NOOS_SANITIZE_FLAGS -fsanitize=fuzzer-no-link)
  endif()
  add_compile_options(${NOOS_SANITIZE_FLAGS})
  add_link_options(-fsanitize=address,undefined)
  message(STATUS "noos: sanitized build (${NOOS_SANITIZE_FLAGS})")
endif()
