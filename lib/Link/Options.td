// noos-ld's own options. Everything else is handed to LLD unchanged, in
// order. LLD options that begin like ours (-Map, -Ttext, ...) and LLD
// options that take a separate value are listed too, so that they are
// recognised whole and their values are not mistaken for input files.

include "llvm/Option/OptParser.td"

class F<string name, string help> : Flag<["--", "-"], name>, HelpText<help>;
class J<string name, string help> : Joined<["--", "-"], name # "=">, HelpText<help>;

// --- memory map (Embedded Go and TamaGo syntax) -------------------------
def mem_ram : JoinedOrSeparate<["-"], "M">, MetaVarName<"ADDR:SIZE[,ADDR:SIZE]">,
  HelpText<"RAM blocks: 1 = main DMA-capable RAM (stack, data, heap), 2 = runtime-private RAM; may repeat">;
def mem_flash : JoinedOrSeparate<["-"], "F">, MetaVarName<"ADDR:SIZE">,
  HelpText<"ROM/flash: code and .data's initial values live there; without it the image is RAM-loaded">;
def text_start : JoinedOrSeparate<["-"], "T">, MetaVarName<"ADDR|SCRIPT">,
  HelpText<"Text start address; a non-numeric argument is an LLD linker script (then no script is generated)">;
def rounding : JoinedOrSeparate<["-"], "R">, MetaVarName<"QUANTUM|FILE">,
  HelpText<"Round the writable segment's start to QUANTUM; a non-numeric argument is GNU ld's -R FILE (--just-symbols=FILE)">;
def board : J<"board", "Memory map and target from a board name or a board file">, MetaVarName<"NAME|FILE">;
def default_board : J<"default-board", "The board to use when neither --board nor -M/-F/-T FILE gives a memory map (noos-clang passes the target's)">, MetaVarName<"NAME">;
def target : J<"target", "Target triple, e.g. thumbv7em-noos (default: from the board, else from the first object)">, MetaVarName<"TRIPLE">;
def float_abi : J<"float-abi", "Float ABI of the libraries to link: soft, softfp or hard (default: from the objects, else the target's)">, MetaVarName<"ABI">;
def cpu : J<"cpu", "CPU of the link, for the LLD erratum fixes it needs (\"cpu-lld-flags\" in targets.json; default: the board's, else the target's)">, MetaVarName<"CPU">;
def fpu : J<"fpu", "FPU of the libraries to link, e.g. fpv4-sp-d16 or none (default: from the objects, else the target's)">, MetaVarName<"FPU">;
def march : J<"march", "ISA of the libraries to link on RISC-V, e.g. rv32imac (default: the target's; noos-clang passes its -march)">, MetaVarName<"ISA">;
def mabi : J<"mabi", "ABI of the libraries to link on RISC-V, e.g. ilp32 or lp64d (default: the target's)">, MetaVarName<"ABI">;
def no_default_libs : F<"no-default-libs", "Do not link picolibc, libstdc++, libsupc++, libgcc or the noos runtime (so no vector table is generated either)">;
def no_runtime : F<"no-runtime", "Do not link the noos runtime (startup, vector table, console, heap, faults); the program brings its own">;
// GCC's link-step options, for projects that call noos-ld as they call
// GNU ld. The noos runtime is their "startup files": -nostartfiles drops
// it (--no-runtime), -nodefaultlibs drops the libraries but keeps it,
// -nostdlib drops both. The variant's library directories stay searched,
// so that "-nostdlib -lgcc" finds libgcc as it does with GCC.
def nostartfiles : Flag<["-"], "nostartfiles">, Alias<no_runtime>,
  HelpText<"As GCC's: no startup files, i.e. --no-runtime">;
def nodefaultlibs : Flag<["-"], "nodefaultlibs">,
  HelpText<"As GCC's: keep the noos runtime (startup, vector table), link no picolibc, libgcc or libstdc++ unless given (-lc -lgcc)">;
def nostdlib : Flag<["-", "--"], "nostdlib">,
  HelpText<"As GCC's: neither the noos runtime nor picolibc, libgcc or libstdc++; only the inputs and the libraries given (-lgcc)">;
def fault_report : J<"fault-report", "The runtime's fault handler: record (default: one line of raw facts that noos-run decodes into the whole report), full (the whole report, decoded on the target), short (one line) or none (exit 128 + the exception number, silently)">, MetaVarName<"MODE">;
def irqs : J<"irqs", "Interrupt entries of the generated vector table (default: the board's interrupt count, 0 without a board); fewer save 4 bytes of flash each, more add IRQ<n>_Handler entries">, MetaVarName<"N">;
def stack_size : J<"stack-size", "Main stack size (default: the board's, else the target's; auto: its need, from the stack analysis)">, MetaVarName<"SIZE">;

