//===- ClangTests.cpp - The noos-clang command-line rewrite ---------------===//

#include "noos/ClangDriver.h"
#include "llvm/ADT/STLExtras.h"
#include <gtest/gtest.h>

using namespace llvm;
using namespace noos;

namespace {

TEST(DriverName, Names) {
  DriverName N = parseDriverName("/opt/noos/bin/clang");
  EXPECT_FALSE(N.CXX);
  EXPECT_EQ(N.TargetPrefix, "");
  N = parseDriverName("clang++");
  EXPECT_TRUE(N.CXX);
  N = parseDriverName("/x/thumbv7em-noos-clang++");
  EXPECT_TRUE(N.CXX);
  EXPECT_EQ(N.TargetPrefix, "thumbv7em-noos");
  EXPECT_EQ(parseDriverName("thumbv6m-noos-clang").TargetPrefix, "thumbv6m-noos");
  EXPECT_EQ(parseDriverName("noos-clang").TargetPrefix, "");
}

TEST(DriverName, RequestedTargetLastWins) {
  DriverName N = parseDriverName("thumbv6m-noos-clang");
  EXPECT_EQ(requestedTarget({}, N), "thumbv6m-noos");
  std::vector<std::string> A = {"--target=x86_64-linux-gnu", "-c",
                                "-target", "thumbv7m-noos"};
  EXPECT_EQ(requestedTarget(A, N), "thumbv7m-noos");
  EXPECT_TRUE(isNoosTriple("thumbv7m-noos"));
  EXPECT_TRUE(isNoosTriple("thumbv7em-noos-eabihf"));
  EXPECT_FALSE(isNoosTriple("thumbv7em-none-eabihf"));
  EXPECT_FALSE(isNoosTriple(""));
}

class RewriteTest : public ::testing::Test {
protected:
  void SetUp() override {
    Expected<Database> D = Database::open(NOOS_SHARE_DIR);
    ASSERT_TRUE(bool(D)) << toString(D.takeError());
    DB.emplace(std::move(*D));
  }
  NoosCompile rewrite(StringRef Triple, std::vector<std::string> Args) {
    Expected<NoosCompile> C = rewriteForNoos(*DB, Triple, Args, "/tools");
    if (!C) {
      ADD_FAILURE() << toString(C.takeError());
      return NoosCompile();
    }
    return std::move(*C);
  }
  std::string error(StringRef Triple, std::vector<std::string> Args) {
    Expected<NoosCompile> C = rewriteForNoos(*DB, Triple, Args, "/tools");
    if (C) {
      ADD_FAILURE() << "expected an error";
      return "";
    }
    return toString(C.takeError());
  }
  std::optional<Database> DB;
};

TEST_F(RewriteTest, CompileOnly) {
  NoosCompile C = rewrite("thumbv7em-noos", {"-c", "a.c", "-o", "a.o"});
  EXPECT_FALSE(C.Links);
  EXPECT_EQ(C.LLVMTriple, "thumbv7em-unknown-none-eabihf");
  EXPECT_EQ(C.MultilibDir, "v7e-m+fp/hard");
  EXPECT_EQ(C.Args.front(), "--target=thumbv7em-unknown-none-eabihf");
  EXPECT_TRUE(is_contained(C.Args, "-mfpu=fpv4-sp-d16"));
  EXPECT_FALSE(is_contained(C.Args, "-nostdlib"));
  // The user's arguments follow the added ones, in order.
  auto It = find(C.Args, "-c");
  ASSERT_NE(It, C.Args.end());
  EXPECT_EQ(*(It + 1), "a.c");
  EXPECT_EQ(*(It + 3), "a.o");
}

TEST_F(RewriteTest, LinkGoesThroughNoosLd) {
  NoosCompile C = rewrite("thumbv7m-noos", {"a.o", "-o", "fw.elf", "-nostdlib"});
  EXPECT_TRUE(C.Links);
  EXPECT_TRUE(is_contained(C.Args, "--ld-path=/tools/noos-ld"));
  EXPECT_TRUE(is_contained(C.Args, "-Wl,--target=thumbv7m-noos"));
  EXPECT_TRUE(is_contained(C.Args, "-Wl,--default-board=mps2-an385"));
  EXPECT_TRUE(is_contained(C.Args, "-Wl,--no-default-libs"));
}

TEST_F(RewriteTest, ValuesOfOtherOptionsAreNotMistaken) {
  // "-o -c" names an output file called "-c"; it does not stop the link.
  NoosCompile C = rewrite("thumbv7m-noos", {"a.o", "-o", "-c"});
  EXPECT_TRUE(C.Links);
  // --target values are removed, whichever spelling.
  C = rewrite("thumbv7m-noos", {"-target", "thumbv7m-noos", "-c", "x.c"});
  EXPECT_FALSE(is_contained(C.Args, "-target"));
  EXPECT_FALSE(is_contained(C.Args, "thumbv7m-noos"));
}

TEST_F(RewriteTest, FloatChoices) {
  EXPECT_EQ(rewrite("thumbv7em-noos", {"-c", "-mcpu=cortex-m7"}).MultilibDir,
            "v7e-m+dp/hard");
  EXPECT_EQ(rewrite("thumbv7em-noos", {"-c", "-mfpu=none"}).MultilibDir,
            "v7e-m/nofp");
  EXPECT_EQ(rewrite("thumbv7em-noos-eabi", {"-c"}).FloatABI, "soft");
  EXPECT_EQ(rewrite("thumbv7em-noos", {"-c", "-mfloat-abi=softfp"}).MultilibDir,
            "v7e-m+fp/softfp");
  EXPECT_EQ(rewrite("thumbv7em-noos", {"-c", "-mfloat-abi=softfp"}).LLVMTriple,
            "thumbv7em-unknown-none-eabi");
  EXPECT_EQ(rewrite("thumbv8m.main-noos", {"-c"}).MultilibDir,
            "v8-m.main+fp/hard");
  EXPECT_EQ(rewrite("thumbv6m-noos", {"-c"}).FPU, "none");
}

TEST_F(RewriteTest, Errors) {
  EXPECT_NE(error("thumbv7em-noos", {"-mfloat-abi=wobbly"}).find("not a float ABI"),
            std::string::npos);
  EXPECT_NE(error("thumbv6m-noos", {"-mfloat-abi=hard"}).find("needs an FPU"),
            std::string::npos);
  EXPECT_NE(error("armv4-noos", {}).find("unknown target"), std::string::npos);
  EXPECT_NE(error("thumbv7m-noos", {"--board=microbit"}).find("is a thumbv6m-noos board"),
            std::string::npos);
}

} // namespace
