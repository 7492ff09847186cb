# Precompiled headers: the standard library, nlohmann/json and GoogleTest are
# most of what every file parses. Two headers are precompiled, one for code
# and one for tests, and every target of the tree reuses one of them, so a
# cold build parses them twice instead of once per file. GCC accepts a reused
# header when the macros it depends on are defined alike, which holds here:
# targets differ only in macros of their own (ARIADNE_*, CPPHTTPLIB_*).

set(ARIADNE_PCH_HEADERS
    <algorithm> <array> <atomic> <chrono> <cstdint> <cstring> <filesystem> <fstream>
    <functional> <map> <memory> <mutex> <optional> <set> <sstream> <string>
    <string_view> <thread> <unordered_map> <utility> <variant> <vector>
    <nlohmann/json.hpp>)

# Every target defined in `dir` and below it.
function(ariadne_targets_below dir out)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub ${subdirs})
    ariadne_targets_below(${sub} below)
    list(APPEND targets ${below})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

function(ariadne_precompile_headers)
  set(owner_source ${CMAKE_BINARY_DIR}/pch_owner.cpp)
  file(WRITE ${owner_source} "// compiles the precompiled headers only\n")
  add_library(ariadne_pch OBJECT ${owner_source})
  target_link_libraries(ariadne_pch PRIVATE nlohmann_json::nlohmann_json)
  target_precompile_headers(ariadne_pch PRIVATE ${ARIADNE_PCH_HEADERS})
  if(TARGET GTest::gtest)
    add_library(ariadne_pch_test OBJECT ${owner_source})
    target_link_libraries(ariadne_pch_test PRIVATE nlohmann_json::nlohmann_json GTest::gtest)
    target_precompile_headers(ariadne_pch_test PRIVATE ${ARIADNE_PCH_HEADERS} <gtest/gtest.h>)
    # Compiled as the tests are: clang refuses a header precompiled at another optimisation level.
    target_compile_options(ariadne_pch_test PRIVATE ${ARIADNE_TEST_OPTIONS})
  endif()

  ariadne_targets_below(${PROJECT_SOURCE_DIR} targets)
  foreach(target ${targets})
    get_target_property(type ${target} TYPE)
    get_target_property(options ${target} COMPILE_OPTIONS)
    if(NOT type MATCHES "^(STATIC_LIBRARY|EXECUTABLE)$" OR target MATCHES "^ariadne_pch"
       OR "-fno-sanitize=all" IN_LIST options)
      continue()
    endif()
    get_target_property(libraries ${target} LINK_LIBRARIES)
    if(TARGET ariadne_pch_test AND "GTest::gtest" IN_LIST libraries)
      target_precompile_headers(${target} REUSE_FROM ariadne_pch_test)
    else()
      target_precompile_headers(${target} REUSE_FROM ariadne_pch)
    endif()
  endforeach()
endfunction()
