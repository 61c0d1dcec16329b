//===- InputContents.cpp - the sections and symbols of noos-ld's inputs --===//

#include "InputContents.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Object/Archive.h"
#include "llvm/Object/Binary.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MemoryBuffer.h"
#include <atomic>
#include <thread>

using namespace llvm;

namespace noos {

static void readObject(const object::ELFObjectFileBase &O, ObjectContents &C,
                       bool Symbols) {
  bool FuncARM = false, FuncThumb = false;
  for (const object::SectionRef &S : O.sections()) {
    object::ELFSectionRef E(S);
    uint64_t F = E.getFlags();
    if (E.getType() == ELF::SHT_ARM_EXIDX)
      C.HasExidx = true;
    if ((F & ELF::SHF_ALLOC) && E.getType() != ELF::SHT_ARM_EXIDX) {
      Expected<StringRef> N = S.getName();
      if (N && N->contains(",\""))
        C.FlagTrickSections.push_back(N->str());
      else if (!N)
        consumeError(N.takeError());
    }
    if (!(F & ELF::SHF_ALLOC) || !(F & ELF::SHF_WRITE) || (F & ELF::SHF_TLS))
      continue;
    Expected<StringRef> N = S.getName();
    if (!N) {
      consumeError(N.takeError());
      continue;
    }
    C.Writable.push_back({N->str(), E.getType() == ELF::SHT_NOBITS});
  }
  if (!Symbols)
    return;
  C.HasSymbols = true;
  for (const object::ELFSymbolRef &Sym : O.symbols()) {
    Expected<StringRef> N = Sym.getName();
    if (!N) {
      consumeError(N.takeError());
      continue;
    }
    // Mapping symbols: $a, $a.N (ARM), $t, $t.N (Thumb), $d (data).
    if (N->size() >= 2 && (*N)[0] == '$' && (N->size() == 2 || (*N)[2] == '.')) {
      if ((*N)[1] == 'a')
        C.HasARMCode = true;
      else if ((*N)[1] == 't')
        C.HasThumbCode = true;
      continue;
    }
    Expected<uint32_t> Flags = Sym.getFlags();
    if (!Flags) {
      consumeError(Flags.takeError());
      continue;
    }
    if (Sym.getELFType() != ELF::STT_FUNC ||
        (*Flags & object::SymbolRef::SF_Undefined))
      continue;
    // Without mapping symbols (a stripped object), a function's address
    // tells its state.
    Expected<uint64_t> V = Sym.getValue();
    if (V)
      (*V & 1 ? FuncThumb : FuncARM) = true;
    else
      consumeError(V.takeError());
    if (Sym.getBinding() != ELF::STB_LOCAL)
      C.Functions.push_back(N->str());
  }
  if (O.getEMachine() == ELF::EM_ARM && !C.HasARMCode && !C.HasThumbCode) {
    C.HasARMCode = FuncARM;
    C.HasThumbCode = FuncThumb;
  }
}

/// Appends what \p P holds to \p Out.
static void readFile(const std::string &P, bool Symbols, bool Archives,
                     std::vector<ObjectContents> &Out) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> B = MemoryBuffer::getFile(
      P, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!B)
    return;
  Expected<std::unique_ptr<object::Binary>> Bin =
      object::createBinary((*B)->getMemBufferRef());
  if (!Bin) {
    consumeError(Bin.takeError());
    return;
  }
  if (auto *O = dyn_cast<object::ELFObjectFileBase>(Bin->get())) {
    if (O->getEType() != ELF::ET_REL)
      return;
    ObjectContents C;
    C.Path = P;
    readObject(*O, C, Symbols);
    Out.push_back(std::move(C));
    return;
  }
  auto *A = dyn_cast<object::Archive>(Bin->get());
  if (!A || !Archives)
    return;
  Error Err = Error::success();
  for (const object::Archive::Child &Ch : A->children(Err)) {
    Expected<std::unique_ptr<object::Binary>> M = Ch.getAsBinary();
    if (!M) {
      consumeError(M.takeError());
      continue;
    }
    auto *O = dyn_cast<object::ELFObjectFileBase>(M->get());
    if (!O || O->getEType() != ELF::ET_REL)
      continue;
    Expected<StringRef> Name = Ch.getName();
    ObjectContents C;
    C.Path = P + "(" + (Name ? Name->str() : std::string("?")) + ")";
    if (!Name)
      consumeError(Name.takeError());
    C.IsArchiveMember = true;
    readObject(*O, C, Symbols);
    Out.push_back(std::move(C));
  }
  consumeError(std::move(Err));
}

