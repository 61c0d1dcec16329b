#!/usr/bin/env python3
"""Every diagnostic noos can emit is listed in docs/noos-ld.md, with its test.

The messages are read from the sources: the string literals passed to
makeError(), error(), warning(), fail() and report() in lib/ and tools/, the
statements that print ": error: " themselves, and the layout templates'
ASSERT()s. A message's key is its longest literal piece (the values are
filled in at run time), so the key appears verbatim in the documentation,
where values are written as '…', and in any test that checks the message.

The "Diagnostics" section of docs/noos-ld.md holds tables whose last column
is "Test": the test files (paths under test/) that check the row's messages,
or "untested: <reason>" for a message no test can reach. This script fails
when
  - a message in the sources is in no row of the section,
  - a row's test file does not exist or does not contain the key of any
    message of that row.
Usage: check-diagnostics.py SOURCE_ROOT          check
       check-diagnostics.py --fill SOURCE_ROOT   add the Test column where a
           table lacks it, naming the tests that contain each row's keys
"""
import glob
import os
import re
import sys

CALL = re.compile(r'\b(makeError|error|warning|fail|report)\s*\(')
LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
MIN_KEY = 10
# Subsections of the Diagnostics section for the tools other than noos-ld;
# their messages (tool_of) are looked up in their own tables only, so that
# a short key does not match another tool's row.
TOOLS = ("noos-run", "noos-clang")
# Errors made and consumed at once, never printed, with the reason.
NOT_MESSAGES = {
    ("lib/Link/Driver.cpp", "not linked"):
        "a placeholder for a failed link, consumed (consumeError) unprinted; "
        "LLD's own messages are printed instead",
}


def literal_pieces(text):
    out = []
    for s in LITERAL.findall(text):
        s = bytes(s, "utf-8").decode("unicode_escape").strip()
        # A literal can hold several pieces split by format placeholders.
        for piece in re.split(r"%[-0-9]*[a-z]", s):
            piece = piece.strip()
            # The prefix of a statement that prints a message passed to it
            # (": warning: " beside ": error: ") is not a message.
            if re.fullmatch(r":?\s*(error|warning|note):?", piece):
                continue
            if len(piece) >= MIN_KEY:
                out.append(piece)
    return out


def call_body(text, start):
    """The text between the '(' that ends at start and its ')'."""
    depth, j = 1, start
    while j < len(text) and depth:
        c = text[j]
        if c == '"':
            j += 1
            while j < len(text) and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
        elif c == "/" and text.startswith("//", j):
            j = text.find("\n", j)
            if j < 0:
                break
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        j += 1
    return text[start:j - 1]


def source_messages(root):
    msgs = []
    files = []
    for pat in ("lib/**/*.cpp", "lib/**/*.h", "tools/**/*.cpp"):
        files += glob.glob(os.path.join(root, pat), recursive=True)
    for f in sorted(files):
        text = open(f, encoding="utf-8").read()
        rel = os.path.relpath(f, root)
        bodies = []
        for m in CALL.finditer(text):
            # Skip declarations and definitions of these functions.
            line = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
            if re.search(r"\b(void|int|Error|bool)\s+$", line):
                continue
            bodies.append((m.start(), call_body(text, m.end())))
        for m in re.finditer(r'": error: [^"]*"', text):
            end = text.find(";", m.end())
            bodies.append((m.start(), text[m.end():end]))
        for pos, body in bodies:
            pieces = literal_pieces(body)
            if pieces and (rel, max(pieces, key=len)) not in NOT_MESSAGES:
                msgs.append((rel, text.count("\n", 0, pos) + 1,
                             max(pieces, key=len)))
    for f in sorted(glob.glob(os.path.join(root, "linker-scripts/*.ld"))):
        text = open(f, encoding="utf-8").read()
        for m in re.finditer(r'ASSERT\s*\(', text):
            pieces = literal_pieces(call_body(text, m.end()))
            if pieces:
                msgs.append((os.path.relpath(f, root),
                             text.count("\n", 0, m.start()) + 1,
                             max(pieces, key=len)))
    # One entry per key.
    seen, unique = set(), []
    for m in msgs:
        if m[2] not in seen:
            seen.add(m[2])
            unique.append(m)
    return unique


