//===- StackUsage.cpp - Link-time worst-case stack analysis ---------------===//
//
// The call graph comes from the linked code, disassembled with LLVM's MC
// disassembler between the ELF mapping symbols ($t/$a code, $d data: literal
// pools and jump tables are skipped); the per-architecture rules (which
// instruction is a call, a tail call, a return, a stack adjustment) live in
// a StackArch. Frame sizes come from .stack_sizes (clang's
// -fstack-size-section, which noos-clang always passes); a function without
// an entry (built by another compiler, hand-written assembly, picolibc and
// libgcc, a variable-sized frame) gets the largest stack pointer offset a
// linear scan of its code reaches. Where both exist and the scan finds more
// than .stack_sizes says, a warning names the function.
//
//===----------------------------------------------------------------------===//

#include "noos/StackUsage.h"
#include "noos/Support.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/bit.h"
#include "llvm/MC/MCAsmInfo.h"
#include "llvm/MC/MCContext.h"
#include "llvm/MC/MCDisassembler/MCDisassembler.h"
#include "llvm/MC/MCInst.h"
#include "llvm/MC/MCInstrAnalysis.h"
#include "llvm/MC/MCInstrInfo.h"
#include "llvm/MC/MCRegisterInfo.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/MCTargetOptions.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/Support/DataExtractor.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/TargetParser/Triple.h"
#include <map>
#include <thread>
#include <set>

using namespace llvm;
using namespace llvm::object;

// The Arm back end's MC layer (noos-ld links the code generators of the
// architectures it targets, see cmake/NoosLLDTargets.cmake).
extern "C" void LLVMInitializeARMTargetInfo();
extern "C" void LLVMInitializeARMTargetMC();
extern "C" void LLVMInitializeARMDisassembler();
extern "C" void LLVMInitializeAArch64TargetInfo();
extern "C" void LLVMInitializeAArch64TargetMC();
extern "C" void LLVMInitializeAArch64Disassembler();
extern "C" void LLVMInitializeRISCVTargetInfo();
extern "C" void LLVMInitializeRISCVTargetMC();
extern "C" void LLVMInitializeRISCVDisassembler();

namespace noos {

//===----------------------------------------------------------------------===//
// Annotations
//===----------------------------------------------------------------------===//

Expected<StackAnnotations> parseStackAnnotations(StringRef Text,
                                                 StringRef File) {
  StackAnnotations A;
  unsigned LineNo = 0;
  SmallVector<StringRef, 8> W;
  while (!Text.empty()) {
    StringRef Line;
    std::tie(Line, Text) = Text.split('\n');
    ++LineNo;
    Line = Line.split('#').first.trim();
    if (Line.empty())
      continue;
    W.clear();
    Line.split(W, ' ', -1, false);
    auto Bad = [&](const Twine &Why) {
      return makeError(File + ":" + Twine(LineNo) + ": " + Why);
    };
    if (W[0] == "size") {
      uint64_t N;
      if (W.size() != 3 || W[2].getAsInteger(0, N))
        return Bad("'size' takes a function and a byte count: size FUNCTION "
                   "BYTES");
      A.Sizes[W[1]] = N;
    } else if (W[0] == "max-recursion") {
      uint64_t N;
      if (W.size() != 3 || W[2].getAsInteger(0, N) || N == 0)
        return Bad("'max-recursion' takes a function and how many calls "
                   "deep its recursion goes (1 or more): max-recursion "
                   "FUNCTION DEPTH");
      A.MaxRecursion[W[1]] = N;
    } else if (W[0] == "level") {
      if (W.size() < 3)
        return Bad("'level' takes two or more handlers that share a "
                   "priority level: level HANDLER HANDLER...");
      A.Levels.emplace_back();
      for (StringRef S : ArrayRef(W).drop_front(1))
        A.Levels.back().push_back(S.str());
    } else if (W[0] == "indirect") {
      if (W.size() < 3)
        return Bad("'indirect' takes a function and the targets of its "
                   "indirect calls: indirect FUNCTION TARGET...");
      auto &T = A.IndirectTargets[W[1]];
      for (StringRef S : ArrayRef(W).drop_front(2))
        T.push_back(S.str());
    } else if (W[0] == "stack-switch") {
      if (W.size() != 2)
        return Bad("'stack-switch' takes one function: stack-switch FUNCTION");
      A.StackSwitch.insert(W[1]);
    } else if (W[0] == "stack") {
      if (W.size() != 4)
        return Bad("'stack' takes a name, the symbol of its top and its "
                   "size (bytes, or a symbol): stack NAME TOP SIZE");
      A.Stacks.push_back({W[1].str(), W[2].str(), W[3].str()});
    } else if (W[0] == "root") {
      if (W.size() != 3 && W.size() != 4)
        return Bad("'root' takes a stack, a function and optionally the "
                   "stack-frames key of what its entry pushed first: root "
                   "STACK FUNCTION [FRAME]");
      A.Roots.push_back(
          {W[1].str(), W[2].str(), W.size() == 4 ? W[3].str() : ""});
    } else {
      return Bad("unknown annotation '" + W[0] +
                 "': use size, indirect, max-recursion, level, "
                 "stack-switch, stack or root");
    }
  }
  return A;
}

//===----------------------------------------------------------------------===//
// Per-architecture rules
//===----------------------------------------------------------------------===//

namespace {

enum class Flow {
  Other,        ///< falls through
  Call,         ///< a call to Target
  IndirectCall, ///< a call through a register or memory
  Branch,       ///< a branch to Target (inside the function, or a tail call)
  IndirectJump, ///< a computed jump inside the function (a jump table)
  IndirectTail, ///< a jump through a register leaving the function
  Return,
};

/// What the scan knows when it classifies an instruction.
struct ScanState {
  const MCInst *Prev = nullptr; ///< the instruction just before, if decoded
  uint64_t PrevAddr = 0;
  /// The two before that, if decoded in a row with it (LLD's thunks load
  /// their target in three instructions).
  const MCInst *Prev2 = nullptr, *Prev3 = nullptr;
  uint64_t Prev2Addr = 0, Prev3Addr = 0;
  char Mode = 'c'; ///< the mapping symbol in force ('c': none)
  int64_t Depth = 0; ///< the scan's stack depth before the instruction
};

/// What one architecture's instructions do to control flow and the stack,
/// and where its roots are: as LLD's TargetInfo, one class per ELF
/// machine (createStackArch), so that nothing else asks which it is.
class StackArch {
public:
  virtual ~StackArch() = default;
  /// Control flow of \p I at \p Addr; \p Target is set for Call and Branch.
  virtual Flow flow(const MCInst &I, uint64_t Addr, uint64_t Size,
                    const ScanState &S, uint64_t &Target) const = 0;
  /// Bytes \p I pushes (positive) or releases (negative) other than by a
  /// return; sets \p Dynamic for a stack pointer moved by a run-time value.
  virtual int64_t spDelta(const MCInst &I, const ScanState &S,
                          bool &Dynamic) const = 0;
  /// A quick look at the encoding at \p Bytes: its length in \p Size, and
  /// whether it may be a branch, a call or a stack pointer adjustment (only
  /// those are given to the disassembler, the bulk of the analysis' time).
  /// Returns false when it cannot tell; then it is disassembled.
  /// (\p Mode: the mapping symbol in force.)
  virtual bool canSkip(ArrayRef<uint8_t> Bytes, uint64_t &Size,
                       char Mode) const {
    return false;
  }
  /// A direct call read from its encoding at \p Addr alone, without the
  /// disassembler (the commonest instruction canSkip leaves): its length
  /// in \p Size and its target as the disassembler's evaluateBranch gives
  /// it. It must neither move the stack pointer nor touch the FP
  /// registers. False for anything else, which is then disassembled.
  virtual bool quickCall(ArrayRef<uint8_t> Bytes, uint64_t Addr, char Mode,
                         uint64_t &Size, uint64_t &Target) const {
    return false;
  }
  /// Whether \p I makes the following instructions need full decoding (an
  /// IT block, whose state the disassembler tracks); how many.
  virtual unsigned decodeAfter(const MCInst &I) const { return 0; }
  /// Whether code under the mapping symbol $M is what these rules read
  /// ('d', data, is skipped before asking).
  virtual bool reads(char M) const = 0;
  /// Whether \p I touches the FP registers (or their CSRs), which makes a
  /// port with lazy FP switching save them for the thread.
  virtual bool usesFP(const MCInst &I) const { return false; }
  /// The step over bytes that do not decode, under mapping symbol \p Mode.
  virtual unsigned minSize(char Mode) const = 0;
  /// Whether the roots are a Cortex-M vector table of addresses at
  /// __vectors_start (the initial stack pointer, the reset handler, the
  /// handlers, all on the main stack); otherwise main is the ELF entry and
  /// the handlers are the annotations' roots, on their own stacks.
  virtual bool vectorTable() const { return false; }
  /// The main stack's name in the reports.
  virtual const char *mainStack() const = 0;
};

/// Arm and Thumb: M-profile (Thumb only, a vector table of addresses),
/// and A-profile (A32 and Thumb-2 code both, told apart by the $a and $t
/// mapping symbols; main from the ELF entry, the exception modes' and the
/// kernel's stacks from the annotations' roots). Opcodes are classified by
/// name once, so that the rules do not depend on LLVM's generated opcode
/// numbers and cost a table lookup per instruction.
class ArmStackArch : public StackArch {
  enum Kind : uint8_t {
    None, BX, BXRet, TB, IT, Pop, PopRet, LdmUpd, LdmRet, LdrPost, Push,
    StmDb, VPushD, VPushS, VPopD, VPopS, StrPre, SubSpi, AddSpi, SubImm,
    AddImm, SubModImm, AddModImm, MovReg, DynSP, Svc, MovW, MovT, AddPC,
    AddPCThumb
  };
  const MCInstrInfo &MII;
  const MCRegisterInfo &MRI;
  const MCInstrAnalysis &MIA;
  bool AProfile;
  MCRegister SP, PC, LR, R7, R11, R12;
  std::vector<uint8_t> Kinds; // by opcode

  /// The target of LLD's long-branch and interworking thunks, which load
  /// it into ip and jump: movw ip, #lo; movt ip, #hi; bx ip (the absolute
  /// ones), or movw, movt, add ip, (ip,) pc; bx ip (position-independent;
  /// the PC reads 8 bytes ahead in A32, 4 in Thumb).
  std::optional<uint64_t> thunkTarget(const MCInst &I,
                                      const ScanState &S) const {
    if (!isReg(I, 0, R12) || !S.Prev || !S.Prev2)
      return std::nullopt;
    const MCInst *T = S.Prev, *W = S.Prev2;
    uint64_t Here = 0; // the PC the add reads, 0 for the absolute ones
    if (kind(*S.Prev) == AddPC || kind(*S.Prev) == AddPCThumb) {
      const MCInst &A = *S.Prev;
      // add ip, ip, pc (A32), add ip, pc (Thumb: ip, ip, pc).
      if (!S.Prev3 || !isReg(A, 0, R12) || !isReg(A, 1, R12) ||
          !isReg(A, 2, PC))
        return std::nullopt;
      Here = S.PrevAddr + (kind(A) == AddPC ? 8 : 4);
      T = S.Prev2;
      W = S.Prev3;
    }
    if (kind(*T) != MovT || kind(*W) != MovW || !isReg(*T, 0, R12) ||
        !isReg(*W, 0, R12) || !T->getOperand(2).isImm() ||
        !W->getOperand(1).isImm())
      return std::nullopt;
    uint64_t V = (uint64_t(T->getOperand(2).getImm() & 0xFFFF) << 16) |
                 uint64_t(W->getOperand(1).getImm() & 0xFFFF);
    return (V + Here) & 0xFFFFFFFF;
  }