// --- output ------------------------------------------------------------
def output : JoinedOrSeparate<["-"], "o">, MetaVarName<"FILE">,
  HelpText<"Output file; .elf, .bin, .hex, .srec or .uf2 picks the format">;
def output_long : Separate<["--"], "output">, Alias<output>;
def output_eq : J<"output", "">, Alias<output>;
def oformat : J<"oformat", "Output format: elf, bin, hex, srec or uf2 (default: from -o's extension)">, MetaVarName<"FORMAT">;
def oformat_sep : Separate<["--", "-"], "oformat">, Alias<oformat>;
def uf2_family : J<"uf2-family", "UF2 family: rp2040, rp2350-arm-s, rp2350-arm-ns, rp2350-riscv, nrf52840 or 0xNNNNNNNN">, MetaVarName<"FAMILY">;
def print_memory_usage : F<"print-memory-usage", "Print how full each memory region is">;
def memory_report : J<"memory-report", "Write region and section sizes as JSON">, MetaVarName<"FILE">;
def print_stack_usage : F<"print-stack-usage", "Print the worst-case stack need of the main stack and every handler">;
def stack_report : J<"stack-report", "Write the stack analysis (every root, its need and worst path, what is unknown) as JSON">, MetaVarName<"FILE">;
def stack_check : J<"stack-check", "error (default), warn, strict or none: the link-time stack check">, MetaVarName<"MODE">;
def stack_annotations : J<"stack-annotations", "Sizes of foreign functions and targets of indirect calls for the stack analysis">, MetaVarName<"FILE">;
def emit_script : J<"emit-script", "Write the generated linker script to FILE (- for standard output)">, MetaVarName<"FILE">;
def thumb_checks : J<"thumb-checks", "error (default), warn or none: the M-profile Thumb address and ABI checks">, MetaVarName<"MODE">;
def thumb_labels : J<"thumb-labels", "check (default) or functions: an untyped label in Thumb code whose address is stored is an error, or is linked as a Thumb function (bit 0 set)">, MetaVarName<"MODE">;
def data_dir : J<"noos-data-dir", "Use the target and board database in DIR instead of the installed one">, MetaVarName<"DIR">, Flags<[HelpHidden]>;
def help : F<"help", "Show this help">;
def version : F<"version", "Show the version">;
def verbose : Flag<["-"], "v">, HelpText<"Show the LLD command line">;
def list_boards : F<"list-boards", "List the boards noos knows">;

// --- LLD options that must be recognised whole --------------------------
def passthrough : OptionGroup<"passthrough">;
class PassSep<string name> : Separate<["-", "--"], name>, Group<passthrough>;
class PassJoined<string name> : Joined<["-", "--"], name>, Group<passthrough>;
def p_map : PassJoined<"Map=">;
def p_map_sep : PassSep<"Map">;
def p_map_long : PassJoined<"print-map">;
def p_ttext : PassJoined<"Ttext">;
def p_tdata : PassJoined<"Tdata">;
def p_tbss : PassJoined<"Tbss">;
def p_trodata : PassJoined<"Trodata-segment">;
def p_script : PassSep<"script">;
def p_script_eq : PassJoined<"script=">;
def p_just_symbols : PassJoined<"just-symbols">;
def p_rpath : PassJoined<"rpath">;
def p_mllvm : PassSep<"mllvm">;
def p_plugin : PassSep<"plugin">;
def p_plugin_opt : PassSep<"plugin-opt">;
def p_entry : PassSep<"e">;
def p_entry_long : PassSep<"entry">;
def p_undefined : PassSep<"u">;
def p_undefined_long : PassSep<"undefined">;
def p_wrap : PassSep<"wrap">;
def p_defsym : PassSep<"defsym">;
def p_L : PassSep<"L">;
def p_l : PassSep<"l">;
def p_m : PassSep<"m">;
def p_y : PassSep<"y">;
def p_z : PassSep<"z">;
def p_sysroot : PassSep<"sysroot">;
def p_version_script : PassSep<"version-script">;
def p_exclude_libs : PassSep<"exclude-libs">;
def p_soname : PassSep<"soname">;
def p_Map_long : PassSep<"Map-file">;
