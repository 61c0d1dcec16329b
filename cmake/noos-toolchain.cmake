# CMake toolchain file for noos firmware: C, C++ and assembly for the
# <arch>-noos targets, compiled by noos-clang and linked by noos-ld.
#
#   cmake -G Ninja -S fw -B fw/build \
#     -DCMAKE_TOOLCHAIN_FILE=<prefix>/share/noos/cmake/noos-toolchain.cmake \
#     [-DNOOS_TARGET=thumbv7em-noos] [-DNOOS_BOARD=netduinoplus2]
#
# NOOS_TARGET  a noos triple, <arch>-noos[-eabi|-eabihf|-elf]. Default: the
#              board's target when NOOS_BOARD is given, else thumbv7em-noos.
# NOOS_BOARD   a board name (noos-ld --list-boards) or a board file (a path
#              containing '/' or ending in .json; a relative one is taken from
#              the project's source directory). It picks the CPU when compiling
#              and the memory map when linking. Without it, the link uses the
#              target's default board. Compiles get the board's CPU, as
#              -mcpu= in CMAKE_<LANG>_FLAGS_INIT, and links --board=, in
#              CMAKE_EXE_LINKER_FLAGS_INIT: clang's own driver, which editors
#              (clangd) read compile commands with, does not know --board.
#              If you set CMAKE_C_FLAGS or CMAKE_EXE_LINKER_FLAGS yourself
#              on the command line, that replaces the initial flags, so add
#              -mcpu=CPU or --board=NAME to it.
#
# The file finds everything relative to itself (<prefix>/share/noos/cmake), so
# it works from the build tree, from an install, and from a prefix that has
# been moved. It sets, for the project and every try_compile:
#   CMAKE_SYSTEM_NAME Generic, CMAKE_SYSTEM_PROCESSOR (the target's "arch",
#   e.g. arm); the C, C++ and ASM compilers <prefix>/bin/clang[++] with
#   CMAKE_<LANG>_COMPILER_TARGET = NOOS_TARGET (CMake passes --target= to every
#   compile and link); CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY (a check
#   needs no startup code); executables named <name>.elf; CMAKE_AR, _RANLIB,
#   _NM, _OBJCOPY, _OBJDUMP, _READELF, _STRIP, _SIZE, _ADDR2LINE from the
#   LLVM 22 that noos-clang runs, CMAKE_LINKER noos-ld; find_library,
#   find_path, find_file and find_package search only under CMAKE_FIND_ROOT_PATH
#   (the noos data directory, which holds no libraries, plus any roots you add)
#   so no host library or header is ever found; find_program still searches
#   the host; CMAKE_CROSSCOMPILING_EMULATOR <prefix>/bin/noos-run, if
#   installed.
# Variables for the project: NOOS_PREFIX, NOOS_TARGET, NOOS_BOARD, NOOS_ARCH
# (e.g. thumbv7em), NOOS_TARGETS (every noos triple).

# --- Where we are --------------------------------------------------------
# The real path, so a symlink to this file still finds its prefix.
get_filename_component(_noos_self "${CMAKE_CURRENT_LIST_FILE}" REALPATH)
get_filename_component(_noos_share "${_noos_self}" DIRECTORY)      # share/noos/cmake
get_filename_component(_noos_share "${_noos_share}" DIRECTORY)     # share/noos
get_filename_component(NOOS_PREFIX "${_noos_share}/../.." ABSOLUTE)
if(NOT EXISTS "${_noos_share}/targets.json" OR NOT EXISTS "${NOOS_PREFIX}/bin/clang")
  message(FATAL_ERROR "noos: ${_noos_self} is not inside a noos prefix: "
    "expected ${_noos_share}/targets.json and ${NOOS_PREFIX}/bin/clang. "
    "Use the noos-toolchain.cmake in <prefix>/share/noos/cmake of a noos "
    "build or install (a copy of the file elsewhere does not work).")
endif()

# --- Targets from the database ---------------------------------------------
file(READ "${_noos_share}/targets.json" _noos_json)

