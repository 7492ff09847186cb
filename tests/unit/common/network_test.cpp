#include "common/network.hpp"

#include <gtest/gtest.h>

namespace ariadne {
namespace {

TEST(ClientNetwork, IPv4AddressesAreTheirOwnNetwork) {
  EXPECT_EQ(client_network("192.0.2.7"), "192.0.2.7");
  EXPECT_NE(client_network("192.0.2.7"), client_network("192.0.2.8"));
}

TEST(ClientNetwork, IPv6AddressesCountByTheirSlash64) {
  EXPECT_EQ(client_network("2001:db8:1:2::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(client_network("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), client_network("2001:db8:1:2::1"))
      << "one host's /64 is one client";
  EXPECT_EQ(client_network("2001:DB8:1:2:0:0:0:9"), client_network("2001:db8:1:2::1")) << "spelt another way";
  EXPECT_NE(client_network("2001:db8:1:3::1"), client_network("2001:db8:1:2::1"));
  EXPECT_EQ(client_network("::1"), "::/64");
}

TEST(ClientNetwork, MappedIPv4IsTheIPv4Address) {
  EXPECT_EQ(client_network("::ffff:192.0.2.7"), "192.0.2.7");
  EXPECT_NE(client_network("::ffff:192.0.2.7"), client_network("::ffff:192.0.2.8")) << "not one /64 for all of IPv4";
}

TEST(ClientNetwork, AnythingElseIsKeptAsGiven) {
  for (const char* other : {"", "garbage", "192.0.2", "2001:db8::1::2", "fe80::1%eth0", "[::1]"}) {
    EXPECT_EQ(client_network(other), other);
  }
  std::string long_text(200, '1');
  EXPECT_EQ(client_network(long_text), long_text);
}

}  // namespace
}  // namespace ariadne
