// An open-loop load generator for POST /documents/check: requests leave on a
// fixed schedule (rate / connections per keep-alive connection), and each
// latency is measured from the moment its request was due, not from when it
// was sent, so a stalled server is charged for the requests it kept waiting
// (no coordinated omission; what wrk2 does, which Debian does not ship).
//
// Usage: rate_client URL TOKEN CHECKS_FILE RATE SECONDS [CONNECTIONS]
// Prints one JSON object: rate asked and achieved, requests, errors, p50/p99/
// p999/max latency in microseconds.
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
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

void run(const Target& t, const std::string& token, const std::vector<std::string>& bodies, std::size_t first,
         Clock::time_point start, Clock::duration interval, Clock::time_point end, Worker& w) {
  httplib::Client client(t.host, t.port);
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);  // headers and body leave at once, not a delayed-ACK apart
  client.set_read_timeout(10, 0);
  httplib::Headers headers = {{"Authorization", "Bearer " + token}};
  std::size_t next = first;
  for (Clock::time_point due = start; due < end; due += interval) {
    std::this_thread::sleep_until(due);
    const std::string& body = bodies[next++ % bodies.size()];
    auto res = client.Post(t.path, headers, body, "application/json");
    auto done = Clock::now();
    if (!res || res->status != 200) ++w.errors;
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
  std::string token = argv[2];
  std::vector<std::string> bodies;
  std::ifstream in(argv[3]);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) bodies.push_back(line);
  }
  const double rate = std::stod(argv[4]);
  const double seconds = std::stod(argv[5]);
  const int connections = argc > 6 ? std::stoi(argv[6]) : 4;
  if (bodies.empty() || rate <= 0 || seconds <= 0 || connections < 1) {
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
    threads.emplace_back(run, std::cref(target), std::cref(token), std::cref(bodies),
                         bodies.size() * static_cast<std::size_t>(c) / static_cast<std::size_t>(connections),
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
