//===- InputScan.cpp - what noos-ld reads of its inputs before linking ---===//

#include "InputScan.h"
#include "noos/Checks.h"
#include "noos/Support.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/BinaryFormat/Magic.h"
#include "llvm/Object/Archive.h"
#include "llvm/Object/ELF.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <algorithm>
#include <atomic>
#include <cstring>
#include <optional>
#include <thread>

using namespace llvm;

namespace noos {
namespace {

/// C++ code refers to mangled names or the C++ ABI; only then are the C++
/// libraries worth LLD's time (libstdc++.a alone is 15 MB).
bool isCXXName(StringRef N) {
  return N.starts_with("_Z") || N.starts_with("__cxa_") ||
         N.starts_with("__gxx_personality");
}

bool isVectorSection(StringRef N) {
  return N == ".vectors" || N.starts_with(".vectors.") ||
         N.starts_with(".isr_vector");
}

/// The NUL-terminated string at \p Off of a string table, bounded by it.
StringRef stringAt(StringRef Table, uint64_t Off) {
  if (Off >= Table.size())
    return {};
  const char *P = Table.data() + Off;
  return StringRef(P, strnlen(P, Table.size() - Off));
}

/// The build attributes the driver decides by.
void setAttributes(const ArmAttributes &A, InputInfo &Info) {
  auto Int = [](std::optional<unsigned> V) { return V ? int(*V) : -1; };
  Info.CPUArch = Int(A.Arch);
  Info.VFPArgs = Int(A.VFPArgs);
  Info.FPArch = Int(A.FPArch);
  Info.HardFPUse = Int(A.HardFPUse);
  Info.HasCallingConvention = A.HasCallingConvention;
}

/// What one file gave; merged in command-line order afterwards.
struct FileResult {
  enum { Missing, Script, Input } Kind = Missing;
  InputInfo Info;
  uint64_t Size = 0;
  bool CXX = false, Vectors = false;
  /// An Arm object's headers, for the Thumb checks (which then need not
  /// read the file again).
  std::optional<ObjectHeaders> Headers;
  std::string Error; // the file's error, if any
};

/// Reads a relocatable ELF object's machine, build attributes, section
/// names and (unless \p WantCXX is false) symbol names straight from its
/// headers: no ObjectFile, no per-symbol Expected. False if malformed.
template <class ELFT>
bool scanELF(StringRef Bytes, bool WantCXX, FileResult &R) {
  Expected<object::ELFFile<ELFT>> EFOrErr = object::ELFFile<ELFT>::create(Bytes);
  if (!EFOrErr) {
    consumeError(EFOrErr.takeError());
    return false;
  }
  const object::ELFFile<ELFT> &EF = *EFOrErr;
  auto SecsOrErr = EF.sections();
  if (!SecsOrErr) {
    consumeError(SecsOrErr.takeError());
    return false;
  }
  auto Secs = *SecsOrErr;
  R.Info.Machine = EF.getHeader().e_machine;
  StringRef ShStr;
  if (Expected<StringRef> S = EF.getSectionStringTable(Secs))
    ShStr = *S;
  else
    consumeError(S.takeError());
  bool IsArm = R.Info.Machine == ELF::EM_ARM;
  ObjectHeaders H;
  for (const typename ELFT::Shdr &Sec : Secs) {
    if (isVectorSection(stringAt(ShStr, Sec.sh_name)))
      R.Vectors = true;
    if ((Sec.sh_flags & ELF::SHF_ALLOC) && (Sec.sh_flags & ELF::SHF_EXECINSTR) &&
        Sec.sh_size)
      H.HasCode = true;
    if (Sec.sh_type == ELF::SHT_ARM_ATTRIBUTES && IsArm &&
        !H.Attributes.Present) {
      if (auto Data = EF.getSectionContents(Sec))
        H.Attributes = parseArmAttributes(*Data, EF.isLE());
      else
        consumeError(Data.takeError());
    }
    if (Sec.sh_type == ELF::SHT_SYMTAB && WantCXX && !R.CXX) {
      auto Syms = EF.symbols(&Sec);
      auto Str = EF.getStringTableForSymtab(Sec, Secs);
      if (!Syms || !Str) {
        consumeError(Syms.takeError());
        consumeError(Str.takeError());
        continue;
      }
      for (const typename ELFT::Sym &S : *Syms)
        if (isCXXName(stringAt(*Str, S.st_name))) {
          R.CXX = true;
          break;
        }
    }
  }
  if (IsArm) {
    setAttributes(H.Attributes, R.Info);
    R.Headers = H;
  }
  return true;
}

bool scanObject(StringRef Bytes, bool WantCXX, FileResult &R) {
  if (Bytes.size() < ELF::EI_NIDENT)
    return false;
  bool Is64 = Bytes[ELF::EI_CLASS] == ELF::ELFCLASS64;
  bool IsLE = Bytes[ELF::EI_DATA] != ELF::ELFDATA2MSB;
  if (Is64)
    return IsLE ? scanELF<object::ELF64LE>(Bytes, WantCXX, R)
                : scanELF<object::ELF64BE>(Bytes, WantCXX, R);
  return IsLE ? scanELF<object::ELF32LE>(Bytes, WantCXX, R)
              : scanELF<object::ELF32BE>(Bytes, WantCXX, R);
}

/// Reads the file \p P: into \p Small, a buffer its thread reuses, when it
/// is small (an object: no allocation, no fresh pages), else mapped.
/// Nothing (and no error) if it is not a regular file.
Expected<std::optional<StringRef>> readInput(const std::string &P,
                                             SmallVectorImpl<char> &Small,
                                             std::unique_ptr<MemoryBuffer> &Big) {
  Expected<sys::fs::file_t> FD = sys::fs::openNativeFileForRead(P);
  if (!FD) {
    consumeError(FD.takeError());
    return std::nullopt; // LLD reports missing inputs with the search paths it used
  }
  scope_exit Close([&] { sys::fs::closeFile(*FD); });
  sys::fs::file_status St;
  if (std::error_code EC = sys::fs::status(*FD, St))
    return createStringError(EC, "cannot read input '" + P + "': " + EC.message());
  if (St.type() != sys::fs::file_type::regular_file)
    return std::nullopt;
  uint64_t Size = St.getSize();
  if (Size <= (1u << 20)) {
    Small.resize_for_overwrite(Size);
    Expected<size_t> N = sys::fs::readNativeFileSlice(
        *FD, MutableArrayRef<char>(Small.data(), Size), 0);
    if (!N)
      return createStringError(inconvertibleErrorCode(),
                               "cannot read input '" + P + "': " +
                                   toString(N.takeError()));
    return StringRef(Small.data(), *N);
  }
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getOpenFile(
      *FD, P, Size, /*RequiresNullTerminator=*/false);
  if (!Buf)
    return createStringError(Buf.getError(), "cannot read input '" + P +
                                                 "': " + Buf.getError().message());
  Big = std::move(*Buf);
  return Big->getBuffer();
}

void scanFile(const std::string &P, const std::atomic<bool> &SeenCXX,
              SmallVectorImpl<char> &Small, FileResult &R) {
  std::unique_ptr<MemoryBuffer> Big;
  Expected<std::optional<StringRef>> Read = readInput(P, Small, Big);
  if (!Read) {
    R.Error = toString(Read.takeError());
    return;
  }
  if (!*Read)
    return;
  StringRef Bytes = **Read;
  R.Size = Bytes.size();
  R.Kind = FileResult::Input;
  R.Info.Path = P;
  bool WantCXX = !SeenCXX.load(std::memory_order_relaxed);
  file_magic Magic = identify_magic(Bytes);
  if (Magic == file_magic::elf_relocatable) {
    R.Info.IsObject = true;
    if (!scanObject(Bytes, WantCXX, R))
      R.Error = "'" + P + "' is not a valid ELF object: rebuild it";
  } else if (Magic == file_magic::archive) {
    Expected<std::unique_ptr<object::Archive>> Ar =
        object::Archive::create(MemoryBufferRef(Bytes, P));
    if (!Ar) {
      R.Error = "'" + P + "' is not a valid archive: " + toString(Ar.takeError());
      return;
    }
    for (const object::Archive::Symbol &Sym : (*Ar)->symbols())
      if (isCXXName(Sym.getName())) {
        R.CXX = true;
        break;
      }
    // The archive is described by its first ELF member.
    Error Err = Error::success();
    for (const object::Archive::Child &C : (*Ar)->children(Err)) {
      Expected<MemoryBufferRef> Ref = C.getMemoryBufferRef();
      if (!Ref) {
        consumeError(Ref.takeError());
        continue;
      }
      if (identify_magic(Ref->getBuffer()) != file_magic::elf_relocatable)
        continue;
      FileResult Member;
      if (scanObject(Ref->getBuffer(), /*WantCXX=*/false, Member)) {
        Member.Info.Path = R.Info.Path;
        Member.Info.IsObject = false;
        R.Info = std::move(Member.Info);
        R.Vectors |= Member.Vectors;
        break;
      }
    }
    if (Err)
      R.Error = "'" + P + "' is not a valid archive: " + toString(std::move(Err));
  } else if (Magic == file_magic::elf_executable ||
             Magic == file_magic::elf_shared_object) {
    R.Error = "'" + P + "' is a linked " +
              (Magic == file_magic::elf_executable ? "executable"
                                                   : "shared object") +
              ", not an object file: give the object files (.o) or "
              "archives (.a) it was built from";
  } else if (Magic == file_magic::bitcode) {
    // LTO input; LLD handles it. The target comes from --target/--board.
  } else {
    StringRef Ext = sys::path::extension(P);
    if (Ext == ".o" || Ext == ".obj" || Ext == ".a")
      R.Error = "'" + P + "' is not an object file or archive "
                "(unrecognised contents): rebuild it with clang "
                "--target=<arch>-noos -c";
    R.Kind = FileResult::Script; // an input linker script, which LLD reads
  }
}

} // namespace

Expected<InputScan> scanInputs(ArrayRef<std::string> Args) {
  std::vector<FileResult> Results(Args.size());
  std::atomic<bool> SeenCXX{false};
  std::atomic<size_t> Next{0};
  // Files are handed out in small batches: opening and reading thousands
  // of small objects is system-call bound and spreads well. Threads are
  // started and joined here, so none is left when noos-ld forks for LLD.
  constexpr size_t Batch = 16;
  auto Work = [&] {
    SmallVector<char, 0> Small;
    for (;;) {
      size_t Begin = Next.fetch_add(Batch);
      if (Begin >= Args.size())
        return;
      for (size_t I = Begin, E = std::min(Begin + Batch, Args.size()); I < E; ++I) {
        scanFile(Args[I], SeenCXX, Small, Results[I]);
        if (Results[I].CXX)
          SeenCXX.store(true, std::memory_order_relaxed);
      }
    }
  };
  unsigned Threads =
      std::min<size_t>({std::max(1u, std::thread::hardware_concurrency()), 4,
                        Args.size() / (4 * Batch) + 1});
  std::vector<std::thread> Pool;
  for (unsigned T = 1; T < Threads; ++T)
    Pool.emplace_back(Work);
  Work();
  for (std::thread &T : Pool)
    T.join();

  InputScan S;
  for (FileResult &R : Results) {
    if (!R.Error.empty())
      return makeError(R.Error);
    if (R.Kind == FileResult::Missing)
      continue;
    S.Paths.push_back(R.Info.Path);
    S.Headers.push_back(R.Info.IsObject ? R.Headers : std::nullopt);
    S.Bytes += R.Size;
    S.HasCXX |= R.CXX;
    S.HasOwnVectors |= R.Vectors;
    if (R.Kind == FileResult::Input)
      S.Inputs.push_back(std::move(R.Info));
  }
  return S;
}

} // namespace noos
