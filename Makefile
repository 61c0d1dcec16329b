# noos: the two commands a new user runs.
#   make demo   install what is missing, build, link an example, run it on QEMU
#   make check  install what is missing, build, run every test
# Other targets: build, deps, bench, install (PREFIX=...), clean.

BUILD ?= build
PREFIX ?= $(CURDIR)/$(BUILD)/install
JOBS ?= 2
LIT ?= /usr/lib/llvm-22/bin/lit
LIT_FLAGS ?= -sv
CMAKE_FLAGS ?=

.PHONY: all deps configure build check demo bench install clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	cmake -G Ninja -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release \
	  -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
	  -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
	  -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld \
	  -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_FLAGS)

configure: $(BUILD)/build.ninja

build: deps configure
	ninja -C $(BUILD) -j$(JOBS)

check: build
	$(LIT) $(LIT_FLAGS) $(BUILD)/test $(BUILD)/test/unit

demo: build
	@bash scripts/demo.sh $(BUILD)

bench: build
	@python3 scripts/bench.py --build $(BUILD)

# PREFIX given on the command line (or in the environment) is where this
# install goes, even when build/ was configured for another prefix; without
# it, the configured prefix.
install: build
	cmake --install $(BUILD)$(if $(filter command line environment,$(origin PREFIX)), --prefix $(PREFIX))

clean:
	rm -rf $(BUILD)
