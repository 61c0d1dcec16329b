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
  EXPECT_EQ(parseDriverName("thumbv6m-noos-clang").TargetPrefix,
            "thumbv6m-noos");
  EXPECT_EQ(parseDriverName("noos-clang").TargetPrefix, "");
}

TEST(DriverName, RequestedTargetLastWins) {
  DriverName N = parseDriverName("thumbv6m-noos-clang");
  EXPECT_EQ(requestedTarget({}, N), "thumbv6m-noos");
  std::vector<std::string> A = {"--target=x86_64-linux-gnu", "-c", "-target",
                                "thumbv7m-noos"};
  EXPECT_EQ(requestedTarget(A, N), "thumbv7m-noos");
  EXPECT_TRUE(isNoosTriple("thumbv7m-noos"));
  EXPECT_TRUE(isNoosTriple("thumbv7em-noos-eabihf"));
  EXPECT_FALSE(isNoosTriple("thumbv7em-none-eabihf"));
  EXPECT_FALSE(isNoosTriple(""));
}

TEST(DriverName, NoosClangNamesTheDriver) {
  EXPECT_TRUE(parseDriverName("/opt/noos/bin/noos-clang").Driver);
  EXPECT_TRUE(parseDriverName("noos-clang++").Driver);
  EXPECT_FALSE(parseDriverName("clang").Driver);
  EXPECT_FALSE(parseDriverName("thumbv7em-noos-clang").Driver);
}

TEST(DriverName, RequestedBoardLastWins) {
  EXPECT_EQ(requestedBoard({}), "");
  EXPECT_EQ(
      requestedBoard({"-c", "--board=microbit", "x.c", "--board=mps2-an386"}),
      "mps2-an386");
  // Not the value of another option.
  EXPECT_EQ(requestedBoard({"-Wl,--board=microbit"}), "");
}

TEST(DriverName, MisspeltNoosTriples) {
  EXPECT_TRUE(mayBeMisspeltNoosTriple("thumbv7em-nos"));
  EXPECT_TRUE(mayBeMisspeltNoosTriple("thumbv7em-nooos-eabihf"));
  EXPECT_TRUE(mayBeMisspeltNoosTriple("thumbv7em-onos"));
  EXPECT_TRUE(mayBeMisspeltNoosTriple("thumbv7em-unknown-noos"));
  // Real triples, and ones two edits away, are not.
  EXPECT_FALSE(mayBeMisspeltNoosTriple("thumbv7em-noos"));
  EXPECT_FALSE(mayBeMisspeltNoosTriple("thumbv7em-none-eabihf"));
  EXPECT_FALSE(mayBeMisspeltNoosTriple("arm-none-eabi"));
  EXPECT_FALSE(mayBeMisspeltNoosTriple("x86_64-pc-linux-gnu"));
  EXPECT_FALSE(mayBeMisspeltNoosTriple("thumbv7em-rtos-eabi"));
  EXPECT_FALSE(mayBeMisspeltNoosTriple("thumbv7em"));
  EXPECT_FALSE(mayBeMisspeltNoosTriple(""));
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
  NoosCompile C =
      rewrite("thumbv7m-noos", {"a.o", "-o", "fw.elf", "-nostdlib"});
  EXPECT_TRUE(C.Links);
  EXPECT_TRUE(is_contained(C.Args, "--ld-path=/tools/noos-ld"));
  EXPECT_TRUE(is_contained(C.Args, "-Wl,--target=thumbv7m-noos"));
  EXPECT_TRUE(is_contained(C.Args, "-Wl,--default-board=mps2-an385"));
  EXPECT_TRUE(is_contained(C.Args, "-Wl,--no-default-libs"));
}

