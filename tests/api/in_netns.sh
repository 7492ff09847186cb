#!/bin/sh
# Runs a command in a network namespace of its own whose loopback holds the
# IPv6 addresses the front's /64 test connects from: fd00:1:2:3::1, ::77 and
# ::78 (one /64) and fd00:1:2:4::9 (another). Where no namespace can be made
# (not root), the command runs as it is, and the test skips itself.
if unshare -n true 2>/dev/null && command -v ip >/dev/null; then
  ARIADNE_NETNS=1 exec unshare -n sh -c '
    ip link set lo up &&
    for a in fd00:1:2:3::1 fd00:1:2:3::77 fd00:1:2:3::78 fd00:1:2:4::9; do
      ip -6 addr add "$a/64" dev lo nodad || exit 1
    done &&
    exec "$@"' in_netns "$@"
fi
exec "$@"
