//===- FaultTests.cpp - The compact fault record: reading and decoding ----===//

#include "noos/FaultRecord.h"
#include "llvm/Support/Error.h"
#include <gtest/gtest.h>
#include <cstdio>

using namespace llvm;
using namespace noos;

namespace {

// Captured from a run: test/runtime/faults/Inputs/faults.c "load
// 0xf0000000" on mps2-an386 (Cortex-M4F), linked with --fault-report=record
// (before the record had the thread's six words, which are 0 without
// threads: appended here, the check word unchanged).
const char Captured[] =
    "noos-fault/1 arm-m 00000003 fffffff9 20001e38 20001e38 00000000 00008200 "
    "40000000 00000000 f0000000 00000000 00000000 20000000 00000011 20000000 "
    "20002000 00001000 20002000 20002000 00016800 f0000000 00002694 00000000 "
    "00000000 00000000 0000024b 000000c0 61000000 20001f08 f0000000 00000000 "
    "0000000c 00000000 00000000 00000000 00000000 00000000 00000000 00000000 "
    "00000000 00000000 00000000 7102df30";

const char CapturedReport[] =
    "noos: HardFault: bus error at 0xf0000000\n"
    "  fault:      BusFault escalated to HardFault, in thread mode, main stack (MSP)\n"
    "  cfsr:       0x00008200 PRECISERR BFARVALID\n"
    "  hfsr:       0x40000000 FORCED\n"
    "  bfar:       0xf0000000\n"
    "  pc:         0x000000c0\n"
    "  lr:         0x0000024b\n"
    "  sp:         0x20001e58\n"
    "  xpsr:       0x61000000\n"
    "  r0:  0xf0000000  r1:  0x00002694  r2:  0x00000000  r3:  0x00000000\n"
    "  r4:  0x20001f08  r5:  0xf0000000  r6:  0x00000000  r7:  0x0000000c\n"
    "  r8:  0x00000000  r9:  0x00000000  r10: 0x00000000  r11: 0x00000000\n"
    "  r12: 0x00000000\n"
    "  exc_return: 0xfffffff9\n"
    "  source:     llvm-addr2line -fipe <image.elf> 0x000000c0 0x00000248\n"
    "  status:     131 (128 + exception 3)\n";

/// The record of \p Words (the check word appended).
std::string record(const std::vector<uint32_t> &Words,
                   const char *Head = "noos-fault/1 arm-m") {
  std::string S = Head;
  uint32_t Sum = 0;
  char B[16];
  for (uint32_t W : Words) {
    snprintf(B, sizeof B, " %08x", W);
    S += B;
    Sum += W;
  }
  snprintf(B, sizeof B, " %08x", Sum);
  return S + B;
}

std::string errorOf(StringRef Line) {
  std::optional<Expected<FaultRecord>> R = findFaultRecord(Line);
  if (!R)
    return "(no record)";
  if (*R)
    return "(no error)";
  return toString(R->takeError());
}

FaultRecord parse(StringRef Line) {
  std::optional<Expected<FaultRecord>> R = findFaultRecord(Line);
  EXPECT_TRUE(R.has_value());
  if (!R)
    return {};
  if (!*R) {
    ADD_FAILURE() << toString(R->takeError());
    return {};
  }
  return std::move(**R);
}

TEST(FaultRecord, DecodesACapturedRecordIntoTheFullReport) {
  FaultRecord R = parse(Captured);
  EXPECT_EQ(R.Version, 1u);
  EXPECT_EQ(R.Arch, "arm-m");
  EXPECT_EQ(R.Words.size(), 41u);
  EXPECT_EQ(decodeFaultRecord(R), CapturedReport);
  EXPECT_EQ(faultRecordStatus(R), 131);
}

TEST(FaultRecord, SourceLinesFollowTheSourceLine) {
  FaultRecord R = parse(Captured);
  std::vector<uint64_t> Asked;
  std::string Text = decodeFaultRecord(R, [&](ArrayRef<uint64_t> A) {
    Asked.assign(A.begin(), A.end());
    return std::vector<std::string>{"  at load_from (faults.c:10)",
                                    "  at main (faults.c:126)"};
  });
  EXPECT_EQ(Asked, (std::vector<uint64_t>{0xc0, 0x248}));
  EXPECT_NE(Text.find("0x00000248\n  at load_from (faults.c:10)\n"
                      "  at main (faults.c:126)\n  status:"),
            std::string::npos)
      << Text;
}

TEST(FaultRecord, FoundAfterOtherTextOnTheLine) {
  std::string Line = std::string("[12:00:01.250] uart0: ") + Captured + "\r";
  EXPECT_EQ(decodeFaultRecord(parse(Line)), CapturedReport);
}

TEST(FaultRecord, LinesWithoutOneAreNotRecords) {
  EXPECT_EQ(errorOf(""), "(no record)");
  EXPECT_EQ(errorOf("noos: HardFault: bus error at 0xf0000000"), "(no record)");
  EXPECT_EQ(errorOf("noos-fault 1 arm-m"), "(no record)");
}

TEST(FaultRecord, DamagedRecordsAreRefused) {
  std::string Bad = Captured;
  Bad[Bad.size() - 20] ^= 1; // a flipped bit in a word
  EXPECT_NE(errorOf(Bad).find("check word"), std::string::npos) << errorOf(Bad);
  // Cut short (the capture ended mid-line).
  std::string Short(Captured, sizeof(Captured) - 1 - 9 * 3);
  EXPECT_NE(errorOf(Short).find("39 words where arm-m has 42"),
            std::string::npos)
      << errorOf(Short);
  // A character lost from a word.
  std::string Lost = Captured;
  Lost.erase(40, 1);
  EXPECT_NE(errorOf(Lost).find("not 8 hex digits"), std::string::npos)
      << errorOf(Lost);
  // Something after the check word.
  EXPECT_NE(errorOf(std::string(Captured) + " 00000000").find("words where"),
            std::string::npos);
}

TEST(FaultRecord, UnknownVersionsAndArchitecturesAreNamed) {
  std::string V = errorOf("noos-fault/3 arm-m 00000000");
  EXPECT_NE(V.find("of version 3: this noos-run reads versions 1 and 2"),
            std::string::npos)
      << V;
  EXPECT_NE(errorOf("noos-fault/x arm-m").find("without a version"),
            std::string::npos);
  std::string E = errorOf("noos-fault/1 riscv 00000000");
  EXPECT_NE(E.find("of architecture 'riscv': version 1 of this noos-run "
                   "decodes arm-m, riscv32, riscv64"),
            std::string::npos)
      << E;
  // Version 2's tags are the M profiles; arm-m is version 1's only.
  E = errorOf("noos-fault/2 arm-m 00000000");
  EXPECT_NE(E.find("of architecture 'arm-m': version 2 of this noos-run "
                   "decodes armv6-m, armv7-m, armv8-m.base, armv8-m.main"),
            std::string::npos)
      << E;
  EXPECT_EQ(faultRecordArchitectures(1), "arm-m, riscv32, riscv64");
}

// The words of an arm-m record (FaultRecord.cpp's enum ArmMWord).
enum { IPSR, EXC, FRAME, MSP, PSP, CFSR, HFSR, MMFAR, BFAR, SFSR, SFAR, SPLIM,
       FEAT, LIMIT, TOP, GUARD, RAM2LO, RAM2HI, INSN, R0, R1, R2, R3, R12, LR,
       PC, XPSR, R4, TNAME = R4 + 8, TNOTE, TOVF, TSNOTE, TLO, TGUARD, N };

std::vector<uint32_t> v6m(uint32_t Insn, uint32_t R0v, uint32_t R1v) {
  std::vector<uint32_t> W(N, 0);
  W[IPSR] = 3;
  W[EXC] = 0xfffffff9;
  W[FRAME] = W[MSP] = 0x20003f00;
  W[FEAT] = 1u << 4; // no CFSR, frame read
  W[LIMIT] = 0x20003000;
  W[TOP] = 0x20004000;
  W[INSN] = 0x10000 | Insn;
  W[R0] = R0v;
  W[R1] = R1v;
  W[PC] = 0x1000;
  W[LR] = 0x2001;
  W[XPSR] = 0x01000000;
  return W;
}

TEST(FaultRecord, V6MWorksOutTheAccessFromTheInstruction) {
  // ldr r2, [r0, r1] at an odd address: unaligned.
  std::string T = decodeFaultRecord(parse(record(v6m(0x5842, 0x20000001, 0))));
  EXPECT_NE(T.find("noos: HardFault: unaligned access at 0x20000001\n"),
            std::string::npos)
      << T;
  EXPECT_NE(T.find("  address:    0x20000001\n"), std::string::npos) << T;
  // str r1, [r0]: a bus error.
  T = decodeFaultRecord(parse(record(v6m(0x6001, 0x30000000, 5))));
  EXPECT_NE(T.find("noos: HardFault: bus error at 0x30000000\n"),
            std::string::npos)
      << T;
  // udf #0.
  T = decodeFaultRecord(parse(record(v6m(0xde00, 0, 0))));
  EXPECT_NE(T.find("noos: HardFault: undefined instruction\n"),
            std::string::npos)
      << T;
  EXPECT_EQ(T.find("cfsr"), std::string::npos) << T;
}

TEST(FaultRecord, MainStackOverflowAndLostFrame) {
  std::vector<uint32_t> W(N, 0);
  W[IPSR] = 3;
  W[EXC] = 0xfffffff9;
  W[FEAT] = 1; // CFSR, frame lost
  W[CFSR] = 1u << 12 | 1u << 16; // STKERR
  W[HFSR] = 1u << 30;
  W[LIMIT] = 0x20000400;
  W[TOP] = 0x20000c00;
  W[GUARD] = 0x400;
  W[FRAME] = W[MSP] = 0x200003e0;
  std::string T = decodeFaultRecord(parse(record(W)));
  EXPECT_NE(T.find("noos: HardFault: stack overflow\n"), std::string::npos) << T;
  EXPECT_NE(T.find("  pc:         unknown (the exception frame could not be saved)\n"),
            std::string::npos)
      << T;
  EXPECT_NE(T.find("  hint:       the main stack (2048 bytes) overflowed"),
            std::string::npos)
      << T;
  EXPECT_NE(T.find("  stack:      0x20000400-0x20000c00 (an MPU guard below it)\n"),
            std::string::npos)
      << T;
  EXPECT_EQ(T.find("source:"), std::string::npos) << T;
}

} // namespace

