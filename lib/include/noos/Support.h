//===- noos/Support.h - Small shared helpers --------------------*- C++ -*-===//
//
// Number parsing in the syntax every noos tool accepts, and the error helper
// that makes one-line diagnostics.
//
//===----------------------------------------------------------------------===//
#ifndef NOOS_SUPPORT_H
#define NOOS_SUPPORT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <string>

namespace noos {

/// Makes an llvm::Error carrying one diagnostic line (no "error:" prefix; the
/// tool adds it). Control bytes in \p Msg (from a quoted value) are written
/// as \xNN, so the message is one line whatever it quotes.
llvm::Error makeError(const llvm::Twine &Msg);

/// Parses an address or size: a C integer literal (decimal, 0x hex, 0 octal,
/// 0b binary) with an optional K, M or G suffix (powers of 1024) when
/// \p AllowSuffix. Underscores are not accepted. The result must fit 64 bits.
llvm::Expected<uint64_t> parseNumber(llvm::StringRef S, bool AllowSuffix = true);

/// True if \p S parses as a number (used to tell `-T 0x8000` from
/// `-T script.ld`).
bool looksLikeNumber(llvm::StringRef S);

/// Formats a size for people: 4096 -> "4K", 1048576 -> "1M", 1000 -> "1000".
std::string formatSize(uint64_t Bytes);

/// Formats an address as 0x%08x (or %016x past 32 bits).
std::string formatAddress(uint64_t Addr);

} // namespace noos

#endif
