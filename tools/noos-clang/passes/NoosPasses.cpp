//===- NoosPasses.cpp - The pass plugin noos-clang loads into clang -------===//
//
// Loaded by clang 22 (-fpass-plugin=, which noos-clang passes on every
// compile for a noos target) and run in clang's own process: it uses the
// LLVM of that process (Debian's clang-22 links libLLVM.so.22.1) and links
// no LLVM library of its own.
//
// The command-line pass: noos_start (runtime/src/start.c) calls
// noos_command_line, the semihosting command-line reader, to give main its
// argc and argv. A program whose main takes no parameters, or none it uses,
// has no use for it. An object file does not say which main it defines, so
// the compiler says it: a module that defines such a main gets a weak
// noos_command_line that returns 0 (no arguments). LLD extracts no archive
// member for a symbol that is already defined, so the reader (cmdline.c of
// the runtime) stays out of the image; a main compiled any other way (gcc,
// assembly, clang without this plugin) leaves the symbol undefined and links
// the reader as before.
//
//===----------------------------------------------------------------------===//

#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Plugins/PassPlugin.h"

using namespace llvm;

namespace {

/// The runtime's reader: int noos_command_line(char *line, size_t size,
/// char **argv, int max) (runtime/src/internal.h).
constexpr const char *ReaderName = "noos_command_line";

struct CommandLinePass : PassInfoMixin<CommandLinePass> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    Function *Main = M.getFunction("main");
    if (!Main || Main->isDeclaration())
      return PreservedAnalyses::all();
    for (const Argument &A : Main->args())
      if (!A.use_empty())
        return PreservedAnalyses::all();
    // The module declares or defines the name itself: leave it be.
    if (M.getNamedValue(ReaderName))
      return PreservedAnalyses::all();

    LLVMContext &Ctx = M.getContext();
    // int as main returns it (i32 on every noos target, but taken from the
    // module rather than assumed); size_t as wide as a pointer.
    Type *Int = Main->getReturnType();
    if (!Int->isIntegerTy())
      return PreservedAnalyses::all();
    Type *Ptr = PointerType::getUnqual(Ctx);
    Type *Size = M.getDataLayout().getIntPtrType(Ctx);
    FunctionType *FT = FunctionType::get(Int, {Ptr, Size, Ptr, Int}, false);
    Function *F = Function::Create(FT, GlobalValue::WeakAnyLinkage, ReaderName,
                                   M);
    F->setDSOLocal(true);
    F->setDoesNotThrow();
    F->addFnAttr(Attribute::MinSize);
    F->addFnAttr(Attribute::OptimizeForSize);
    F->addFnAttr(Attribute::NoInline);
    // The code generation attributes of main (the CPU and its features:
    // Thumb, compressed instructions), so the stand-in is built like main.
    for (StringRef K : {"target-cpu", "target-features", "tune-cpu"})
      if (Main->hasFnAttribute(K))
        F->addFnAttr(Main->getFnAttribute(K));
    IRBuilder<> B(BasicBlock::Create(Ctx, "entry", F));
    B.CreateRet(ConstantInt::get(Int, 0));
    return PreservedAnalyses::none();
  }
  static bool isRequired() { return true; } // at -O0 and on optnone too
};

bool isPostLink(ThinOrFullLTOPhase Phase) {
  return Phase == ThinOrFullLTOPhase::ThinLTOPostLink ||
         Phase == ThinOrFullLTOPhase::FullLTOPostLink;
}

void registerCallbacks(PassBuilder &PB) {
  // After the optimisation pipeline, when a parameter that is only spilled
  // to the stack has lost that use (mem2reg/SROA). Clang's -O0 pipeline and
  // the -flto and -flto=thin pre-link pipelines run this extension point
  // too (test/noos-clang/command-line-pass.test). At link time the
  // libraries are already chosen: nothing to add there.
  PB.registerOptimizerLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel, ThinOrFullLTOPhase Phase) {
        if (!isPostLink(Phase))
          MPM.addPass(CommandLinePass());
      });
}

} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "noos", "1", registerCallbacks};
}