// The pass plugin: in lib/noos/ beside bin/, for every command that
// compiles C, C++ or IR (and links, where clang ignores it), not for
// assembly alone, and not in the editors' configuration files.
TEST_F(RewriteTest, PassPlugin) {
  EXPECT_EQ(passPluginPath("/opt/noos/bin"),
            "/opt/noos/lib/noos/noos-passes.so");
  NoosCompile C = rewrite("riscv32-noos", {"-c", "a.c"});
  EXPECT_EQ(C.PassPlugin, "/lib/noos/noos-passes.so");
  EXPECT_TRUE(is_contained(C.Args, "-fpass-plugin=/lib/noos/noos-passes.so"));
  C = rewrite("thumbv7em-noos", {"-c", "a.s"});
  EXPECT_EQ(C.PassPlugin, "");
  EXPECT_FALSE(any_of(C.Args, [](StringRef A) {
    return A.starts_with("-fpass-plugin");
  }));
  Expected<std::string> F = clangConfigFile(*DB, "thumbv7em-noos", false);
  ASSERT_TRUE(bool(F)) << toString(F.takeError());
  EXPECT_EQ(F->find("pass-plugin"), std::string::npos) << *F;
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
  EXPECT_NE(
      error("thumbv7em-noos", {"-mfloat-abi=wobbly"}).find("not a float ABI"),
      std::string::npos);
  EXPECT_NE(error("thumbv6m-noos", {"-mfloat-abi=hard"}).find("needs an FPU"),
            std::string::npos);
  EXPECT_NE(error("armv4-noos", {}).find("unknown target"), std::string::npos);
  EXPECT_NE(error("thumbv7m-noos", {"--board=microbit"})
                .find("is a thumbv6m-noos board"),
            std::string::npos);
}

// The A-profile targets: variants, the -mcpu check, AArch64's fixed FPU.
TEST_F(RewriteTest, AProfile) {
  NoosCompile C = rewrite("armv7a-noos", {"-c"});
  EXPECT_EQ(C.LLVMTriple, "armv7a-unknown-none-eabihf");
  EXPECT_EQ(C.MultilibDir, "v7-a+simd/hard");
  EXPECT_EQ(rewrite("armv7a-noos", {"-c", "-mfpu=vfpv3-d16"}).MultilibDir,
            "v7-a+fp/hard");
  EXPECT_EQ(rewrite("armv7a-noos-eabi", {"-c"}).MultilibDir, "v7-a/nofp");
  C = rewrite("aarch64-noos", {"-c"});
  EXPECT_EQ(C.LLVMTriple, "aarch64-unknown-elf");
  EXPECT_EQ(C.MultilibDir, "aarch64");
  EXPECT_TRUE(is_contained(C.Args, "-mno-outline-atomics"));
  EXPECT_FALSE(any_of(C.Args, [](StringRef A) {
    return A.starts_with("-mfloat-abi") || A.starts_with("-mfpu");
  }));
  EXPECT_NE(error("armv7a-noos", {"-mcpu=cortex-m3"}).find("not a CPU of"),
            std::string::npos);
  EXPECT_NE(error("aarch64-noos", {"-mfpu=neon"}).find("does not apply"),
            std::string::npos);
  // The Cortex-M targets list no CPUs: any -mcpu is clang's to judge.
  EXPECT_EQ(rewrite("thumbv7m-noos", {"-c", "-mcpu=cortex-m3"}).CPU,
            "cortex-m3");
  Expected<std::string> F = clangConfigFile(*DB, "aarch64-noos", false);
  ASSERT_TRUE(bool(F)) << toString(F.takeError());
  EXPECT_EQ(F->find("-mfloat-abi"), std::string::npos) << *F;
  EXPECT_NE(F->find("\n-mno-outline-atomics\n"), std::string::npos) << *F;
}

