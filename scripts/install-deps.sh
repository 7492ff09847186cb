#!/usr/bin/env bash
# Installs every Debian package Ariadne's build, tests and demo need.
# Idempotent, and silent when everything is already there.
set -euo pipefail

packages=(
  # toolchain
  # (clang's sanitizer runtimes, libclang-rt-14-dev, are only recommended by it: named here for make test)
  g++ clang libclang-rt-14-dev cmake ninja-build ccache pkg-config make git clang-format clang-tidy lld
  # libraries
  libcpp-httplib-dev nlohmann-json3-dev libsimdjson-dev libsqlite3-dev libexpat1-dev libpq-dev libicu-dev
  libphonenumber-dev libprotobuf-dev libsodium-dev libigraph-dev libcli11-dev libspdlog-dev libfmt-dev
  libssl-dev zlib1g-dev libbrotli-dev libgtest-dev libgmock-dev libbenchmark-dev libmagic-dev libmagic-mgc
  # data: the tz database's zone.tab gives each country a reference point for route maps
  tzdata
  # tools the tests and the demo call (networkx, with scipy for its PageRank: the graph measures' reference)
  sqlite3 openssl curl iproute2 python3 python3-networkx python3-scipy
)
if [ "${1:-}" = "--bench" ]; then
  packages+=(postgresql python3-igraph wrk hyperfine)
fi
if [ "${1:-}" = "--fuzz" ]; then  # make fuzz: clang's libFuzzer and sanitizers
  packages+=(libfuzzer-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
