//===- FaultRecord.cpp - Reading and decoding compact fault records -------===//
//
// The record's words are the target's raw facts; everything the full
// report (runtime/src/fault.c) works out on the target is worked out here
// instead, so the image carries neither the decoding nor its strings.
// Architectures are rows of a table: a record version, a tag, a word count
// and a decoder.
//
//===----------------------------------------------------------------------===//

#include "noos/FaultRecord.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Demangle/Demangle.h"
#include <cstdio>
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace noos {
namespace {

//===-- Arm M-profile (runtime/src/fault-record.c) ------------------------===//

/// The words of a version 1 arm-m record, in the order the target printed
/// them (version 2's are read into these, liftArmMV2).
enum ArmMWord : unsigned {
  IPSR, EXC_RETURN, FRAME, MSP, PSP, CFSR, HFSR, MMFAR, BFAR, SFSR, SFAR,
  SPLIM,    // the limit of the stack that holds the frame (v8-M Main), or 0
  FEATURES, // ArmMFeature bits
  STACK_LIMIT, STACK_TOP, GUARD, RAM2_START, RAM2_END,
  INSN, // the halfword at pc | 0x10000 when it could be read, else 0
  R0, R1, R2, R3, R12, LR, PC, XPSR, // the frame (0 when lost)
  R4, R5, R6, R7, R8, R9, R10, R11,
  // The running created thread, from the scheduler (0 without one): the
  // addresses of its name and the report's texts, its stack's bottom and
  // MPU guard size.
  TH_NAME, TH_NOTE, TH_OVERFLOW, TH_STACK_NOTE, TH_STACK_LO, TH_GUARD,
  ARM_M_WORDS
};

enum ArmMFeature : uint32_t {
  HasCFSR = 1u << 0,   // v7-M, v8-M Main: configurable faults
  V8M = 1u << 1,       // Armv8-M (the additional state context)
  V8MMain = 1u << 2,   // MSPLIM/PSPLIM, SFSR
  FPTS = 1u << 3,      // FPCCR.TS: s16-s31 stacked too
  FrameOK = 1u << 4,   // the frame was stacked and could be read
  MSPLimAtBottom = 1u << 5, // MSPLIM is the main stack's bottom
};

enum : uint32_t {
  IACCVIOL = 1u << 0, DACCVIOL = 1u << 1, MUNSTKERR = 1u << 3,
  MSTKERR = 1u << 4, MLSPERR = 1u << 5, MMARVALID = 1u << 7,
  IBUSERR = 1u << 8, PRECISERR = 1u << 9, IMPRECISERR = 1u << 10,
  UNSTKERR = 1u << 11, STKERR = 1u << 12, LSPERR = 1u << 13,
  BFARVALID = 1u << 15, UNDEFINSTR = 1u << 16, INVSTATE = 1u << 17,
  INVPC = 1u << 18, NOCP = 1u << 19, STKOF = 1u << 20,
  UNALIGNED = 1u << 24, DIVBYZERO = 1u << 25,
  VECTTBL = 1u << 1, FORCED = 1u << 30, DEBUGEVT = 1u << 31,
};

const char *const ArmMExceptions[16] = {
    "",          "Reset",        "NMI", "HardFault", "MemManage",
    "BusFault",  "UsageFault",   "SecureFault", "", "", "",
    "SVCall",    "DebugMonitor", "",    "PendSV",    "SysTick"};

const char *const CFSRNames[32] = {
    "IACCVIOL", "DACCVIOL", "", "MUNSTKERR", "MSTKERR", "MLSPERR", "",
    "MMARVALID", "IBUSERR", "PRECISERR", "IMPRECISERR", "UNSTKERR", "STKERR",
    "LSPERR", "", "BFARVALID", "UNDEFINSTR", "INVSTATE", "INVPC", "NOCP",
    "STKOF", "", "", "", "UNALIGNED", "DIVBYZERO", "", "", "", "", "", ""};
const char *const HFSRNames[32] = {
    "", "VECTTBL", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
    "", "", "", "", "", "", "", "", "", "", "", "", "", "", "FORCED",
    "DEBUGEVT"};
const char *const SFSRNames[32] = {"INVEP",   "INVIS",  "INVER",
                                   "AUVIOL",  "INVTRAN", "LSPERR",
                                   "SFARVALID", "LSERR"};

std::string hex(uint32_t V) {
  char B[11];
  snprintf(B, sizeof B, "0x%08x", V);
  return B;
}

std::string exceptionName(uint32_t N) {
  return N < 16 ? ArmMExceptions[N] : "";
}

/// The report's lines, as fault.c writes them.
class ArmMReport {
public:
  raw_string_ostream OS;
  explicit ArmMReport(std::string &S) : OS(S) {}

  void key(StringRef K) {
    OS << "  " << K << ":";
    for (size_t N = K.size(); N < 11; ++N)
      OS << ' ';
  }
  void lineHex(StringRef K, uint32_t V) {
    key(K);
    OS << hex(V) << "\n";
  }
  void reg(StringRef Name, uint32_t V) {
    OS << "  " << Name << (Name.size() > 2 ? ": " : ":  ") << hex(V);
  }
  void bits(StringRef K, uint32_t V, const char *const Names[32]) {
    key(K);
    OS << hex(V);
    for (unsigned I = 0; I < 32; ++I)
      if ((V >> I & 1) && Names[I] && *Names[I])
        OS << " " << Names[I];
    OS << "\n";
  }
};

struct Fault {
  std::string What;
  uint32_t Addr = 0;
  bool HasAddr = false, At = false;
};

/// The address a Thumb-1 load or store at pc accessed (v6-M and v8-M
/// Baseline, which have no fault status registers).
void decodeAccess(Fault &D, uint32_t PC, uint16_t Op, const uint32_t R[8],
                  uint32_t SP) {
  uint32_t N = (Op >> 3) & 7, Imm5 = (Op >> 6) & 0x1f, Size, A;
  if ((Op & 0xf000) == 0x5000) {
    static const unsigned char Sizes[8] = {4, 2, 1, 1, 4, 2, 1, 2};
    Size = Sizes[(Op >> 9) & 7];
    A = R[N] + R[(Op >> 6) & 7];
  } else if ((Op & 0xe000) == 0x6000) {
    Size = (Op & 0x1000) ? 1 : 4;
    A = R[N] + Imm5 * Size;
  } else if ((Op & 0xf000) == 0x8000) {
    Size = 2;
    A = R[N] + Imm5 * 2;
  } else if ((Op & 0xf000) == 0x9000) {
    Size = 4;
    A = SP + (Op & 0xff) * 4u;
  } else if ((Op & 0xf800) == 0x4800) {
    Size = 4;
    A = ((PC + 4) & ~3u) + (Op & 0xff) * 4u;
  } else if ((Op & 0xf000) == 0xc000) {
    Size = 4;
    A = R[(Op >> 8) & 7];
  } else {
    return;
  }
  D.What = (A & (Size - 1)) ? "unaligned access" : "bus error";
  D.Addr = A;
  D.HasAddr = D.At = true;
}

Fault describe(ArrayRef<uint32_t> W, uint32_t SP) {
  Fault D;
  uint32_t CF = W[CFSR], HF = W[HFSR];
  bool Stacked = W[FEATURES] & FrameOK;
  if (W[FEATURES] & HasCFSR) {
    if (CF & MMARVALID)
      D.Addr = W[MMFAR], D.HasAddr = true;
    else if (CF & BFARVALID)
      D.Addr = W[BFAR], D.HasAddr = true;
    if (CF & DACCVIOL)
      D.What = "MPU violation", D.At = CF & MMARVALID;
    else if (CF & PRECISERR)
      D.What = "bus error", D.At = CF & BFARVALID;
    else if (CF & STKOF)
      D.What = "stack limit (MSPLIM/PSPLIM) exceeded";
    else if (CF & (MSTKERR | STKERR))
      D.What = "the exception frame could not be stacked";
    else if (CF & (MUNSTKERR | UNSTKERR))
      D.What = "the exception frame could not be unstacked";
    else if (CF & IACCVIOL)
      D.What = "instruction fetch from non-executable memory (MPU or XN)";
    else if (CF & IBUSERR)
      D.What = "bus error fetching an instruction";
    else if (CF & IMPRECISERR)
      D.What = "imprecise bus error (a write shortly before pc)";
    else if (CF & (MLSPERR | LSPERR))
      D.What = "lazy floating-point state could not be stacked";
    else if (CF & UNDEFINSTR)
      D.What = "undefined instruction";
    else if (CF & INVSTATE)
      D.What = "branch to an address with bit 0 clear (ARM state)";
    else if (CF & INVPC)
      D.What = "invalid exception return (bad EXC_RETURN or frame)";
    else if (CF & NOCP)
      D.What = "floating-point instruction with the FPU off or absent";
    else if (CF & UNALIGNED)
      D.What = "unaligned access";
    else if (CF & DIVBYZERO)
      D.What = "integer divide by zero";
    else if (HF & VECTTBL)
      D.What = "bus error reading the vector table";
    else if (HF & DEBUGEVT)
      D.What = "breakpoint or watchpoint without a debugger";
    if (!D.What.empty() || !Stacked)
      return D;
  } else {
    if (!Stacked)
      return D;
    if (!(W[XPSR] & (1u << 24))) {
      D.What = "branch to an address with bit 0 clear (ARM state)";
      return D;
    }
  }
  if (!(W[INSN] & 0x10000))
    return D;
  uint16_t Op = W[INSN] & 0xffff;
  if ((Op & 0xff00) == 0xde00)
    D.What = "undefined instruction";
  else if ((Op & 0xff00) == 0xbe00)
    D.What = "breakpoint (bkpt) without a debugger";
  else if (!(W[FEATURES] & HasCFSR)) {
    uint32_t R[8] = {W[R0], W[R1], W[R2], W[R3], W[R4], W[R5], W[R6], W[R7]};
    decodeAccess(D, W[PC], Op, R, SP);
  }
  return D;
}

bool in(uint32_t A, uint32_t Size, uint32_t Lo, uint32_t Hi) {
  return A >= Lo && A < Hi && Hi - A >= Size;
}

/// An exception or interrupt nobody handles: what the runtime's default
/// handler (runtime/src/handlers.c) prints with the full report.
std::string unhandledArmM(uint32_t Ipsr, const std::vector<std::string> *Names) {
  std::string S;
  raw_string_ostream OS(S);
  bool Irq = Ipsr >= 16;
  OS << "noos: unhandled " << (Irq ? "interrupt IRQ" : "exception ")
     << (Irq ? Ipsr - 16 : Ipsr);
  std::string Name = exceptionName(Ipsr);
  if (!Name.empty())
    OS << " (" << Name << ")";
  std::optional<std::string> Handler;
  if (Irq && Names)
    Handler = Ipsr - 16 < Names->size() ? (*Names)[Ipsr - 16] : std::string();
  if (Handler && !Handler->empty())
    OS << " (" << *Handler << ")";
  OS << ": define ";
  if (!Handler)
    OS << "its handler";
  else if (Handler->empty())
    OS << "IRQ" << (Ipsr - 16) << "_Handler";
  else
    OS << *Handler << "_IRQHandler";
  OS << ", or disable it\n";
  return S;
}

std::string decodeArmM(ArrayRef<uint32_t> W, const FaultSymbolizer &Sym,
                       const FaultStringReader &Strings,
                       const std::vector<std::string> *IRQNames) {
  // A string the record points at; NULL is empty.
  auto Str = [&](uint32_t A) -> std::string {
    if (!A)
      return "";
    if (Strings)
      if (std::optional<std::string> S = Strings(A))
        return *S;
    return "<a string at " + hex(A) + " the image does not hold>";
  };
  uint32_t F = W[FEATURES];
  bool HaveCFSR = F & HasCFSR, FrameOk = F & FrameOK;
  uint32_t Ipsr = W[IPSR] & 0x1ff, Exc = W[EXC_RETURN];
  // The fault exceptions (HardFault to SecureFault) have the report; any
  // other exception came through the default handler, which is the fault
  // entry with this record.
  if (Ipsr < 3 || Ipsr > 7)
    return unhandledArmM(Ipsr, IRQNames);
  bool OnPSP = Exc & 4;
  uint32_t Limit = W[STACK_LIMIT], Top = W[STACK_TOP];
  std::string ExcName = exceptionName(Ipsr);
  if (ExcName.empty())
    ExcName = "fault";
  uint32_t CF = W[CFSR], HF = W[HFSR];
  uint32_t Frame = W[FRAME];
  if ((F & V8M) && !(Exc & (1u << 5)))
    Frame += 40;
  uint32_t Pc = W[PC], Lr = W[LR], Xpsr = W[XPSR];
  uint32_t SP = Frame + 32;
  if (!(Exc & (1u << 4))) {
    SP += 72;
    if ((F & FPTS) && (Exc & (1u << 6)))
      SP += 64;
  }
  if (Xpsr & (1u << 9))
    SP += 4;
  Fault D = describe(W, SP);

  uint32_t Msp = W[MSP];
  uint32_t Guard = W[GUARD] ? W[GUARD] : 4096;
  bool Overflow =
      (Msp < Limit + 32 && !in(Msp, 1, W[RAM2_START], W[RAM2_END])) ||
      ((CF & (MSTKERR | STKERR)) && Msp < Limit + 128) ||
      ((CF & STKOF) && !OnPSP) ||
      ((CF & (MMARVALID | BFARVALID)) && D.Addr < Limit &&
       D.Addr >= Limit - Guard && Msp < Limit + 4096);
  uint32_t TLo = W[TH_STACK_LO], TGuard = W[TH_GUARD];
  int PSPOverflow =
      W[TH_NAME] && (((CF & STKOF) && OnPSP) ||
                     ((CF & MMARVALID) && TGuard && W[MMFAR] < TLo &&
                      W[MMFAR] >= TLo - TGuard) ||
                     (OnPSP && (CF & (MSTKERR | STKERR)) && W[PSP] < TLo + 32));
  if (!PSPOverflow && W[TH_OVERFLOW])
    PSPOverflow = 2;

  std::string S;
  ArmMReport R(S);
  R.OS << "noos: " << ExcName << ": ";
  if (Overflow)
    R.OS << "stack overflow";
  else if (PSPOverflow == 2)
    R.OS << Str(W[TH_OVERFLOW]);
  else if (PSPOverflow)
    R.OS << (CF & STKOF ? "thread stack overflow (PSPLIM)"
                        : "thread stack overflow (MPU guard)");
  else if (!D.What.empty()) {
    R.OS << D.What;
    if (D.At)
      R.OS << " at " << hex(D.Addr);
  } else {
    R.OS << (HaveCFSR ? "no fault status" : "bad memory access or instruction");
  }
  R.OS << "\n";

  R.key("fault");
  if (HaveCFSR && Ipsr == 3 && (HF & FORCED) && CF)
    R.OS << exceptionName((CF & 0xff) ? 4 : (CF & 0xff00) ? 5 : 6)
         << " escalated to HardFault";
  else
    R.OS << ExcName;
  if (Exc & (1u << 3)) {
    R.OS << ", in thread mode";
  } else {
    R.OS << ", in a handler";
    uint32_t N = Xpsr & 0x1ff;
    if (N >= 16)
      R.OS << " (IRQ" << (N - 16) << ")";
    else if (!exceptionName(N).empty())
      R.OS << " (" << exceptionName(N) << ")";
  }
  R.OS << (OnPSP ? ", process stack (PSP)\n" : ", main stack (MSP)\n");
  if (HaveCFSR) {
    R.bits("cfsr", CF, CFSRNames);
    R.bits("hfsr", HF, HFSRNames);
    if (CF & MMARVALID)
      R.lineHex("mmfar", W[MMFAR]);
    if (CF & BFARVALID)
      R.lineHex("bfar", W[BFAR]);
  }
  if ((F & V8MMain) && W[SFSR]) {
    R.bits("sfsr", W[SFSR], SFSRNames);
    if (W[SFSR] & (1u << 6))
      R.lineHex("sfar", W[SFAR]);
  }
  if (!HaveCFSR && D.HasAddr)
    R.lineHex("address", D.Addr);

  if (FrameOk) {
    R.lineHex("pc", Pc);
    R.lineHex("lr", Lr);
    R.lineHex("sp", SP);
    R.lineHex("xpsr", Xpsr);
    R.reg("r0", W[R0]);
    R.reg("r1", W[R1]);
    R.reg("r2", W[R2]);
    R.reg("r3", W[R3]);
    R.OS << "\n";
  } else {
    R.key("pc");
    R.OS << "unknown (the exception frame could not be saved)\n";
    R.key("sp");
    R.OS << hex(SP) << " (about: the frame would start at " << hex(W[FRAME])
         << ")\n";
  }
  static const char *const High[8] = {"r4", "r5", "r6",  "r7",
                                      "r8", "r9", "r10", "r11"};
  for (unsigned I = 0; I < 8; ++I) {
    R.reg(High[I], W[R4 + I]);
    if (I % 4 == 3)
      R.OS << "\n";
  }
  if (FrameOk) {
    R.reg("r12", W[R12]);
    R.OS << "\n";
  }
  R.lineHex("exc_return", Exc);

  if (Overflow) {
    R.key("hint");
    R.OS << "the main stack (" << (Top - Limit)
         << " bytes) overflowed: raise --stack-size or use less stack\n";
    R.key("stack");
    R.OS << hex(Limit) << "-" << hex(Top);
    if (W[GUARD])
      R.OS << " (an MPU guard below it)";
    if (F & MSPLimAtBottom)
      R.OS << " (MSPLIM at its bottom)";
    R.OS << "\n";
  }
  if ((W[TH_NAME] || W[TH_NOTE]) && (OnPSP || PSPOverflow)) {
    R.key("thread");
    if (W[TH_NAME])
      R.OS << "\"" << Str(W[TH_NAME]) << "\"";
    R.OS << Str(W[TH_NOTE]) << "\n";
  }
  if (PSPOverflow) {
    if (PSPOverflow == 1 || W[TH_STACK_NOTE]) {
      R.key("stack");
      R.OS << "from " << hex(TLo)
           << (PSPOverflow == 2 ? Str(W[TH_STACK_NOTE])
               : CF & STKOF     ? std::string(" (PSPLIM)\n")
                                : std::string(" (an MPU guard below it)\n"));
    }
    R.key("hint");
    R.OS << "give the thread a larger stack (noos_thread_create)\n";
  }
  if (FrameOk) {
    R.key("source");
    SmallVector<uint64_t, 2> Addrs{Pc};
    R.OS << "llvm-addr2line -fipe <image.elf> " << hex(Pc);
    if ((Lr & 1) && Lr < 0xf0000000u) {
      Addrs.push_back((Lr & ~1u) - 2);
      R.OS << " " << hex(Addrs.back());
    }
    R.OS << "\n";
    if (Sym)
      for (const std::string &L : Sym(Addrs))
        R.OS << L << "\n";
  }
  R.key("status");
  R.OS << (128 + Ipsr) << " (128 + exception " << Ipsr << ")\n";
  return S;
}

int statusArmM(ArrayRef<uint32_t> W) { return 128 + int(W[IPSR] & 0x1ff); }

/// Version 2 (runtime/src/fault-record.c): a dump in which the target
/// concludes nothing. The architecture tag is the profile, which fixes
/// the words; in order:
///   IPSR; r4-r11, EXC_RETURN, the frame's address, MSP, PSP (the fault
///   entry's saved state);
///   [v7-M, v8-M Main] CFSR HFSR DFSR MMFAR BFAR;
///   [v8-M Main] SFSR SFAR MSPLIM PSPLIM FPCCR (0 without an FPU);
///   the main stack's bottom and top, the MPU guard's size, the second
///   RAM region's bounds;
///   1 when the frame was read, else 0; the frame r0-r3 r12 lr pc xpsr;
///   the running created thread's six words (noos_fault_thread), or 0s.
enum ArmMProfile : unsigned { ProfCFSR = 1, ProfV8M = 2, ProfMain = 4 };

constexpr unsigned armMV2Words(unsigned P) {
  return 33 + ((P & ProfCFSR) ? 5 : 0) + ((P & ProfMain) ? 5 : 0);
}

/// Version 2's words as version 1's, with what the target used to work out
/// (the frame's validity, the stack limit, the feature bits) worked out
/// here, and the instruction at pc (version 1's INSN) read from the image.
std::vector<uint32_t> liftArmMV2(ArrayRef<uint32_t> W, unsigned P,
                                 const FaultStringReader &Strings) {
  std::vector<uint32_t> V(ARM_M_WORDS, 0);
  size_t I = 0;
  auto Next = [&] { return W[I++]; };
  V[IPSR] = Next();
  for (unsigned K = 0; K < 8; ++K)
    V[R4 + K] = Next();
  V[EXC_RETURN] = Next();
  V[FRAME] = Next();
  V[MSP] = Next();
  V[PSP] = Next();
  if (P & ProfCFSR) {
    V[CFSR] = Next();
    V[HFSR] = Next();
    Next(); // DFSR
    V[MMFAR] = Next();
    V[BFAR] = Next();
  }
  uint32_t MSPLim = 0, PSPLim = 0, FPCCR = 0;
  if (P & ProfMain) {
    V[SFSR] = Next();
    V[SFAR] = Next();
    MSPLim = Next();
    PSPLim = Next();
    FPCCR = Next();
  }
  V[STACK_LIMIT] = Next();
  V[STACK_TOP] = Next();
  V[GUARD] = Next();
  V[RAM2_START] = Next();
  V[RAM2_END] = Next();
  bool Read = Next() != 0;
  uint32_t Frame[8];
  for (uint32_t &X : Frame)
    X = Next();
  for (unsigned K = 0; K < 6; ++K)
    V[TH_NAME + K] = Next();

  uint32_t F = ((P & ProfCFSR) ? HasCFSR : 0) | ((P & ProfV8M) ? V8M : 0) |
               ((P & ProfMain) ? V8MMain : 0);
  bool OnPSP = V[EXC_RETURN] & 4;
  uint32_t Limit = V[STACK_LIMIT], SPLim = OnPSP ? 0 : Limit;
  if (P & ProfMain) {
    SPLim = OnPSP ? PSPLim : MSPLim;
    if (MSPLim == Limit)
      F |= MSPLimAtBottom;
    if (FPCCR & (1u << 26))
      F |= FPTS;
  }
  V[SPLIM] = SPLim;
  uint32_t CF = V[CFSR];
  bool Ok = Read && !(CF & (MSTKERR | STKERR)) &&
            !((CF & STKOF) && V[FRAME] == SPLim) &&
            !(!OnPSP && V[FRAME] < Limit);
  if (Ok) {
    F |= FrameOK;
    for (unsigned K = 0; K < 8; ++K)
      V[R0 + K] = Frame[K];
    uint32_t Pc = Frame[6];
    if (!(Pc & 1) && Strings) {
      // A byte of the image is the first of the string there ("" for 0).
      auto Byte = [&](uint32_t A) -> std::optional<uint32_t> {
        std::optional<std::string> S = Strings(A);
        if (!S)
          return std::nullopt;
        return S->empty() ? 0u : uint32_t(uint8_t((*S)[0]));
      };
      std::optional<uint32_t> Lo = Byte(Pc), Hi = Byte(Pc + 1);
      if (Lo && Hi)
        V[INSN] = 0x10000u | *Hi << 8 | *Lo;
    }
  }
  V[FEATURES] = F;
  return V;
}

template <unsigned P>
std::string decodeArmMV2(ArrayRef<uint32_t> W, const FaultSymbolizer &Sym,
                         const FaultStringReader &Strings,
                         const std::vector<std::string> *IRQNames) {
  return decodeArmM(liftArmMV2(W, P, Strings), Sym, Strings, IRQNames);
}

//===-- RISC-V (runtime/src/riscv/fault-record.S) -------------------------===//

/// The values of a riscv32/riscv64 record, in the order the target prints
/// them; riscv64 prints each as two words, the high one first. After the
/// registers: the main stack's bottom and top, and the size of the PMP
/// guard below it (linker-scripts/riscv.ld).
enum RVValue : unsigned {
  MCAUSE, MEPC, MTVAL, MSTATUS, X1,
  RV_STACK_LIMIT = X1 + 31, RV_STACK_TOP, RV_GUARD,
  RV_VALUES
};

const char *const RVRegNames[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
    "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
    "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};

/// mcause's exception codes, as the privileged specification (3.1.15)
/// names them; null for reserved and custom ones.
const char *rvExceptionName(uint64_t Code) {
  static const char *const Names[16] = {
      "instruction address misaligned", "instruction access fault",
      "illegal instruction", "breakpoint", "load address misaligned",
      "load access fault", "store/AMO address misaligned",
      "store/AMO access fault", "environment call from U-mode",
      "environment call from S-mode", nullptr, "environment call from M-mode",
      "instruction page fault", "load page fault", nullptr,
      "store/AMO page fault"};
  return Code < 16 ? Names[Code] : nullptr;
}

const char *rvInterruptName(uint64_t Code) {
  static const char *const Names[12] = {
      nullptr, "supervisor software interrupt", nullptr,
      "machine software interrupt", nullptr, "supervisor timer interrupt",
      nullptr, "machine timer interrupt", nullptr,
      "supervisor external interrupt", nullptr, "machine external interrupt"};
  return Code < 12 ? Names[Code] : nullptr;
}

/// What mtval holds for each exception.
const char *rvMtvalMeaning(uint64_t Code) {
  switch (Code) {
  case 0: case 1: case 12: return " (the faulting instruction address)";
  case 2: return " (the instruction's bits, when the core records them)";
  case 4: case 5: case 6: case 7: case 13: case 15:
    return " (the faulting data address)";
  case 3: return " (the breakpoint's address)";
  default: return "";
  }
}

/// The record's values, each from one word (riscv32) or two (riscv64).
template <unsigned XLen> uint64_t rvValue(ArrayRef<uint32_t> W, unsigned I) {
  if (XLen == 32)
    return W[I];
  return uint64_t(W[2 * I]) << 32 | W[2 * I + 1];
}

template <unsigned XLen> std::string rvHex(uint64_t V) {
  char B[19];
  snprintf(B, sizeof B, "0x%0*llx", int(XLen / 4), (unsigned long long)V);
  return B;
}

template <unsigned XLen> int statusRV(ArrayRef<uint32_t> W) {
  uint64_t Cause = rvValue<XLen>(W, MCAUSE);
  bool Irq = Cause >> (XLen - 1);
  uint64_t Code = Cause & ~(uint64_t(1) << (XLen - 1));
  return 128 + (Irq ? 16 : 0) + int(Code & 63);
}

/// fault-full.c's report, line for line.
template <unsigned XLen>
std::string decodeRV(ArrayRef<uint32_t> W, const FaultSymbolizer &Sym,
                     const FaultStringReader &, const std::vector<std::string> *) {
  std::string S;
  raw_string_ostream OS(S);
  auto Key = [&](StringRef K) {
    OS << "  " << K << ":";
    for (size_t N = K.size(); N < 11; ++N)
      OS << ' ';
  };
  uint64_t Cause = rvValue<XLen>(W, MCAUSE), Epc = rvValue<XLen>(W, MEPC),
           Status = rvValue<XLen>(W, MSTATUS), Mtval = rvValue<XLen>(W, MTVAL);
  bool Irq = Cause >> (XLen - 1);
  uint64_t Code = Cause & ~(uint64_t(1) << (XLen - 1));
  const char *Name = Irq ? rvInterruptName(Code) : rvExceptionName(Code);
  // A main stack overflow (runtime/src/riscv/fault.h): an access fault at
  // an address in the guard below the main stack (1), or with sp there (2).
  uint64_t Limit = rvValue<XLen>(W, RV_STACK_LIMIT),
           Top = rvValue<XLen>(W, RV_STACK_TOP),
           Guard = rvValue<XLen>(W, RV_GUARD), Lo = Limit - Guard;
  int Overflow = 0;
  if (Cause == 1 || Cause == 5 || Cause == 7) {
    if (Mtval - Lo < Guard)
      Overflow = 1;
    else if (rvValue<XLen>(W, X1 + 1) - Lo < Guard) // sp (x2)
      Overflow = 2;
  }
  OS << "noos: " << (Irq ? "unhandled " : "")
     << (Overflow ? "stack overflow: " : "")
     << (Name ? Name : Irq ? "interrupt" : "exception")
     << (Name ? "" : " the specification does not name");
  if (Overflow == 1)
    OS << " in the guard below the main stack at " << rvHex<XLen>(Mtval);
  else if (Overflow)
    OS << " with sp in the guard below the main stack";
  OS << "\n";
  Key("mcause");
  OS << rvHex<XLen>(Cause) << (Irq ? " (interrupt " : " (exception ")
     << uint32_t(Code) << ")\n";
  if (!Irq) {
    Key("mtval");
    OS << rvHex<XLen>(Mtval) << rvMtvalMeaning(Code) << "\n";
  }
  Key("mepc");
  OS << rvHex<XLen>(Epc) << "\n";
  static const char *const Modes[4] = {"user", "supervisor", "reserved",
                                       "machine"};
  Key("mstatus");
  OS << rvHex<XLen>(Status) << " (from " << Modes[(Status >> 11) & 3]
     << " mode, interrupts " << ((Status >> 7) & 1 ? "on" : "off") << ")\n";
  for (unsigned I = 1; I < 32; ++I) {
    StringRef N = RVRegNames[I];
    OS << "  " << N << ":" << std::string(4 - N.size(), ' ')
       << rvHex<XLen>(rvValue<XLen>(W, X1 + I - 1));
    if (I % 4 == 3 || I == 31)
      OS << "\n";
  }
  if (Overflow) {
    Key("hint");
    OS << "the main stack (" << (Top - Limit)
       << " bytes) overflowed: raise --stack-size or use less stack\n";
    Key("stack");
    OS << rvHex<XLen>(Limit) << "-" << rvHex<XLen>(Top)
       << " (a PMP guard below it)\n";
  }
  Key("source");
  OS << "llvm-addr2line -fipe <image.elf> " << rvHex<XLen>(Epc) << "\n";
  if (Sym)
    for (const std::string &L : Sym({Epc}))
      OS << L << "\n";
  Key("status");
  OS << statusRV<XLen>(W) << (Irq ? " (128 + 16 + interrupt " : " (128 + exception ")
     << uint32_t(Code) << ")\n";
  return S;
}

//===-- The table ---------------------------------------------------------===//

struct ArchDecoder {
  unsigned Version;
  StringRef Tag;
  unsigned Words; ///< without the check word
  std::string (*Decode)(ArrayRef<uint32_t>, const FaultSymbolizer &,
                        const FaultStringReader &,
                        const std::vector<std::string> *);
  int (*Status)(ArrayRef<uint32_t>);
};

const ArchDecoder Decoders[] = {
    {1, "arm-m", ARM_M_WORDS, decodeArmM, statusArmM},
    {2, "armv6-m", armMV2Words(0), decodeArmMV2<0>, statusArmM},
    {2, "armv7-m", armMV2Words(ProfCFSR), decodeArmMV2<ProfCFSR>, statusArmM},
    {2, "armv8-m.base", armMV2Words(ProfV8M), decodeArmMV2<ProfV8M>, statusArmM},
    {2, "armv8-m.main", armMV2Words(ProfCFSR | ProfV8M | ProfMain),
     decodeArmMV2<ProfCFSR | ProfV8M | ProfMain>, statusArmM},
    {1, "riscv32", RV_VALUES, decodeRV<32>, statusRV<32>},
    {1, "riscv64", 2 * RV_VALUES, decodeRV<64>, statusRV<64>},
};

const ArchDecoder *decoderFor(unsigned Version, StringRef Tag) {
  for (const ArchDecoder &D : Decoders)
    if (D.Version == Version && D.Tag == Tag)
      return &D;
  return nullptr;
}

bool knownVersion(unsigned Version) {
  return llvm::any_of(Decoders,
                      [&](const ArchDecoder &D) { return D.Version == Version; });
}

/// "1 and 2": the versions this decoder reads.
std::string recordVersions() {
  std::string S;
  unsigned Max = 0;
  for (const ArchDecoder &D : Decoders)
    Max = std::max(Max, D.Version);
  for (unsigned V = 1; V <= Max; ++V)
    if (knownVersion(V))
      S += (S.empty() ? "" : V == Max ? " and " : ", ") + std::to_string(V);
  return S;
}

Error bad(const Twine &Why) {
  return createStringError(inconvertibleErrorCode(),
                           "fault record " + Why);
}

} // namespace

std::optional<std::string> decodeTerminateRecord(StringRef Line) {
  size_t At = Line.find(TerminateRecordPrefix);
  if (At == StringRef::npos)
    return std::nullopt;
  StringRef Rest = Line.drop_front(At + TerminateRecordPrefix.size()).rtrim("\r\n");
  // A mangled name has neither spaces nor colons; what() follows ": ".
  size_t End = Rest.find_first_of(": ");
  StringRef Mangled = Rest.take_front(End), What = Rest.drop_front(Mangled.size());
  if (Mangled.empty())
    return std::nullopt;
  std::string Type;
  if (Mangled == "PKc") {
    Type = "const char*"; // as the target writes it (the demangler: char const*)
  } else {
    // A type's name is what follows _ZTS in its type_info name's symbol.
    std::string Sym = "_ZTS" + Mangled.str();
    std::string D = llvm::demangle(Sym);
    StringRef Prefix = "typeinfo name for ";
    if (D != Sym && StringRef(D).starts_with(Prefix))
      Type = D.substr(Prefix.size());
    else
      Type = Mangled.str() + " (mangled)";
  }
  return "noos: terminate: uncaught " + Type + What.str();
}

std::string faultRecordArchitectures(unsigned Version) {
  std::string S;
  for (const ArchDecoder &D : Decoders)
    if (D.Version == Version)
      S += (S.empty() ? "" : ", ") + D.Tag.str();
  return S;
}

std::optional<Expected<FaultRecord>> findFaultRecord(StringRef Line) {
  size_t At = Line.find(FaultRecordPrefix);
  if (At == StringRef::npos)
    return std::nullopt;
  StringRef Rest = Line.drop_front(At + FaultRecordPrefix.size()).rtrim("\r\n");
  FaultRecord R;
  StringRef Version;
  std::tie(Version, Rest) = Rest.split(' ');
  if (Version.getAsInteger(10, R.Version))
    return Expected<FaultRecord>(bad("without a version: '" +
                                     Version.take_front(16) + "'"));
  if (!knownVersion(R.Version))
    return Expected<FaultRecord>(
        bad("of version " + Twine(R.Version) + ": this noos-run reads versions " +
            recordVersions() + "; decode it with the noos-run of the "
            "toolchain that built the image"));
  StringRef Arch;
  std::tie(Arch, Rest) = Rest.split(' ');
  const ArchDecoder *D = decoderFor(R.Version, Arch);
  if (!D)
    return Expected<FaultRecord>(
        bad("of architecture '" + Arch.take_front(16) + "': version " +
            Twine(R.Version) + " of this noos-run decodes " +
            faultRecordArchitectures(R.Version)));
  R.Arch = Arch.str();
  uint32_t Sum = 0, Check = 0;
  unsigned N = 0;
  while (!Rest.empty()) {
    StringRef Word;
    std::tie(Word, Rest) = Rest.split(' ');
    uint32_t V;
    if (Word.size() != 8 || Word.getAsInteger(16, V))
      return Expected<FaultRecord>(
          bad("damaged: word " + Twine(N + 1) + " is '" + Word.take_front(16) +
              "', not 8 hex digits; capture the line again"));
    if (N++ == D->Words) {
      Check = V;
      break;
    }
    R.Words.push_back(V);
    Sum += V;
  }
  // Too many: count them all, for the message.
  SmallVector<StringRef, 8> Extra;
  Rest.trim().split(Extra, ' ', -1, false);
  N += Extra.size();
  if (N != D->Words + 1)
    return Expected<FaultRecord>(
        bad("damaged: " + Twine(N) + " words where " + Arch +
            " has " + Twine(D->Words + 1) + "; capture the whole line again"));
  if (Sum != Check)
    return Expected<FaultRecord>(
        bad("damaged: its check word is " + hex(Check) + ", its words add up to " +
            hex(Sum) + "; capture the line again"));
  return Expected<FaultRecord>(std::move(R));
}

std::string decodeFaultRecord(const FaultRecord &R,
                              const FaultSymbolizer &Symbolize,
                              const FaultStringReader &Strings,
                              const std::vector<std::string> *IRQNames) {
  const ArchDecoder *D = decoderFor(R.Version, R.Arch);
  if (!D || R.Words.size() != D->Words)
    return {};
  return D->Decode(R.Words, Symbolize, Strings, IRQNames);
}

int faultRecordStatus(const FaultRecord &R) {
  const ArchDecoder *D = decoderFor(R.Version, R.Arch);
  if (!D || R.Words.size() != D->Words)
    return 1;
  return D->Status(R.Words);
}

} // namespace noos