# _noos_target_field(<arch> <field> <out>): a field of a target, following its
# "inherits" chain; <out> is empty when no target in the chain has it.
function(_noos_target_field arch field out)
  set(value "")
  set(t "${arch}")
  foreach(depth RANGE 8)
    string(JSON value ERROR_VARIABLE err GET "${_noos_json}" targets "${t}" "${field}")
    if(NOT err)
      break()
    endif()
    set(value "")
    string(JSON t ERROR_VARIABLE err GET "${_noos_json}" targets "${t}" inherits)
    if(err)
      break()
    endif()
  endforeach()
  set(${out} "${value}" PARENT_SCOPE)
endfunction()

set(NOOS_TARGETS "")
set(_noos_arches "")
string(JSON _noos_n LENGTH "${_noos_json}" targets)
math(EXPR _noos_last "${_noos_n} - 1")
foreach(_noos_i RANGE ${_noos_last})
  string(JSON _noos_t MEMBER "${_noos_json}" targets ${_noos_i})
  string(JSON _noos_abstract ERROR_VARIABLE _noos_err GET "${_noos_json}" targets "${_noos_t}" abstract)
  if(_noos_err OR NOT _noos_abstract)
    list(APPEND _noos_arches "${_noos_t}")
    list(APPEND NOOS_TARGETS "${_noos_t}-noos")
  endif()
endforeach()
string(REPLACE ";" ", " _noos_target_list "${NOOS_TARGETS}")

# --- The board -------------------------------------------------------------
# _noos_board_json(<name-or-file> <dir-of-user-board-or-empty> <out-json> <out-path>)
function(_noos_board_json name userdir out outpath)
  set(path "")
  if(name MATCHES "/|\\.json$")
    set(path "${name}")
  else()
    foreach(d ${userdir} "${_noos_share}/boards")
      if(EXISTS "${d}/${name}.json")
        set(path "${d}/${name}.json")
        break()
      endif()
    endforeach()
  endif()
  if(path STREQUAL "" OR NOT EXISTS "${path}")
    set(${out} "" PARENT_SCOPE)
    set(${outpath} "${path}" PARENT_SCOPE)
    return()
  endif()
  file(READ "${path}" json)
  set(${out} "${json}" PARENT_SCOPE)
  set(${outpath} "${path}" PARENT_SCOPE)
endfunction()

function(_noos_board_names out)
  file(GLOB files "${_noos_share}/boards/*.json")
  set(names "")
  foreach(f ${files})
    file(READ "${f}" json)
    string(JSON abstract ERROR_VARIABLE err GET "${json}" abstract)
    if(err OR NOT abstract)
      get_filename_component(n "${f}" NAME_WE)
      list(APPEND names "${n}")
    endif()
  endforeach()
  list(SORT names)
  string(REPLACE ";" ", " names "${names}")
  set(${out} "${names}" PARENT_SCOPE)
endfunction()

# The cache entries first: with policy CMP0126 OLD, set(CACHE) would drop a
# normal variable of the same name set before it.
set(NOOS_BOARD "" CACHE STRING "noos board name or board file (empty: the target's default board)")
set(NOOS_TARGET "" CACHE STRING "noos target triple (${_noos_target_list}); empty: the board's, else thumbv7em-noos")

