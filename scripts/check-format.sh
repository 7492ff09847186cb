#!/usr/bin/env bash
# Fails when a tracked C++ file is not clang-formatted (run `make format`).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "clang-format is not installed"; exit 1; }
files=$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' 'fuzz/*.cpp' 'fuzz/*.hpp' 2>/dev/null || true)
[ -n "$files" ] || files=$(find src tests -name '*.cpp' -o -name '*.hpp')
clang-format --dry-run -Werror $files
echo "format: clean"
