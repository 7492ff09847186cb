#include <dirent.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "analysis/people.hpp"
#include "app/runtime.hpp"
#include "common/log.hpp"
#include "common/time.hpp"
#include "server/event_streams.hpp"
#include "server/front.hpp"
#include "server/server.hpp"

namespace ariadne::server {

namespace {

// Debian's cpp-httplib is a compiled library that listens with a queue of 5
// connections (CPPHTTPLIB_LISTEN_BACKLOG, fixed when it was built): a burst
// of clients connecting at once (border systems at the start of a shift or
// after a restart) overflowed it, and each connection dropped waited a second
// for the kernel's retry. Linux lets listen() on a listening socket set a new
// queue length; the socket is found among the process's descriptors by its
// port (the kernel caps the length at net.core.somaxconn).
void widen_listen_queue(int port) {
  DIR* fds = opendir("/proc/self/fd");
  if (fds == nullptr) return;
  while (const dirent* entry = readdir(fds)) {
    const int fd = std::atoi(entry->d_name);
    int listening = 0;
    socklen_t len = sizeof listening;
    if (fd <= 2 || getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || listening == 0) continue;
    sockaddr_storage addr{};
    socklen_t addr_len = sizeof addr;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &addr_len) != 0) continue;
    int bound = 0;
    if (addr.ss_family == AF_INET) bound = ntohs(reinterpret_cast<const sockaddr_in&>(addr).sin_port);
    if (addr.ss_family == AF_INET6) bound = ntohs(reinterpret_cast<const sockaddr_in6&>(addr).sin6_port);
    if (bound == port) ::listen(fd, 4096);
  }
  closedir(fds);
}

}  // namespace

