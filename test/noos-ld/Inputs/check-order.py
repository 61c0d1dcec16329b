#!/usr/bin/env python3
"""check-order.py NOOS_LD ORDER_FILE: checks that noos-ld was linked with
its ordering file (tools/noos-ld/startup.order) and that the file still
fits the LLVM it was linked against. Prints one line per property:
  known: the share of the listed functions noos-ld defines (an LLVM update
         renames some; below 90 %, regenerate with scripts/noos-ld-order.py)
  placed: whether the listed functions of .text lie together, within
         twice their own size (unordered, they spread over all of .text)"""
import subprocess
import sys

ld, order = sys.argv[1], sys.argv[2]
names = [l.strip() for l in open(order) if l.strip() and not l.startswith("#")]
nm = subprocess.run(["llvm-nm", "--defined-only", "--print-size", ld],
                    check=True, capture_output=True, text=True).stdout
syms = {}
for line in nm.splitlines():
    f = line.split()
    if len(f) == 4 and f[2] in "tTwW":
        syms[f[3]] = (int(f[0], 16), int(f[1], 16))
sec = subprocess.run(["llvm-readelf", "-SW", ld], check=True, capture_output=True,
                     text=True).stdout
text = next(l.split() for l in sec.splitlines() if " .text " in l)
i = text.index(".text")
lo = int(text[i + 2], 16)
hi = lo + int(text[i + 4], 16)
known = [syms[n] for n in names if n in syms]
share = len(known) / len(names)
print("known: %s (%d of %d)" % ("yes" if share >= 0.9 else "NO", len(known), len(names)))
inside = [(a, s) for a, s in known if lo <= a < hi]
span = max(a + s for a, s in inside) - min(a for a, s in inside)
size = sum(s for a, s in inside)
print("placed: %s (%d functions, %d bytes, over %d bytes of %d)"
      % ("yes" if span <= 2 * size else "NO", len(inside), size, span, hi - lo))
