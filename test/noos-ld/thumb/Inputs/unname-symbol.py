"""unname-symbol.py OBJ NAME: sets the st_name of symbol NAME in the ELF32
little-endian object OBJ to 0 (the empty name), in place."""
import struct
import sys

path, name = sys.argv[1], sys.argv[2].encode()
data = bytearray(open(path, "rb").read())
shoff, = struct.unpack_from("<I", data, 0x20)
shentsize, shnum = struct.unpack_from("<HH", data, 0x2e)
secs = [struct.unpack_from("<IIIIIIIIII", data, shoff + i * shentsize) for i in range(shnum)]
for s in secs:
    if s[1] != 2:  # SHT_SYMTAB
        continue
    strtab = secs[s[6]]
    for off in range(s[4], s[4] + s[5], 16):
        st_name, = struct.unpack_from("<I", data, off)
        start = strtab[4] + st_name
        if data[start:data.index(b"\0", start)] == name:
            struct.pack_into("<I", data, off, 0)
            open(path, "wb").write(data)
            sys.exit(0)
sys.exit("unname-symbol.py: no symbol %s in %s" % (name.decode(), path))
