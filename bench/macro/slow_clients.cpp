// Slow and busy clients against a running `ariadne serve`, and a probe:
//   SLOW connections from 127.0.0.2, each sending one more header line every
//     2 s (a head that never ends; reopened when the server closes it),
//   BUSY keep-alive clients from 127.0.0.3 asking GET /health back to back,
//   a probe from 127.0.0.1 asking GET /health on a new connection at a fixed
//     rate, its latency measured from when it was due (a stalled server is
//     charged for every probe it kept waiting).
//
// Usage: slow_clients PORT [SECONDS] [SLOW] [BUSY] [PROBES_PER_S]
//        (defaults 30 s, 200 slow, 20 busy, 20 probes/s)
// Prints one JSON object: probes, probe errors, probe latency p50/p99/max in
// ms, busy requests per second, and how often the server closed or refused a
// slow connection.
#include <fcntl.h>
#include <poll.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "loopback_http.hpp"

namespace {

using bench::Connection;
using bench::Target;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct SlowStats {
  long closed = 0;   // the server closed a head in progress
  long refused = 0;  // the server answered (a 503 at the connection cap) and closed
  long open_at_end = 0;
};

int open_slow(int port) {
  int fd = bench::connect_tcp("127.0.0.2", "127.0.0.1", port);
  if (fd < 0) return -1;
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  const std::string line = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (::send(fd, line.data(), line.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(line.size())) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Visits the connections in turn, spread over 2 s, one header line each.
void run_slow(int port, int count, Clock::time_point end, SlowStats& stats) {
  std::vector<int> fds;
  for (int i = 0; i < count; ++i) fds.push_back(open_slow(port));
  auto step = std::chrono::duration_cast<Clock::duration>(2s) / std::max(count, 1);
  auto due = Clock::now();
  for (long line = 0; Clock::now() < end; ++line) {
    for (auto& fd : fds) {
      due += step;
      std::this_thread::sleep_until(due);
      char buf[512];
      ssize_t n = fd < 0 ? 0 : ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
      bool gone = n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
      if (n > 0) ++stats.refused;
      if (gone && fd >= 0) ++stats.closed;
      if (n >= 0 || gone) {
        if (fd >= 0) ::close(fd);
        fd = open_slow(port);
        continue;
      }
      std::string header = "X-Slow-" + std::to_string(line) + ": 1\r\n";
      if (::send(fd, header.data(), header.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(header.size())) {
        ++stats.closed;
        ::close(fd);
        fd = open_slow(port);
      }
    }
  }
  for (int fd : fds) {
    if (fd >= 0) {
      ++stats.open_at_end;
      ::close(fd);
    }
  }
}

void run_busy(const Target& t, Clock::time_point end, std::atomic<long>& requests, std::atomic<long>& errors) {
  Connection c(t);
  const std::string request = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  while (Clock::now() < end) {
    if (c.exchange(request) == 200) {
      ++requests;
    } else {
      ++errors;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: slow_clients PORT [SECONDS] [SLOW] [BUSY] [PROBES_PER_S]\n";
    return 2;
  }
  const int port = std::atoi(argv[1]);
  const double seconds = argc > 2 ? std::stod(argv[2]) : 30;
  const int slow = argc > 3 ? std::atoi(argv[3]) : 200;
  const int busy = argc > 4 ? std::atoi(argv[4]) : 20;
  const double probe_rate = argc > 5 ? std::stod(argv[5]) : 20;
  if (port <= 0 || seconds <= 0 || slow < 0 || busy < 0 || probe_rate <= 0) {
    std::cerr << "slow_clients: need a port, a positive duration and probe rate\n";
    return 2;
  }
  // The slow connections and the busy clients start first; the probe runs
  // while all of them are at it.
  const auto warm_up = 3s;
  auto start = Clock::now();
  auto probe_start = start + warm_up;
  auto end = probe_start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));

  SlowStats slow_stats;
  std::thread slow_thread(run_slow, port, slow, end, std::ref(slow_stats));
  Target busy_target{"127.0.0.1", port, "/api/v1/health", "127.0.0.3"};
  std::atomic<long> busy_requests{0};
  std::atomic<long> busy_errors{0};
  std::vector<std::thread> busy_threads;
  for (int i = 0; i < busy; ++i) {
    busy_threads.emplace_back(run_busy, std::cref(busy_target), end, std::ref(busy_requests), std::ref(busy_errors));
  }

  Target probe_target{"127.0.0.1", port, "/api/v1/health", "127.0.0.1"};
  Connection probe(probe_target);
  const std::string request = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  std::this_thread::sleep_until(probe_start);
  long busy_before = busy_requests;
  auto run = bench::probe_at_rate(probe_start, end, probe_rate, [&] { return probe.exchange(request) == 200; });
  long busy_during = busy_requests - busy_before;
  slow_thread.join();
  for (auto& t : busy_threads) t.join();

  std::printf(
      "{\"probes\": %zu, \"probe_errors\": %ld, \"p50_ms\": %.2f, \"p99_ms\": %.2f, \"max_ms\": %.2f, "
      "\"busy_per_s\": %.0f, \"busy_errors\": %ld, \"slow\": %d, \"slow_closed\": %ld, \"slow_refused\": %ld, "
      "\"slow_open_at_end\": %ld}\n",
      run.latencies_ms.size(), run.errors, run.p50(), run.p99(), run.max(),
      static_cast<double>(busy_during) / run.seconds, busy_errors.load(), slow, slow_stats.closed, slow_stats.refused,
      slow_stats.open_at_end);
  return 0;
}
