// An open-loop load generator for POST /documents/check: requests leave on a
// fixed schedule (rate / connections per keep-alive connection), and each
// latency is measured from the moment its request was due, not from when it
// was sent, so a stalled server is charged for the requests it kept waiting
// (no coordinated omission; what wrk2 does, which Debian does not ship).
//
// Usage: rate_client URL TOKEN CHECKS_FILE RATE SECONDS [CONNECTIONS]
// Prints one JSON object: rate asked and achieved, requests, errors, p50/p99/
// p999/max latency in microseconds.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "loopback_http.hpp"

namespace {

using bench::Connection;
using bench::parse_url;
using bench::percentile;
using bench::Target;
using Clock = std::chrono::steady_clock;

struct Worker {
  std::vector<double> latencies_us;
  long errors = 0;
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