set(_noos_board_target "")
if(NOOS_BOARD)
  set(_noos_userdir "")
  if(NOOS_BOARD MATCHES "/|\\.json$")
    # A board file: absolute, so try_compile projects and every compile
    # command find it whatever their working directory.
    get_filename_component(NOOS_BOARD "${NOOS_BOARD}" ABSOLUTE BASE_DIR "${CMAKE_SOURCE_DIR}")
    get_filename_component(_noos_userdir "${NOOS_BOARD}" DIRECTORY)
    if(NOT EXISTS "${NOOS_BOARD}")
      message(FATAL_ERROR "noos: board file ${NOOS_BOARD} does not exist "
        "(NOOS_BOARD is a board name or a path to a board .json file)")
    endif()
  endif()
  _noos_board_json("${NOOS_BOARD}" "${_noos_userdir}" _noos_bjson _noos_bpath)
  if(_noos_bjson STREQUAL "")
    _noos_board_names(_noos_boards)
    message(FATAL_ERROR "noos: unknown board NOOS_BOARD=${NOOS_BOARD}: "
      "known boards are ${_noos_boards}; or give a board file, "
      "-DNOOS_BOARD=path/to/board.json")
  endif()
  string(JSON _noos_abstract ERROR_VARIABLE _noos_err GET "${_noos_bjson}" abstract)
  if(NOT _noos_err AND _noos_abstract)
    _noos_board_names(_noos_boards)
    message(FATAL_ERROR "noos: board ${NOOS_BOARD} is abstract (a base for "
      "other boards): use one of ${_noos_boards}")
  endif()
  # Its target and CPU, following "inherits" (the nearest file that has each).
  set(_noos_board_cpu "")
  foreach(_noos_depth RANGE 8)
    foreach(_noos_key target cpu)
      if(NOT _noos_board_${_noos_key})
        string(JSON _noos_board_${_noos_key} ERROR_VARIABLE _noos_err GET "${_noos_bjson}" ${_noos_key})
        if(_noos_err)
          set(_noos_board_${_noos_key} "")
        endif()
      endif()
    endforeach()
    if(_noos_board_target AND _noos_board_cpu)
      break()
    endif()
    string(JSON _noos_parent ERROR_VARIABLE _noos_err GET "${_noos_bjson}" inherits)
    if(_noos_err)
      break()
    endif()
    _noos_board_json("${_noos_parent}" "${_noos_userdir}" _noos_bjson _noos_bpath)
    if(_noos_bjson STREQUAL "")
      break()
    endif()
  endforeach()
endif()

# --- The target --------------------------------------------------------------
if(NOT NOOS_TARGET)
  if(_noos_board_target)
    set(NOOS_TARGET "${_noos_board_target}")
  else()
    set(NOOS_TARGET thumbv7em-noos)
  endif()
endif()

set(NOOS_ARCH "")
if(NOOS_TARGET MATCHES "^([^-]+)-noos(-eabi|-eabihf|-elf)?$")
  set(NOOS_ARCH "${CMAKE_MATCH_1}")
endif()
list(FIND _noos_arches "${NOOS_ARCH}" _noos_index)   # no IN_LIST: any policy level
if(NOT NOOS_ARCH OR _noos_index LESS 0)
  message(FATAL_ERROR "noos: unknown target NOOS_TARGET=${NOOS_TARGET}: "
    "use one of ${_noos_target_list}")
endif()
if(_noos_board_target)
  string(REGEX REPLACE "-.*" "" _noos_board_arch "${_noos_board_target}")
  if(NOT _noos_board_arch STREQUAL NOOS_ARCH)
    message(FATAL_ERROR "noos: board ${NOOS_BOARD} is a ${_noos_board_target} "
      "board, but NOOS_TARGET is ${NOOS_TARGET}: use "
      "-DNOOS_TARGET=${_noos_board_target}, or leave NOOS_TARGET out")
  endif()
endif()

# try_compile projects read this file again; give them the same choice.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES NOOS_TARGET NOOS_BOARD)
list(REMOVE_DUPLICATES CMAKE_TRY_COMPILE_PLATFORM_VARIABLES)

# --- System and compilers ---------------------------------------------------
set(CMAKE_SYSTEM_NAME Generic)
_noos_target_field("${NOOS_ARCH}" arch CMAKE_SYSTEM_PROCESSOR)
if(NOT CMAKE_SYSTEM_PROCESSOR)
  set(CMAKE_SYSTEM_PROCESSOR "${NOOS_ARCH}")
endif()

