#!/usr/bin/env python3
"""Writes an archive holding one object whose symbol table or member header
is malformed in a chosen way, for bad-archives.test.

Usage: bad-archive.py MODE OBJECT SYMBOL OUTPUT
  good          a well-formed GNU archive (symbol table naming SYMBOL)
  huge-count    GNU symbol table claiming 0xffffffff symbols
  count-past    GNU symbol table claiming more symbols than it has names
  unterminated  GNU symbol table whose last name has no NUL
  bsd-strx      BSD (__.SYMDEF) symbol table with a string offset past its
                string table
  bsd-ranlib    BSD symbol table whose ranlib size runs past the table
  truncated     the member's size runs past the end of the file
  terminator    the member header ends in two newlines, not "`\\n", and
                the member's name has a newline in it
"""
import struct
import sys

mode, obj_path, symbol, out_path = sys.argv[1:5]
obj = open(obj_path, "rb").read()
sym = symbol.encode()


def member(name, body, size=None):
    size = len(body) if size is None else size
    hdr = b"%-16s%-12s%-6s%-6s%-8s%-10d`\n" % (name, b"0", b"0", b"0", b"644", size)
    assert len(hdr) == 60
    return hdr + body + (b"\n" if len(body) % 2 else b"")


def gnu_symtab(count, names):
    # The object member follows the symbol table member.
    body_len = 4 + 4 * 1 + len(names)
    offset = 8 + 60 + body_len + (body_len % 2)
    return struct.pack(">I", count) + struct.pack(">I", offset) + names


def bsd_symtab(ranlib_bytes, strx, strings):
    body_len = 4 + 8 + 4 + len(strings)
    offset = 8 + 60 + body_len + (body_len % 2)
    return (struct.pack("<I", ranlib_bytes) + struct.pack("<II", strx, offset)
            + struct.pack("<I", len(strings)) + strings)


if mode == "good":
    out = member(b"/", gnu_symtab(1, sym + b"\0")) + member(b"a.o/", obj)
elif mode == "huge-count":
    out = member(b"/", gnu_symtab(0xFFFFFFFF, sym + b"\0")) + member(b"a.o/", obj)
elif mode == "count-past":
    out = member(b"/", gnu_symtab(1000, sym + b"\0")) + member(b"a.o/", obj)
elif mode == "unterminated":
    out = member(b"/", gnu_symtab(1, sym)) + member(b"a.o/", obj)
elif mode == "bsd-strx":
    out = member(b"__.SYMDEF", bsd_symtab(8, 0x7FFFFFF0, sym + b"\0")) + member(b"a.o", obj)
elif mode == "bsd-ranlib":
    out = member(b"__.SYMDEF", bsd_symtab(0x7FFFFFF8, 0, sym + b"\0")) + member(b"a.o", obj)
elif mode == "truncated":
    out = member(b"/", gnu_symtab(1, sym + b"\0")) + member(b"a.o/", obj, size=len(obj) + 4096)
elif mode == "terminator":
    m = member(b"a\nb.o/", obj)
    out = member(b"/", gnu_symtab(1, sym + b"\0")) + m[:58] + b"\n\n" + m[60:]
else:
    sys.exit("bad-archive.py: unknown mode " + mode)
open(out_path, "wb").write(b"!<arch>\n" + out)