  Kind kind(const MCInst &I) const { return Kind(Kinds[I.getOpcode()]); }
  bool isReg(const MCInst &I, unsigned Op, MCRegister R) const {
    return Op < I.getNumOperands() && I.getOperand(Op).isReg() &&
           I.getOperand(Op).getReg() == R;
  }
  bool listHas(const MCInst &I, unsigned From, MCRegister R) const {
    for (unsigned K = From; K < I.getNumOperands(); ++K)
      if (isReg(I, K, R))
        return true;
    return false;
  }
  unsigned listRegs(const MCInst &I, unsigned From) const {
    unsigned N = 0;
    for (unsigned K = From; K < I.getNumOperands(); ++K)
      N += I.getOperand(K).isReg() && I.getOperand(K).getReg();
    return N;
  }

public:
  ArmStackArch(const MCInstrInfo &MII, const MCRegisterInfo &MRI,
               const MCInstrAnalysis &MIA, bool AProfile)
      : MII(MII), MRI(MRI), MIA(MIA), AProfile(AProfile) {
    for (unsigned R = 1; R < MRI.getNumRegs(); ++R) {
      StringRef N = MRI.getName(R);
      if (N == "SP") SP = R;
      else if (N == "PC") PC = R;
      else if (N == "LR") LR = R;
      else if (N == "R7") R7 = R;
      else if (N == "R11") R11 = R;
      else if (N == "R12") R12 = R;
    }
    static const std::pair<const char *, Kind> Names[] = {
        {"tBX", BX}, {"tBXNS", BX}, {"BX", BX}, {"BX_RET", BXRet},
        {"tBX_RET", BXRet}, {"MOVPCLR", BXRet}, {"t2TBB", TB}, {"t2TBH", TB},
        {"t2IT", IT},
        {"tPOP", Pop}, {"tPOP_RET", PopRet}, {"t2LDMIA_UPD", LdmUpd},
        {"LDMIA_UPD", LdmUpd}, {"t2LDMIA_RET", LdmRet}, {"LDMIA_RET", LdmRet},
        {"t2LDR_POST", LdrPost}, {"LDR_POST_IMM", LdrPost}, {"tPUSH", Push},
        {"t2STMDB_UPD", StmDb}, {"STMDB_UPD", StmDb}, {"VSTMDDB_UPD", VPushD},
        {"VSTMSDB_UPD", VPushS}, {"VLDMDIA_UPD", VPopD},
        {"VLDMSIA_UPD", VPopS}, {"t2STR_PRE", StrPre}, {"STR_PRE_IMM", StrPre},
        {"tSUBspi", SubSpi}, {"tADDspi", AddSpi}, {"t2SUBspImm", SubImm},
        {"t2SUBspImm12", SubImm}, {"SUBri", SubModImm}, {"t2SUBri", SubImm},
        {"t2SUBri12", SubImm}, {"t2ADDspImm", AddImm},
        {"t2ADDspImm12", AddImm}, {"ADDri", AddModImm}, {"t2ADDri", AddImm},
        {"t2ADDri12", AddImm}, {"tMOVr", MovReg}, {"MOVr", MovReg},
        {"t2MOVr", MovReg}, {"tADDspr", DynSP}, {"t2SUBrr", DynSP},
        {"t2SUBrs", DynSP}, {"SUBrr", DynSP}, {"t2ADDrr", DynSP},
        {"tADDhirr", AddPCThumb}, {"ADDrr", AddPC}, {"SUBrsi", DynSP},
        {"ADDrsi", DynSP}, {"SUBrsr", DynSP}, {"ADDrsr", DynSP},
        {"t2ADDrs", DynSP}, {"tSVC", Svc}, {"SVC", Svc},
        {"MOVi16", MovW}, {"t2MOVi16", MovW}, {"MOVTi16", MovT},
        {"t2MOVTi16", MovT}};
    StringMap<Kind> ByName;
    for (const auto &[N, K] : Names)
      ByName[N] = K;
    Kinds.assign(MII.getNumOpcodes(), None);
    for (unsigned Op = 0; Op < MII.getNumOpcodes(); ++Op) {
      auto It = ByName.find(MII.getName(Op));
      if (It != ByName.end())
        Kinds[Op] = It->second;
    }
  }

  bool reads(char M) const override {
    return M == 't' || (AProfile && M == 'a');
  }
  unsigned minSize(char M) const override { return M == 'a' ? 4 : 2; }
  bool vectorTable() const override { return !AProfile; }
  const char *mainStack() const override {
    return AProfile ? "main (SVC)" : "main (MSP)";
  }

  Flow flow(const MCInst &I, uint64_t Addr, uint64_t Size, const ScanState &S,
            uint64_t &Target) const override {
    const MCInstrDesc &D = MII.get(I.getOpcode());
    Kind K = kind(I);
    // A kernel call (LLVM marks svc a call): its handler is a root of its
    // own (SVCall, on the main stack), and what the exception pushes on
    // the caller's stack is the root's exception frame.
    if (K == Svc)
      return Flow::Other;
    if (D.isCall()) {
      if (MIA.evaluateBranch(I, Addr, Size, Target))
        return Flow::Call;
      return Flow::IndirectCall;
    }
    if (K == BXRet)
      return Flow::Return;
    if (K == BX) {
      if (I.getNumOperands() == 0 || isReg(I, 0, LR))
        return Flow::Return;
      if (std::optional<uint64_t> T = thunkTarget(I, S)) {
        Target = *T;
        return Flow::Branch;
      }
      return Flow::IndirectTail;
    }
    if (K == TB)
      return Flow::IndirectJump;
    if (D.isBranch() || D.isConditionalBranch()) {
      if (MIA.evaluateBranch(I, Addr, Size, Target))
        return Flow::Branch;
      // Low-overhead loops and other branches whose target stays inside.
      return Flow::IndirectJump;
    }
    if (!D.hasDefOfPhysReg(I, PC, MRI) && !D.isReturn())
      return Flow::Other;
    // Something writes the PC.
    if (K == Pop || K == PopRet || K == LdmUpd || K == LdmRet)
      return Flow::Return;
    if (K == LdrPost)
      return isReg(I, 2, SP) ? Flow::Return : Flow::IndirectTail;
    if (K == MovReg && isReg(I, 1, LR))
      return Flow::Return; // mov pc, lr
    // mov pc, rN / add pc, rN / ldr pc, [pc, rN]: the jump tables clang
    // (v6-M) and GCC emit; an indirect tail call is a bx.
    return Flow::IndirectJump;
  }

  // Thumb's BL (T1: 11110 S imm10, 11 J1 1 J2 imm11; Arm ARM A8.8.25):
  // imm32 = SignExtend(S:I1:I2:imm10:imm11:0), I1 = NOT(J1 XOR S), I2 =
  // NOT(J2 XOR S); the target is the PC (the address + 4) plus imm32.
  // BLX (bit 12 clear) changes state and is left to the disassembler.
  bool quickCall(ArrayRef<uint8_t> B, uint64_t Addr, char Mode, uint64_t &Size,
                 uint64_t &Target) const override {
    if (Mode != 't' || B.size() < 4)
      return false;
    uint32_t H1 = B[0] | B[1] << 8, H2 = B[2] | B[3] << 8;
    if ((H1 & 0xF800) != 0xF000 || (H2 & 0xD000) != 0xD000)
      return false;
    uint32_t S = (H1 >> 10) & 1, J1 = (H2 >> 13) & 1, J2 = (H2 >> 11) & 1;
    uint32_t I1 = !(J1 ^ S), I2 = !(J2 ^ S);
    uint32_t Imm = S << 24 | I1 << 23 | I2 << 22 | (H1 & 0x3FF) << 12 |
                   (H2 & 0x7FF) << 1;
    Size = 4;
    Target = Addr + 4 + uint64_t(SignExtend64<25>(Imm));
    return true;
  }

  // Thumb-2 encodings (Arm ARM A5.2, A5.3), by the fields that tell a
  // branch, a load or store that may write the PC or move the SP, and a
  // data-processing instruction whose destination is the SP or PC.
  // A movw/movt into ip and add ip, pc are decoded too: the thunks'
  // target (thunkTarget).
  bool canSkip(ArrayRef<uint8_t> B, uint64_t &Size, char Mode) const override {
    if (Mode == 'a')
      return canSkipA32(B, Size);
    if (B.size() < 2)
      return false;
    unsigned H1 = B[0] | B[1] << 8;
    if ((H1 >> 11) < 0x1D) { // 16-bit
      Size = 2;
      if ((H1 & 0xFF00) == 0x4700 || H1 == 0x44FC) // bx, blx; add ip, pc
        return false;
      if ((H1 & 0xFC00) == 0x4400) { // hi-register add, cmp, mov
        unsigned Rd = (H1 & 7) | ((H1 >> 4) & 8);
        return (H1 & 0xFF00) == 0x4500 || (Rd != 13 && Rd != 15);
      }
      if ((H1 & 0xFF0F) == 0xBF00) // nop and the other hints (not it)
        return true;
      if ((H1 & 0xF000) == 0xB000 || (H1 & 0xF000) == 0xD000 ||
          (H1 & 0xF800) == 0xE000) // misc (push, pop, sp, cbz, it), b
        return false;
      return true;
    }
    if (B.size() < 4)
      return false;
    Size = 4;
    unsigned H2 = B[2] | B[3] << 8;
    unsigned Rn = H1 & 15, Rd = (H2 >> 8) & 15, Rt = H2 >> 12;
    auto SpPc = [](unsigned R) { return R == 13 || R == 15; };
    if ((H1 & 0xFB70) == 0xF240 && Rd == 12) // movw, movt ip
      return false;
    if ((H1 & 0xF800) == 0xF000) // branches and control; data-proc. imm.
      return !(H2 & 0x8000) && !SpPc(Rd);
    if ((H1 & 0xFE00) == 0xE800) // ldm/stm, ldrd/strd, tbb/tbh
      return false;
    if ((H1 & 0xFE00) == 0xEA00) // data-processing, shifted register
      return !SpPc(Rd);
    if ((H1 & 0xFE00) == 0xF800) { // single loads and stores
      if (Rt == 15)
        return false; // ldr pc
      // The 8-bit-offset form with writeback (str lr, [sp, #-4]!).
      bool Writeback = !(H1 & 0x80) && (H2 & 0x0900) == 0x0900;
      return !(Rn == 13 && Writeback);
    }
    if ((H1 & 0xEE00) == 0xEC00) // coprocessor loads/stores: vpush, vpop
      return !(Rn == 13 && (H1 & 0x20));   // write back to sp
    return true; // multiplies, coprocessor data, and the like
  }

  // A32 encodings (Arm ARM A5.1-A5.6), by the same fields: the condition,
  // the op1 bits 27-25, the destination (Rd/Rt, bits 15-12) and base
  // (Rn, bits 19-16) registers, writeback. Anything that may write the
  // SP, the PC or ip (the thunks), or move the SP by writeback, is decoded.
  static bool canSkipA32(ArrayRef<uint8_t> B, uint64_t &Size) {
    if (B.size() < 4)
      return false;
    uint32_t W = B[0] | B[1] << 8 | B[2] << 16 | uint32_t(B[3]) << 24;
    Size = 4;
    unsigned Rn = (W >> 16) & 15, Rd = (W >> 12) & 15;
    auto SpPc = [](unsigned R) { return R == 13 || R == 15; };
    if (W >> 28 == 15) // unconditional: blx imm, srs, rfe, cps, pld
      return false;
    switch ((W >> 25) & 7) {
    case 0: // data-processing (register), misc (bx, blx, msr), multiplies,
            // extra loads and stores (ldrd/strd, ldrh: base sp)
      if ((W & 0x90) == 0x90 && (W & 0x60) && Rn == 13)
        return false;
      [[fallthrough]];
    case 1: // data-processing (immediate), movw, movt, msr
      return !SpPc(Rd) && Rd != 12;
    case 2: // loads and stores (immediate)
    case 3: // loads and stores (register); media instructions
      return !SpPc(Rd) && !SpPc(Rn);
    case 4: // ldm, stm: sp's, or loading the PC
      return Rn != 13 && !(W & 0x8000);
    case 5: // b, bl
      return false;
    case 6: // coprocessor loads and stores: vpush, vpop, vldm/vstm sp
      return Rn != 13;
    default: // coprocessor data, register transfers; svc
      return true;
    }
  }

  unsigned decodeAfter(const MCInst &I) const override {
    return kind(I) == IT ? 4 : 0;
  }

