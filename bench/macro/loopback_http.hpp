// A keep-alive HTTP/1.1 client over a plain loopback socket, shared by the
// load generators in bench/macro (rate_client, slow_clients, tls_handshakes,
// exchange_surge), with the connect and the fixed-rate probe they share.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace bench {

struct Target {
  std::string host;
  int port = 0;
  std::string path;
  std::string source;  // the local address connections are made from; empty: the system's choice
};

// A blocking TCP connection (Nagle off) from `source` (IPv4; empty: the
// system's choice) to host:port; -1 on failure.
inline int connect_tcp(const std::string& source, const std::string& host, int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(port));
  sockaddr_in from{};
  from.sin_family = AF_INET;
  bool ok = source.empty() || (::inet_pton(AF_INET, source.c_str(), &from.sin_addr) == 1 &&
                               ::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof(from)) == 0);
  ok = ok && ::inet_pton(AF_INET, host.c_str(), &to.sin_addr) == 1 &&
       ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof(to)) == 0;
  if (!ok) {
    ::close(fd);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return fd;
}

inline bool parse_url(const std::string& url, Target& out) {
  const std::string scheme = "http://";
  if (url.rfind(scheme, 0) != 0) return false;
  auto rest = url.substr(scheme.size());
  auto slash = rest.find('/');
  auto colon = rest.find(':');
  if (slash == std::string::npos || colon == std::string::npos || colon > slash) return false;
  out.host = rest.substr(0, colon);
  out.port = std::stoi(rest.substr(colon + 1, slash - colon - 1));
  out.path = rest.substr(slash);
  return true;
}

// One keep-alive HTTP/1.1 connection over a plain socket: each request
// leaves in one send() and each answer is read by its Content-Length, so
// the client costs the shared cores as little as wrk does.
class Connection {
 public:
  explicit Connection(const Target& t) : target_(t) {}
  ~Connection() { close_socket(); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // The answer's status, or 0 when the connection failed (it reconnects next time).
  int exchange(const std::string& request) {
    if (fd_ < 0 && !open_socket()) return fail();
    if (!send_all(request)) return fail();
    buffer_.clear();
    body_start_ = 0;
    std::size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!receive()) return fail();
    }
    std::size_t length = 0;
    auto at = find_header(buffer_, header_end, "content-length:");
    if (at != std::string::npos) length = std::strtoul(buffer_.c_str() + at, nullptr, 10);
    while (buffer_.size() < header_end + 4 + length) {
      if (!receive()) return fail();
    }
    body_start_ = header_end + 4;
    int status = 0;
    if (buffer_.size() > 12 && buffer_.compare(0, 5, "HTTP/") == 0) status = std::atoi(buffer_.c_str() + 9);
    // The server ends a keep-alive connection after so many requests: the next one opens another.
    auto connection = find_header(buffer_, header_end, "connection:");
    if (connection != std::string::npos && buffer_.compare(connection, 6, " close") == 0) close_socket();
    return status;
  }

  // The body of the answer the last exchange() read; empty after a failure.
  std::string_view body() const { return std::string_view(buffer_).substr(body_start_); }
  // Closes the connection (the next exchange() opens another), e.g. before
  // the server's keep-alive timeout would close it under a request.
  void disconnect() { close_socket(); }

 private:
  static std::size_t find_header(const std::string& head, std::size_t end, std::string_view name) {
    for (std::size_t line = head.find("\r\n"); line != std::string::npos && line < end;
         line = head.find("\r\n", line + 2)) {
      std::size_t start = line + 2;
      if (end - start < name.size()) break;
      bool same = true;
      for (std::size_t k = 0; k < name.size() && same; ++k) {
        same = std::tolower(static_cast<unsigned char>(head[start + k])) == name[k];
      }
      if (same) return start + name.size();
    }
    return std::string::npos;
  }

  bool open_socket() {
    fd_ = connect_tcp(target_.source, target_.host, target_.port);
    if (fd_ < 0) return false;
    timeval timeout{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    return true;
  }
  void close_socket() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  int fail() {
    close_socket();
    buffer_.clear();
    body_start_ = 0;
    return 0;
  }
  bool send_all(const std::string& data) {
    for (std::size_t sent = 0; sent < data.size();) {
      auto n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }
  bool receive() {
    char chunk[16384];
    auto n = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  const Target& target_;
  int fd_ = -1;
  std::string buffer_;
  std::size_t body_start_ = 0;  // where the last answer's body starts in buffer_
};

inline double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto i = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1));
  return sorted[i];
}

// A probe run: `ask` (true when answered as expected) called `rate` times a
// second from `start` to `end`, each latency counted from the call's due
// time, so a stalled server is charged for every probe it kept waiting.
struct ProbeRun {
  std::vector<double> latencies_ms;  // sorted
  long errors = 0;
  double seconds = 0;  // from start to the last answer
  double p50() const { return percentile(latencies_ms, 0.50); }
  double p99() const { return percentile(latencies_ms, 0.99); }
  double max() const { return latencies_ms.empty() ? 0.0 : latencies_ms.back(); }
};

template <typename Ask>
ProbeRun probe_at_rate(std::chrono::steady_clock::time_point start, std::chrono::steady_clock::time_point end,
                       double rate, Ask ask) {
  using Clock = std::chrono::steady_clock;
  auto interval = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1 / rate));
  ProbeRun run;
  for (auto due = start; due < end; due += interval) {
    std::this_thread::sleep_until(due);
    if (!ask()) ++run.errors;
    run.latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - due).count());
  }
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::sort(run.latencies_ms.begin(), run.latencies_ms.end());
  return run;
}

}  // namespace bench