namespace {

using Clock = std::chrono::steady_clock;

Clock::time_point& request_start() {
  thread_local Clock::time_point start;
  return start;
}

// One JSON line per request or event, through the process's log (one write
// a line, flushed: common/log.hpp).
void log_line(const nlohmann::json& entry) {
  log::line(entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void log_event(const std::string& event, const std::string& detail) {
  log_line({{"ts", iso_now_ms()}, {"event", event}, {"detail", detail}});
}

// A whole response the front writes itself, then closes the connection.
std::string canned_response(int status, const Error& error) {
  nlohmann::json problem = problem_json(error, status);
  std::string body = problem.dump();
  return "HTTP/1.1 " + std::to_string(status) + " " + problem["title"].get<std::string>() +
         "\r\nContent-Type: application/problem+json\r\nConnection: close\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

Error body_too_large(std::size_t limit) {
  return Error{ErrorCode::too_large, "the body is larger than the limit of " + std::to_string(limit) + " bytes", {}};
}

void refuse_transfer_coding(httplib::Response& res) {
  write_problem(res, Error{ErrorCode::length_required,
                           "request bodies with a Transfer-Encoding are not accepted; send the body with a "
                           "Content-Length",
                           {}});
}

FrontLimits front_limits(const ServerConfig& config, long open_files) {
  FrontLimits limits;
  limits.threads = config.threads;
  limits.head_timeout = config.head_timeout;
  limits.body_timeout = config.body_timeout;
  limits.idle_timeout = config.keep_alive;
  limits.write_timeout = config.write_timeout;
  // Descriptors beyond connections: the database, logs, the listener, epoll.
  limits.max_connections = static_cast<int>(std::min<long>(config.max_connections, open_files - 64));
  limits.max_per_address = config.max_connections_per_address;
  // Never below one body of the largest size, which could otherwise never be accepted.
  limits.max_buffered_bytes = std::max(config.max_buffered, config.body_limit);
  limits.max_stream_backlog = config.max_stream_backlog;
  limits.refused_response =
      canned_response(503, Error{ErrorCode::unavailable, "too many connections; retry later", {}});
  limits.over_budget_response = canned_response(
      503, Error{ErrorCode::unavailable, "too many request bodies are being received; retry later", {}});
  limits.malformed_response = canned_response(
      400, Error{ErrorCode::invalid_input,
                 "malformed request head: each line must end in CR LF and each header have a name and a colon; "
                 "Content-Length must be digits, given once, and not with Transfer-Encoding",
                 {}});
  limits.head_too_large_response =
      canned_response(431, Error{ErrorCode::invalid_input,
                                 "the request head is larger than " + std::to_string(limits.max_head_bytes) + " bytes",
                                 {}});
  return limits;
}

}  // namespace

int serve(const ServerConfig& config) {
  SSL_CTX* tls = nullptr;
  if (!config.tls_cert.empty() || !config.tls_key.empty()) {
    if (config.tls_cert.empty() || config.tls_key.empty()) {
      std::cerr << "ariadne serve: --tls-cert and --tls-key go together\n";
      return 2;
    }
    std::string error;
    tls = make_tls_context(config.tls_cert, config.tls_key, error);
    if (tls == nullptr) {
      std::cerr << "ariadne serve: " << error << '\n';
      return 2;
    }
  }
  long open_files = raise_open_file_limit();
  FrontLimits limits = front_limits(config, open_files);
  limits.report = [](const std::string& detail) { log_event("front", detail); };
  // Live inbox streams: the front holds the connections, `streams` (made once
  // the store is open, before the listener starts) feeds them.
  std::unique_ptr<EventStreams> streams;
  limits.stream_opened = [&streams](std::uint64_t id, const std::string& topic, std::int64_t cursor,
                                    const std::string& token) {
    if (streams) streams->opened(id, topic, cursor, token);
  };
  limits.stream_closed = [&streams](std::uint64_t id) {
    if (streams) streams->closed(id);
  };
  const std::string front_summary = std::to_string(limits.threads) + " workers, at most " +
                                    std::to_string(limits.max_connections) + " connections, " +
                                    std::to_string(limits.max_per_address) + " per address";
  auto http = std::make_unique<FrontServer>(std::move(limits), tls);  // owns tls from here
  log_event("front", front_summary);

  // Signals are taken by one thread with sigwait, never by a handler that
  // could interrupt a write half-way; every thread started from here on
  // inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  app::RuntimeConfig runtime_config{.db_url = config.db_url,
                                    .remind_interval = config.remind_interval,
                                    .hit_overdue = config.hit_overdue,
                                    .audit_key = config.audit_key,
                                    .audit_checkpoint_interval = config.audit_checkpoint_interval,
                                    .audit_anchor_out = config.audit_anchor_out};
  auto started = app::Runtime::start(runtime_config, log_event);
  if (!started) {
    std::cerr << "ariadne serve: " << started.error().message << '\n';
    return exit_code(started.error().code);
  }
  std::unique_ptr<app::Runtime> runtime = std::move(started).value();

  std::optional<exchange::AttachmentKey> attachment_key;
  if (!config.attachment_key.empty()) {
    auto key = exchange::open_attachment_key(runtime->db(), config.attachment_key);
    if (!key) {
      std::cerr << "ariadne serve: " << key.error().message
                << (key.error().fields.empty() ? "" : ": " + key.error().fields[0].reason) << '\n';
      return exit_code(key.error().code);
    }
    attachment_key = std::move(*key);
  }

  AppState app{runtime->db(), runtime->limiter(), {config.session_lifetime}};
  app.attachment_key = attachment_key ? &*attachment_key : nullptr;
  app.hit_overdue = config.hit_overdue;
  app.check_tally = &runtime->check_tally();
  app.index = &runtime->documents();
  app.screening = &runtime->screening();
  app.checkpoints = runtime->checkpoints();
  app.people = &runtime->people();
  app.links = &runtime->links();
  streams = std::make_unique<EventStreams>(runtime->db(), *http, config.stream_interval,
                                           std::max<std::size_t>(config.max_stream_backlog / 2, 1024),
                                           [](const std::string& detail) { log_event("streams", detail); });
  Router router;
  build_router(router, app);
  router.install(*http, [&app](const std::string& token) { return policy::authenticate(app.db, token); });

  http->set_payload_max_length(config.body_limit);
  http->set_keep_alive_timeout(config.keep_alive.count());
  // Border systems keep a connection open for a stream of checks.
  http->set_keep_alive_max_count(1000);
  http->set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    request_start() = Clock::now();
    current_trace() = RequestTrace{};
    // cpp-httplib 0.11 applies the payload limit to Content-Length bodies
    // only; a chunked body could grow without bound, so none is accepted.
    // The front leaves the body unread and closes the connection after the
    // answer (which says Connection: close).
    // Any transfer coding (chunked, Chunked, gzip) is refused alike.
    if (req.has_header("Transfer-Encoding")) {
      refuse_transfer_coding(res);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // A client waiting for 100 Continue learns at once that its body would be
  // refused, and sends none (the front then closes the connection).
  http->set_expect_100_continue_handler(
      [limit = config.body_limit](const httplib::Request& req, httplib::Response& res) {
        if (req.has_header("Transfer-Encoding")) {
          refuse_transfer_coding(res);
        } else if (std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10) > limit) {
          write_problem(res, body_too_large(limit));
        } else {
          return 100;
        }
        res.set_header("Connection", "close");
        return res.status;
      });
  // Statuses the router did not produce itself (unknown route, oversized
  // body, unreadable request) still answer with a problem document.
  std::size_t limit = config.body_limit;
  http->set_error_handler(
      httplib::Server::HandlerWithResponse([limit](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        Error e{ErrorCode::invalid_input, "the request could not be read", {}};
        // Where cpp-httplib's reading stopped is no place to read a next request
        // from: the front closes the connection after this answer.
        if (res.status == 400) res.set_header("Connection", "close");
        if (res.status == 404) e = Error{ErrorCode::not_found, "no route " + req.method + " " + req.path, {}};
        if (res.status == 413) e = body_too_large(limit);
        if (res.status >= 500) e = Error::internal("internal error");
        res.set_content(problem_json(e, res.status).dump(), "application/problem+json");
        return httplib::Server::HandlerResponse::Handled;
      }));
  http->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    log_event("exception", what);
    write_problem(res, Error::internal("internal error"));
  });
  http->set_logger([](const httplib::Request& req, const httplib::Response& res) {
    auto ms = std::chrono::duration<double, std::milli>(Clock::now() - request_start()).count();
    const auto& trace = current_trace();
    // The path only: query strings may carry names searched for.
    log_line({{"ts", iso_now_ms()},
              {"remote", req.remote_addr},
              {"method", req.method},
              {"path", req.path},
              {"status", res.status},
              {"ms", std::round(ms * 100) / 100},
              {"bytes", res.body.size()},
              {"user", trace.username},
              {"member", trace.member}});
  });

