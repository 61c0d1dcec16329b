#!/usr/bin/env bash
# Checks printers.c's output: FILE, lines per thread. Prints whether all
# lines are there, whether the threads took turns, the number of torn
# lines (with the first few), and the program's last line.
set -eu
out=$1 n=$2
whole='^([abc]) [0-9]{4} \1{40}$'
count=$(grep -cE "$whole" "$out" || true)
[ "$count" -eq $((3 * n)) ] && echo "lines: ok" || echo "lines: $count of $((3 * n))"
turns=$(grep -E "$whole" "$out" | cut -c1 | uniq | wc -l)
[ "$turns" -gt $((3 * n / 100)) ] && echo "turns: ok" || echo "turns: only $turns"
torn=$(grep -vcE "$whole|^printers: done\$" "$out" || true)
echo "torn: $torn"
grep -vE "$whole|^printers: done\$" "$out" | head -3
tail -1 "$out"
