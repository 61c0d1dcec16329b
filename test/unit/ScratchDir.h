//===- ScratchDir.h - A temporary directory and LLVM tools for tests -----===//
//
// Unit tests that build real objects and images run llvm-mc, ld.lld and
// friends in a directory of their own, removed afterwards.
//
//===----------------------------------------------------------------------===//
#ifndef NOOS_TEST_SCRATCHDIR_H
#define NOOS_TEST_SCRATCHDIR_H

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <gtest/gtest.h>
#include <optional>
#include <string>
#include <vector>

#ifndef NOOS_LLVM_BIN
#define NOOS_LLVM_BIN "/usr/lib/llvm-22/bin"
#endif

namespace noos {

class ScratchDirTest : public ::testing::Test {
protected:
  llvm::SmallString<128> Dir;

  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("noos-unit", Dir));
  }
  void TearDown() override {
    if (!Dir.empty())
      llvm::sys::fs::remove_directories(Dir);
  }

  std::string path(llvm::StringRef Name) {
    llvm::SmallString<256> P(Dir);
    llvm::sys::path::append(P, Name);
    return std::string(P);
  }

  void write(llvm::StringRef Name, llvm::StringRef Text) {
    std::error_code EC;
    llvm::raw_fd_ostream OS(path(Name), EC);
    ASSERT_FALSE(EC) << EC.message();
    OS << Text;
  }

  std::string read(llvm::StringRef Name) {
    auto B = llvm::MemoryBuffer::getFile(path(Name));
    if (!B) {
      ADD_FAILURE() << "cannot read " << Name.str();
      return "";
    }
    return (*B)->getBuffer().str();
  }

  /// Runs an LLVM tool (from the LLVM noos is built with) in the scratch
  /// directory; false, with a test failure carrying its stderr, if it
  /// fails.
  bool run(llvm::StringRef Tool, llvm::ArrayRef<std::string> Args) {
    auto Prog = llvm::sys::findProgramByName(Tool, {NOOS_LLVM_BIN});
    if (!Prog) {
      ADD_FAILURE() << Tool.str() << " not found in " << NOOS_LLVM_BIN;
      return false;
    }
    std::vector<llvm::StringRef> Argv = {*Prog};
    for (const std::string &A : Args)
      Argv.push_back(A);
    std::string Err = path(Tool.str() + ".stderr");
    std::optional<llvm::StringRef> Redirects[] = {std::nullopt, std::nullopt,
                                                  llvm::StringRef(Err)};
    std::string Msg;
    int RC = llvm::sys::ExecuteAndWait(*Prog, Argv, std::nullopt, Redirects,
                                       0, 0, &Msg);
    if (RC != 0) {
      ADD_FAILURE() << Tool.str() << " failed (" << RC << "): " << Msg
                    << read(Tool.str() + ".stderr");
      return false;
    }
    return true;
  }
};

} // namespace noos

#endif
