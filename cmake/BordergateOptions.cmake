# Project-wide build options: warnings as errors, sanitizers, fuzzing.
option(BORDERGATE_BUILD_TESTS "Build the test suite" ON)
option(BORDERGATE_SANITIZE "Build with AddressSanitizer + UndefinedBehaviorSanitizer" OFF)
option(BORDERGATE_FUZZ "Build libFuzzer targets (needs clang)" OFF)

# Warnings are errors (issue #2). Applied per target through bordergate_warnings so that
# third-party code compiled into a target (e.g. Dear ImGui backends) can opt out.
add_library(bordergate_warnings INTERFACE)
target_compile_options(bordergate_warnings INTERFACE
  -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Werror)
# GCC 12 (Debian bookworm) at -O3 (CMAKE_BUILD_TYPE=Release) reports false -Wrestrict,
# -Warray-bounds and -Wmaybe-uninitialized inside libstdc++'s string and vector code (GCC bug
# 105329 and relatives: "accessing 9223372036854775810 or more bytes"), which failed 12 files
# of this tree. They stay warnings there; the default build (RelWithDebInfo, -O2) is clean.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(bordergate_warnings INTERFACE
    -Wno-error=restrict -Wno-error=array-bounds -Wno-error=maybe-uninitialized)
endif()

if(BORDERGATE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

if(BORDERGATE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "BORDERGATE_FUZZ needs clang: configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# bordergate_add_library(NAME [SOURCES...] [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
# A module library with its public headers in <module>/include.
function(bordergate_add_library name)
  cmake_parse_arguments(ARG "" "INCLUDE_DIR" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  if(NOT ARG_INCLUDE_DIR)
    set(ARG_INCLUDE_DIR ${CMAKE_CURRENT_SOURCE_DIR}/include)
  endif()
  target_include_directories(${name} PUBLIC ${ARG_INCLUDE_DIR} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS} bordergate_warnings)
endfunction()
