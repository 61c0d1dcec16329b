"""Berkeley text and bss of an ELF file from its section headers
(llvm-readelf -S output on stdin): text is every allocated read-only
section, bss every writable NOBITS one. For comparing with llvm-size."""
import re
import sys

text = bss = 0
for m in re.finditer(r"\] (\S+) +(\S+) +[0-9a-f]+ [0-9a-f]+ ([0-9a-f]+) [0-9a-f]+ +([A-Za-z]*) ",
                     sys.stdin.read()):
    size, flags = int(m[3], 16), m[4]
    if "A" in flags and "W" not in flags:
        text += size
    elif "W" in flags and m[2] == "NOBITS":
        bss += size
print("text=%d bss=%d" % (text, bss))