  int64_t spDelta(const MCInst &I, const ScanState &,
                  bool &Dynamic) const override {
    auto Imm = [&](unsigned Op) { return I.getOperand(Op).getImm(); };
    switch (kind(I)) {
    case Push:
      return 4 * listRegs(I, 2);
    case Pop:
      return listHas(I, 2, PC) ? 0 : -4 * int64_t(listRegs(I, 2));
    case StmDb:
      return isReg(I, 1, SP) ? 4 * listRegs(I, 4) : 0;
    case LdmUpd:
      return !isReg(I, 1, SP) || listHas(I, 4, PC)
                 ? 0
                 : -4 * int64_t(listRegs(I, 4));
    case VPushD:
      return isReg(I, 1, SP) ? 8 * listRegs(I, 4) : 0;
    case VPushS:
      return isReg(I, 1, SP) ? 4 * listRegs(I, 4) : 0;
    case VPopD:
      return isReg(I, 1, SP) ? -8 * int64_t(listRegs(I, 4)) : 0;
    case VPopS:
      return isReg(I, 1, SP) ? -4 * int64_t(listRegs(I, 4)) : 0;
    case StrPre: // str rT, [sp, #-N]!
      if (isReg(I, 0, SP))
        for (unsigned K = 3; K < I.getNumOperands(); ++K)
          if (I.getOperand(K).isImm()) // A32's as an unsigned word
            return -int64_t(int32_t(I.getOperand(K).getImm()));
      return 0;
    case SubSpi:
      return 4 * Imm(2);
    case AddSpi:
      return -4 * Imm(2);
    case SubImm:
      return isReg(I, 0, SP) && isReg(I, 1, SP) ? Imm(2) : 0;
    case AddImm:
      return isReg(I, 0, SP) && isReg(I, 1, SP) ? -Imm(2) : 0;
    // A32's modified immediate, as encoded: 8 bits rotated right by twice
    // the 4 above them.
    case SubModImm:
    case AddModImm: {
      if (!isReg(I, 0, SP) || !isReg(I, 1, SP))
        return 0;
      uint32_t E = uint32_t(Imm(2));
      int64_t V = llvm::rotr<uint32_t>(E & 0xFF, ((E >> 8) & 15) * 2);
      return kind(I) == SubModImm ? V : -V;
    }
    // The stack pointer moved by a run-time amount: alloca, a VLA. A move
    // from the frame pointer is an epilogue.
    case MovReg:
      if (isReg(I, 0, SP) && !isReg(I, 1, R7) && !isReg(I, 1, R11))
        Dynamic = true;
      return 0;
    case DynSP:
    case AddPC:
    case AddPCThumb:
      if (isReg(I, 0, SP))
        Dynamic = true;
      return 0;
    default:
      return 0;
    }
  }
};

/// The register named \p Name in \p MRI (0 if none): the rules name
/// registers, not LLVM's generated register numbers.
static MCRegister regNamed(const MCRegisterInfo &MRI, StringRef Name) {
  for (unsigned R = 1; R < MRI.getNumRegs(); ++R)
    if (Name == MRI.getName(R))
      return R;
  return MCRegister();
}

/// A jump through a register that is no return: a jump table when the
/// function's frame is still allocated (a tail call releases it first),
/// else taken as a tail call whose target is unknown.
static Flow registerJump(const ScanState &S) {
  return S.Depth > 0 ? Flow::IndirectJump : Flow::IndirectTail;
}

/// AArch64 (A64). Calls are BL/BLR, returns RET (and ERET), a tail call a
/// B or BR leaving the function; the stack moves by pre-indexed stores and
/// post-indexed loads with writeback to SP (stp x29, x30, [sp, #-N]!) and
/// by SUB/ADD SP, SP, #imm.
class AArch64StackArch : public StackArch {
  enum Kind : uint8_t { None, WriteBack, SubImm, AddImm, BR, AddReg };
  const MCInstrInfo &MII;
  const MCInstrAnalysis &MIA;
  MCRegister SP, FP;
  std::vector<uint8_t> Kinds, Scale; // by opcode

  bool isReg(const MCInst &I, unsigned Op, MCRegister R) const {
    return Op < I.getNumOperands() && I.getOperand(Op).isReg() &&
           I.getOperand(Op).getReg() == R;
  }

public:
  AArch64StackArch(const MCInstrInfo &MII, const MCRegisterInfo &MRI,
                   const MCInstrAnalysis &MIA)
      : MII(MII), MIA(MIA), SP(regNamed(MRI, "SP")), FP(regNamed(MRI, "FP")) {
    Kinds.assign(MII.getNumOpcodes(), None);
    Scale.assign(MII.getNumOpcodes(), 1);
    for (unsigned Op = 0; Op < MII.getNumOpcodes(); ++Op) {
      StringRef N = MII.getName(Op);
      // Loads and stores with writeback: STPXpre, LDPDpost, STRXpre, ...
      // A pair's offset counts its registers' size, a single one's bytes.
      if ((N.ends_with("pre") || N.ends_with("post")) &&
          (N.starts_with("STP") || N.starts_with("LDP") ||
           N.starts_with("STR") || N.starts_with("LDR"))) {
        Kinds[Op] = WriteBack;
        if (N[2] == 'P' && N.size() > 3)
          Scale[Op] = N[3] == 'Q' ? 16 : (N[3] == 'X' || N[3] == 'D') ? 8 : 4;
      } else if (N == "SUBXri") {
        Kinds[Op] = SubImm;
      } else if (N == "ADDXri") {
        Kinds[Op] = AddImm;
      } else if (N == "BR" || N.starts_with("BRA")) {
        Kinds[Op] = BR;
      } else if (N == "ADDXrx" || N == "ADDXrs" || N == "ADDXrx64") {
        Kinds[Op] = AddReg;
      }
    }
  }

  bool reads(char M) const override { return M == 'x'; }
  unsigned minSize(char) const override { return 4; }
  const char *mainStack() const override { return "main (SP_EL0)"; }

  Flow flow(const MCInst &I, uint64_t Addr, uint64_t Size, const ScanState &S,
            uint64_t &Target) const override {
    const MCInstrDesc &D = MII.get(I.getOpcode());
    if (D.isCall())
      return MIA.evaluateBranch(I, Addr, Size, Target) ? Flow::Call
                                                       : Flow::IndirectCall;
    if (D.isReturn())
      return Flow::Return;
    if (Kinds[I.getOpcode()] == BR) {
      // add xT, xBase, wIdx, sxtb #2; br xT: a jump table (LLVM's and
      // GCC's form), whatever the frame.
      if (S.Prev && Kinds[S.Prev->getOpcode()] == AddReg &&
          I.getOperand(0).isReg() && isReg(*S.Prev, 0, I.getOperand(0).getReg()))
        return Flow::IndirectJump;
      return registerJump(S);
    }
    if (D.isBranch() || D.isConditionalBranch())
      return MIA.evaluateBranch(I, Addr, Size, Target) ? Flow::Branch
                                                       : Flow::IndirectJump;
    return Flow::Other;
  }

  int64_t spDelta(const MCInst &I, const ScanState &,
                  bool &Dynamic) const override {
    unsigned Op = I.getOpcode();
    auto Imm = [&](unsigned K) {
      return K < I.getNumOperands() && I.getOperand(K).isImm()
                 ? I.getOperand(K).getImm()
                 : 0;
    };
    switch (Kinds[Op]) {
    case WriteBack: // stp x29, x30, [sp, #-N]! / ldp x29, x30, [sp], #N
      if (!isReg(I, 0, SP))
        return 0;
      return -Imm(I.getNumOperands() - 1) * int64_t(Scale[Op]);
    case SubImm:
    case AddImm: {
      if (!isReg(I, 0, SP))
        return 0;
      int64_t N = Imm(2) << Imm(3);
      if (isReg(I, 1, SP))
        return Kinds[Op] == SubImm ? N : -N;
      // mov sp, x29 / sub sp, x29, #N: an epilogue; from another
      // register, a stack pointer computed at run time (alloca).
      if (!isReg(I, 1, FP))
        Dynamic = true;
      return 0;
    }
    default:
      if (MII.get(Op).getNumDefs() && isReg(I, 0, SP))
        Dynamic = true; // sub sp, sp, x8 and the like
      return 0;
    }
  }
};

/// RISC-V (RV32 and RV64, with the C extension). Calls are JAL/JALR with
/// a link register, also as AUIPC + JALR pairs (call, not relaxed); a jump
/// leaving the function (JAL x0, an AUIPC + JALR x0 pair: tail) is a tail
/// call; JALR x0, 0(ra) returns. The stack moves by ADDI sp, sp, imm
/// (c.addi16sp, c.addi).
class RISCVStackArch : public StackArch {
  enum Kind : uint8_t {
    None, Jal, CJ, CJal, Jalr, CJr, CJalr, Auipc, Lui, AddI, Csr
  };
  std::vector<bool> FPReg; // by register: f0-f31 in every width
  const MCInstrInfo &MII;
  const MCInstrAnalysis &MIA;
  MCRegister Zero, RA, SP, S0, T0;
  uint64_t Mask;
  std::vector<uint8_t> Kinds;

  bool isReg(const MCInst &I, unsigned Op, MCRegister R) const {
    return Op < I.getNumOperands() && I.getOperand(Op).isReg() &&
           I.getOperand(Op).getReg() == R;
  }
  Kind kind(const MCInst &I) const { return Kind(Kinds[I.getOpcode()]); }
  /// A jump through rs1 that is no return.
  Flow jump(const MCInst &I, unsigned Rd, unsigned Rs1, int64_t Off,
            uint64_t Addr, const ScanState &S, uint64_t &Target) const {
    bool Link = !isReg(I, Rd, Zero);
    MCRegister Base = I.getOperand(Rs1).getReg();
    // auipc rX, hi; jalr rd, lo(rX): a call (rd = ra) or tail (rd = x0)
    // to a known address.
    if (S.Prev && kind(*S.Prev) == Auipc && isReg(*S.Prev, 0, Base)) {
      uint64_t Hi = uint64_t(SignExtend64<32>(uint64_t(S.Prev->getOperand(1).getImm()) << 12));
      Target = (S.PrevAddr + Hi + uint64_t(Off)) & Mask;
      return Link ? Flow::Call : Flow::Branch;
    }
    if (Link)
      return Flow::IndirectCall;
    if (Base == RA && Off == 0)
      return Flow::Return;
    return registerJump(S);
  }

public:
  RISCVStackArch(const MCInstrInfo &MII, const MCRegisterInfo &MRI,
                 const MCInstrAnalysis &MIA, unsigned AddrBytes)
      : MII(MII), MIA(MIA), Zero(regNamed(MRI, "X0")), RA(regNamed(MRI, "X1")),
        SP(regNamed(MRI, "X2")), S0(regNamed(MRI, "X8")),
        T0(regNamed(MRI, "X5")),
        Mask(AddrBytes == 8 ? UINT64_MAX : UINT32_MAX) {
    static const std::pair<const char *, Kind> Names[] = {
        {"JAL", Jal},       {"C_J", CJ},       {"C_JAL", CJal},
        {"JALR", Jalr},     {"C_JR", CJr},     {"C_JALR", CJalr},
        {"AUIPC", Auipc},   {"LUI", Lui},      {"ADDI", AddI},
        {"CSRRW", Csr},     {"CSRRS", Csr},    {"CSRRC", Csr},
        {"CSRRWI", Csr},    {"CSRRSI", Csr},   {"CSRRCI", Csr},    {"C_ADDI", AddI},
        {"C_ADDI16SP", AddI}};
    StringMap<Kind> ByName;
    for (const auto &[N, K] : Names)
      ByName[N] = K;
    Kinds.assign(MII.getNumOpcodes(), None);
    for (unsigned Op = 0; Op < MII.getNumOpcodes(); ++Op) {
      auto It = ByName.find(MII.getName(Op));
      if (It != ByName.end())
        Kinds[Op] = It->second;
    }
    FPReg.assign(MRI.getNumRegs(), false);
    for (unsigned R = 1; R < MRI.getNumRegs(); ++R) {
      StringRef N = MRI.getName(R); // F0_F, F0_D, F0_H, ...
      FPReg[R] = N.size() > 1 && N[0] == 'F' && isDigit(N[1]);
    }
  }

  bool reads(char M) const override { return M == 'x'; }
  unsigned minSize(char) const override { return 2; }
  const char *mainStack() const override { return "main (sp)"; }