namespace {

TEST(FaultRecord, AThreadsStackOverflowNamesTheThreadFromTheImage) {
  std::vector<uint32_t> W(N, 0);
  W[IPSR] = 3;
  W[EXC] = 0xfffffffd; // thread mode, PSP
  W[FEAT] = 1 | 1u << 4;
  W[CFSR] = 1u << 1 | 1u << 7; // DACCVIOL MMARVALID
  W[HFSR] = 1u << 30;
  W[MMFAR] = 0x20001fe0;
  W[LIMIT] = 0x20003000;
  W[TOP] = 0x20004000;
  W[MSP] = 0x20003f00;
  W[FRAME] = W[PSP] = 0x20002010;
  W[PC] = 0x400;
  W[LR] = 0x501;
  W[XPSR] = 0x01000000;
  W[TNAME] = 0x1234;
  W[TNOTE] = 0x1240;
  W[TLO] = 0x20002000;
  W[TGUARD] = 32;
  std::vector<uint64_t> Read;
  std::string T = decodeFaultRecord(parse(record(W)), nullptr,
                                    [&](uint64_t A) -> std::optional<std::string> {
                                      Read.push_back(A);
                                      if (A == 0x1234)
                                        return std::string("greedy");
                                      if (A == 0x1240)
                                        return std::string("");
                                      return std::nullopt;
                                    });
  EXPECT_NE(T.find("noos: HardFault: thread stack overflow (MPU guard)\n"),
            std::string::npos)
      << T;
  EXPECT_NE(T.find("  thread:     \"greedy\"\n"
                   "  stack:      from 0x20002000 (an MPU guard below it)\n"
                   "  hint:       give the thread a larger stack (noos_thread_create)\n"),
            std::string::npos)
      << T;
  // Without the image, the name's address.
  T = decodeFaultRecord(parse(record(W)));
  EXPECT_NE(T.find("  thread:     \"<a string at 0x00001234 the image does not hold>\""),
            std::string::npos)
      << T;
}

// The record mode's default handler is the fault entry: an exception or
// interrupt nobody handles prints a record, which decodes into the default
// handler's message, the interrupt named from the image's table.
TEST(FaultRecord, UnhandledExceptionsAndInterruptsGetTheDefaultHandlersLine) {
  std::vector<uint32_t> W(41, 0);
  W[1] = 0xfffffff9;
  std::vector<std::string> Names = {"UART0", "", "TIMER0"};
  W[0] = 16 + 2; // IRQ2
  FaultRecord R = parse(record(W));
  EXPECT_EQ(decodeFaultRecord(R, nullptr, nullptr, &Names),
            "noos: unhandled interrupt IRQ2 (TIMER0): define "
            "TIMER0_IRQHandler, or disable it\n");
  EXPECT_EQ(faultRecordStatus(R), 146);
  // Unnamed: the table's empty string, or past its end.
  W[0] = 16 + 1;
  EXPECT_EQ(decodeFaultRecord(parse(record(W)), nullptr, nullptr, &Names),
            "noos: unhandled interrupt IRQ1: define IRQ1_Handler, or disable it\n");
  W[0] = 16 + 40;
  EXPECT_EQ(decodeFaultRecord(parse(record(W)), nullptr, nullptr, &Names),
            "noos: unhandled interrupt IRQ40: define IRQ40_Handler, or disable it\n");
  // No table (the program's own vector table).
  W[0] = 16 + 2;
  EXPECT_EQ(decodeFaultRecord(parse(record(W))),
            "noos: unhandled interrupt IRQ2: define its handler, or disable it\n");
  // A system exception, named by the architecture.
  W[0] = 11;
  R = parse(record(W));
  EXPECT_EQ(decodeFaultRecord(R, nullptr, nullptr, &Names),
            "noos: unhandled exception 11 (SVCall): define its handler, or "
            "disable it\n");
  EXPECT_EQ(faultRecordStatus(R), 139);
  // The fault exceptions keep the full report.
  for (uint32_t F = 3; F <= 7; ++F) {
    W[0] = F;
    EXPECT_EQ(decodeFaultRecord(parse(record(W))).find("noos: unhandled"),
              std::string::npos);
  }
}

// The terminate handler's record (--fault-report=record): the line the
// target prints with the other reports, the type demangled on the host.
TEST(FaultRecord, TerminateRecordsBecomeTheTerminateLine) {
  EXPECT_EQ(decodeTerminateRecord("noos-terminate/1 St9bad_alloc: std::bad_alloc"),
            "noos: terminate: uncaught std::bad_alloc: std::bad_alloc");
  EXPECT_EQ(decodeTerminateRecord("[00:01] noos-terminate/1 N3app6TaggedILi3EEE\r"),
            "noos: terminate: uncaught app::Tagged<3>");
  EXPECT_EQ(decodeTerminateRecord("noos-terminate/1 i"), "noos: terminate: uncaught int");
  EXPECT_EQ(decodeTerminateRecord("noos-terminate/1 PKc"),
            "noos: terminate: uncaught const char*");
  // what() is copied as it is, colons and all; an empty one too.
  EXPECT_EQ(decodeTerminateRecord("noos-terminate/1 N3app5ErrorE: a: b"),
            "noos: terminate: uncaught app::Error: a: b");
  EXPECT_EQ(decodeTerminateRecord("noos-terminate/1 N3app5ErrorE: "),
            "noos: terminate: uncaught app::Error: ");
  // Not a name the demangler knows: shown as it is, marked.
  EXPECT_EQ(decodeTerminateRecord("noos-terminate/1 Q!x"),
            "noos: terminate: uncaught Q!x (mangled)");
  EXPECT_EQ(decodeTerminateRecord("noos: terminate: uncaught int"), std::nullopt);
  EXPECT_EQ(decodeTerminateRecord("noos-terminate/1 "), std::nullopt);
}


// Captured from a run: test/runtime/riscv/Inputs/faults.c "illegal" on
// virt32 (riscv32-noos, --fault-report=record, the default); the report is
// the one fault-full.c prints for it. The last three values: the main
// stack's bottom and top, the size of the PMP guard below it.
const char CapturedRV32[] =
    "noos-fault/1 riscv32 00000002 80000168 00000000 00001880 80000166 "
    "80005030 800010c8 800008c8 00008800 800004b0 00000008 800050d4 00000000 "
    "00000000 800007a0 00000000 00000000 00000000 00000000 00000000 00000000 "
    "00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 "
    "00000000 00000000 20000474 800004a4 00000000 00000000 800011d0 800051d0 "
    "00000100 a001d7f4";

TEST(FaultRecord, RISCV32RecordsBecomeTheTrapReport) {
  FaultRecord R = parse(CapturedRV32);
  EXPECT_EQ(R.Arch, "riscv32");
  EXPECT_EQ(R.Words.size(), 38u);
  EXPECT_EQ(decodeFaultRecord(R),
            "noos: illegal instruction\n"
            "  mcause:     0x00000002 (exception 2)\n"
            "  mtval:      0x00000000 (the instruction's bits, when the core "
            "records them)\n"
            "  mepc:       0x80000168\n"
            "  mstatus:    0x00001880 (from machine mode, interrupts on)\n"
            "  ra:  0x80000166  sp:  0x80005030  gp:  0x800010c8\n"
            "  tp:  0x800008c8  t0:  0x00008800  t1:  0x800004b0  t2:  0x00000008\n"
            "  s0:  0x800050d4  s1:  0x00000000  a0:  0x00000000  a1:  0x800007a0\n"
            "  a2:  0x00000000  a3:  0x00000000  a4:  0x00000000  a5:  0x00000000\n"
            "  a6:  0x00000000  a7:  0x00000000  s2:  0x00000000  s3:  0x00000000\n"
            "  s4:  0x00000000  s5:  0x00000000  s6:  0x00000000  s7:  0x00000000\n"
            "  s8:  0x00000000  s9:  0x00000000  s10: 0x00000000  s11: 0x00000000\n"
            "  t3:  0x20000474  t4:  0x800004a4  t5:  0x00000000  t6:  0x00000000\n"
            "  source:     llvm-addr2line -fipe <image.elf> 0x80000168\n"
            "  status:     130 (128 + exception 2)\n");
  EXPECT_EQ(faultRecordStatus(R), 130);
  // The faulting pc is the one address symbolized.
  std::vector<uint64_t> Asked;
  decodeFaultRecord(R, [&](ArrayRef<uint64_t> A) {
    Asked.assign(A.begin(), A.end());
    return std::vector<std::string>{};
  });
  EXPECT_EQ(Asked, (std::vector<uint64_t>{0x80000168}));
}

TEST(FaultRecord, RISCV64ValuesAreWordPairsAndInterruptsAreNamed) {
  // mcause, mepc, mtval, mstatus, x1-x31, the main stack's bottom, top
  // and guard size, each as (high, low).
  std::vector<uint32_t> W(76, 0);
  W[0] = 0x80000000; W[1] = 7;          // machine timer interrupt
  W[2] = 0; W[3] = 0x80000104;          // mepc
  W[6] = 0x0000000a; W[7] = 0x00001880; // mstatus
  W[8 + 2 * 1] = 0x00000001; W[8 + 2 * 1 + 1] = 0x23456789; // sp (x2)
  FaultRecord R = parse(record(W, "noos-fault/1 riscv64"));
  std::string T = decodeFaultRecord(R);
  EXPECT_EQ(T.substr(0, T.find("  ra:")),
            "noos: unhandled machine timer interrupt\n"
            "  mcause:     0x8000000000000007 (interrupt 7)\n"
            "  mepc:       0x0000000080000104\n"
            "  mstatus:    0x0000000a00001880 (from machine mode, interrupts on)\n");
  EXPECT_NE(T.find("  sp:  0x0000000123456789  "), std::string::npos) << T;
  EXPECT_NE(T.find("  status:     151 (128 + 16 + interrupt 7)\n"),
            std::string::npos) << T;
  EXPECT_EQ(faultRecordStatus(R), 151);
  // A riscv32 record's word count is not a riscv64 one.
  std::string E = errorOf(std::string(CapturedRV32).replace(13, 7, "riscv64"));
  EXPECT_NE(E.find("39 words where riscv64 has 77"), std::string::npos) << E;
}

// Captured from a run: test/runtime/riscv/Inputs/faults.c "deep" on virt32,
// a recursion in main that stores into the PMP guard below main's stack
// (0x800010d0-0x800011d0).
const char CapturedRV32Overflow[] =
    "noos-fault/1 riscv32 00000007 800001c6 800011cc 00001880 800001da "
    "800011c0 800010c8 800008c8 00008800 800004b0 00000008 00000000 00000000 "
    "000182b9 80000782 00000000 00000000 00000000 00000000 00000000 00000000 "
    "00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 "
    "00000000 00000000 20000474 800004a4 00000000 00000000 800011d0 800051d0 "
    "00000100 a002ddee";

TEST(FaultRecord, RISCVMainStackOverflowIsNamed) {
  std::string T = decodeFaultRecord(parse(CapturedRV32Overflow));
  EXPECT_EQ(T.substr(0, T.find("\n") + 1),
            "noos: stack overflow: store/AMO access fault in the guard below "
            "the main stack at 0x800011cc\n");
  EXPECT_NE(T.find("  t3:  0x20000474  t4:  0x800004a4  t5:  0x00000000  "
                   "t6:  0x00000000\n"
                   "  hint:       the main stack (16384 bytes) overflowed: "
                   "raise --stack-size or use less stack\n"
                   "  stack:      0x800011d0-0x800051d0 (a PMP guard below it)\n"
                   "  source:     "),
            std::string::npos)
      << T;
  EXPECT_EQ(faultRecordStatus(parse(CapturedRV32Overflow)), 135);

  // The words of a riscv32 record: mcause 0, mepc 1, mtval 2, mstatus 3,
  // x1 4 (sp: 5), then the stack's bottom, top and guard size.
  auto Decode = [](uint32_t Cause, uint32_t Mtval, uint32_t Sp,
                   uint32_t Guard = 0x100) {
    std::vector<uint32_t> W(38, 0);
    W[0] = Cause;
    W[1] = 0x80000100;
    W[2] = Mtval;
    W[3] = 0x1880;
    W[5] = Sp;
    W[35] = 0x80001000;
    W[36] = 0x80001800;
    W[37] = Guard;
    std::string T = decodeFaultRecord(parse(record(W, "noos-fault/1 riscv32")));
    return T.substr(0, T.find("\n"));
  };
  // A load from the guard's lowest word, with sp still above it.
  EXPECT_EQ(Decode(5, 0x80000f00, 0x80001010),
            "noos: stack overflow: load access fault in the guard below the "
            "main stack at 0x80000f00");
  // An access elsewhere with sp in the guard.
  EXPECT_EQ(Decode(7, 0x4, 0x80000ff0),
            "noos: stack overflow: store/AMO access fault with sp in the guard "
            "below the main stack");
  // Just outside the guard, either side: a plain access fault.
  EXPECT_EQ(Decode(7, 0x80000efc, 0x80001010), "noos: store/AMO access fault");
  EXPECT_EQ(Decode(7, 0x80001000, 0x80001010), "noos: store/AMO access fault");
  // Not an access fault: a misaligned store in the guard is not named.
  EXPECT_EQ(Decode(6, 0x80000f01, 0x80000ff0),
            "noos: store/AMO address misaligned");
  // An interrupt, whatever sp is.
  EXPECT_EQ(Decode(0x80000007, 0, 0x80000ff0),
            "noos: unhandled machine timer interrupt");
  // No guard (__noos_stack_guard_size 0): nothing is named.
  EXPECT_EQ(Decode(7, 0x80000ffc, 0x80000ff0, 0),
            "noos: store/AMO access fault");
}

} // namespace

