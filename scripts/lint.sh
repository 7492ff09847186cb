#!/usr/bin/env bash
# clang-format and clang-tidy over the sources; fails on any finding.
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
files=$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp')
clang-format --dry-run -Werror $files
/usr/bin/python3 scripts/table_owners.py .
git ls-files 'src/*.cpp' | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet 2>/dev/null
echo "lint: clean"
