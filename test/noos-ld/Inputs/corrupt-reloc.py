"""Corrupts an Arm ELF object the way that crashes LLD 22 (ld.lld-22 too):
the first relocation of SECTION gets the offset 0xffffffff.

Usage: corrupt-reloc.py IN OUT SECTION   (e.g. .rel.vectors)
"""
import struct
import sys

data = bytearray(open(sys.argv[1], "rb").read())
shoff, = struct.unpack_from("<I", data, 0x20)
shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x2E)


def shdr(i):
    return struct.unpack_from("<10I", data, shoff + i * shentsize)


strtab_off = shdr(shstrndx)[4]
for i in range(shnum):
    name, _, _, _, offset, size = shdr(i)[:6]
    end = data.index(b"\0", strtab_off + name)
    if data[strtab_off + name:end].decode() == sys.argv[3] and size >= 8:
        struct.pack_into("<I", data, offset, 0xFFFFFFFF)
        break
else:
    sys.exit("no relocations in " + sys.argv[3])
open(sys.argv[2], "wb").write(data)