TEST_F(RewriteTest, SuggestsTheNearestNoosTriple) {
  EXPECT_EQ(suggestNoosTriple(*DB, "thumbv7em-nos"), "thumbv7em-noos");
  EXPECT_EQ(suggestNoosTriple(*DB, "thumbv7em-nos-eabihf"),
            "thumbv7em-noos-eabihf");
  EXPECT_EQ(suggestNoosTriple(*DB, "thumbv7-noos"), "thumbv7m-noos");
  EXPECT_EQ(suggestNoosTriple(*DB, "thumbv7-nos-eabi"), "thumbv7m-noos-eabi");
  EXPECT_EQ(suggestNoosTriple(*DB, "thumbv8m.mian-noos"), "thumbv8m.main-noos");
  // As near to two targets, too far from all, or nothing wrong with the name.
  EXPECT_EQ(suggestNoosTriple(*DB, "thumbv7e-noos"), "");
  EXPECT_EQ(suggestNoosTriple(*DB, "riscv32-noos"), "");
  EXPECT_EQ(suggestNoosTriple(*DB, "thumbv7em-noos"), "");
  EXPECT_EQ(suggestNoosTriple(*DB, "thumbv7em-none-eabi"), "");
  EXPECT_EQ(suggestNoosTriple(*DB, "x86_64-nos"), "");
  EXPECT_NE(error("thumbv7-noos", {}).find("did you mean 'thumbv7m-noos'?"),
            std::string::npos);
}

TEST_F(RewriteTest, FlagsFollowTheInputsLanguage) {
  auto Has = [](const NoosCompile &C, StringRef A) {
    return is_contained(C.Args, A);
  };
  // Assembly: target, CPU, FPU and float ABI only.
  NoosCompile C = rewrite("thumbv7em-noos", {"-c", "a.s"});
  EXPECT_TRUE(Has(C, "-mcpu=cortex-m4"));
  EXPECT_FALSE(Has(C, "-ffunction-sections"));
  EXPECT_FALSE(Has(C, "-nostdlibinc"));
  EXPECT_FALSE(Has(C, "-isystem"));
  EXPECT_FALSE(Has(C, "-cxx-isystem"));
  // Preprocessed assembly: the headers too.
  C = rewrite("thumbv7em-noos", {"-c", "a.S"});
  EXPECT_FALSE(Has(C, "-ffunction-sections"));
  EXPECT_TRUE(Has(C, "-nostdlibinc"));
  EXPECT_TRUE(Has(C, "-isystem"));
  // IR: code generation flags, no headers.
  C = rewrite("thumbv7em-noos", {"-c", "a.ll"});
  EXPECT_TRUE(Has(C, "-ffunction-sections"));
  EXPECT_FALSE(Has(C, "-isystem"));
  // Mixed: what any input needs.
  C = rewrite("thumbv7em-noos", {"-c", "a.s", "b.c"});
  EXPECT_TRUE(Has(C, "-ffunction-sections"));
  EXPECT_TRUE(Has(C, "-isystem"));
  // -x decides for what follows it, -x none gives the extension back.
  C = rewrite("thumbv7em-noos", {"-c", "-x", "assembler", "-"});
  EXPECT_FALSE(Has(C, "-ffunction-sections"));
  C = rewrite("thumbv7em-noos", {"-c", "-xc", "a.s"});
  EXPECT_TRUE(Has(C, "-ffunction-sections"));
  C = rewrite("thumbv7em-noos", {"-c", "-x", "c", "-x", "none", "a.s"});
  EXPECT_FALSE(Has(C, "-ffunction-sections"));
  // The value of -o is not an input; a link of objects gets everything, as
  // before.
  C = rewrite("thumbv7em-noos", {"-c", "a.s", "-o", "a.c"});
  EXPECT_FALSE(Has(C, "-ffunction-sections"));
  C = rewrite("thumbv7em-noos", {"a.o", "b.a", "-o", "fw.elf"});
  EXPECT_TRUE(Has(C, "-ffunction-sections"));
  EXPECT_TRUE(Has(C, "-isystem"));
  // Everything after "--" is an input.
  C = rewrite("thumbv7em-noos", {"-c", "--", "-weird.s"});
  EXPECT_FALSE(Has(C, "-ffunction-sections"));
}

