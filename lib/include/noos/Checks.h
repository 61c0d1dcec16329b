//===- noos/Checks.h - Checks LLD does not make -----------------*- C++ -*-===//
//
// M-profile cores run only Thumb code and take every code address with bit 0
// set. LLD links images that break this without a word; these checks read
// the linked image (and the input objects, to name the culprit) and report
// each problem on one line with its fix.
//
//===----------------------------------------------------------------------===//
#ifndef NOOS_CHECKS_H
#define NOOS_CHECKS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace noos {

enum class CheckMode { Error, Warn, Off };

/// The ARM build attributes (.ARM.attributes) noos reads of an object or
/// image: the driver to pick the target and library variant, the checks
/// to compare what was linked.
struct ArmAttributes {
  bool Present = false;
  std::optional<unsigned> Arch;      ///< Tag_CPU_arch
  std::optional<unsigned> Profile;   ///< Tag_CPU_arch_profile
  std::optional<unsigned> VFPArgs;   ///< Tag_ABI_VFP_args
  std::optional<unsigned> FPArch;    ///< Tag_FP_arch (0/absent: no FPU code)
  std::optional<unsigned> HardFPUse; ///< Tag_ABI_HardFP_use (1: single only)
  /// True if the file records calling-convention attributes (Tag_ABI_PCS_*,
  /// Tag_ABI_FP_*, Tag_ABI_align_*, Tag_ABI_enum_size, Tag_conformance...),
  /// which compilers emit and assemblers do not. Only such files say
  /// anything about their float ABI when Tag_ABI_VFP_args is absent.
  bool HasCallingConvention = false;
};

/// What the float-ABI and profile checks need of an input object: whether
/// it has code, and its build attributes (read from its section headers).
struct ObjectHeaders {
  bool HasCode = false;
  ArmAttributes Attributes;
};

/// Parses the contents of an SHT_ARM_ATTRIBUTES section; a malformed tail
/// still leaves the attributes read before it. Not Present if the section
/// is not in the known format.
ArmAttributes parseArmAttributes(llvm::ArrayRef<uint8_t> Contents,
                                 bool LittleEndian);

/// Where diagnostics go: one line each, "<tool>: error: ..." (or
/// "warning:" in Warn mode).
struct DiagSink {
  llvm::raw_ostream &OS;
  llvm::StringRef Tool; // "noos-ld"
  CheckMode Mode = CheckMode::Error;
  unsigned Errors = 0;
  unsigned Warnings = 0;
  void report(const llvm::Twine &Msg); // error or warning per Mode
};

/// Runs the M-profile Thumb checks on the linked image \p Image:
///  - every non-zero vector table entry after the initial SP has bit 0 set
///    and points at the start of a Thumb function in executable memory;
///  - the ELF entry point has bit 0 set;
///  - no ARM-state (A32) code is linked in;
///  - hard-float and soft-float objects are not mixed.
/// \p Inputs are the input files (objects and archives) used to name the
/// object that defines an offending symbol. The vector table is the output
/// section ".vectors" (or ".isr_vector").
/// The input files the checks compare the image with. Their headers can
/// be read ahead (readHeaders), while the linker runs, so that the checks
/// proper only read the image and, when a check needs a culprit's name,
/// the inputs' symbols.
class ThumbCheckInputs {
public:
  /// \p Known: for each path, the headers of an Arm object file if the
  /// caller has read them already (noos-ld has, before the link), so that
  /// they are not read again; others are read here.
  explicit ThumbCheckInputs(
      llvm::ArrayRef<std::string> Paths,
      llvm::ArrayRef<std::optional<ObjectHeaders>> Known = {});
  ~ThumbCheckInputs();
  void readHeaders();

private:
  friend void runThumbChecks(const llvm::object::ELFObjectFileBase &,
                             ThumbCheckInputs &, DiagSink &);
  friend void runStoredLabelCheck(const llvm::object::ELFObjectFileBase &,
                                  ThumbCheckInputs &, DiagSink &);
  struct Impl;
  std::unique_ptr<Impl> I;
};

/// Checks \p Image, linked from \p Inputs, for Thumb call-address and ABI
/// mistakes; reports each through \p Diag.
void runThumbChecks(const llvm::object::ELFObjectFileBase &Image,
                    ThumbCheckInputs &Inputs, DiagSink &Diag);
void runThumbChecks(const llvm::object::ELFObjectFileBase &Image,
                    llvm::ArrayRef<std::string> Inputs, DiagSink &Diag);

/// Only the check that stored addresses of untyped labels in Thumb code
/// have bit 0 set (part of runThumbChecks), for targets whose cores run
/// both ARM and Thumb code, where the other checks do not apply.
void runStoredLabelCheck(const llvm::object::ELFObjectFileBase &Image,
                         ThumbCheckInputs &Inputs, DiagSink &Diag);

/// An input object's name and contents, for the label search.
struct ObjectBuffer {
  std::string Name;        ///< "foo.o" or "libx.a(foo.o)"
  llvm::StringRef Contents;
};

/// An untyped label in Thumb code whose address an object stores without
/// bit 0 (see lib/Check/ThumbLabels.cpp for the rule).
struct StoredThumbLabel {
  std::string Label;
  size_t DefiningObject = 0;  ///< index in the objects searched
  unsigned LabelSymbol = 0;   ///< its index in that object's symbol table
  size_t ReferringObject = 0; ///< the object holding the relocation
  std::string ReferringSection;
  unsigned ReferringSectionIndex = 0;
  uint64_t Offset = 0;        ///< of the relocation in that section
  unsigned RelocType = 0;     ///< R_ARM_ABS32, R_ARM_(THM_)MOVW_ABS_NC
  /// The relocation names the section (a local label), not the label.
  bool ViaSection = false;
};

/// Finds, in the relocations of \p Objects (ARM relocatable objects; other
/// files are skipped, malformed parts ignored), every stored address of an
/// untyped label that starts or is in Thumb code, with an addend of 0.
std::vector<StoredThumbLabel>
findStoredThumbLabels(llvm::ArrayRef<ObjectBuffer> Objects);

/// A copy of \p Object (the \p ObjectIndex-th of the objects searched)
/// in which each label of \p Labels that it defines is a Thumb function
/// (STT_FUNC, value with bit 0 set) and each stored address of a local
/// label it relocates through a section symbol has bit 0 in its addend;
/// nothing if there was nothing to change.
std::optional<std::string>
markThumbLabels(llvm::StringRef Object,
                llvm::ArrayRef<StoredThumbLabel> Labels, size_t ObjectIndex);

} // namespace noos

#endif
