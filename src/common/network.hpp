// Client networks: the unit a per-client limit counts by. One host commonly
// holds a whole IPv6 /64, so counting IPv6 addresses one by one would give
// it an unlimited supply of "clients". Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace ariadne {

// The network a remote address stands for: an IPv4 address as it is (an
// IPv4-mapped IPv6 address ::ffff:a.b.c.d as a.b.c.d), an IPv6 address as
// its /64 prefix ("2001:db8:1:2::/64"), and anything else unparsed, as given.
std::string client_network(std::string_view remote_addr);

}  // namespace ariadne
