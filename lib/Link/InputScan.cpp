//===- InputScan.cpp - what noos-ld reads of its inputs before linking ---===//

#include "InputScan.h"
#include "noos/Checks.h"
#include "noos/Support.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/BinaryFormat/Magic.h"
#include "llvm/Object/Archive.h"
#include "llvm/Object/ELF.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <algorithm>
#include <atomic>
#include <cstring>
#include <optional>
#include <thread>
#include <unistd.h>

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

/// A section's name as llvm::object (and so LLD) reads it: offset 0 is the
/// empty name whatever the table's first byte.
StringRef sectionName(StringRef ShStr, uint64_t Off) {
  return Off ? stringAt(ShStr, Off) : StringRef();
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
  /// The section facts of the object, or of each ELF member of the
  /// archive, that the layout and the warnings need (InputContents.h).
  std::vector<ObjectContents> Contents;
  /// The file's device and inode, where readInput examined the file.
  std::optional<sys::fs::UniqueID> ID;
  std::string Error; // the file's error, if any
};

/// The facts readObjectContents gives without symbols, from the section
/// headers this pass has read anyway: so no input is read twice.
template <class ELFT>
void sectionFacts(ArrayRef<typename ELFT::Shdr> Secs,
                  std::optional<StringRef> ShStr, ObjectContents &C) {
  for (const typename ELFT::Shdr &Sec : Secs) {
    uint64_t F = Sec.sh_flags;
    if (Sec.sh_type == ELF::SHT_ARM_EXIDX)
      C.HasExidx = true;
    // A name llvm::object cannot read (no readable string table, or an
    // offset past it) is skipped, as readObjectContents skips it; offset 0
    // is the empty name even without a table.
    if (!(F & ELF::SHF_ALLOC) || !ShStr ||
        (Sec.sh_name != 0 && Sec.sh_name >= ShStr->size()))
      continue;
    StringRef Name = sectionName(*ShStr, Sec.sh_name);
    if (Sec.sh_type != ELF::SHT_ARM_EXIDX && Name.contains(",\""))
      C.FlagTrickSections.push_back(Name.str());
    if ((F & ELF::SHF_WRITE) && !(F & ELF::SHF_TLS))
      C.Writable.push_back({Name.str(), Sec.sh_type == ELF::SHT_NOBITS});
  }
}

