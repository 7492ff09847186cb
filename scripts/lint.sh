#!/usr/bin/env bash
# clang-format and clang-tidy over the sources; fails on any finding.
set -euo pipefail
cd "$(dirname "$0")/.."
# clang-tidy reads the compile commands of a configuration without GCC's
# precompiled header (clang cannot load it), which also makes every file
# include what it uses.
build=build-lint
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DARIADNE_PCH=OFF >/dev/null
files=$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp')
clang-format --dry-run -Werror $files
/usr/bin/python3 scripts/table_owners.py .
git ls-files 'src/*.cpp' | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet 2>/dev/null
echo "lint: clean"
