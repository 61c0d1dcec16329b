"""Makes an Arm ELF object that crashes LLD 22 (ld.lld-22 too) although
its sections and relocations stay within bounds: the first relocation of
.rel.vectors becomes R_ARM_MOVT_BREL, and the section symbols lose their
type (STT_SECTION becomes STT_NOTYPE).

Usage: crash-movt.py IN OUT
"""
import struct
import sys

data = bytearray(open(sys.argv[1], "rb").read())
shoff, = struct.unpack_from("<I", data, 0x20)
shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x2E)
shdrs = [struct.unpack_from("<10I", data, shoff + i * shentsize)
         for i in range(shnum)]
names = shdrs[shstrndx][4]


def name(h):
    end = data.index(b"\0", names + h[0])
    return data[names + h[0]:end].decode()


for h in shdrs:
    if name(h) == ".rel.vectors":
        info, = struct.unpack_from("<I", data, h[4] + 4)
        struct.pack_into("<I", data, h[4] + 4, (info & ~0xFF) | 0x55)
    if h[1] == 2:  # SHT_SYMTAB
        for off in range(h[4], h[4] + h[5], 16):
            if data[off + 12] & 0xF == 3:  # STT_SECTION
                data[off + 12] &= 0xF0
open(sys.argv[2], "wb").write(data)