  int port = config.port;
  if (port == 0) {
    port = http->bind_to_any_port(config.bind);
  } else if (!http->bind_to_port(config.bind, port)) {
    port = -1;
  }
  if (port <= 0) {
    std::cerr << "ariadne serve: cannot listen on " << config.bind << ":" << config.port << '\n';
    return 1;
  }
  widen_listen_queue(port);
  std::string scheme = config.tls_cert.empty() ? "http" : "https";
  if (!config.port_file.empty()) {
    std::string tmp = config.port_file + ".tmp";
    std::ofstream(tmp) << port << '\n';
    std::rename(tmp.c_str(), config.port_file.c_str());
  }

  std::atomic<bool> stopped{false};
  std::thread signal_thread([&] {
    timespec tick{0, 200'000'000L};
    while (!stopped) {
      int sig = sigtimedwait(&signals, nullptr, &tick);
      if (sig == SIGTERM || sig == SIGINT) {
        log_event("shutdown",
                  std::string("signal ") + (sig == SIGTERM ? "SIGTERM" : "SIGINT") + ": finishing in-flight requests");
        // stop() is a no-op until the listener runs: a signal that arrives
        // during start-up waits for it, so it is never lost.
        while (!stopped && !http->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        http->stop();
        return;
      }
    }
  });

  log_event("listening",
            scheme + "://" + config.bind + ":" + std::to_string(port) + " database " + runtime->db().describe());
  std::cout << "ariadne: serving " << scheme << "://" << config.bind << ":" << port << "/api/v1" << std::endl;
  bool ok = http->listen_after_bind();  // returns once stopped and every worker has finished
  stopped = true;
  signal_thread.join();
  streams.reset();  // the front closed every stream with the listener
  http.reset();     // after listen_after_bind returned, every connection is closed
  runtime.reset();  // the jobs, the followers, then the database
  log_event("stopped", ok ? "clean shutdown" : "listener failed");
  return ok ? 0 : 1;
}

}  // namespace ariadne::server
