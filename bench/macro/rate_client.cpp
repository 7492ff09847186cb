// An open-loop load generator for POST /documents/check: requests leave on a
// fixed schedule (rate / connections per keep-alive connection), and each
// latency is measured from the moment its request was due, not from when it
// was sent, so a stalled server is charged for the requests it kept waiting
// (no coordinated omission; what wrk2 does, which Debian does not ship).
//
// Usage: rate_client URL TOKEN CHECKS_FILE RATE SECONDS [CONNECTIONS]
// Prints one JSON object: rate asked and achieved, requests, errors, p50/p99/
// p999/max latency in microseconds.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Target {
  std::string host;
  int port = 0;
  std::string path;
};

bool parse_url(const std::string& url, Target& out) {
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

struct Worker {
  std::vector<double> latencies_us;
  long errors = 0;
};

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
    if (fd_ < 0 && !open_socket()) return 0;
    if (!send_all(request)) return fail();
    buffer_.clear();
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
    int status = 0;
    if (buffer_.size() > 12 && buffer_.compare(0, 5, "HTTP/") == 0) status = std::atoi(buffer_.c_str() + 9);
    // The server ends a keep-alive connection after so many requests: the next one opens another.
    auto connection = find_header(buffer_, header_end, "connection:");
    if (connection != std::string::npos && buffer_.compare(connection, 6, " close") == 0) close_socket();
    return status;
  }

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
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return false;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(target_.port));
    if (::inet_pton(AF_INET, target_.host.c_str(), &addr.sin_addr) != 1 ||
        ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      close_socket();
      return false;
    }
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
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
};

void run(const Target& t, const std::vector<std::string>& requests, std::size_t first, Clock::time_point start,
         Clock::duration interval, Clock::time_point end, Worker& w) {
  Connection connection(t);
  std::size_t next = first;
  for (Clock::time_point due = start; due < end; due += interval) {
    std::this_thread::sleep_until(due);
    int status = connection.exchange(requests[next++ % requests.size()]);
    auto done = Clock::now();
    if (status != 200) ++w.errors;
    w.latencies_us.push_back(std::chrono::duration<double, std::micro>(done - due).count());
  }
}

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto i = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1));
  return sorted[i];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::cerr << "usage: rate_client URL TOKEN CHECKS_FILE RATE SECONDS [CONNECTIONS]\n";
    return 2;
  }
  Target target;
  if (!parse_url(argv[1], target)) {
    std::cerr << "rate_client: expected http://HOST:PORT/PATH, got " << argv[1] << '\n';
    return 2;
  }
  const std::string token = argv[2];
  std::vector<std::string> requests;  // whole requests, built once
  std::ifstream in(argv[3]);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    requests.push_back("POST " + target.path + " HTTP/1.1\r\nHost: " + target.host + "\r\nAuthorization: Bearer " +
                       token + "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(line.size()) +
                       "\r\n\r\n" + line);
  }
  const double rate = std::stod(argv[4]);
  const double seconds = std::stod(argv[5]);
  const int connections = argc > 6 ? std::stoi(argv[6]) : 4;
  if (requests.empty() || rate <= 0 || seconds <= 0 || connections < 1) {
    std::cerr << "rate_client: need request bodies, a positive rate and duration, at least one connection\n";
    return 2;
  }
  auto interval = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(connections / rate));
  auto start = Clock::now() + std::chrono::milliseconds(100);
  auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  std::vector<Worker> workers(static_cast<std::size_t>(connections));
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c) {
    // Connections start staggered across one interval, so requests arrive evenly.
    auto offset = interval * c / connections;
    threads.emplace_back(run, std::cref(target), std::cref(requests),
                         requests.size() * static_cast<std::size_t>(c) / static_cast<std::size_t>(connections),
                         start + offset, interval, end, std::ref(workers[static_cast<std::size_t>(c)]));
  }
  for (auto& t : threads) t.join();
  auto finished = Clock::now();
  std::vector<double> all;
  long errors = 0;
  for (const auto& w : workers) {
    all.insert(all.end(), w.latencies_us.begin(), w.latencies_us.end());
    errors += w.errors;
  }
  std::sort(all.begin(), all.end());
  double elapsed = std::chrono::duration<double>(finished - start).count();
  std::printf(
      "{\"rate\": %.0f, \"achieved_per_s\": %.1f, \"requests\": %zu, \"errors\": %ld, \"p50_us\": %.0f, "
      "\"p99_us\": %.0f, \"p999_us\": %.0f, \"max_us\": %.0f}\n",
      rate, static_cast<double>(all.size()) / elapsed, all.size(), errors, percentile(all, 0.50), percentile(all, 0.99),
      percentile(all, 0.999), all.empty() ? 0.0 : all.back());
  return errors > 0 ? 1 : 0;
}
