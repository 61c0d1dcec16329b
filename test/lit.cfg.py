# lit configuration for the noos tool and runtime tests.
import os
import lit.formats
import lit.util

config.name = "noos"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".test", ".s", ".c", ".cpp", ".ld"]
config.excludes = ["Inputs", "unit", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.noos_obj_root, "test")

path = os.path.pathsep.join([config.noos_tools_dir, config.llvm_tools_dir,
                             config.environment.get("PATH", os.environ["PATH"])])
config.environment["PATH"] = path

def tool(name):
    return os.path.join(config.llvm_tools_dir, name)

config.substitutions.append(("%noos-ld", os.path.join(config.noos_tools_dir, "noos-ld")))
config.substitutions.append(("%share", config.noos_share_dir))
# The noos driver under the names it is installed as.
config.substitutions.append(("%noos-clangxx", os.path.join(config.noos_tools_dir, "clang++")))
config.substitutions.append(("%noos-clang", os.path.join(config.noos_tools_dir, "clang")))
config.substitutions.append(("%bin", config.noos_tools_dir))
config.substitutions.append(("%src", config.noos_src_root))
# Assemble and compile fixtures with clang 22 for the LLVM triple.
config.substitutions.append(("%clang", tool("clang")))
config.substitutions.append(("%mc", tool("llvm-mc")))
# Run an image on its board's QEMU model; the exit status is the program's.
# Usage: %run image.elf [args...] (the board comes from the image's note)
config.substitutions.append(("%run", os.path.join(config.noos_tools_dir, "noos-run")))
# The plain QEMU invocation noos-run makes, for images without a note.
# Usage: %qemu MACHINE image.elf
config.substitutions.append(("%qemu", os.path.join(config.noos_src_root, "test", "Inputs", "qemu-run.sh")))

if config.qemu_arm and os.path.exists(config.qemu_arm):
    config.available_features.add("qemu-arm")
    # Debian's qemu-system-arm package installs qemu-system-aarch64 beside it.
    if os.path.exists(os.path.join(os.path.dirname(config.qemu_arm),
                                   "qemu-system-aarch64")):
        config.available_features.add("qemu-aarch64")
import shutil
if shutil.which("qemu-system-riscv64") and shutil.which("qemu-system-riscv32"):
    config.available_features.add("qemu-riscv")
if config.arm_gcc and os.path.exists(config.arm_gcc):
    config.available_features.add("arm-gcc")
