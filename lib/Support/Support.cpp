//===- Support.cpp - Small shared helpers ---------------------------------===//

#include "noos/Support.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace noos {

Error makeError(const Twine &Msg) {
  // A diagnostic is one line: a value quoted from a file or the command
  // line may hold a newline or other control bytes (a number read from a
  // board file, say); those are written as \xNN. Other bytes, UTF-8 in a
  // path among them, are kept.
  std::string S = Msg.str();
  std::string Out;
  Out.reserve(S.size());
  for (char C : S) {
    unsigned char U = static_cast<unsigned char>(C);
    if (U < 0x20 || U == 0x7f)
      Out += "\\x" + utohexstr(U, /*LowerCase=*/true, 2);
    else
      Out += C;
  }
  return createStringError(inconvertibleErrorCode(), Out);
}

Expected<uint64_t> parseNumber(StringRef S, bool AllowSuffix) {
  StringRef Orig = S;
  S = S.trim();
  if (S.empty())
    return makeError("expected a number, got an empty string");
  unsigned Shift = 0;
  if (AllowSuffix) {
    switch (S.back()) {
    case 'k': case 'K': Shift = 10; break;
    case 'm': case 'M': Shift = 20; break;
    case 'g': case 'G': Shift = 30; break;
    default: break;
    }
    if (Shift)
      S = S.drop_back();
  }
  uint64_t V = 0;
  // getAsInteger with radix 0 understands 0x, 0b, 0o and leading-0 octal.
  if (S.empty() || S.front() == '-' || S.front() == '+' || S.getAsInteger(0, V))
    return makeError("'" + Orig + "' is not a number (use a C literal such as "
                     "4096, 0x1000 or 010000, optionally with K, M or G)");
  if (Shift && (V >> (64 - Shift)) != 0)
    return makeError("'" + Orig + "' does not fit in 64 bits");
  return V << Shift;
}

bool looksLikeNumber(StringRef S) {
  Expected<uint64_t> V = parseNumber(S);
  if (V)
    return true;
  consumeError(V.takeError());
  return false;
}

std::string formatSize(uint64_t Bytes) {
  if (Bytes != 0) {
    if (Bytes % (1ull << 30) == 0)
      return std::to_string(Bytes >> 30) + "G";
    if (Bytes % (1ull << 20) == 0)
      return std::to_string(Bytes >> 20) + "M";
    if (Bytes % (1ull << 10) == 0)
      return std::to_string(Bytes >> 10) + "K";
  }
  return std::to_string(Bytes);
}

std::string formatAddress(uint64_t Addr) {
  std::string S;
  raw_string_ostream OS(S);
  if (Addr > 0xffffffffull)
    OS << format("0x%016llx", (unsigned long long)Addr);
  else
    OS << format("0x%08llx", (unsigned long long)Addr);
  return S;
}

} // namespace noos
