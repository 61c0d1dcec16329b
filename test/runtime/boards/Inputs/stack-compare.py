"""Compares noos-ld's stack report with a measured high-water mark.

usage: stack-compare.py REPORT.json OUTPUT (the program's, with "high-water N")
Prints "sound" when the computed need of the main stack is at least the
measured mark, and "tight" when the reset path's need is within 1.3x of it;
otherwise says which figure is off, with both numbers.
"""
import json
import sys

report = json.load(open(sys.argv[1]))
lines = [l.split() for l in open(sys.argv[2]) if l.startswith("high-water ")]
if len(lines) != 1 or len(lines[0]) != 2:
    sys.exit("stack-compare.py: expected one line 'high-water N' in %s" % sys.argv[2])
measured = int(lines[0][1])
total = report["main_stack"]["need"]
reset = next(r for r in report["roots"] if r["kind"] == "main")["need"]
print("sound" if total >= measured else
      "UNSOUND: need %d < measured %d" % (total, measured))
print("tight" if reset <= 1.3 * measured else
      "LOOSE: reset path %d > 1.3 x measured %d" % (reset, measured))
# --stack-size=auto: the report's stack (have) is its bounded need + 16,
# rounded up to 16, and holds what the program used.
main = report["main_stack"]
if main["bounded"] and main["have"] == (main["need"] + 16 + 15) // 16 * 16:
    print("auto: the stack is the bounded need + 16, rounded to 16, and "
          "holds the high-water mark" if measured <= main["have"] else
          "auto: OVERFLOW: measured %d > stack %d" % (measured, main["have"]))