std::vector<ObjectContents> readObjectContents(ArrayRef<std::string> Paths,
                                              bool Symbols, bool Archives) {
  // As InputScan: thousands of small files are system-call bound, so they
  // are spread over a few threads, joined before noos-ld forks for LLD,
  // and the results kept in command-line order.
  std::vector<std::vector<ObjectContents>> Results(Paths.size());
  std::atomic<size_t> Next{0};
  constexpr size_t Batch = 16;
  auto Work = [&] {
    for (;;) {
      size_t Begin = Next.fetch_add(Batch);
      if (Begin >= Paths.size())
        return;
      for (size_t I = Begin, E = std::min(Begin + Batch, Paths.size()); I < E;
           ++I)
        readFile(Paths[I], Symbols, Archives, Results[I]);
    }
  };
  unsigned Threads =
      std::min<size_t>({std::max(1u, std::thread::hardware_concurrency()), 4,
                        Paths.size() / (4 * Batch) + 1});
  std::vector<std::thread> Pool;
  for (unsigned T = 1; T < Threads; ++T)
    Pool.emplace_back(Work);
  Work();
  for (std::thread &T : Pool)
    T.join();
  std::vector<ObjectContents> Out;
  for (std::vector<ObjectContents> &R : Results)
    for (ObjectContents &C : R)
      Out.push_back(std::move(C));
  return Out;
}

std::string stripScriptComments(StringRef T) {
  std::string Text;
  for (size_t I = 0; I < T.size();) {
    if (T.substr(I).starts_with("/*")) {
      size_t E = T.find("*/", I + 2);
      I = E == StringRef::npos ? T.size() : E + 2;
      Text += ' ';
      continue;
    }
    Text += T[I++];
  }
  return Text;
}

std::vector<std::string> templateSectionPatterns(StringRef T) {
  // Comments first: they quote patterns too.
  std::string Text = stripScriptComments(T);
  std::vector<std::string> Out;
  StringRef S(Text);
  for (size_t I = S.find("*("); I != StringRef::npos; I = S.find("*(", I)) {
    size_t J = I + 2;
    unsigned Depth = 1;
    for (; J < S.size() && Depth; ++J)
      Depth += S[J] == '(' ? 1 : S[J] == ')' ? -1 : 0;
    StringRef Inside = S.slice(I + 2, J - 1);
    SmallVector<StringRef, 8> Words;
    SplitString(Inside, Words, " \t\r\n()");
    for (StringRef W : Words)
      if (W.starts_with("."))
        Out.push_back(W.str());
    I = J;
  }
  return Out;
}