/// Reads a relocatable ELF object's machine, build attributes, section
/// names and (unless \p WantCXX is false) symbol names straight from its
/// headers: no ObjectFile, no per-symbol Expected. False if malformed.
template <class ELFT>
bool scanELF(StringRef Bytes, bool WantCXX, FileResult &R,
             ObjectContents *C) {
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
  R.Info.EFlags = EF.getHeader().e_flags;
  StringRef ShStr;
  bool HaveShStr = false; // the table was read (it may be empty)
  if (Expected<StringRef> S = EF.getSectionStringTable(Secs)) {
    ShStr = *S;
    HaveShStr = true;
  } else {
    consumeError(S.takeError());
  }
  bool IsArm = R.Info.Machine == ELF::EM_ARM;
  ObjectHeaders H;
  for (const typename ELFT::Shdr &Sec : Secs) {
    if (isVectorSection(sectionName(ShStr, Sec.sh_name)))
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
  if (C)
    sectionFacts<ELFT>(Secs, HaveShStr ? std::optional<StringRef>(ShStr)
                                       : std::nullopt,
                       *C);
  return true;
}

/// Scans the object \p Bytes into \p R and, if \p C, its section facts
/// into \p C.
bool scanObject(StringRef Bytes, bool WantCXX, FileResult &R,
                ObjectContents *C = nullptr) {
  if (Bytes.size() < ELF::EI_NIDENT)
    return false;
  // Only the classes and byte orders ELF defines: llvm::object, and so
  // LLD, refuse any other (a corrupt byte is not "little-endian").
  uint8_t Class = Bytes[ELF::EI_CLASS], Data = Bytes[ELF::EI_DATA];
  if ((Class != ELF::ELFCLASS32 && Class != ELF::ELFCLASS64) ||
      (Data != ELF::ELFDATA2LSB && Data != ELF::ELFDATA2MSB))
    return false;
  bool Is64 = Class == ELF::ELFCLASS64;
  bool IsLE = Data == ELF::ELFDATA2LSB;
  if (Is64)
    return IsLE ? scanELF<object::ELF64LE>(Bytes, WantCXX, R, C)
                : scanELF<object::ELF64BE>(Bytes, WantCXX, R, C);
  return IsLE ? scanELF<object::ELF32LE>(Bytes, WantCXX, R, C)
              : scanELF<object::ELF32BE>(Bytes, WantCXX, R, C);
}

/// The symbol names of an archive's symbol table \p Table (the GNU, GNU64
/// or BSD format of \p Ar), read within the table and its stated sizes:
/// llvm::object::Archive::symbols() trusts the counts and offsets, so a
/// malformed table would make it read past the archive or walk billions of
/// entries. Calls \p Visit for each name until it returns true. False if
/// the table is malformed or in another format; the caller then reads the
/// members instead, as LLD does (it ignores the symbol table).
bool forEachArchiveSymbol(const object::Archive &Ar,
                          function_ref<bool(StringRef)> Visit) {
  StringRef Table = Ar.getSymbolTable();
  uint64_t Size = Table.size();
  auto Names = [&](uint64_t Count, uint64_t Start) {
    // Count NUL-terminated names after the offsets; each takes at least a
    // byte, so the walk is bounded by the table's size.
    if (Count > Size || Start > Size)
      return false;
    StringRef Strings = Table.drop_front(Start);
    for (uint64_t I = 0; I < Count; ++I) {
      size_t End = Strings.find('\0');
      if (End == StringRef::npos)
        return false;
      if (Visit(Strings.take_front(End)))
        return true;
      Strings = Strings.drop_front(End + 1);
    }
    return true;
  };
  switch (Ar.kind()) {
  case object::Archive::K_GNU: {
    if (Size < 4)
      return false;
    uint64_t Count = support::endian::read32be(Table.data());
    return Names(Count, 4 + 4 * Count);
  }
  case object::Archive::K_GNU64: {
    if (Size < 8)
      return false;
    uint64_t Count = support::endian::read64be(Table.data());
    if (Count > Size / 8)
      return false;
    return Names(Count, 8 + 8 * Count);
  }
  case object::Archive::K_BSD: {
    // A byte count of (string offset, member offset) pairs, the pairs, a
    // byte count of the string table, the string table.
    if (Size < 4)
      return false;
    uint64_t RanlibBytes = support::endian::read32le(Table.data());
    if (RanlibBytes % 8 || 8 + RanlibBytes > Size)
      return false;
    uint64_t StrSize =
        support::endian::read32le(Table.data() + 4 + RanlibBytes);
    if (StrSize > Size - 8 - RanlibBytes)
      return false;
    StringRef Strings = Table.substr(8 + RanlibBytes, StrSize);
    for (uint64_t Off = 0; Off < RanlibBytes; Off += 8) {
      uint32_t Strx = support::endian::read32le(Table.data() + 4 + Off);
      if (Strx >= Strings.size())
        return false;
      size_t End = Strings.find('\0', Strx);
      if (End == StringRef::npos)
        return false;
      if (Visit(Strings.slice(Strx, End)))
        return true;
    }
    return true;
  }
  default:
    return false;
  }
}

/// An archive: its symbol table tells whether it has C++ names, and it is
/// described by its first ELF member. Members are checked to lie within
/// the file before they are read (llvm::object::Archive reports a member
/// that runs past the end only when asked for the next one).
void scanArchive(StringRef Bytes, const std::string &P, bool WantCXX,
                 FileResult &R) {
  auto Bad = [&](const Twine &Why) {
    // LLVM's archive errors may quote raw header bytes: those that are not
    // printable are written as \xNN, so that the message stays one line
    // of text.
    std::string Escaped;
    for (char C : Why.str())
      if (isPrint(C))
        Escaped += C;
      else
        Escaped += "\\x" + utohexstr(uint8_t(C), /*LowerCase=*/true, 2);
    R.Error = "'" + P + "' is not a valid archive: " + Escaped +
              ": rebuild it with llvm-ar (or ar)";
  };
  Expected<std::unique_ptr<object::Archive>> Ar =
      object::Archive::create(MemoryBufferRef(Bytes, P));
  if (!Ar) {
    Bad(toString(Ar.takeError()));
    return;
  }
  // With a symbol table that cannot be read safely (malformed, or in a
  // format noos does not read), the members' own symbols tell. (An archive
  // without one is taken to have no C++ names, as it always was.)
  bool MembersForCXX = false;
  if (WantCXX && (*Ar)->hasSymbolTable() &&
      !forEachArchiveSymbol(**Ar, [&](StringRef Name) {
        return R.CXX = isCXXName(Name);
      })) {
    R.CXX = false;
    MembersForCXX = true;
  }
  bool Described = false;
  Error Err = Error::success();
  for (const object::Archive::Child &C : (*Ar)->children(Err)) {
    Expected<MemoryBufferRef> Ref = C.getMemoryBufferRef();
    if (!Ref) {
      consumeError(Ref.takeError());
      continue;
    }
    StringRef Member = Ref->getBuffer();
    // (A thin archive's members are files of their own.)
    if (!(*Ar)->isThin() &&
        (Member.data() < Bytes.data() ||
         Member.data() + Member.size() > Bytes.data() + Bytes.size())) {
      Expected<StringRef> Name = C.getName();
      Bad("member '" + (Name ? *Name : StringRef("?")) +
          "' runs past the end of the file");
      if (!Name)
        consumeError(Name.takeError());
      consumeError(std::move(Err));
      return;
    }
    if (identify_magic(Member) != file_magic::elf_relocatable)
      continue;
    // Every ELF member's section facts are wanted (a member's writable
    // sections may need placing); its symbols only while the archive's
    // own table cannot tell about C++ names.
    FileResult M;
    ObjectContents MC;
    bool ForCXX = MembersForCXX && !R.CXX;
    if (!scanObject(Member, ForCXX, M, &MC))
      continue;
    Expected<StringRef> Name = C.getName();
    MC.Path = P + "(" + (Name ? Name->str() : std::string("?")) + ")";
    if (!Name)
      consumeError(Name.takeError());
    MC.IsArchiveMember = true;
    R.Contents.push_back(std::move(MC));
    R.CXX |= M.CXX;
    if (!Described) {
      Described = true;
      M.Info.Path = R.Info.Path;
      M.Info.IsObject = false;
      R.Info = std::move(M.Info);
      R.Vectors |= M.Vectors;
    }
  }
  if (Err)
    Bad(toString(std::move(Err)));
}

/// Reads the file \p P: into \p Small, a buffer its thread reuses, when it
/// is small (an object: no allocation, no fresh pages), else mapped.
/// Nothing (and no error) if it is not a regular file.
///
/// Thousands of small objects make this system-call bound (and LLD reads
/// each again), so a small file costs three calls: open, one read into
/// the buffer, close. The file is examined (fstat) only when the read
/// does not tell it is a small regular file: nothing read, the buffer
/// filled (larger, or a device), or a failed read (a directory). Its
/// device and inode are then known; otherwise \p ID stays unset, and an
/// output is compared with the input by size first (the same file has the
/// same size), by a stat only if the sizes agree. The descriptor is closed directly:
/// sys::fs::closeFile blocks signals around close, two more calls, for a
/// guarantee a read-only descriptor on a local file does not need.
Expected<std::optional<StringRef>> readInput(const std::string &P,
                                             SmallVectorImpl<char> &Small,
                                             std::unique_ptr<MemoryBuffer> &Big,
                                             std::optional<sys::fs::UniqueID> &ID) {
  Expected<sys::fs::file_t> FD = sys::fs::openNativeFileForRead(P);
  if (!FD) {
    consumeError(FD.takeError());
    return std::nullopt; // LLD reports missing inputs with the search paths it used
  }
  scope_exit Close([&] { ::close(*FD); });
  constexpr size_t Cap = 1u << 20;
  Small.resize_for_overwrite(Cap);
  Expected<size_t> N = sys::fs::readNativeFileSlice(
      *FD, MutableArrayRef<char>(Small.data(), Cap), 0);
  if (N && *N > 0 && *N < Cap)
    return StringRef(Small.data(), *N);
  if (!N)
    consumeError(N.takeError()); // a directory, say; the stat tells
  sys::fs::file_status St;
  if (std::error_code EC = sys::fs::status(*FD, St))
    return createStringError(EC, "cannot read input '" + P + "': " + EC.message());
  if (St.type() != sys::fs::file_type::regular_file)
    return std::nullopt;
  ID = St.getUniqueID();
  uint64_t Size = St.getSize();
  if (Size < Cap) {
    // Empty, or it shrank under us: read what is there now.
    Expected<size_t> M = sys::fs::readNativeFileSlice(
        *FD, MutableArrayRef<char>(Small.data(), Size), 0);
    if (!M)
      return createStringError(inconvertibleErrorCode(),
                               "cannot read input '" + P + "': " +
                                   toString(M.takeError()));
    return StringRef(Small.data(), *M);
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
  Expected<std::optional<StringRef>> Read = readInput(P, Small, Big, R.ID);
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
    ObjectContents C;
    C.Path = P;
    if (!scanObject(Bytes, WantCXX, R, &C))
      R.Error = "'" + P + "' is not a valid ELF object: rebuild it";
    else
      R.Contents.push_back(std::move(C));
  } else if (Magic == file_magic::archive) {
    scanArchive(Bytes, P, WantCXX, R);
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
    S.IDs.push_back(R.ID);
    S.Sizes.push_back(R.Size);
    S.Headers.push_back(R.Info.IsObject ? R.Headers : std::nullopt);
    S.Bytes += R.Size;
    S.HasCXX |= R.CXX;
    S.HasOwnVectors |= R.Vectors;
    for (ObjectContents &C : R.Contents)
      S.Contents.push_back(std::move(C));
    if (R.Kind == FileResult::Input)
      S.Inputs.push_back(std::move(R.Info));
  }
  return S;
}

} // namespace noos
