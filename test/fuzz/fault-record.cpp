//===- fault-record.cpp - fuzz the reading and decoding of fault records --===//
//
// The input is a log, as noos-run reads the program's output or
// noos-run --decode-fault a UART capture: any bytes, in lines. Each line
// goes through findFaultRecord (lib/Fault): no record, a record, or one
// error line. A record must decode (through the architecture's table row)
// into a report whose lines all start "noos: " or "  ", with a status of
// 128 + an exception number, and must read back the same when written
// again as the target writes it. A terminate handler's record
// (decodeTerminateRecord) must become one terminate line.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"
#include "noos/FaultRecord.h"
#include <cstdio>

using namespace llvm;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  StringRef Log(reinterpret_cast<const char *>(Data), Size);
  for (StringRef Rest = Log; !Rest.empty();) {
    StringRef Line;
    std::tie(Line, Rest) = Rest.split('\n');
    // The terminate handler's record: one line, the terminate line.
    if (std::optional<std::string> T = noos::decodeTerminateRecord(Line))
      FUZZ_CHECK(StringRef(*T).starts_with("noos: terminate: uncaught ") &&
                     !StringRef(*T).contains('\n'),
                 *T);
    std::optional<Expected<noos::FaultRecord>> R = noos::findFaultRecord(Line);
    if (!R)
      continue;
    if (!*R) {
      noosfuzz::checkOneLine(R->takeError());
      continue;
    }
    const noos::FaultRecord &F = **R;
    std::string Text = noos::decodeFaultRecord(F, [](ArrayRef<uint64_t> A) {
      FUZZ_CHECK(!A.empty() && A.size() <= 2, "source addresses");
      return std::vector<std::string>{"  at f (f.c:1)"};
    });
    FUZZ_CHECK(StringRef(Text).starts_with("noos: ") && StringRef(Text).ends_with("\n"),
               Text);
    for (StringRef L, T = StringRef(Text).drop_back(); !T.empty();) {
      std::tie(L, T) = T.split('\n');
      FUZZ_CHECK(L.starts_with("noos: ") || L.starts_with("  "), L.str());
    }
    int Status = noos::faultRecordStatus(F);
    FUZZ_CHECK(Status >= 128 && Status < 128 + 512, std::to_string(Status));
    // Written again as the target writes it, it reads back the same.
    std::string Again = "noos-fault/" + std::to_string(F.Version) + " " + F.Arch;
    uint32_t Sum = 0;
    char B[16];
    for (uint32_t W : F.Words) {
      snprintf(B, sizeof B, " %08x", W);
      Again += B;
      Sum += W;
    }
    snprintf(B, sizeof B, " %08x", Sum);
    Again += B;
    std::optional<Expected<noos::FaultRecord>> R2 = noos::findFaultRecord(Again);
    FUZZ_CHECK(R2 && *R2, Again);
    FUZZ_CHECK((*R2)->Words == F.Words && (*R2)->Arch == F.Arch, Again);
  }
  return 0;
}