  // An F/D register operand, or fflags, frm, fcsr (CSRs 1-3): mstatus.FS
  // turns Dirty, and a switch saves the thread's FP area (trap.c).
  bool usesFP(const MCInst &I) const override {
    if (kind(I) == Csr)
      return I.getNumOperands() > 1 && I.getOperand(1).isImm() &&
             I.getOperand(1).getImm() >= 1 && I.getOperand(1).getImm() <= 3;
    for (const MCOperand &O : I)
      if (O.isReg() && O.getReg() < FPReg.size() && FPReg[O.getReg()])
        return true;
    return false;
  }

  Flow flow(const MCInst &I, uint64_t Addr, uint64_t Size, const ScanState &S,
            uint64_t &Target) const override {
    switch (kind(I)) {
    case Jal: // jal rd, off
      // jal t0, __riscv_save_N: GCC's prologue millicode (spDelta), no
      // edge.
      if (isReg(I, 0, T0))
        return Flow::Other;
      Target = (Addr + uint64_t(I.getOperand(1).getImm())) & Mask;
      return isReg(I, 0, Zero) ? Flow::Branch : Flow::Call;
    case CJ:
      Target = (Addr + uint64_t(I.getOperand(0).getImm())) & Mask;
      return Flow::Branch;
    case CJal:
      Target = (Addr + uint64_t(I.getOperand(0).getImm())) & Mask;
      return Flow::Call;
    case Jalr: // jalr rd, off(rs1)
      if (isReg(I, 0, T0))
        return Flow::Other; // call t0, __riscv_save_N, not relaxed
      return jump(I, 0, 1, I.getOperand(2).getImm(), Addr, S, Target);
    case CJr: // c.jr rs1
      if (isReg(I, 0, RA))
        return Flow::Return;
      return registerJump(S);
    case CJalr:
      return Flow::IndirectCall;
    default:
      break;
    }
    const MCInstrDesc &D = MII.get(I.getOpcode());
    if (D.isReturn())
      return Flow::Return; // mret
    if (D.isBranch() || D.isConditionalBranch())
      return MIA.evaluateBranch(I, Addr, Size, Target) ? Flow::Branch
                                                       : Flow::IndirectJump;
    return Flow::Other;
  }

  int64_t spDelta(const MCInst &I, const ScanState &S,
                  bool &Dynamic) const override {
    const MCInstrDesc &D = MII.get(I.getOpcode());
    // jal t0, __riscv_save_N, or auipc t0 + jalr t0 (libgcc's millicode,
    // GCC's -msave-restore and -Os): the routine pushes ra and s0..s(N-1), rounded to 16 bytes, and
    // returns through t0 leaving them for the caller's epilogue
    // (j __riscv_restore_N): at most 13 registers, counted in full.
    // The psABI's alternate link register t0 is millicode's alone.
    if ((kind(I) == Jal || kind(I) == Jalr) && isReg(I, 0, T0))
      return Mask == UINT64_MAX ? 112 : 64;
    if (!D.getNumDefs() || !isReg(I, 0, SP))
      return 0;
    // auipc sp, hi; addi sp, sp, lo: la sp, SYMBOL (a stack switch).
    bool La = S.Prev && (kind(*S.Prev) == Auipc || kind(*S.Prev) == Lui) &&
              isReg(*S.Prev, 0, SP);
    if (kind(I) == AddI && !La) {
      if (isReg(I, 1, SP))
        return -I.getOperand(2).getImm();
      if (isReg(I, 1, S0))
        return 0; // addi sp, s0, -N: an epilogue from the frame pointer
    }
    // mv sp, a0 after the alloca's sub; ld sp, csrrw sp, la sp: a stack
    // computed at run time, or switched ('stack-switch' annotations).
    Dynamic = true;
    return 0;
  }
};

//===----------------------------------------------------------------------===//
// The program model
//===----------------------------------------------------------------------===//

struct Function {
  std::string Name;
  uint64_t Addr = 0, Size = 0;
  std::optional<uint64_t> Declared; ///< .stack_sizes
  std::optional<uint64_t> Scanned;  ///< the code scan
  bool Dynamic = false;             ///< alloca / VLA
  bool Unreadable = false;          ///< code the rules do not cover
  bool UsesFP = false;              ///< touches the FP registers
  bool Indirect = false;            ///< calls through a pointer
  bool Local = false;               ///< its name is a local symbol's
  std::vector<unsigned> Callees;
  /// The larger of the two: a scan finding more than .stack_sizes (hand
  /// edited assembly, a wrong entry) must not make the need too small.
  uint64_t frame() const {
    return std::max(Declared.value_or(0), Scanned.value_or(0));
  }
};

struct Node {
  enum { New, Active, Done } State = New;
  uint64_t Need = 0;
  /// The need without the repetitions of bounded recursions, and what
  /// the deepest of those through this function adds (max-recursion).
  uint64_t Plain = 0, Extra = 0;
  int Next = -1; ///< the callee on the worst path
  /// Where the function sits on Analyser::Stack while it is Active, so a
  /// back edge finds its cycle without searching the stack.
  unsigned StackPos = 0;
  /// Whether some path from here may touch the FP registers (a cycle
  /// counts as yes): a switch then saves the FP area ("fp-area").
  bool FP = false;
  std::vector<unsigned> Unknown; ///< indices into Analyser::Reasons
};

/// What a switch adds for a thread that may use the FPU, where the port
/// saves the FP registers only then (stack-frames' "fp-area"; RISC-V).
static uint64_t fpArea(const StackFrameSizes &Frames, bool UsesFP) {
  auto It = Frames.Named.find("fp-area");
  return UsesFP && It != Frames.Named.end() ? It->second : 0;
}

class Analyser {
  const ELFObjectFileBase &Image;
  const StackAnnotations &Notes;
  std::vector<Function> Funcs;
  /// Start address -> function, while the symbols are read.
  DenseMap<uint64_t, unsigned> ByAddr;
  /// The functions by start address, sorted: every later lookup.
  std::vector<std::pair<uint64_t, unsigned>> Starts;
  std::optional<unsigned> at(uint64_t A) const {
    auto It = partition_point(Starts, [&](const auto &P) { return P.first < A; });
    if (It == Starts.end() || It->first != A)
      return std::nullopt;
    return It->second;
  }
  StringMap<unsigned> ByName;
  /// Every function symbol's name, aliases included (annotations name a
  /// function by any of them).
  StringMap<unsigned> AnyName;
  std::vector<Node> Nodes;
  std::vector<unsigned> Stack;
  /// Each function's max-recursion bound (0: none), looked up by index
  /// on the back edges rather than by name; empty without annotations.
  std::vector<uint64_t> RecursionBound;
  std::vector<StackWarning> Warnings;
  /// What is unknown, each once: a text, or a recursion kept as the
  /// functions it shows (written out only if a root reports it: a dense
  /// call graph has a cycle at almost every function).
  struct Reason {
    std::string Text;
    std::vector<unsigned> Cycle; ///< the cycle shown, C last
    size_t Omitted = 0;          ///< functions left out after the 4th
    unsigned From = 0;           ///< the function whose call closes it
  };
  std::vector<Reason> Reasons;
  std::string reason(unsigned U) const {
    const Reason &R = Reasons[U];
    if (R.Cycle.empty())
      return R.Text;
    std::string Cycle;
    for (size_t K = 0; K + 1 < R.Cycle.size(); ++K) {
      Cycle += Funcs[R.Cycle[K]].Name + " -> ";
      if (K == 3 && R.Omitted)
        Cycle += "... (" + std::to_string(R.Omitted) + " more) -> ";
    }
    const std::string &C = Funcs[R.Cycle.back()].Name;
    return Funcs[R.From].Name + ": recursion " + Cycle + C +
           " (bound it with 'max-recursion " + C +
           " DEPTH' in --stack-annotations)";
  }
  /// Mapping symbols, sorted: where code ($t, $a) and data ($d) start.
  std::vector<std::pair<uint64_t, char>> Map;
  std::optional<uint64_t> VecStart, VecEnd, StackTop, StackLimit;
  /// The thread records (noos/thread-site.h): address and symbol size.
  std::vector<std::pair<uint64_t, uint64_t>> Sites;
  /// The records of noos_irq_set_priority's calls (noos/thread-site.h).
  std::vector<std::pair<uint64_t, uint64_t>> PrioritySites;
  /// The symbols the annotations name other than functions ('stack'
  /// bounds, '*TABLE' targets): value, size, whether absolute.
  struct Sym {
    uint64_t Value = 0, Size = 0;
    bool Absolute = false;
  };
  StringMap<Sym> Syms;
  StringSet<> Wanted;
  /// Whether an annotation names a local function as FILE:NAME (its
  /// object's STT_FILE symbol, which precedes the file's locals).
  bool WantFiles = false;
  StringSet<> WantedFiles;
  bool IsVectorTable = false;   ///< StackArch::vectorTable()
  std::string MainStackName;    ///< StackArch::mainStack()
  std::map<int64_t, int> PriorityLevel; ///< a priority's Level
  std::vector<StackTotal> OtherStacks;
  std::vector<std::vector<size_t>> OtherParts; ///< indices into Roots
  /// The image's bytes at [A, A + N), if a section holds them.
  /// (\p ToEnd: from A to the end of its section.)
  std::optional<StringRef> bytesAt(uint64_t A, uint64_t N,
                                   bool ToEnd = false) const {
    for (const SectionRef &S : Image.sections()) {
      if (A < S.getAddress() || A + N > S.getAddress() + S.getSize() ||
          (ToEnd && A == S.getAddress() + S.getSize()) ||
          S.isBSS() || S.isVirtual())
        continue;
      Expected<StringRef> C = S.getContents();
      if (!C) {
        consumeError(C.takeError());
        return std::nullopt;
      }
      return C->substr(A - S.getAddress(), ToEnd ? StringRef::npos : N);
    }
    return std::nullopt;
  }
  void addThreads(StackResult &R, const StackFrameSizes &Frames);
  /// The constant priority of each IRQ the program sets with
  /// noos_irq_set_priority, where every call is recorded and gives the IRQ
  /// one constant; empty otherwise.
  std::map<uint64_t, int64_t> irqPriorities() const;
  static constexpr size_t MaxUnknown = 16; ///< reported per root

  void addUnknown(std::vector<unsigned> &To, unsigned R) {
    if (To.size() < MaxUnknown && !is_contained(To, R))
      To.push_back(R);
  }
  void addUnknown(std::vector<unsigned> &To, std::string Why) {
    if (To.size() >= MaxUnknown)
      return;
    Reasons.push_back({std::move(Why), {}, 0, 0});
    addUnknown(To, unsigned(Reasons.size() - 1));
  }