set(CMAKE_C_COMPILER "${NOOS_PREFIX}/bin/clang")
set(CMAKE_CXX_COMPILER "${NOOS_PREFIX}/bin/clang++")
set(CMAKE_ASM_COMPILER "${NOOS_PREFIX}/bin/clang")
foreach(_noos_lang C CXX ASM)
  set(CMAKE_${_noos_lang}_COMPILER_TARGET "${NOOS_TARGET}")
  # CMake sets CMAKE_EXECUTABLE_SUFFIX to "" (CMakeGenericSystem.cmake) after
  # reading a toolchain file, so setting it here has no effect; the
  # per-language suffix overrides it and gives every executable .elf.
  set(CMAKE_EXECUTABLE_SUFFIX_${_noos_lang} .elf)
  # <LANG>_FLAGS reach the compiler driver when compiling and when linking:
  # the board's CPU (what --board does when compiling), so that the link
  # picks the same library variant.
  if(_noos_board_cpu)
    set(CMAKE_${_noos_lang}_FLAGS_INIT "-mcpu=${_noos_board_cpu}")
  endif()
endforeach()
# The board itself only where it is needed, the link (memory map, board
# code); compile commands stay ones clang's own driver reads (clangd).
if(NOOS_BOARD)
  set(CMAKE_EXE_LINKER_FLAGS_INIT "--board=${NOOS_BOARD}")
endif()
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# Binary tools: the LLVM 22 ones beside the clang that noos-clang runs (a
# plain llvm-ar on PATH may be another LLVM). Cached, so -DCMAKE_AR=... wins.
set(_noos_tools AR:llvm-ar RANLIB:llvm-ranlib NM:llvm-nm OBJCOPY:llvm-objcopy
  OBJDUMP:llvm-objdump READELF:llvm-readelf STRIP:llvm-strip SIZE:llvm-size
  ADDR2LINE:llvm-addr2line)
set(_noos_llvm_bin "")
foreach(_noos_tool ${_noos_tools})
  string(REPLACE ":" ";" _noos_tool "${_noos_tool}")
  list(GET _noos_tool 0 _noos_var)
  list(GET _noos_tool 1 _noos_name)
  if(DEFINED CACHE{CMAKE_${_noos_var}})
    continue()
  endif()
  if(NOT _noos_llvm_bin)
    execute_process(COMMAND "${NOOS_PREFIX}/bin/clang" --print-prog-name=llvm-objcopy
      OUTPUT_VARIABLE _noos_objcopy OUTPUT_STRIP_TRAILING_WHITESPACE
      RESULT_VARIABLE _noos_rc ERROR_QUIET)
    if(_noos_rc EQUAL 0 AND IS_ABSOLUTE "${_noos_objcopy}" AND EXISTS "${_noos_objcopy}")
      get_filename_component(_noos_llvm_bin "${_noos_objcopy}" DIRECTORY)
    else()
      set(_noos_llvm_bin /usr/lib/llvm-22/bin)
    endif()
  endif()
  if(EXISTS "${_noos_llvm_bin}/${_noos_name}")
    set(CMAKE_${_noos_var} "${_noos_llvm_bin}/${_noos_name}" CACHE FILEPATH "noos: ${_noos_name}")
  else()
    find_program(CMAKE_${_noos_var} NAMES ${_noos_name}-22 ${_noos_name})
  endif()
endforeach()
set(CMAKE_LINKER "${NOOS_PREFIX}/bin/noos-ld" CACHE FILEPATH "noos: the noos-ld linker")

# --- Finding things ---------------------------------------------------------
# Every root is under the noos data directory or one the user gives; with the
# ONLY modes, /usr, /usr/local and the rest are searched below a root, never
# on the host.
list(APPEND CMAKE_FIND_ROOT_PATH "${_noos_share}")
list(REMOVE_DUPLICATES CMAKE_FIND_ROOT_PATH)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# --- Running ----------------------------------------------------------------
if(EXISTS "${NOOS_PREFIX}/bin/noos-run")
  set(CMAKE_CROSSCOMPILING_EMULATOR "${NOOS_PREFIX}/bin/noos-run")
endif()
