// noos-run's options. They come before the image; everything after the image
// is the program's own command line.

include "llvm/Option/OptParser.td"

class F<string name, string help> : Flag<["--", "-"], name>, HelpText<help>;
class J<string name, string help> : Joined<["--", "-"], name # "=">, HelpText<help>;

def board : J<"board", "Run on this board (a name or a board file) instead of the one the image records">, MetaVarName<"NAME|FILE">;
def board_sep : Separate<["--", "-"], "board">, Alias<board>;
def timeout : J<"timeout", "Stop the program after SECONDS and exit with 124 (default 60; 0: no limit; with --gdb: no limit unless given)">, MetaVarName<"SECONDS">;
def timeout_sep : Separate<["--", "-"], "timeout">, Alias<timeout>;
def gdb : F<"gdb", "Start halted and wait for a debugger on port 1234">;
def gdb_eq : J<"gdb", "Start halted and wait for a debugger on PORT">, MetaVarName<"PORT">;
def qemu_arg : J<"qemu-arg", "Add ARG to QEMU's command line, after noos-run's own (repeatable: one QEMU word each, e.g. --qemu-arg=-serial --qemu-arg=null)">, MetaVarName<"ARG">;
def qemu_arg_sep : Separate<["--", "-"], "qemu-arg">, Alias<qemu_arg>;
def no_symbolize : F<"no-symbolize", "Do not add the source lines of the addresses in a fault report (added on stderr), nor decode fault records (--fault-report=record): the output as the program wrote it">;
def decode_fault : F<"decode-fault", "Do not run: decode the fault records (--fault-report=record, and an uncaught C++ exception's) in LOG, else stdin, against the image, into full reports with source lines">;
def qemu : J<"qemu", "The QEMU program to run (default: the board's, e.g. qemu-system-arm, from PATH)">, MetaVarName<"PATH">;
def verbose : Flag<["-"], "v">, HelpText<"Show the QEMU command line on stderr before running it">;
def verbose_long : F<"verbose", "">, Alias<verbose>;
def print_command : F<"print-command", "Print the QEMU command line and exit without running it">;
def data_dir : J<"noos-data-dir", "Use the target and board database in DIR instead of the installed one">, MetaVarName<"DIR">, Flags<[HelpHidden]>;
def help : F<"help", "Show this help">;
def help_short : Flag<["-"], "h">, Alias<help>;
def version : F<"version", "Show the version">;
