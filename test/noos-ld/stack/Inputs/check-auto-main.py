#!/usr/bin/env python3
"""--stack-size=auto's result: the generated script's and the image's main
stack size is the report's need plus 16, rounded up to 16.
Usage: check-auto-main.py REPORT.json SCRIPT.ld IMAGE.elf"""
import json
import re
import subprocess
import sys

report, script, image = sys.argv[1:4]
main = json.load(open(report))["main_stack"]
if not main["bounded"]:
    sys.exit("the main stack's need is not bounded")
need = main["need"]
want = (need + 16 + 15) // 16 * 16
m = re.search(r"__noos_stack_size = (0x[0-9a-fA-F]+);", open(script).read())
if not m:
    sys.exit("no __noos_stack_size in the script")
size = int(m.group(1), 16)
if size != want:
    sys.exit("stack %d, want %d (need %d)" % (size, want, need))
if main["have"] != size:
    sys.exit("the report says the stack has %d, the script %d" % (main["have"], size))
syms = subprocess.run(["llvm-nm", image], capture_output=True, text=True, check=True).stdout
addr = {}
for line in syms.splitlines():
    p = line.split()
    if len(p) == 3:
        addr[p[2]] = int(p[0], 16)
if addr["__stack"] - addr["__stack_limit"] != size:
    sys.exit("the image's stack is %d bytes" % (addr["__stack"] - addr["__stack_limit"]))
print("need %d, stack %d = need + 16 rounded to 16; symbols agree" % (need, size))
