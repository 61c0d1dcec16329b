"""long-link.py DIR: makes DIR/out.elf a symbolic link that stat() follows
but realpath() cannot resolve (ENAMETOOLONG): two chained relative links
into a directory more than PATH_MAX (4096) bytes deep, ending at an empty
regular file."""
import os
import sys

os.chdir(sys.argv[1])
half = "/".join(["d" * 200] * 12)  # about 2400 bytes; twice that is too long
os.makedirs(half)
os.chdir(half)
os.makedirs(half)
open(os.path.join(half, "target.elf"), "w").close()
os.symlink(os.path.join(half, "target.elf"), "link2")
os.chdir(sys.argv[1])
os.symlink(os.path.join(half, "link2"), "out.elf")
