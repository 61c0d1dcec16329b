# noos: the two commands a new user runs.
#   make demo   install what is missing, build, link an example, run it on QEMU
#   make check  install what is missing, build, run every test
# Other targets: build, deps, bench, install (PREFIX=...), clean,
#   fuzz (FUZZ_SECONDS per harness, in $(FUZZ_BUILD); docs/fuzzing.md),
#   sanitize-check (the unit tests and corpus replays under ASan+UBSan,
#   in $(SAN_BUILD); part of check).

BUILD ?= build
PREFIX ?= $(CURDIR)/$(BUILD)/install
JOBS ?= 2
LIT ?= /usr/lib/llvm-22/bin/lit
LIT_FLAGS ?= -sv
CMAKE_FLAGS ?=
FUZZ_BUILD ?= build-fuzz
SAN_BUILD ?= build-san
FUZZ_SECONDS ?= 60
FUZZERS ?=
CMAKE_CONFIGURE = cmake -G Ninja -S . -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
	  -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
	  -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld

.PHONY: all deps configure build check sanitize-check fuzz demo bench install clean

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
	$(MAKE) --no-print-directory sanitize-check

# lib/ under ASan+UBSan (LLVM's libraries as Debian built them): the unit
# tests, and every fuzz corpus and crash reproducer replayed once.
$(SAN_BUILD)/build.ninja: | deps
	$(CMAKE_CONFIGURE) -B $(SAN_BUILD) -DCMAKE_BUILD_TYPE=Release -DNOOS_SANITIZE=ON $(CMAKE_FLAGS)

sanitize-check: deps $(SAN_BUILD)/build.ninja
	ninja -C $(SAN_BUILD) -j$(JOBS) noos-sanitizer-tests
	$(LIT) $(LIT_FLAGS) $(SAN_BUILD)/test/unit $(SAN_BUILD)/test/fuzz

# The fuzz harnesses with libFuzzer, each run for FUZZ_SECONDS
# (FUZZERS="board input-scan" picks some).
$(FUZZ_BUILD)/build.ninja: | deps
	$(CMAKE_CONFIGURE) -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Release -DNOOS_FUZZ=ON $(CMAKE_FLAGS)

fuzz: deps $(FUZZ_BUILD)/build.ninja
	ninja -C $(FUZZ_BUILD) -j$(JOBS) noos-fuzzers
	@bash scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZERS)

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
	rm -rf $(BUILD) $(SAN_BUILD) $(FUZZ_BUILD)