  /// The function containing \p A, if any.
  std::optional<unsigned> containing(uint64_t A) const {
    auto It = partition_point(Starts, [&](const auto &P) { return P.first <= A; });
    if (It == Starts.begin())
      return std::nullopt;
    --It;
    const Function &F = Funcs[It->second];
    if (A < F.Addr + std::max<uint64_t>(F.Size, 1))
      return It->second;
    return std::nullopt;
  }

public:
  Analyser(const ELFObjectFileBase &Image, const StackAnnotations &Notes)
      : Image(Image), Notes(Notes) {
    for (const StackAnnotations::Stack &S : Notes.Stacks) {
      Wanted.insert(S.Top);
      Wanted.insert(S.Size);
    }
    for (const auto &T : Notes.IndirectTargets) {
      if (size_t C = T.getKey().find(':'); C != StringRef::npos) {
        WantFiles = true;
        WantedFiles.insert(T.getKey().take_front(C));
      }
      for (StringRef N : T.getValue()) {
        if (N.consume_front("*"))
          Wanted.insert(N);
        N.consume_front("?");
        if (size_t C = N.find(':'); C != StringRef::npos) {
          WantFiles = true;
          WantedFiles.insert(N.take_front(C));
        }
      }
    }
  }
  /// The other stacks and the indices of their roots in R.Roots.
  std::vector<StackTotal> &otherStacks() { return OtherStacks; }
  const std::vector<std::vector<size_t>> &otherParts() const {
    return OtherParts;
  }
  Error readFunctions();
  Error readStackSizes();
  Error disassemble();
  void threads(StackResult &R, const StackFrameSizes &Frames) {
    addThreads(R, Frames);
  }
  void scan(Function &F, uint64_t Base, ArrayRef<uint8_t> Bytes,
            const MCDisassembler &Dis, const MCDisassembler *DisA,
            const StackArch &Arch) const;
  /// A call or branch of \p F to \p Target: an edge to the function
  /// there, unless it stays inside F (a loop, or GCC's long-range bl; a
  /// call of F's own start is recursion).
  void addEdge(Function &F, uint64_t Target, bool IsCall) const {
    Target &= ~uint64_t(1);
    if (Target >= F.Addr && Target < F.Addr + F.Size &&
        !(IsCall && Target == F.Addr))
      return;
    if (std::optional<unsigned> C = containing(Target)) {
      if (!is_contained(F.Callees, *C))
        F.Callees.push_back(*C);
    } else {
      F.Unreadable = true; // a call into no known function
    }
  }
  void addAnnotations();
  Expected<StackResult> result(const StackFrameSizes &Frames);
  const Node &visit(unsigned F);
  /// What \p F itself leaves unknown (its indirect calls if \p Indirect).
  void addOwnUnknown(const Function &F, std::vector<unsigned> &To,
                     bool Indirect);
};

// LLVM's symbol accessors (ELFSymbolRef::getELFType, getBinding) end the
// process on a symbol table whose entries do not tile its section; the
// analysis reads images noos did not write too, so it checks first.
template <class ELFT>
static Error checkSymbolTables(const object::ELFObjectFile<ELFT> &O) {
  const object::ELFFile<ELFT> &F = O.getELFFile();
  auto Secs = F.sections();
  if (!Secs)
    return Secs.takeError();
  uint64_t FileSize = F.getBufSize();
  for (const typename ELFT::Shdr &S : *Secs) {
    if (S.sh_type != ELF::SHT_SYMTAB && S.sh_type != ELF::SHT_DYNSYM)
      continue;
    if (S.sh_entsize != sizeof(typename ELFT::Sym) ||
        S.sh_size % sizeof(typename ELFT::Sym) || S.sh_offset > FileSize ||
        S.sh_size > FileSize - S.sh_offset)
      return makeError("the image's symbol table is malformed (its size, "
                       "entry size or offset does not fit the file): relink "
                       "it");
  }
  return Error::success();
}

/// One symbol of the image's symbol table, as ELFObjectFile would give it
/// (a Thumb function's address without bit 0; an undefined symbol's 0).
struct SymbolView {
  StringRef Name;
  uint64_t Value, Size;
  uint8_t Type, Binding;
  bool Absolute;
};

/// The image's first SHT_SYMTAB, read once, straight from the ELF
/// structures, after checkSymbolTables: ELFObjectFile's per-symbol
/// accessors look up the symbol table, its string table and the symbol's
/// flags again for every call, which made this pass a sixth of a
/// 4000-object link's analysis. A symbol whose name is out of its string
/// table is skipped.
template <class ELFT>
static Expected<std::vector<SymbolView>>
readSymbols(const object::ELFObjectFile<ELFT> &O) {
  if (Error E = checkSymbolTables(O))
    return std::move(E);
  std::vector<SymbolView> Out;
  const object::ELFFile<ELFT> &F = O.getELFFile();
  auto Secs = F.sections();
  if (!Secs) {
    consumeError(Secs.takeError());
    return Out;
  }
  bool ClearThumbBit = F.getHeader().e_machine == ELF::EM_ARM;
  for (const typename ELFT::Shdr &S : *Secs) {
    if (S.sh_type != ELF::SHT_SYMTAB)
      continue;
    auto Syms = F.symbols(&S);
    auto Str = F.getStringTableForSymtab(S, *Secs);
    if (!Syms || !Str) {
      consumeError(Syms.takeError());
      consumeError(Str.takeError());
      return Out;
    }
    Out.reserve(Syms->size());
    // Index 0 is the null symbol.
    for (const typename ELFT::Sym &Y : Syms->drop_front(!Syms->empty())) {
      Expected<StringRef> N = Y.getName(*Str);
      if (!N) {
        consumeError(N.takeError());
        continue;
      }
      SymbolView V{*N,
                   Y.st_value,
                   Y.st_size,
                   Y.getType(),
                   Y.getBinding(),
                   Y.st_shndx == ELF::SHN_ABS};
      if (Y.st_shndx == ELF::SHN_UNDEF)
        V.Value = 0;
      else if (ClearThumbBit && !V.Absolute && V.Type == ELF::STT_FUNC)
        V.Value &= ~uint64_t(1);
      Out.push_back(V);
    }
    break; // the first, as ELFObjectFile::symbols()
  }
  return Out;
}

static Expected<std::vector<SymbolView>>
readSymbols(const ELFObjectFileBase &Image) {
  if (const auto *O = dyn_cast<object::ELF32LEObjectFile>(&Image))
    return readSymbols(*O);
  if (const auto *O = dyn_cast<object::ELF32BEObjectFile>(&Image))
    return readSymbols(*O);
  if (const auto *O = dyn_cast<object::ELF64LEObjectFile>(&Image))
    return readSymbols(*O);
  if (const auto *O = dyn_cast<object::ELF64BEObjectFile>(&Image))
    return readSymbols(*O);
  return std::vector<SymbolView>();
}

Error Analyser::readFunctions() {
  Expected<std::vector<SymbolView>> Symbols = readSymbols(Image);
  if (!Symbols)
    return Symbols.takeError();
  StringRef CurFile; // the STT_FILE symbol of the locals that follow
  {
    // Sized for the functions: no rehashing, no memory for the rest.
    size_t N = count_if(*Symbols, [](const SymbolView &S) {
      return S.Type == ELF::STT_FUNC;
    });
    ByAddr.reserve(N);
    AnyName = StringMap<unsigned>(unsigned(N));
    Funcs.reserve(N);
  }
  // One pass over the symbols: the functions, the mapping symbols and the
  // layout's symbols.
  for (const SymbolView &S : *Symbols) {
    uint8_t Type = S.Type;
    if (Type != ELF::STT_FUNC && Type != ELF::STT_NOTYPE &&
        Type != ELF::STT_OBJECT && Type != ELF::STT_FILE)
      continue;
    StringRef N = S.Name;
    if (!Wanted.empty() && Wanted.contains(N)) {
      Sym &Y = Syms[N];
      Y.Value = S.Value;
      Y.Size = S.Size;
      Y.Absolute = S.Absolute;
    }
    if (Type == ELF::STT_FILE) {
      // Only a file some FILE:NAME annotation names.
      CurFile = WantFiles && WantedFiles.contains(N) ? N : StringRef();
      continue;
    }
    if (Type == ELF::STT_OBJECT) {
      // The records of the call sites that create threads
      // (noos/thread-site.h): static locals, named
      // FUNCTION.__noos_thread_site[.N] by clang in C, mangled with the
      // name inside in C++.
      if (N.contains("__noos_thread_site"))
        Sites.push_back({S.Value, S.Size});
      if (N.contains("__noos_irq_priority_site"))
        PrioritySites.push_back({S.Value, S.Size});
      continue;
    }
    if (Type == ELF::STT_NOTYPE) {
      if (N.size() >= 2 && N[0] == '$') {
        // $t, $a, $x (code), $d (data), each maybe with a suffix: .N, or
        // RISC-V's ISA string ($xrv64i2p1_m2p0...).
        char K = N[1];
        if ((K == 't' || K == 'a' || K == 'd' || K == 'x') &&
            (N.size() == 2 || N[2] == '.' || K == 'x'))
          Map.push_back({S.Value, K});
      } else if (N == "__vectors_start") {
        VecStart = S.Value;
      } else if (N == "__vectors_end") {
        VecEnd = S.Value;
      } else if (N == "__stack") {
        StackTop = S.Value;
      } else if (N == "__stack_limit") {
        StackLimit = S.Value;
      }
      continue;
    }
    uint64_t Addr = S.Value & ~uint64_t(1);
    auto [It, New] = ByAddr.try_emplace(Addr, Funcs.size());
    AnyName.try_emplace(N, It->second);
    if (!CurFile.empty() && S.Binding == ELF::STB_LOCAL)
      AnyName.try_emplace((CurFile + ":" + N).str(), It->second);
    if (New) {
      Function F;
      F.Name = N.str();
      F.Local = S.Binding == ELF::STB_LOCAL;
      F.Addr = Addr;
      F.Size = S.Size;
      Funcs.push_back(std::move(F));
    } else if (S.Binding == ELF::STB_GLOBAL ||
               (S.Binding == ELF::STB_WEAK && Funcs[It->second].Local)) {
      // An alias: the global name, else a weak one over a local one (the
      // runtime's private names of its handlers).
      Funcs[It->second].Name = N.str();
      Funcs[It->second].Local = false;
      Funcs[It->second].Size = std::max(Funcs[It->second].Size, S.Size);
    }
  }
  llvm::sort(Map); // at one address, code ($t) wins over an empty $d
  // A function without a size runs to the next one.
  Starts.assign(ByAddr.begin(), ByAddr.end());
  llvm::sort(Starts);
  ByAddr.shrink_and_clear();
  for (auto It = Starts.begin(); It != Starts.end(); ++It) {
    Function &F = Funcs[It->second];
    if (F.Size == 0 && std::next(It) != Starts.end())
      F.Size = std::next(It)->first - F.Addr;
  }
  ByName = StringMap<unsigned>(unsigned(Funcs.size()));
  for (unsigned I = 0; I < Funcs.size(); ++I)
    ByName.try_emplace(Funcs[I].Name, I);
  Nodes.resize(Funcs.size());
  if (!Notes.MaxRecursion.empty()) {
    RecursionBound.assign(Funcs.size(), 0);
    for (const auto &M : Notes.MaxRecursion)
      if (auto It = ByName.find(M.getKey()); It != ByName.end())
        RecursionBound[It->second] = M.getValue();
  }
  return Error::success();
}

Error Analyser::readStackSizes() {
  unsigned AddrSize = Image.getBytesInAddress();
  for (const SectionRef &S : Image.sections()) {
    Expected<StringRef> N = S.getName();
    if (!N || *N != ".stack_sizes") {
      consumeError(N.takeError());
      continue;
    }
    Expected<StringRef> C = S.getContents();
    if (!C)
      return C.takeError();
    DataExtractor DE(*C, Image.isLittleEndian(), AddrSize);
    DataExtractor::Cursor Cur(0);
    while (Cur && Cur.tell() < C->size()) {
      uint64_t A = DE.getAddress(Cur) & ~uint64_t(1);
      uint64_t Sz = DE.getULEB128(Cur);
      if (!Cur)
        break;
      if (std::optional<unsigned> F = at(A))
        Funcs[*F].Declared = Sz;
    }
    if (Error E = Cur.takeError())
      return makeError("the image's .stack_sizes is malformed: " +
                       toString(std::move(E)));
  }
  return Error::success();
}

/// LLVM's MC layer and the StackArch of the image's machine, for one
/// thread.
struct ArchMC {
  std::unique_ptr<MCRegisterInfo> MRI;
  std::unique_ptr<MCAsmInfo> MAI;
  std::unique_ptr<MCSubtargetInfo> STI;
  std::unique_ptr<MCInstrInfo> MII;
  std::unique_ptr<MCInstrAnalysis> MIA;
  std::unique_ptr<MCContext> Ctx;
  std::unique_ptr<MCDisassembler> Dis;
  /// A-profile Arm: the A32 disassembler, for code under $a (Dis decodes
  /// Thumb). Its own subtarget and context.
  std::unique_ptr<MCSubtargetInfo> STIA;
  std::unique_ptr<MCContext> CtxA;
  std::unique_ptr<MCDisassembler> DisA;
  std::unique_ptr<StackArch> Arch;

  /// Whether an Arm image is A- or R-profile code: its build attributes'
  /// Tag_CPU_arch_profile (LLD keeps the first input's), or, without
  /// them, A32 code in it (\p HasA32: a $a mapping symbol), which no
  /// M-profile core runs.
  static bool aProfile(const ELFObjectFileBase &Image, bool HasA32) {
    Expected<SubtargetFeatures> F = Image.getFeatures();
    if (!F) {
      consumeError(F.takeError());
      return HasA32;
    }
    for (const std::string &S : F->getFeatures()) {
      if (S == "+aclass" || S == "+rclass")
        return true;
      if (S == "+mclass")
        return false;
    }
    return HasA32;
  }