TEST_F(RewriteTest, PrintQueriesAnswerForTheVariant) {
  PrintContext P{"/noos/bin", "/llvm/bin", "/llvm/lib/clang/22"};
  auto Ask = [&](StringRef Triple, std::vector<std::string> Args) {
    NoosCompile C = rewrite(Triple, Args);
    std::optional<std::string> A = answerPrintQuery(*DB, C, Args, P);
    return A ? *A : std::string("(none)");
  };
  EXPECT_EQ(Ask("thumbv7em-noos", {"-c", "x.c"}), "(none)");
  EXPECT_EQ(Ask("thumbv7em-noos", {"-print-multi-directory"}),
            "thumb/v7e-m+fp/hard\n");
  EXPECT_EQ(
      Ask("thumbv7em-noos", {"-mcpu=cortex-m7", "-print-multi-directory"}),
      "thumb/v7e-m+dp/hard\n");
  EXPECT_EQ(Ask("thumbv6m-noos", {"--print-multi-directory"}),
            "thumb/v6-m/nofp\n");
  EXPECT_EQ(Ask("thumbv7m-noos", {"-print-sysroot"}),
            "/usr/lib/picolibc/arm-none-eabi\n");
  EXPECT_EQ(Ask("thumbv7m-noos", {"-print-resource-dir"}),
            "/llvm/lib/clang/22\n");
  EXPECT_EQ(
      Ask("thumbv7m-noos", {"-resource-dir", "/r", "-print-resource-dir"}),
      "/r\n");
  EXPECT_EQ(Ask("thumbv7m-noos", {"-print-file-name=libnosuch.a"}),
            "libnosuch.a\n");
  // GCC's order decides which of several is answered.
  EXPECT_EQ(Ask("thumbv7m-noos", {"-print-sysroot", "-print-multi-directory"}),
            "thumb/v7-m/nofp\n");
  std::string Dirs = Ask("thumbv7m-noos", {"-print-search-dirs"});
  EXPECT_EQ(Dirs.rfind("programs: =/noos/bin:/llvm/bin\nlibraries: "
                       "=/llvm/lib/clang/22:/usr/lib/picolibc/",
                       0),
            0u)
      << Dirs;
  EXPECT_NE(Dirs.find("/lib/noos/v7-m/nofp\n"), std::string::npos) << Dirs;
}

TEST_F(RewriteTest, ClangConfigFiles) {
  Expected<std::string> F = clangConfigFile(*DB, "thumbv7em-noos", false);
  ASSERT_TRUE(bool(F)) << toString(F.takeError());
  EXPECT_NE(F->find("\n-mcpu=cortex-m4\n-mfloat-abi=hard\n-nostdlibinc\n"),
            std::string::npos)
      << *F;
  // The CPU's own FPU is left to clang (so a later -mcpu= gets its own).
  EXPECT_EQ(F->find("-mfpu"), std::string::npos) << *F;
  EXPECT_EQ(F->find("_GNU_SOURCE"), std::string::npos) << *F;
  EXPECT_NE(F->find("\n-isystem <CFGDIR>/../share/noos/include\n"),
            std::string::npos)
      << *F;
  EXPECT_NE(F->find("arm-none-eabi/thumb/v7e-m+fp/hard\n"), std::string::npos);
  // C++ without an EABI environment: _GNU_SOURCE as clang gives it for one.
  F = clangConfigFile(*DB, "thumbv7em-noos", true);
  ASSERT_TRUE(bool(F)) << toString(F.takeError());
  EXPECT_NE(F->find("\n-D_GNU_SOURCE\n"), std::string::npos);
  F = clangConfigFile(*DB, "thumbv7em-noos-eabihf", true);
  ASSERT_TRUE(bool(F)) << toString(F.takeError());
  EXPECT_EQ(F->find("_GNU_SOURCE"), std::string::npos);
  F = clangConfigFile(*DB, "thumbv7em-noos-eabi", false);
  ASSERT_TRUE(bool(F)) << toString(F.takeError());
  EXPECT_NE(F->find("-mfloat-abi=soft\n"), std::string::npos);
  EXPECT_NE(F->find("v7e-m/nofp"), std::string::npos);
  // A spelling without a variant is an error, as in noos-clang.
  F = clangConfigFile(*DB, "thumbv6m-noos-eabihf", false);
  EXPECT_FALSE(bool(F));
  consumeError(F.takeError());
}

} // namespace
