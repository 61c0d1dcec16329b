//===- FuzzSupport.h - what the noos fuzz harnesses share --------*- C++ -*-===//
//
// The parsers noos fuzzes read files (inputs, board files, images), so most
// harnesses write the fuzz input to a file in a private temporary directory
// made once per process (on tmpfs when there is one) and call the real
// entry point on it. FUZZ_CHECK states a property every input must keep;
// breaking it aborts, which libFuzzer and the replay main both report.
//
//===----------------------------------------------------------------------===//
#ifndef NOOS_TEST_FUZZ_FUZZSUPPORT_H
#define NOOS_TEST_FUZZ_FUZZSUPPORT_H

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdint>
#include <cstdlib>
#include <string>

#define FUZZ_CHECK(Cond, Msg)                                                  \
  do {                                                                         \
    if (!(Cond)) {                                                             \
      llvm::errs() << "fuzz property broken: " << #Cond << ": " << (Msg)       \
                   << "\n";                                                    \
      std::abort();                                                            \
    }                                                                          \
  } while (0)

namespace noosfuzz {

/// A directory of its own for this process, removed at exit.
inline const std::string &tempDir() {
  static const std::string Dir = [] {
    llvm::SmallString<128> Model;
    if (llvm::sys::fs::is_directory("/dev/shm"))
      Model = "/dev/shm";
    else
      llvm::sys::path::system_temp_directory(/*ErasedOnReboot=*/true, Model);
    llvm::sys::path::append(Model, "noos-fuzz-%%%%%%%%");
    llvm::SmallString<128> Path;
    if (std::error_code EC =
            llvm::sys::fs::createUniqueDirectory(Model, Path)) {
      llvm::errs() << "cannot make a temporary directory: " << EC.message()
                   << "\n";
      std::abort();
    }
    std::string P(Path);
    static std::string ToRemove = P;
    std::atexit([] { llvm::sys::fs::remove_directories(ToRemove); });
    return P;
  }();
  return Dir;
}

/// Writes \p Bytes to \p Name in tempDir() and returns its path.
inline std::string writeTempFile(llvm::StringRef Name, llvm::StringRef Bytes) {
  llvm::SmallString<128> Path(tempDir());
  llvm::sys::path::append(Path, Name);
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC);
  if (EC) {
    llvm::errs() << "cannot write '" << Path << "': " << EC.message() << "\n";
    std::abort();
  }
  OS << Bytes;
  return std::string(Path);
}

/// An error message as the tools print it after "<tool>: error: ": one
/// line, not empty.
inline std::string checkOneLine(llvm::Error E) {
  std::string Msg = llvm::toString(std::move(E));
  FUZZ_CHECK(!Msg.empty(), "an empty error message");
  FUZZ_CHECK(Msg.find('\n') == std::string::npos, Msg);
  return Msg;
}

} // namespace noosfuzz

#endif
