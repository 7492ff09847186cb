#include "common/network.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace ariadne {

std::string client_network(std::string_view remote_addr) {
  char text[INET6_ADDRSTRLEN + 4];  // with room for "/64"
  if (remote_addr.empty() || remote_addr.size() >= sizeof text) return std::string(remote_addr);
  std::memcpy(text, remote_addr.data(), remote_addr.size());
  text[remote_addr.size()] = '\0';
  in_addr v4{};
  if (inet_pton(AF_INET, text, &v4) == 1) return std::string(remote_addr);
  in6_addr v6{};
  if (inet_pton(AF_INET6, text, &v6) != 1) return std::string(remote_addr);
  if (IN6_IS_ADDR_V4MAPPED(&v6)) {
    std::memcpy(&v4, &v6.s6_addr[12], sizeof v4);
    inet_ntop(AF_INET, &v4, text, sizeof text);
    return text;
  }
  std::memset(&v6.s6_addr[8], 0, 8);
  inet_ntop(AF_INET6, &v6, text, sizeof text);
  return std::string(text) + "/64";
}

}  // namespace ariadne
