//===- board.cpp - fuzz board files and their inheritance -----------------===//
//
// The input is up to 26 board files, a.json to z.json, separated by lines
// "%%". They sit in a directory of their own next to the real database
// (share/noos of this build), and a.json is loaded as --board=<dir>/a.json
// would load it: each may inherit from the others, from itself, or from the
// real boards ("mps2", "mps2-an386", ...). Database::board (lib/Target)
// must load it or refuse it with one line.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"
#include "noos/Database.h"
#include "llvm/ADT/SmallVector.h"

using namespace llvm;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  static noos::Database *DB = [] {
    Expected<noos::Database> D = noos::Database::open(NOOS_SHARE_DIR);
    if (!D) {
      errs() << "cannot open the database " NOOS_SHARE_DIR ": "
             << toString(D.takeError()) << "\n";
      std::abort();
    }
    return new noos::Database(std::move(*D));
  }();
  StringRef Bytes(reinterpret_cast<const char *>(Data), Size);
  SmallVector<StringRef, 26> Files;
  Bytes.split(Files, "\n%%\n", /*MaxSplit=*/25);
  std::string First;
  for (size_t I = 0; I < 26; ++I) {
    std::string Name = std::string(1, char('a' + I)) + ".json";
    std::string Path = noosfuzz::tempDir() + "/" + Name;
    if (I < Files.size())
      noosfuzz::writeTempFile(Name, Files[I]);
    else
      sys::fs::remove(Path);
    if (I == 0)
      First = Path;
  }
  Expected<noos::BoardInfo> B = DB->board(First);
  if (!B) {
    noosfuzz::checkOneLine(B.takeError());
    return 0;
  }
  // A loaded board gives every handler name.
  for (unsigned N = 0; N < B->IRQCount && N < 1024; ++N)
    (void)B->irqHandler(N);
  return 0;
}