  Error init(const ELFObjectFileBase &Image, bool HasA32) {
    // The disassembler of each machine with every feature its cores may
    // use: one set of rules decodes every variant's code.
    const char *TripleName, *Features, *Name;
    bool AProfile = false;
    switch (Image.getEMachine()) {
    case ELF::EM_ARM:
      // The widest M-profile Thumb decodes every M-profile core's code;
      // A-profile Thumb-2 and A32 the v7-A cores' (with NEON, VFPv4, the
      // virtualization extensions and integer division).
      LLVMInitializeARMTargetInfo();
      LLVMInitializeARMTargetMC();
      LLVMInitializeARMDisassembler();
      AProfile = aProfile(Image, HasA32);
      TripleName =
          AProfile ? "thumbv7a-none-eabi" : "thumbv8.1m.main-none-eabi";
      Features = AProfile ? "+neon,+vfp4,+virtualization,+mp,+trustzone,"
                            "+hwdiv,+hwdiv-arm"
                          : "+mve.fp,+fp64,+dsp,+lob,+pacbti";
      Name = "Arm";
      break;
    case ELF::EM_AARCH64:
      LLVMInitializeAArch64TargetInfo();
      LLVMInitializeAArch64TargetMC();
      LLVMInitializeAArch64Disassembler();
      TripleName = "aarch64-none-elf";
      Features = "+v8.5a,+fp-armv8,+neon,+sve,+pauth,+bti,+mte";
      Name = "AArch64";
      break;
    case ELF::EM_RISCV:
      LLVMInitializeRISCVTargetInfo();
      LLVMInitializeRISCVTargetMC();
      LLVMInitializeRISCVDisassembler();
      TripleName = Image.getBytesInAddress() == 8 ? "riscv64-none-elf"
                                                  : "riscv32-none-elf";
      Features = "+m,+a,+f,+d,+c,+zicsr,+zifencei,+zba,+zbb,+zbs";
      Name = "RISC-V";
      break;
    default:
      return makeError("stack analysis does not know the architecture of "
                       "this image yet: use --stack-check=none");
    }
    Triple TT(TripleName);
    std::string Err;
    const Target *T = TargetRegistry::lookupTarget(TT, Err);
    if (!T)
      return makeError(Twine("stack analysis needs LLVM's ") + Name +
                       " disassembler: " + Err);
    MRI.reset(T->createMCRegInfo(TT));
    MCTargetOptions MCOpts;
    if (MRI)
      MAI.reset(T->createMCAsmInfo(*MRI, TT, MCOpts));
    STI.reset(T->createMCSubtargetInfo(TT, "", Features));
    MII.reset(T->createMCInstrInfo());
    if (MII)
      MIA.reset(T->createMCInstrAnalysis(MII.get()));
    if (!MRI || !MAI || !STI || !MII || !MIA)
      return makeError(Twine("stack analysis cannot set up LLVM's ") + Name +
                       " disassembler");
    Ctx = std::make_unique<MCContext>(TT, MAI.get(), MRI.get(), STI.get());
    Dis.reset(T->createMCDisassembler(*STI, *Ctx));
    if (!Dis)
      return makeError(Twine("stack analysis cannot set up LLVM's ") + Name +
                       " disassembler");
    if (AProfile) {
      Triple TA("armv7a-none-eabi");
      STIA.reset(T->createMCSubtargetInfo(TA, "", Features));
      if (STIA) {
        CtxA = std::make_unique<MCContext>(TA, MAI.get(), MRI.get(),
                                           STIA.get());
        DisA.reset(T->createMCDisassembler(*STIA, *CtxA));
      }
      if (!DisA)
        return makeError(Twine("stack analysis cannot set up LLVM's ") +
                         Name + " disassembler");
    }
    switch (Image.getEMachine()) {
    case ELF::EM_ARM:
      Arch = std::make_unique<ArmStackArch>(*MII, *MRI, *MIA, AProfile);
      break;
    case ELF::EM_AARCH64:
      Arch = std::make_unique<AArch64StackArch>(*MII, *MRI, *MIA);
      break;
    default:
      Arch = std::make_unique<RISCVStackArch>(*MII, *MRI, *MIA,
                                              Image.getBytesInAddress());
      break;
    }
    return Error::success();
  }
};

void Analyser::scan(Function &F, uint64_t Base, ArrayRef<uint8_t> Bytes,
                    const MCDisassembler &Dis, const MCDisassembler *DisA,
                    const StackArch &Arch) const {
  uint64_t End = std::min(F.Addr + F.Size, Base + Bytes.size());
  int64_t Depth = 0, Max = 0;
  unsigned ForceDecode = 0; // instructions to decode regardless
  char Mode = 'c';          // the mapping symbol in force at A ('c': none)
  MCInst Insts[4];          // this instruction and the three before
  unsigned Cur = 0;
  ScanState State;
  auto Forget = [&] { State.Prev = State.Prev2 = State.Prev3 = nullptr; };
  uint64_t ModeEnd = 0;     // where the next one starts
  for (uint64_t A = F.Addr; A < End;) {
    if (A >= ModeEnd) {
      auto M = partition_point(Map, [&](const auto &P) { return P.first <= A; });
      Mode = M == Map.begin() ? 'c' : std::prev(M)->second;
      ModeEnd = M == Map.end() ? UINT64_MAX : M->first;
      if (Mode != 'c' && Mode != 'd' && !Arch.reads(Mode)) {
        F.Unreadable = true; // Arm state on an M-profile image
        break;
      }
      if (Mode != State.Mode)
        Forget();
      State.Mode = Mode;
    }
    if (Mode == 'd') {
      A = std::min(End, ModeEnd);
      continue;
    }
    MCInst &I = Insts[Cur];
    I.clear();
    uint64_t Size = 0;
    ArrayRef<uint8_t> At = Bytes.slice(A - Base, End - A);
    uint64_t Target = 0;
    if (ForceDecode) {
      --ForceDecode;
    } else if (Arch.canSkip(At, Size, Mode)) {
      A += Size;
      Forget();
      continue;
    } else if (Arch.quickCall(At, A, Mode, Size, Target)) {
      addEdge(F, Target, /*IsCall=*/true);
      A += Size;
      Forget();
      continue;
    }
    const MCDisassembler &D = Mode == 'a' && DisA ? *DisA : Dis;
    if (D.getInstruction(I, Size, At, A, nulls()) == MCDisassembler::Fail) {
      A += Size ? Size : Arch.minSize(Mode);
      Forget();
      continue;
    }
    ForceDecode = std::max(ForceDecode, Arch.decodeAfter(I));
    bool Dyn = false;
    State.Depth = Depth;
    Depth += Arch.spDelta(I, State, Dyn);
    Max = std::max(Max, Depth);
    F.Dynamic |= Dyn;
    F.UsesFP |= Arch.usesFP(I);
    Flow Kind = Arch.flow(I, A, Size, State, Target);
    State.Prev3 = State.Prev2;
    State.Prev3Addr = State.Prev2Addr;
    State.Prev2 = State.Prev;
    State.Prev2Addr = State.PrevAddr;
    State.Prev = &I;
    State.PrevAddr = A;
    Cur = (Cur + 1) & 3;
    switch (Kind) {
    case Flow::Call:
    case Flow::Branch:
      addEdge(F, Target, Kind == Flow::Call);
      break;
    case Flow::IndirectCall:
    case Flow::IndirectTail:
      F.Indirect = true;
      break;
    default:
      break;
    }
    A += Size;
  }
  F.Scanned = uint64_t(Max);
}

Error Analyser::disassemble() {
  // The functions in code sections, with their section's bytes.
  struct Job {
    Function *F;
    uint64_t Base;
    ArrayRef<uint8_t> Bytes;
  };
  std::vector<Job> Jobs;
  for (const SectionRef &S : Image.sections()) {
    if (!S.isText() || S.getSize() == 0)
      continue;
    Expected<StringRef> C = S.getContents();
    if (!C)
      return C.takeError();
    uint64_t Base = S.getAddress();
    ArrayRef<uint8_t> Bytes(reinterpret_cast<const uint8_t *>(C->data()),
                            C->size());
    for (auto It = partition_point(
             Starts, [&](const auto &P) { return P.first < Base; });
         It != Starts.end() && It->first < Base + Bytes.size(); ++It)
      Jobs.push_back({&Funcs[It->second], Base, Bytes});
  }
  // Large images are split between two threads, each with its own MC
  // layer (a disassembler keeps state); functions are disjoint.
  unsigned Threads = Jobs.size() >= 1024 ? 2 : 1;
  std::vector<ArchMC> MC(Threads);
  bool HasA32 = any_of(Map, [](const auto &P) { return P.second == 'a'; });
  for (ArchMC &M : MC)
    if (Error E = M.init(Image, HasA32))
      return E;
  IsVectorTable = MC[0].Arch->vectorTable();
  MainStackName = MC[0].Arch->mainStack();
  auto Run = [&](unsigned T) {
    for (size_t K = T; K < Jobs.size(); K += Threads)
      scan(*Jobs[K].F, Jobs[K].Base, Jobs[K].Bytes, *MC[T].Dis,
           MC[T].DisA.get(), *MC[T].Arch);
  };
  if (Threads == 1) {
    Run(0);
  } else {
    std::thread Other(Run, 1);
    Run(0);
    Other.join();
  }
  for (Function &F : Funcs)
    if (F.Declared && F.Scanned && *F.Scanned > *F.Declared && !F.Dynamic)
      Warnings.push_back(
          {F.Name, "its code moves the stack pointer by " +
                       std::to_string(*F.Scanned) + " bytes, its .stack_sizes "
                       "entry says " + std::to_string(*F.Declared) +
                       "; the larger is used"});
  return Error::success();
}

void Analyser::addAnnotations() {
  // A function by its name or an alias of it.
  auto find = [&](StringRef N) -> std::optional<unsigned> {
    auto It = AnyName.find(N);
    if (It == AnyName.end())
      return std::nullopt;
    return It->second;
  };
  for (const auto &S : Notes.Sizes)
    if (std::optional<unsigned> I = find(S.getKey())) {
      Function &F = Funcs[*I];
      F.Declared = S.getValue();
      F.Scanned.reset();
      F.Dynamic = F.Unreadable = F.Indirect = false;
      F.Callees.clear();
    }
  // Reset and trap entries set the stack pointer to another stack: no
  // variable-sized frame.
  for (const auto &S : Notes.StackSwitch)
    if (std::optional<unsigned> I = find(S.getKey()))
      Funcs[*I].Dynamic = false;
  unsigned W = Image.getBytesInAddress();
  bool LE = Image.isLittleEndian();
  for (const auto &T : Notes.IndirectTargets) {
    std::optional<unsigned> I = find(T.getKey());
    if (!I || !Funcs[*I].Indirect)
      continue;
    Function &F = Funcs[*I];
    bool All = true;
    auto add = [&](unsigned C) {
      if (!is_contained(F.Callees, C))
        F.Callees.push_back(C);
    };
    for (StringRef N : T.getValue()) {
      if (N.consume_front("@")) {
        // Every function whose address a table section of the image
        // holds (.init_array): none when the section is absent.
        for (const SectionRef &Sec : Image.sections()) {
          Expected<StringRef> SN = Sec.getName();
          if (!SN || *SN != N) {
            consumeError(SN.takeError());
            continue;
          }
          Expected<StringRef> C = Sec.getContents();
          if (!C) {
            consumeError(C.takeError());
            All = false;
            continue;
          }
          for (size_t K = 0; K + W <= C->size(); K += W) {
            uint64_t V = 0;
            for (unsigned B = 0; B < W; ++B)
              V |= uint64_t(uint8_t((*C)[K + (LE ? B : W - 1 - B)])) << (8 * B);
            if (std::optional<unsigned> To = at(V & ~uint64_t(1)))
              add(*To);
            else
              All = false; // an entry that is no function the image names
          }
        }
      } else if (N.consume_front("*")) {
        // Every function whose address the object N holds (a handler
        // table); none when it is not linked.
        auto Y = Syms.find(N);
        if (Y == Syms.end())
          continue;
        std::optional<StringRef> C = bytesAt(Y->second.Value, Y->second.Size);
        if (!C) {
          All = false;
          continue;
        }
        for (size_t K = 0; K + W <= C->size(); K += W) {
          uint64_t V = 0;
          for (unsigned B = 0; B < W; ++B)
            V |= uint64_t(uint8_t((*C)[K + (LE ? B : W - 1 - B)])) << (8 * B);
          if (!V)
            continue; // the table's end
          if (std::optional<unsigned> To = at(V & ~uint64_t(1)))
            add(*To);
          else
            All = false;
        }
      } else if (N.consume_front("!")) {
        // The pointer is set only through the function N: with N not
        // linked it stays null, and the call is never made.
        if (find(N))
          All = false;
      } else if (N.consume_front("?")) {
        // A target that cannot be called when it is not linked.
        if (std::optional<unsigned> To = find(N))
          add(*To);
      } else if (std::optional<unsigned> To = find(N)) {
        add(*To);
      } else {
        All = false;
      }
    }
    F.Indirect = !All;
  }
}

std::map<uint64_t, int64_t> Analyser::irqPriorities() const {
  // struct noos_irq_priority_site { int irq, prio; unsigned known;
  // set; via; }: 32-bit fields, then two pointers.
  unsigned W = Image.getBytesInAddress();
  uint64_t Bytes = alignTo(12, W) + 2 * W;
  std::map<uint64_t, std::set<int64_t>> Seen;
  std::optional<uint64_t> Set, Via;
  for (auto [Site, Size] : PrioritySites) {
    std::optional<StringRef> B = Size >= Bytes ? bytesAt(Site, Bytes)
                                               : std::nullopt;
    if (!B)
      return {};
    DataExtractor DE(*B, Image.isLittleEndian(), W);
    uint64_t Off = 0;
    int64_t Irq = int32_t(DE.getU32(&Off));
    int64_t P = int32_t(DE.getU32(&Off));
    uint32_t Known = DE.getU32(&Off);
    Off = alignTo(Off, W);
    uint64_t S = DE.getAddress(&Off) & ~uint64_t(1);
    uint64_t V = DE.getAddress(&Off) & ~uint64_t(1);
    // A call whose IRQ is not a constant may set any IRQ's priority.
    if (!(Known & 1) || (Set && (*Set != S || *Via != V)))
      return {};
    Set = S;
    Via = V;
    // A priority that is not a constant: that IRQ's is unknown.
    Seen[uint64_t(Irq)].insert((Known & 2) ? P : INT64_MIN);
  }
  if (!Set)
    return {};
  // Every call of the setter must have been recorded: none but the
  // recording function may call it (a C++ or assembly caller did not
  // record its arguments).
  std::optional<unsigned> SI = at(*Set), VI = at(*Via);
  if (!VI)
    return {};
  if (SI)
    for (unsigned I = 0; I < Funcs.size(); ++I)
      if (I != *VI && is_contained(Funcs[I].Callees, *SI))
        return {};
  std::map<uint64_t, int64_t> Prio;
  for (const auto &[Irq, Ps] : Seen)
    if (Ps.size() == 1 && *Ps.begin() != INT64_MIN)
      Prio[Irq] = *Ps.begin();
  return Prio;
}

void Analyser::addOwnUnknown(const Function &F, std::vector<unsigned> &To,
                             bool Indirect) {
  if (F.Dynamic)
    addUnknown(To, F.Name + ": a variable-sized frame (alloca or a VLA)");
  if (F.Unreadable)
    addUnknown(To, F.Name + ": code the analysis cannot follow "
                            "(Arm state, or a call outside any function)");
  if (F.Indirect && Indirect)
    addUnknown(To, F.Name + ": an indirect call with no known targets "
                            "(list them with 'indirect " + F.Name +
                            " TARGET...' in --stack-annotations)");
  if (!F.Declared && !F.Scanned)
    addUnknown(To, F.Name + ": no frame size");
}

const Node &Analyser::visit(unsigned FI) {
  Node &N = Nodes[FI];
  if (N.State == Node::Done)
    return N;
  N.State = Node::Active;
  N.StackPos = unsigned(Stack.size());
  Stack.push_back(FI);
  const Function &F = Funcs[FI];
  addOwnUnknown(F, N.Unknown, /*Indirect=*/true);
  uint64_t Best = 0, BestPlain = 0;
  N.FP = F.UsesFP;
  for (unsigned C : F.Callees) {
    if (Nodes[C].State == Node::Active) {
      Nodes[FI].FP = true; // what the cycle reaches is not known yet
      auto From = Stack.begin() + Nodes[C].StackPos;
      // A bounded cycle (max-recursion on one of its functions, the
      // largest bound if several): each of its functions may be entered
      // N - 1 more times with every frame of the cycle on the stack.
      uint64_t Depth = 0, Frames = 0;
      if (!RecursionBound.empty())
        for (auto It = From; It != Stack.end(); ++It) {
          Frames += Funcs[*It].frame();
          Depth = std::max(Depth, RecursionBound[*It]);
        }
      if (Depth) {
        for (auto It = From; It != Stack.end(); ++It)
          Nodes[*It].Extra = std::max(Nodes[*It].Extra, (Depth - 1) * Frames);
        continue;
      }
      // A cycle: the stack from C to here, then C again (long ones shown
      // by their ends, so that a dense graph costs no quadratic text).
      if (Nodes[FI].Unknown.size() < MaxUnknown) {
        Reason R;
        R.From = FI;
        size_t Len = Stack.end() - From;
        for (size_t K = 0; K < Len; ++K) {
          if (Len > 8 && K == 4) {
            R.Omitted = Len - 6; // shown by their ends: no quadratic text
            K = Len - 2;
          }
          R.Cycle.push_back(From[K]);
        }
        R.Cycle.push_back(C);
        Reasons.push_back(std::move(R));
        addUnknown(Nodes[FI].Unknown, unsigned(Reasons.size() - 1));
      }
      continue;
    }
    const Node &CN = visit(C);
    Node &Me = Nodes[FI]; // visit() does not reallocate, but be plain
    Me.FP |= CN.FP;
    for (unsigned U : CN.Unknown)
      addUnknown(Me.Unknown, U);
    BestPlain = std::max(BestPlain, CN.Plain);
    if (CN.Need > Best || Me.Next < 0) {
      Best = std::max(Best, CN.Need);
      if (CN.Need >= Best)
        Me.Next = C;
    }
  }
  Node &Me = Nodes[FI];
  Me.Plain = F.frame() + BestPlain;
  Me.Need = std::max(F.frame() + Best, Me.Plain + Me.Extra);
  Me.State = Node::Done;
  Stack.pop_back();
  return Me;
}

Expected<StackResult> Analyser::result(const StackFrameSizes &Frames) {
  StackResult R;
  R.Warnings = std::move(Warnings);
  std::vector<unsigned> RootFunc; // each root's function
  auto RootFor = [&](uint64_t Entry, StackRoot::KindT K) -> StackRoot * {
    std::optional<unsigned> FI = at(Entry & ~uint64_t(1));
    if (!FI)
      return nullptr;
    const Node &N = visit(*FI);
    StackRoot Root;
    Root.Kind = K;
    Root.Name = Funcs[*FI].Name;
    Root.Stack = MainStackName;
    Root.Need = N.Need;
    for (unsigned U : N.Unknown)
      Root.Unknown.push_back(reason(U));
    for (int C = *FI; C >= 0; C = Nodes[C].Next)
      Root.Path.push_back({Funcs[C].Name, Funcs[C].frame()});
    R.Roots.push_back(std::move(Root));
    RootFunc.push_back(*FI);
    return &R.Roots.back();
  };
  // (RootFor's pointer is used before the next root is pushed.)
  StackRoot *Main = nullptr;
  if (IsVectorTable) {
    // The roots: the vector table's entries, all on the main stack.
    std::optional<uint64_t> VS = VecStart, VE = VecEnd;
    if (!VS || !VE || *VE <= *VS)
      return R; // no vector table: nothing is known to run
    std::vector<uint64_t> Vec;
    for (const SectionRef &S : Image.sections()) {
      if (S.getAddress() > *VS || S.getAddress() + S.getSize() < *VE ||
          (!S.isText() && !S.isData()))
        continue;
      Expected<StringRef> C = S.getContents();
      if (!C)
        return C.takeError();
      DataExtractor DE(*C, Image.isLittleEndian(), 4);
      for (uint64_t Off = *VS - S.getAddress(); Off + 4 <= *VE - S.getAddress();)
        Vec.push_back(DE.getU32(&Off));
      break;
    }
    if (Vec.size() < 2)
      return R;
    std::set<uint64_t> Done;
    Main = RootFor(Vec[1], StackRoot::Main);
    Done.insert(Vec[1] & ~uint64_t(1));
    for (size_t I = 2; I < Vec.size(); ++I)
      if (Vec[I] && Done.insert(Vec[I] & ~uint64_t(1)).second)
        if (StackRoot *H = RootFor(Vec[I], StackRoot::Handler))
          H->ExceptionFrame = Frames.Exception;
    // A handler's priority, where the program gives each IRQ it serves the
    // same constant one: IRQ N is entry 16 + N (ARMv7-M B1.5.2); a handler
    // that also serves a system exception (below 16) keeps its own level.
    std::map<uint64_t, int64_t> Prio = irqPriorities();
    if (!Prio.empty()) {
      std::map<uint64_t, std::optional<int64_t>> ByHandler; // address
      std::set<uint64_t> Unknown;
      for (size_t I = 2; I < Vec.size(); ++I) {
        uint64_t H = Vec[I] & ~uint64_t(1);
        if (!Vec[I] || Unknown.count(H))
          continue;
        auto P = I >= 16 ? Prio.find(I - 16) : Prio.end();
        auto [It, New] = ByHandler.try_emplace(H);
        if (P == Prio.end() || (!New && It->second != P->second)) {
          Unknown.insert(H);
          ByHandler.erase(It);
          continue;
        }
        It->second = P->second;
      }
      // Levels after the annotations' groups, one per priority value.
      std::map<int64_t, int> LevelOf;
      for (StackRoot &Root : R.Roots) {
        size_t K = &Root - R.Roots.data();
        auto It = ByHandler.find(Funcs[RootFunc[K]].Addr);
        if (Root.Kind != StackRoot::Handler || It == ByHandler.end())
          continue;
        Root.Priority = *It->second;
      }
      for (const auto &[H, P] : ByHandler)
        LevelOf.try_emplace(*P, int(Notes.Levels.size() + LevelOf.size()));
      PriorityLevel = std::move(LevelOf);
    }
  } else {
    // Main from the ELF entry; an interrupt or a switch away from main
    // saves its context on the main stack (the handlers themselves run on
    // their own stacks, the annotations' roots below).
    Expected<uint64_t> E = Image.getStartAddress();
    if (!E)
      return E.takeError();
    Main = RootFor(*E, StackRoot::Main);
    if (Main) {
      Main->ExceptionFrame = Frames.Exception;
      Main->SwitchFrame =
          Frames.Switch + fpArea(Frames, Nodes[RootFunc.back()].FP);
    }
  }
  // The annotations' roots, grouped by the stack they run on.
  for (const StackAnnotations::Root &AR : Notes.Roots) {
    auto It = AnyName.find(AR.Function);
    if (It == AnyName.end())
      continue;
    size_t K = 0;
    while (K < OtherStacks.size() && OtherStacks[K].Name != AR.Stack)
      ++K;
    if (K == OtherStacks.size()) {
      StackTotal T;
      T.Name = AR.Stack;
      for (const StackAnnotations::Stack &S : Notes.Stacks) {
        if (S.Name != AR.Stack)
          continue;
        auto Top = Syms.find(S.Top);
        uint64_t N;
        if (Top == Syms.end())
          break;
        if (!StringRef(S.Size).getAsInteger(0, N)) {
          T.Have = N;
        } else if (auto Sz = Syms.find(S.Size); Sz != Syms.end()) {
          if (Sz->second.Absolute)
            T.Have = Sz->second.Value;
          else if (Sz->second.Value < Top->second.Value)
            T.Have = Top->second.Value - Sz->second.Value;
        }
        break;
      }
      OtherStacks.push_back(std::move(T));
      OtherParts.emplace_back();
    }
    StackRoot *Root = RootFor(Funcs[It->second].Addr, StackRoot::Handler);
    if (!Root)
      continue;
    Root->Stack = AR.Stack;
    if (!AR.Frame.empty()) {
      auto F = Frames.Named.find(AR.Frame);
      Root->ExceptionFrame = F == Frames.Named.end() ? 0 : F->second;
    }
    OtherParts[K].push_back(R.Roots.size() - 1);
  }
  // Every handler its own priority level, so they can all nest, except
  // those a 'level' annotation groups (the total: analyzeStack), then
  // those the program gives one constant priority.
  for (size_t G = 0; G < Notes.Levels.size(); ++G)
    for (const std::string &N : Notes.Levels[G]) {
      auto It = AnyName.find(N);
      if (It == AnyName.end())
        continue;
      for (size_t K = 0; K < R.Roots.size(); ++K)
        if (R.Roots[K].Kind == StackRoot::Handler &&
            RootFunc[K] == It->second && R.Roots[K].Level < 0)
          R.Roots[K].Level = int(G);
    }
  for (StackRoot &Root : R.Roots)
    if (Root.Priority && Root.Level < 0)
      Root.Level = PriorityLevel.at(*Root.Priority);
  if (!Main)
    return R;
  StackTotal T;
  T.Name = MainStackName;
  if (StackTop && StackLimit && *StackTop > *StackLimit)
    T.Have = *StackTop - *StackLimit;
  // Main, then (Cortex-M) the vector table's handlers.
  for (StackRoot &Root : R.Roots)
    if (Root.Stack == MainStackName)
      T.Parts.push_back(&Root);
  R.MainStack = std::move(T);
  return R;
}

void Analyser::addThreads(StackResult &R, const StackFrameSizes &Frames) {
  // struct noos_thread_site { entry; stack_size; name; need; via; }, each
  // a pointer-sized word (records of before via have four); stack_size is
  // all ones where it is not a constant.
  unsigned W = Image.getBytesInAddress();
  llvm::sort(Sites);
  Sites.erase(std::unique(Sites.begin(), Sites.end(),
                          [](const auto &A, const auto &B) {
                            return A.first == B.first;
                          }),
              Sites.end());
  for (auto [Site, SymSize] : Sites) {
    std::optional<StringRef> B = bytesAt(Site, 4 * W);
    if (!B)
      continue;
    DataExtractor DE(*B, Image.isLittleEndian(), W);
    uint64_t Off = 0;
    uint64_t Entry = DE.getAddress(&Off) & ~uint64_t(1);
    uint64_t Size = DE.getAddress(&Off);
    uint64_t NameAt = DE.getAddress(&Off);
    uint64_t Via = 0;
    if (SymSize >= 5 * W)
      if (std::optional<StringRef> V = bytesAt(Site + 4 * W, W)) {
        DataExtractor VE(*V, Image.isLittleEndian(), W);
        uint64_t VOff = 0;
        Via = VE.getAddress(&VOff) & ~uint64_t(1);
      }
    std::optional<unsigned> FI = Entry ? at(Entry) : std::nullopt;
    if (!FI)
      continue; // an entry that is not a constant: nothing to check
    StackRoot Root;
    Root.Kind = StackRoot::Thread;
    Root.Name = Funcs[*FI].Name;
    if (NameAt)
      if (std::optional<StringRef> S = bytesAt(NameAt, 0, true))
        Root.ThreadName = S->take_until([](char C) { return !C; }).take_front(64).str();
    std::vector<unsigned> Unknown;
    bool FP = false;
    if (std::optional<unsigned> VI = Via ? at(Via) : std::nullopt;
        VI && *VI != *FI) {
      // Through a trampoline (pthread_create, thrd_create): its frame, on
      // top of the larger of the entry's worst path (the target of its
      // indirect calls, for this thread) and its other calls'.
      const Function &T = Funcs[*VI];
      addOwnUnknown(T, Unknown, /*Indirect=*/false);
      const Node &E = visit(*FI);
      uint64_t Best = E.Need;
      unsigned Next = *FI;
      FP = T.UsesFP || E.FP;
      for (unsigned U : E.Unknown)
        addUnknown(Unknown, U);
      for (unsigned C : T.Callees) {
        if (C == *VI)
          continue;
        const Node &CN = visit(C);
        FP |= CN.FP;
        for (unsigned U : CN.Unknown)
          addUnknown(Unknown, U);
        if (CN.Need > Best) {
          Best = CN.Need;
          Next = C;
        }
      }
      Root.Need = T.frame() + Best;
      Root.Via = T.Name;
      Root.Path.push_back({T.Name, T.frame()});
      for (int C = Next; C >= 0; C = Nodes[C].Next)
        Root.Path.push_back({Funcs[C].Name, Funcs[C].frame()});
    } else {
      const Node &N = visit(*FI);
      Root.Need = N.Need;
      Unknown = N.Unknown;
      FP = N.FP;
      for (int C = *FI; C >= 0; C = Nodes[C].Next)
        Root.Path.push_back({Funcs[C].Name, Funcs[C].frame()});
    }
    Root.Stack = "own";
    Root.ExceptionFrame = Frames.Exception;
    Root.SwitchFrame = Frames.Switch + Frames.Canary + fpArea(Frames, FP);
    if (Size != (W == 8 ? UINT64_MAX : UINT32_MAX))
      Root.Have = Size;
    Root.Site = Site;
    for (unsigned U : Unknown)
      Root.Unknown.push_back(reason(U));
    R.Roots.push_back(std::move(Root));
  }
}

} // namespace

bool StackTotal::bounded() const {
  return all_of(Parts, [](const StackRoot *R) { return R->bounded(); });
}

Expected<StackResult> analyzeStack(const ELFObjectFileBase &Image,
                                   const StackAnnotations &Notes,
                                   const StackFrameSizes &Frames) {
  Analyser A(Image, Notes);
  if (Error E = A.readFunctions())
    return std::move(E);
  if (Error E = A.readStackSizes())
    return std::move(E);
  if (Error E = A.disassemble())
    return std::move(E);
  A.addAnnotations();
  Expected<StackResult> R = A.result(Frames);
  if (!R)
    return R;
  // Threads after the stacks' parts, which point into Roots: remember
  // them by index.
  std::vector<size_t> MainParts;
  if (R->MainStack)
    for (const StackRoot *P : R->MainStack->Parts)
      MainParts.push_back(P - R->Roots.data());
  A.threads(*R, Frames);
  // Each stack's need: its roots, every level on top of the other (a
  // shared level as its largest member).
  auto Fill = [&](StackTotal &T, ArrayRef<size_t> Parts) {
    T.Parts.clear();
    std::map<int, uint64_t> Shared;
    uint64_t Need = 0;
    for (size_t I : Parts) {
      const StackRoot &P = R->Roots[I];
      T.Parts.push_back(&P);
      if (P.Level < 0)
        Need += P.total();
      else
        Shared[P.Level] = std::max(Shared[P.Level], P.total());
    }
    for (const auto &[G, L] : Shared)
      Need += L;
    T.Need = Need;
  };
  if (R->MainStack)
    Fill(*R->MainStack, MainParts);
  R->Stacks = std::move(A.otherStacks());
  for (size_t K = 0; K < R->Stacks.size(); ++K)
    Fill(R->Stacks[K], A.otherParts()[K]);
  return R;
}

//===----------------------------------------------------------------------===//
// Reports
//===----------------------------------------------------------------------===//

std::string formatStackPath(const std::vector<StackFrame> &P, size_t Max) {
  std::string S;
  for (size_t I = 0; I < P.size(); ++I) {
    if (I == Max) {
      S += " -> ...";
      break;
    }
    if (I)
      S += " -> ";
    S += P[I].Function + " " + std::to_string(P[I].Size);
  }
  return S;
}

void printStackTable(raw_ostream &OS, const StackResult &R) {
  OS << "Stack                    need     have  worst path\n";
  auto Row = [&](StringRef Name, uint64_t Need, bool Bounded,
                 std::optional<uint64_t> Have, StringRef Path) {
    OS << left_justify(Name, 22) << " "
       << right_justify((Bounded ? "" : ">=") + std::to_string(Need), 7) << "  "
       << right_justify(!Have ? "-" : *Have ? std::to_string(*Have) : "auto", 7)
       << "  " << Path << "\n";
  };
  if (R.MainStack) {
    const StackTotal &T = *R.MainStack;
    std::string Path;
    if (!T.Parts.empty())
      Path = formatStackPath(T.Parts[0]->Path, 4);
    if (T.Parts.size() > 1)
      Path += " + " + std::to_string(T.Parts.size() - 1) +
              " handlers nesting";
    Row(T.Name, T.Need, T.bounded(), T.Have, Path);
  }
  for (const StackRoot &Root : R.Roots)
    if (Root.Kind == StackRoot::Handler && R.MainStack &&
        Root.Stack == R.MainStack->Name)
      Row(Root.Name, Root.total(), Root.bounded(), std::nullopt,
          formatStackPath(Root.Path, 4) +
              (Root.Priority ? " (priority " + std::to_string(*Root.Priority) +
                                   ")"
                             : ""));
  // The other stacks, each followed by its roots ("on STACK"), every one
  // with what its entry pushed first.
  for (const StackTotal &T : R.Stacks) {
    Row(T.Name, T.Need, T.bounded(), T.Have,
        std::to_string(T.Parts.size()) + " roots nesting");
    for (const StackRoot *Root : T.Parts)
      Row("  " + Root->Name, Root->total(), Root->bounded(), std::nullopt,
          formatStackPath(Root->Path, 4) +
              (Root->ExceptionFrame
                   ? " + entry " + std::to_string(Root->ExceptionFrame)
                   : ""));
  }
  for (const StackRoot &Root : R.Roots)
    if (Root.Kind == StackRoot::Thread)
      Row(Root.ThreadName.empty() ? "thread " + Root.Name
                                  : "thread \"" + Root.ThreadName + "\"",
          Root.total(), Root.bounded(), Root.Have,
          formatStackPath(Root.Path, 4) + " + switch " +
              std::to_string(Root.SwitchFrame) + " + exception " +
              std::to_string(Root.ExceptionFrame));
}

void writeStackJSON(raw_ostream &OS, const StackResult &R) {
  json::Array Roots;
  for (const StackRoot &Root : R.Roots) {
    json::Array Path;
    for (const StackFrame &F : Root.Path)
      Path.push_back(json::Object{{"function", F.Function}, {"size", F.Size}});
    json::Array Unknown;
    for (const std::string &U : Root.Unknown)
      Unknown.push_back(U);
    json::Object O{
        {"root", Root.Name},
        {"kind", Root.Kind == StackRoot::Main      ? "main"
                 : Root.Kind == StackRoot::Handler ? "handler"
                                                   : "thread"},
        {"need", Root.total()},
        {"exception_frame", Root.ExceptionFrame},
        {"on_stack", Root.Stack},
        {"bounded", Root.bounded()},
        {"path", std::move(Path)},
        {"unknown", std::move(Unknown)}};
    if (Root.Kind == StackRoot::Main)
      O["switch_frame"] = Root.SwitchFrame;
    if (Root.Priority)
      O["priority"] = *Root.Priority;
    if (Root.Kind == StackRoot::Thread) {
      O["thread"] = Root.ThreadName;
      if (!Root.Via.empty())
        O["via"] = Root.Via;
      O["switch_frame"] = Root.SwitchFrame;
      if (Root.Have)
        O["have"] = *Root.Have ? json::Value(*Root.Have) : json::Value("auto");
    }
    Roots.push_back(std::move(O));
  }
  json::Object Top{{"roots", std::move(Roots)}};
  if (R.MainStack) {
    json::Object M{{"name", R.MainStack->Name},
                   {"need", R.MainStack->Need},
                   {"bounded", R.MainStack->bounded()}};
    if (R.MainStack->Have)
      M["have"] = *R.MainStack->Have;
    Top["main_stack"] = std::move(M);
  }
  json::Array Stacks;
  for (const StackTotal &T : R.Stacks) {
    json::Array Parts;
    for (const StackRoot *P : T.Parts)
      Parts.push_back(P->Name);
    json::Object S{{"name", T.Name},
                   {"need", T.Need},
                   {"bounded", T.bounded()},
                   {"roots", std::move(Parts)}};
    if (T.Have)
      S["have"] = *T.Have;
    Stacks.push_back(std::move(S));
  }
  Top["stacks"] = std::move(Stacks);
  json::Array W;
  for (const StackWarning &SW : R.Warnings)
    W.push_back(json::Object{{"function", SW.Function}, {"message", SW.Message}});
  Top["warnings"] = std::move(W);
  OS << formatv("{0:2}", json::Value(std::move(Top)));
}

} // namespace noos