namespace {

// Version 2 (runtime/src/fault-record.c): the same fault as Captured, as
// the armv7-m dump: IPSR; r4-r11, EXC_RETURN, frame, MSP, PSP; CFSR HFSR
// DFSR MMFAR BFAR; the stack's bottom, top, guard, RAM2's bounds; frame read; the frame;
// the thread's six words.
const std::vector<uint32_t> CapturedV2 = {
    3,
    0x20001f08, 0xf0000000, 0, 0xc, 0, 0, 0, 0,
    0xfffffff9, 0x20001e38, 0x20001e38, 0,
    0x8200, 0x40000000, 0, 0, 0xf0000000,
    0x20000000, 0x20002000, 0x1000, 0x20002000, 0x20002000,
    1,
    0xf0000000, 0x2694, 0, 0, 0, 0x24b, 0xc0, 0x61000000,
    0, 0, 0, 0, 0, 0};

TEST(FaultRecordV2, TheDumpDecodesIntoTheSameReportAsVersion1) {
  FaultRecord R = parse(record(CapturedV2, "noos-fault/2 armv7-m"));
  EXPECT_EQ(R.Version, 2u);
  EXPECT_EQ(R.Arch, "armv7-m");
  EXPECT_EQ(decodeFaultRecord(R), CapturedReport);
  EXPECT_EQ(faultRecordStatus(R), 131);
  EXPECT_EQ(faultRecordArchitectures(2),
            "armv6-m, armv7-m, armv8-m.base, armv8-m.main");
  // Each profile has its count of words.
  std::string E = errorOf(record(CapturedV2, "noos-fault/2 armv6-m"));
  EXPECT_NE(E.find("39 words where armv6-m has 34"), std::string::npos) << E;
}

TEST(FaultRecordV2, TheHostDecidesTheFrameIsLost) {
  // The target read a frame, but STKERR says the stacking failed: the host
  // shows no pc, as the target's full report does.
  std::vector<uint32_t> W = CapturedV2;
  W[13] = 1u << 12; // CFSR: STKERR
  W[10] = W[11] = 0x1fffffe0; // the frame below the main stack
  std::string T = decodeFaultRecord(parse(record(W, "noos-fault/2 armv7-m")));
  EXPECT_NE(T.find("noos: HardFault: stack overflow\n"), std::string::npos) << T;
  EXPECT_NE(T.find("  pc:         unknown (the exception frame could not be saved)\n"),
            std::string::npos)
      << T;
  EXPECT_EQ(T.find("source:"), std::string::npos) << T;
}

TEST(FaultRecordV2, V7MReadsTheInstructionFromTheImage) {
  // No status bits: the host reads the halfword at pc from the image (a
  // bkpt) as the target's full report reads it from memory.
  std::vector<uint32_t> W = CapturedV2;
  W[13] = 0;
  W[14] = 0;
  auto Image = [](uint64_t A) -> std::optional<std::string> {
    if (A == 0xc0)
      return std::string("\x01\xbe");
    if (A == 0xc1)
      return std::string("\xbe");
    return std::nullopt;
  };
  std::string T = decodeFaultRecord(parse(record(W, "noos-fault/2 armv7-m")),
                                    nullptr, Image);
  EXPECT_NE(T.find("noos: HardFault: breakpoint (bkpt) without a debugger\n"),
            std::string::npos)
      << T;
  T = decodeFaultRecord(parse(record(W, "noos-fault/2 armv7-m")));
  EXPECT_NE(T.find("noos: HardFault: no fault status\n"), std::string::npos) << T;
}

TEST(FaultRecordV2, V6MWorksOutTheAccessFromTheImagesInstruction) {
  // armv6-m: IPSR; the state; the stack's bottom, top, guard, RAM2; frame
  // read; the frame; the thread. str r1, [r0] at pc: a bus error.
  std::vector<uint32_t> W = {3, 0, 0, 0, 0, 0, 0, 0, 0,
                             0xfffffff9, 0x20003f00, 0x20003f00, 0,
                             0x20003000, 0x20004000, 0, 0, 0,
                             1,
                             0x30000000, 5, 0, 0, 0, 0x2001, 0x1000, 0x01000000,
                             0, 0, 0, 0, 0, 0};
  auto Image = [](uint64_t A) -> std::optional<std::string> {
    if (A == 0x1000)
      return std::string("\x01\x60");
    if (A == 0x1001)
      return std::string("\x60");
    return std::nullopt;
  };
  std::string T =
      decodeFaultRecord(parse(record(W, "noos-fault/2 armv6-m")), nullptr, Image);
  EXPECT_NE(T.find("noos: HardFault: bus error at 0x30000000\n"),
            std::string::npos)
      << T;
  EXPECT_NE(T.find("  address:    0x30000000\n"), std::string::npos) << T;
  // Not read: no pc, no instruction.
  W[18] = 0;
  T = decodeFaultRecord(parse(record(W, "noos-fault/2 armv6-m")), nullptr, Image);
  EXPECT_NE(T.find("noos: HardFault: bad memory access or instruction\n"),
            std::string::npos)
      << T;
  EXPECT_NE(T.find("  pc:         unknown"), std::string::npos) << T;
}

TEST(FaultRecordV2, V8MMainPicksTheStacksLimit) {
  // armv8-m.main, a thread's PSPLIM overflow: STKOF with the frame at
  // PSPLIM, so no frame; MSPLIM at the main stack's bottom.
  std::vector<uint32_t> W = {3, 0, 0, 0, 0, 0, 0, 0, 0,
                             0xfffffffd, 0x20001000, 0x20003f00, 0x20001000,
                             1u << 20, 1u << 30, 0, 0, 0,       // CFSR STKOF
                             0, 0, 0x20003000, 0x20001000, 0,   // SFSR SFAR limits FPCCR
                             0x20003000, 0x20004000, 0, 0, 0,
                             1,
                             1, 2, 3, 4, 5, 6, 7, 8,
                             0x1234, 0, 0, 0, 0x20001000, 0};
  auto Strings = [](uint64_t A) -> std::optional<std::string> {
    if (A == 0x1234)
      return std::string("worker");
    return std::nullopt;
  };
  std::string T = decodeFaultRecord(
      parse(record(W, "noos-fault/2 armv8-m.main")), nullptr, Strings);
  EXPECT_NE(T.find("noos: HardFault: thread stack overflow (PSPLIM)\n"),
            std::string::npos)
      << T;
  EXPECT_NE(T.find("  pc:         unknown"), std::string::npos) << T;
  EXPECT_NE(T.find("  thread:     \"worker\""), std::string::npos) << T;
}

} // namespace

