# Compares noos-ld's thread needs (--stack-report JSON) with the unused
# bytes the program measured (lines "ROOT unused N", ROOT the thread's
# entry as the report names it, or lambdaN for C++). A thread's stack is
# its record's constant size, or for an automatic one (no constant: size
# 0 at run time) need + 16 rounded to 8; what it used is at most size -
# unused (the painted words above the canary), which the need must cover.
import json, re, sys

roots = [r for r in json.load(open(sys.argv[1]))["roots"] if r["kind"] == "thread"]
for line in open(sys.argv[2]):
    w = line.split()
    if len(w) != 3 or w[1] != "unused":
        continue
    # C++: lambdaN is main's Nth lambda, whose run function's mangled
    # name holds its closure type, $_N.
    match = [r for r in roots if r["root"] == w[0] or
             (w[0].startswith("lambda") and
              re.search(r"\$_%s[^0-9]" % w[0][6:], r["root"]))]
    if len(match) != 1:
        print("%s: %d roots in the report" % (w[0], len(match)))
        continue
    r = match[0]
    have = r.get("have")
    size = have if isinstance(have, int) else (r["need"] + 16 + 7) & ~7
    used = size - int(w[2])
    print("%s: %s (need %d, used at most %d of %d, bounded %s)" % (
        w[0], "sound" if r["bounded"] and r["need"] >= used else "UNSOUND",
        r["need"], used, size, r["bounded"]))
