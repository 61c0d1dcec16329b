//===- Symbolize.cpp - Source lines for a fault report's addresses --------===//
//
// The runtime has no symbols on the target: its fault, abort and terminate
// reports print the addresses to look up, as an llvm-addr2line command with
// a placeholder for the image. noos-run knows the image, so it looks them
// up itself with LLVM's symbolizer library (in-process: the llvm-addr2line
// on PATH may be an older LLVM's, or absent).
//
//===----------------------------------------------------------------------===//

#include "noos/Run.h"
#include "noos/FaultRecord.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/DebugInfo/Symbolize/Symbolize.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Object/ObjectFile.h"

using namespace llvm;

namespace noos {

std::vector<uint64_t> faultSourceAddresses(StringRef Line) {
  Line.consume_back("\r");
  StringRef Rest = Line;
  if (!Rest.consume_front("  source:"))
    return {};
  Rest = Rest.ltrim(' ');
  if (!Rest.consume_front("llvm-addr2line -fipe <image.elf>"))
    return {};
  std::vector<uint64_t> Addrs;
  while (!Rest.empty()) {
    if (!Rest.consume_front(" 0x"))
      return {};
    size_t N = Rest.find_first_not_of("0123456789abcdefABCDEF");
    StringRef Hex = Rest.take_front(N);
    uint64_t A;
    if (Hex.empty() || Hex.size() > 16 || Hex.getAsInteger(16, A))
      return {};
    Addrs.push_back(A);
    Rest = Rest.drop_front(Hex.size());
  }
  return Addrs;
}

/// The function symbol of \p Obj that holds \p Addr; empty if none does.
static std::string functionAt(const object::ObjectFile &Obj, uint64_t Addr) {
  for (const object::SymbolRef &Sym : Obj.symbols()) {
    Expected<object::SymbolRef::Type> Type = Sym.getType();
    if (!Type || *Type != object::SymbolRef::ST_Function) {
      if (!Type)
        consumeError(Type.takeError());
      continue;
    }
    Expected<uint64_t> Start = Sym.getAddress(); // the Thumb bit cleared
    Expected<StringRef> Name = Sym.getName();
    if (!Start || !Name) {
      consumeError(Start.takeError());
      consumeError(Name.takeError());
      continue;
    }
    uint64_t Size = object::ELFSymbolRef(Sym).getSize();
    if (Addr >= *Start && (Addr - *Start < Size || (!Size && Addr == *Start)))
      return Name->str();
  }
  return {};
}

std::vector<std::string> symbolizeAddresses(StringRef Image,
                                            ArrayRef<uint64_t> Addrs) {
  Expected<object::OwningBinary<object::ObjectFile>> Bin =
      object::ObjectFile::createObjectFile(Image);
  if (!Bin) {
    consumeError(Bin.takeError()); // the report stays as the program wrote it
    return {};
  }
  const object::ObjectFile &Obj = *Bin->getBinary();
  if (!Obj.isELF())
    return {};

  symbolize::LLVMSymbolizer::Options Opts;
  // The file names as the line table has them ("app.c", or the path the
  // compile line gave), as short as the user wrote them.
  Opts.PathStyle = DILineInfoSpecifier::FileLineInfoKind::RawValue;
  Opts.Demangle = false;        // compared with the symbol table's names
  Opts.UseSymbolTable = false;  // the debug information alone
  symbolize::LLVMSymbolizer Symbolizer(Opts);
  std::vector<std::string> Lines;
  for (uint64_t A : Addrs) {
    std::string Function = functionAt(Obj, A);
    Expected<DIInliningInfo> Info = Symbolizer.symbolizeInlinedCode(
        Obj, {A, object::SectionedAddress::UndefSection});
    std::vector<std::string> Frames;
    // The debug information is believed only when its outermost function
    // is the symbol table's: the DWARF of functions the link discarded
    // stays at address 0 (LLD's tombstone), where the flash of many boards
    // starts, and would name another file's lines.
    if (Info && Info->getNumberOfFrames() &&
        Info->getFrame(Info->getNumberOfFrames() - 1).FunctionName ==
            Function) {
      for (uint32_t I = 0, E = Info->getNumberOfFrames(); I < E; ++I) {
        const DILineInfo &F = Info->getFrame(I);
        if (F.FunctionName == DILineInfo::BadString)
          continue;
        std::string L = "  at " + demangle(F.FunctionName);
        if (F.FileName != DILineInfo::BadString && F.Line)
          L += " (" + F.FileName + ":" + std::to_string(F.Line) + ")";
        Frames.push_back(std::move(L));
      }
    }
    if (!Info)
      consumeError(Info.takeError());
    if (Frames.empty() && !Function.empty())
      Frames.push_back("  at " + demangle(Function));
    Lines.insert(Lines.end(), Frames.begin(), Frames.end());
  }
  return Lines;
}

std::optional<std::string> imageString(const object::ObjectFile &Obj,
                                       uint64_t Addr) {
  for (const object::SectionRef &Sec : Obj.sections()) {
    uint64_t Start = Sec.getAddress(), Size = Sec.getSize();
    if (Sec.isBSS() || !Size || Addr < Start || Addr - Start >= Size ||
        !(object::ELFSectionRef(Sec).getFlags() & ELF::SHF_ALLOC))
      continue;
    Expected<StringRef> Contents = Sec.getContents();
    if (!Contents) {
      consumeError(Contents.takeError());
      return std::nullopt;
    }
    StringRef S = Contents->drop_front(Addr - Start);
    size_t End = S.find('\0');
    if (End == StringRef::npos || End > 256)
      return std::nullopt;
    return S.take_front(End).str();
  }
  return std::nullopt;
}

FaultStringReader imageStringReader(StringRef Image) {
  auto Bin = std::make_shared<Expected<object::OwningBinary<object::ObjectFile>>>(
      object::ObjectFile::createObjectFile(Image));
  if (!*Bin) {
    consumeError(Bin->takeError());
    return nullptr;
  }
  return [Bin](uint64_t Addr) {
    return imageString(*(*Bin)->getBinary(), Addr);
  };
}

std::optional<std::vector<std::string>> imageIRQNames(StringRef Image) {
  Expected<object::OwningBinary<object::ObjectFile>> Bin =
      object::ObjectFile::createObjectFile(Image);
  if (!Bin) {
    consumeError(Bin.takeError());
    return std::nullopt;
  }
  for (const object::SectionRef &Sec : Bin->getBinary()->sections()) {
    Expected<StringRef> Name = Sec.getName();
    if (!Name || *Name != IRQNamesHostSection) {
      if (!Name)
        consumeError(Name.takeError());
      continue;
    }
    Expected<StringRef> Contents = Sec.getContents();
    if (!Contents) {
      consumeError(Contents.takeError());
      return std::nullopt;
    }
    std::vector<std::string> Names;
    for (StringRef Rest = *Contents; !Rest.empty();) {
      StringRef One;
      std::tie(One, Rest) = Rest.split('\0');
      Names.push_back(One.str());
    }
    return Names;
  }
  return std::nullopt;
}

int decodeFaultLog(StringRef Image, StringRef Log, raw_ostream &Out,
                   raw_ostream &Err) {
  int Status = -1;
  unsigned LineNo = 0;
  FaultStringReader Strings = imageStringReader(Image);
  std::optional<std::vector<std::string>> IRQNames = imageIRQNames(Image);
  for (StringRef Rest = Log; !Rest.empty();) {
    StringRef Line;
    std::tie(Line, Rest) = Rest.split('\n');
    ++LineNo;
    if (std::optional<std::string> T = decodeTerminateRecord(Line)) {
      if (Status != -1)
        Out << "\n";
      Out << *T << "\n  status:     134\n";
      Status = 134;
      continue;
    }
    std::optional<Expected<FaultRecord>> R = findFaultRecord(Line);
    if (!R)
      continue;
    if (!*R) {
      Err << "noos-run: warning: line " << LineNo << ": "
          << toString(R->takeError()) << "\n";
      continue;
    }
    if (Status != -1)
      Out << "\n";
    Out << decodeFaultRecord(
        **R,
        [&](ArrayRef<uint64_t> Addrs) {
          return symbolizeAddresses(Image, Addrs);
        },
        Strings, IRQNames ? &*IRQNames : nullptr);
    Status = faultRecordStatus(**R);
  }
  if (Status == -1) {
    Err << "noos-run: error: no fault record (a line with '"
        << FaultRecordPrefix
        << "') in the log: capture the program's output up to its fault, "
           "linked with --fault-report=record\n";
    return 1;
  }
  Out.flush();
  return Status;
}

} // namespace noos
