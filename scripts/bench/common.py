"""Helpers shared by the sections of make bench (scripts/bench.py)."""

import os
import shutil
import struct
import subprocess


class BenchError(Exception):
    """Ends the run with one line on stderr: status 2 for a missing tool,
    1 for anything that fails to build or run."""

    def __init__(self, msg, status=1):
        super().__init__(msg)
        self.status = status


def find_tool(path, what, hint, search_path=True):
    if os.path.isfile(path) and os.access(path, os.X_OK):
        return path
    found = search_path and shutil.which(os.path.basename(path))
    if found:
        return found
    raise BenchError("%s not found at %s (%s)" % (what, path, hint), 2)


def first_line(text):
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return "(no message)"


def run(cmd, what, cwd=None, timeout=120, input=None):
    """Runs cmd; returns the CompletedProcess, raising BenchError (one line)
    when it cannot start, times out or exits non-zero."""
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, timeout=timeout,
                           input=input,
                           stdin=None if input is not None else subprocess.DEVNULL)
    except OSError as e:
        raise BenchError("%s: cannot run %s: %s" % (what, cmd[0], e))
    except subprocess.TimeoutExpired:
        raise BenchError("%s: %s timed out after %d s" % (what, os.path.basename(cmd[0]),
                                                          timeout))
    if p.returncode != 0:
        raise BenchError("%s failed (exit %d): %s"
                         % (what, p.returncode, first_line(p.stderr + p.stdout)))
    return p


def write_if_changed(path, text):
    """Writes a generated input unless it is already there, so that the
    cached copy under BUILD/bench keeps its time stamp."""
    try:
        with open(path) as f:
            if f.read() == text:
                return False
    except OSError:
        pass
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)
    return True


