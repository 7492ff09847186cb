// A flood of TLS handshakes against a running `ariadne serve --tls-cert …`,
// and a probe on a connection established before the flood:
//   FLOOD threads from 127.0.0.2, each opening a connection, completing a full
//     TLS handshake (no session resumption: every one costs the server its
//     key exchange and signature) and closing it, back to back,
//   a probe from 127.0.0.1 asking GET /health at a fixed rate on one
//     kept-alive TLS connection, its latency measured from when it was due.
// The server's handshake work must not hold up the requests of connections
// already established.
//
// Usage: tls_handshakes PORT [SECONDS] [FLOOD] [PROBES_PER_S]
//        (defaults 20 s, 16 flood threads, 20 probes/s)
// Prints one JSON object: probes, probe errors, probe latency p50/p99/max in
// ms, and the handshakes completed per second.
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "loopback_http.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

SSL_CTX* client_context() {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);  // a self-signed bench certificate
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
  return ctx;
}

void flood(SSL_CTX* ctx, int port, Clock::time_point end, std::atomic<long>& done, std::atomic<long>& failed) {
  while (Clock::now() < end) {
    int fd = bench::connect_tcp("127.0.0.2", "127.0.0.1", port);
    if (fd < 0) {
      ++failed;
      std::this_thread::sleep_for(10ms);
      continue;
    }
    SSL* ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    if (SSL_connect(ssl) == 1) {
      ++done;
    } else {
      ++failed;
    }
    SSL_free(ssl);  // closed without close_notify, as a flood would
    ::close(fd);
    ERR_clear_error();
  }
}

// One request on the probe's connection; the status code, 0 on failure.
int exchange(SSL* ssl, const std::string& request) {
  if (SSL_write(ssl, request.data(), static_cast<int>(request.size())) <= 0) return 0;
  std::string in;
  char buf[4096];
  std::size_t head_end = std::string::npos;
  std::size_t length = 0;
  while (head_end == std::string::npos || in.size() < head_end + length) {
    int n = SSL_read(ssl, buf, sizeof buf);
    if (n <= 0) return 0;
    in.append(buf, static_cast<std::size_t>(n));
    if (head_end == std::string::npos && (head_end = in.find("\r\n\r\n")) != std::string::npos) {
      head_end += 4;
      auto at = in.find("Content-Length: ");
      if (at == std::string::npos || at > head_end) return 0;
      length = std::strtoul(in.c_str() + at + 16, nullptr, 10);
    }
  }
  return std::atoi(in.c_str() + 9);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: tls_handshakes PORT [SECONDS] [FLOOD] [PROBES_PER_S]\n";
    return 2;
  }
  const int port = std::atoi(argv[1]);
  const double seconds = argc > 2 ? std::stod(argv[2]) : 20;
  const int threads = argc > 3 ? std::atoi(argv[3]) : 16;
  const double probe_rate = argc > 4 ? std::stod(argv[4]) : 20;
  if (port <= 0 || seconds <= 0 || threads < 0 || probe_rate <= 0) {
    std::cerr << "tls_handshakes: need a port, a positive duration and probe rate\n";
    return 2;
  }
  std::signal(SIGPIPE, SIG_IGN);  // OpenSSL writes with send(): a connection the server dropped fails the call
  SSL_CTX* ctx = client_context();
  int probe_fd = bench::connect_tcp("127.0.0.1", "127.0.0.1", port);
  SSL* probe = probe_fd < 0 ? nullptr : SSL_new(ctx);
  if (probe == nullptr || SSL_set_fd(probe, probe_fd) != 1 || SSL_connect(probe) != 1) {
    std::cerr << "tls_handshakes: cannot open the probe's TLS connection to port " << port << "\n";
    return 1;
  }
  const std::string request = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  if (exchange(probe, request) != 200) {
    std::cerr << "tls_handshakes: GET /health does not answer 200\n";
    return 1;
  }

  const auto warm_up = 2s;
  auto probe_start = Clock::now() + warm_up;
  auto end = probe_start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  std::atomic<long> done{0};
  std::atomic<long> failed{0};
  std::vector<std::thread> flooders;
  for (int i = 0; i < threads; ++i) flooders.emplace_back(flood, ctx, port, end, std::ref(done), std::ref(failed));

  std::this_thread::sleep_until(probe_start);
  long done_before = done;
  auto run = bench::probe_at_rate(probe_start, end, probe_rate, [&] { return exchange(probe, request) == 200; });
  long done_during = done - done_before;
  for (auto& t : flooders) t.join();
  SSL_free(probe);
  ::close(probe_fd);
  SSL_CTX_free(ctx);

  std::printf(
      "{\"probes\": %zu, \"probe_errors\": %ld, \"p50_ms\": %.2f, \"p99_ms\": %.2f, \"max_ms\": %.2f, "
      "\"handshakes_per_s\": %.0f, \"handshake_failures\": %ld, \"flood_threads\": %d}\n",
      run.latencies_ms.size(), run.errors, run.p50(), run.p99(), run.max(),
      static_cast<double>(done_during) / run.seconds, failed.load(), threads);
  return 0;
}