std::vector<WritableSection>
unplacedWritableSections(ArrayRef<ObjectContents> Objects,
                         ArrayRef<std::string> Patterns) {
  // Most patterns are plain names (".data") or a name and a star
  // (".data.*"): those are looked up or compared directly, so that
  // thousands of objects with per-variable sections do not cost a glob
  // match of each name against every pattern.
  StringSet<> Exact;
  std::vector<std::string> Prefixes;
  std::vector<GlobPattern> Globs;
  for (const std::string &P : Patterns) {
    StringRef R(P);
    size_t Meta = R.find_first_of("*?[\\{");
    if (Meta == StringRef::npos) {
      Exact.insert(R);
      continue;
    }
    if (Meta == R.size() - 1 && R.back() == '*') {
      Prefixes.push_back(R.drop_back().str());
      continue;
    }
    if (Expected<GlobPattern> G = GlobPattern::create(P))
      Globs.push_back(std::move(*G));
    else
      consumeError(G.takeError());
  }
  auto Placed = [&](StringRef N) {
    return Exact.contains(N) ||
           any_of(Prefixes, [&](const std::string &Pre) {
             return N.starts_with(Pre);
           }) ||
           any_of(Globs, [&](const GlobPattern &G) { return G.match(N); });
  };
  std::vector<WritableSection> Out;
  StringSet<> Seen;
  for (const ObjectContents &C : Objects)
    for (const WritableSection &W : C.Writable) {
      if (Seen.contains(W.Name) || Placed(W.Name))
        continue;
      Seen.insert(W.Name);
      Out.push_back(W);
    }
  return Out;
}

/// \p N as a script spells it, both as an output section name and as an
/// input section pattern: plain, or quoted (a quoted pattern is not a
/// glob); "" if a script cannot spell it (a quote, a backslash or a
/// control character in it).
static std::string scriptName(StringRef N) {
  if (N.empty() || any_of(N, [](char C) {
        return C == '"' || C == '\\' || isPrint(C) == false;
      }))
    return "";
  if (all_of(N, [](char C) {
        return isAlnum(C) || C == '_' || C == '.' || C == '$';
      }))
    return N.str();
  return ("\"" + N + "\"").str();
}

std::string placeWritableSections(ArrayRef<WritableSection> Sections) {
  std::string Data, Zero;
  for (const WritableSection &W : Sections) {
    std::string N = scriptName(W.Name);
    if (N.empty())
      continue; // LLD places it; noos-ld says so if it lands badly
    if (W.NoBits)
      Zero += "  " + N + " (NOLOAD) : { *(" + N + ") } > REGION_DATA\n";
    else
      Data += "  " + N + " : { *(" + N + ") } > REGION_DATA AT> REGION_LOAD\n";
  }
  std::string S;
  if (!Data.empty())
    S += "\n/* noos-ld: initialised writable sections the layout does not "
         "name,\n * copied to RAM with .data */\nSECTIONS\n{\n" +
         Data + "}\nINSERT AFTER .data;\n";
  if (!Zero.empty())
    S += "\n/* noos-ld: zero-initialised writable sections the layout does "
         "not name,\n * zeroed with .bss */\nSECTIONS\n{\n" +
         Zero + "}\nINSERT BEFORE .bss;\n";
  return S;
}

bool isNearMissHandler(StringRef F, StringRef H) {
  if (F == H || F.empty() || H.empty())
    return false;
  if (F.equals_insensitive(H))
    return true; // TIMER0_IRQhandler
  for (StringRef Suffix : {"_IRQHandler", "_Handler"})
    if (H == (F + Suffix).str())
      return true; // TIMER0 for TIMER0_IRQHandler
  // The same stem with another suffix: TIMER0_Handler, TIMER0_IRQ,
  // Timer0_IRQHandler for TIMER0_IRQHandler. Only names that say they are
  // handlers: a helper called "svc" is no SVC_Handler.
  std::string LF = F.lower();
  if (!StringRef(LF).contains("handler") && !StringRef(LF).contains("irq"))
    return false;
  auto Stem = [](StringRef N) {
    std::string L = N.lower();
    StringRef S(L);
    for (StringRef Suffix :
         {"_irqhandler", "irqhandler", "_irqn_handler", "_handler", "handler",
          "_irqn", "_irq", "irq"})
      if (S.size() > Suffix.size() && S.ends_with(Suffix)) {
        S = S.drop_back(Suffix.size());
        break;
      }
    std::string Out;
    for (char C : S)
      if (C != '_')
        Out += C;
    return Out;
  };
  std::string SF = Stem(F), SH = Stem(H);
  return !SH.empty() && SF == SH;
}

} // namespace noos