def diagnostics_rows(root):
    doc = open(os.path.join(root, "docs", "noos-ld.md"), encoding="utf-8").read()
    start = doc.index("\n## Diagnostics")
    end = doc.find("\n## ", start + 1)
    section = doc[start:end if end > 0 else len(doc)]
    rows = []
    tool = "noos-ld"
    for line in section.splitlines():
        # "**noos-run**" and "**noos-clang**" start the other tools' tables.
        m = re.match(r"^\*\*([^*]+)\*\*", line)
        if m:
            title = m.group(1).strip()
            tool = title if title in TOOLS else "noos-ld"
        if not line.startswith("|") or re.match(r"^\|[-| ]+\|$", line):
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if cells and cells[0] in ("Message", "Diagnostic"):
            continue
        rows.append((tool, cells))
    return rows


def tool_of(rel):
    """The tool whose subsection must list a message from source file rel."""
    for prefix, tool in (("lib/Run/", "noos-run"), ("tools/noos-run", "noos-run"),
                         ("lib/Clang/", "noos-clang"),
                         ("tools/noos-clang", "noos-clang")):
        if rel.startswith(prefix):
            return tool
    return None  # shared code (noos-ld's): any table


def test_files(root):
    files = {}
    for f in sorted(glob.glob(os.path.join(root, "test/**/*"), recursive=True)):
        if os.path.isfile(f) and "/Inputs/" not in f and "/fuzz/" not in f:
            try:
                files[os.path.relpath(f, root)] = open(f, encoding="utf-8").read()
            except UnicodeDecodeError:
                pass
    return files


def fill(root):
    """Adds a Test column to the Diagnostics tables that lack one."""
    msgs = source_messages(root)
    tests = test_files(root)
    path = os.path.join(root, "docs", "noos-ld.md")
    doc = open(path, encoding="utf-8").read()
    start = doc.index("\n## Diagnostics")
    end = doc.find("\n## ", start + 1)
    out = []
    for line in doc[start:end].splitlines():
        if line.startswith("|") and "| Test |" not in line:
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            if re.match(r"^\|[-| ]+\|$", line):
                line += "---|"
            elif cells[0] in ("Message", "Diagnostic"):
                line += " Test |"
            else:
                text = " ".join(cells).replace("\\|", "|")
                keys = [k for _, _, k in msgs if k in text]
                found = []
                for k in keys:
                    hit = [f for f, t in tests.items() if k in t]
                    hit.sort(key=lambda f: (not f.endswith(".test"), f))
                    if hit and not any(h in found for h in hit):
                        found.append(hit[0])
                line += " %s |" % (", ".join("`%s`" % f for f in found)
                                    if found else "untested: TODO")
        out.append(line)
    doc = doc[:start] + "\n".join(out) + doc[end:]
    open(path, "w", encoding="utf-8").write(doc)


def main():
    if sys.argv[1] == "--fill":
        return fill(sys.argv[2]) or 0
    root = sys.argv[1]
    msgs = source_messages(root)
    tooled = diagnostics_rows(root)
    rows = [cells for _, cells in tooled]
    problems = []
    for cells in rows:
        if len(cells) < 3:
            problems.append("docs/noos-ld.md: a Diagnostics row has no Test "
                            "column: | %s |" % " | ".join(cells))
    norm = lambda s: s.replace("\\|", "|")
    for rel, line, key in msgs:
        tool = tool_of(rel)
        hits = [c for t, c in tooled
                if (tool is None or t == tool) and key in norm(" ".join(c[:-1]))]
        if not hits:
            problems.append("%s:%d: message %r is not listed in the Diagnostics "
                            "section of docs/noos-ld.md%s: add a row with its test"
                            % (rel, line, key,
                               " (under **%s**)" % tool if tool else ""))
            continue
        row = hits[0]
        test = row[-1]
        if test.startswith("untested:"):
            reason = test[len("untested:"):].strip()
            if not reason or reason.startswith("TODO"):
                problems.append("%s:%d: the row of %r says %r: write its test, "
                                "or give the reason no test can reach it"
                                % (rel, line, key, test))
            continue
        files = re.findall(r"`?(test/[^`,; ]+)`?", test)
        if not files:
            problems.append("docs/noos-ld.md: the row of %r names no test file "
                            "(test/...) nor 'untested: <reason>'" % key)
            continue
        texts = []
        for f in files:
            p = os.path.join(root, f)
            if not os.path.isfile(p):
                problems.append("docs/noos-ld.md: test file %s named for %r "
                                "does not exist" % (f, key))
                continue
            texts.append(open(p, encoding="utf-8", errors="replace").read())
        if texts and not any(key in t for t in texts):
            problems.append("%s:%d: message %r is not checked by %s (named in "
                            "docs/noos-ld.md)" % (rel, line, key, ", ".join(files)))
    for p in problems:
        print(p)
    print("%d messages, %d documented rows, %d problems"
          % (len(msgs), len(rows), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