def tool_version(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return first_line(p.stdout)


# ---------------------------------------------------------------- report

def human(n):
    for unit, scale in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            return "%.1f %s" % (n / scale, unit)
    return "%d B" % n


def table(rows, aligns):
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for n, r in enumerate(rows):
        cells = [c.ljust(w) if a == "<" else c.rjust(w)
                 for c, w, a in zip(r, widths, aligns)]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def banner(title):
    print()
    print("=== %s ===" % title)


# ---------------------------------------------------------------- ELF

SHF_WRITE, SHF_ALLOC, SHF_EXECINSTR, SHF_TLS = 0x1, 0x2, 0x4, 0x400
SHT_NOBITS = 8
STT_FUNC, STT_OBJECT = 2, 1


class Elf:
    """The sections and symbols of a little-endian ELF file, 32- or 64-bit
    (enough of the format for the size and reset sections)."""

    def __init__(self, path):
        with open(path, "rb") as f:
            data = f.read()
        if data[:4] != b"\x7fELF" or data[4] not in (1, 2) or data[5] != 1:
            raise BenchError("%s is not a little-endian ELF file" % path)
        self.path = path
        wide = data[4] == 2
        self.bits = 64 if wide else 32
        self.machine, = struct.unpack_from("<H", data, 0x12)
        if wide:
            self.entry, phoff, shoff = struct.unpack_from("<QQQ", data, 0x18)
            phentsize, phnum, shentsize, shnum, shstrndx = struct.unpack_from(
                "<HHHHH", data, 0x36)
        else:
            self.entry, phoff, shoff = struct.unpack_from("<III", data, 0x18)
            phentsize, phnum, shentsize, shnum, shstrndx = struct.unpack_from(
                "<HHHHH", data, 0x2A)
        # name, type, flags, addr, offset, size, link, entsize
        raw = []
        for i in range(shnum):
            if wide:
                name, typ, flags, addr, off, size, link, _info, _al, ent = \
                    struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)
            else:
                name, typ, flags, addr, off, size, link, _info, _al, ent = \
                    struct.unpack_from("<IIIIIIIIII", data, shoff + i * shentsize)
            raw.append((name, typ, flags, addr, off, size, link, ent))
        stroff = raw[shstrndx][4]

        def cstr(off):
            return data[off:data.index(b"\0", off)].decode("latin-1")

        self.sections = []
        for name, typ, flags, addr, off, size, link, ent in raw:
            self.sections.append({"name": cstr(stroff + name), "type": typ,
                                  "flags": flags, "addr": addr, "offset": off,
                                  "size": size, "link": link,
                                  "entsize": ent})
        self.segments = []
        for i in range(phnum):
            if wide:
                typ, flags, off, vaddr, paddr, filesz, memsz, _align = struct.unpack_from(
                    "<IIQQQQQQ", data, phoff + i * phentsize)
            else:
                typ, off, vaddr, paddr, filesz, memsz, flags, _align = struct.unpack_from(
                    "<IIIIIIII", data, phoff + i * phentsize)
            self.segments.append({"type": typ, "offset": off, "vaddr": vaddr,
                                  "paddr": paddr, "filesz": filesz, "memsz": memsz,
                                  "flags": flags})
        self.symbols = []
        symsize = 24 if wide else 16
        for s in self.sections:
            if s["type"] != 2:  # SHT_SYMTAB
                continue
            strtab = self.sections[s["link"]]["offset"]
            for i in range(s["size"] // symsize):
                if wide:
                    name, info, _other, shndx, value, size = struct.unpack_from(
                        "<IBBHQQ", data, s["offset"] + symsize * i)
                else:
                    name, value, size, info, _other, shndx = struct.unpack_from(
                        "<IIIBBH", data, s["offset"] + symsize * i)
                self.symbols.append({"name": cstr(strtab + name), "value": value,
                                     "size": size, "type": info & 0xF,
                                     "bind": info >> 4, "shndx": shndx})
        self._data = data

    def segment_of(self, sec):
        """The PT_LOAD segment holding an allocated section, or None."""
        for g in self.segments:
            if (g["type"] == 1 and g["vaddr"] <= sec["addr"]
                    and sec["addr"] + sec["size"] <= g["vaddr"] + g["memsz"]
                    and (sec["type"] == SHT_NOBITS
                         or g["offset"] <= sec["offset"] < g["offset"] + max(g["filesz"], 1))):
                return g
        return None

    def in_flash_only(self, sec):
        """Whether an allocated section with contents stays where it is
        loaded: read-only, or writable but run from its load address in an
        executable segment (picolibc's .init vector table). Sections copied
        to RAM at start-up (run address != load address) and writable ones
        in data segments are data."""
        if sec["type"] == SHT_NOBITS:
            return False
        g = self.segment_of(sec)
        if g is not None and g["paddr"] != g["vaddr"]:
            return False
        if not sec["flags"] & SHF_WRITE:
            return True
        return g is not None and bool(g["flags"] & 1)  # PF_X

    def section(self, name):
        return next((s for s in self.sections if s["name"] == name), None)

    def symbol(self, name):
        """Address of a defined symbol (Thumb bit cleared), or None."""
        for s in self.symbols:
            if s["name"] == name and s["shndx"] != 0:
                return s["value"] & ~1
        return None

    def read(self, addr, size):
        """Bytes of a PROGBITS section at a run address."""
        for s in self.sections:
            if (s["flags"] & SHF_ALLOC and s["type"] != SHT_NOBITS
                    and s["addr"] <= addr and addr + size <= s["addr"] + s["size"]):
                off = s["offset"] + addr - s["addr"]
                return self._data[off:off + size]
        return None


def elf_sizes(path):
    """Berkeley-style text/data/bss of a little-endian ELF file, plus the
    size of its .text section (the link section's view)."""
    elf = Elf(path)
    sizes = {"text": 0, "data": 0, "bss": 0, ".text": 0, "sections": {}}
    for s in elf.sections:
        if s["name"] == ".text":
            sizes[".text"] = s["size"]
        if not s["flags"] & SHF_ALLOC:
            continue
        sizes["sections"][s["name"]] = s["size"]
        if s["type"] == SHT_NOBITS:
            sizes["bss"] += s["size"]
        elif s["flags"] & SHF_WRITE:
            sizes["data"] += s["size"]
        else:
            sizes["text"] += s["size"]
    return sizes
