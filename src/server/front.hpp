// The connection front of the API server: one epoll reactor thread reads
// every connection without blocking, and the worker pool only ever runs
// complete requests.
//
// A connection holds no worker while its client is slow: the reactor buffers
// the request head and its Content-Length body, enforcing a head deadline, a
// body deadline, an idle keep-alive timeout, a head size cap, caps on
// connections per remote address and in all, and a cap on the body bytes
// buffered by all connections together. A complete request is queued
// (first come, first served) to a worker, which runs cpp-httplib's request
// processing on the buffered bytes, sends what of the response the socket
// takes and hands the connection back to the reactor, which sends the rest of
// a response a slow reader leaves, before a write deadline. A busy keep-alive client
// therefore queues behind everyone else for each request instead of keeping a
// worker for up to keep_alive_max_count requests.
//
// TLS is terminated here too (non-blocking OpenSSL; handshakes in the workers,
// at most half of them at once, so that a flood of handshakes cannot take the
// workers from established connections nor hold up the reactor; reads in the
// reactor; writes in the worker and then the reactor; one thread touches a
// connection at a time).
#pragma once

#include <httplib.h>
#include <openssl/ssl.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace ariadne::server {

struct FrontLimits {
  int threads = 8;                                  // workers running requests
  std::chrono::milliseconds head_timeout{10'000};   // a request head, from its first byte (or the connect)
  std::chrono::milliseconds body_timeout{30'000};   // a Content-Length body, once the head is in
  std::chrono::milliseconds idle_timeout{2'000};    // a keep-alive connection between requests
  std::chrono::milliseconds write_timeout{10'000};  // one response
  std::size_t max_head_bytes = 64 * 1024;
  int max_connections = 10'000;  // lowered to what RLIMIT_NOFILE allows
  int max_per_address = 256;     // open connections of one remote IP address
  // Request bodies buffered at once, in all: a body is reserved whole when
  // its head arrives and released once it is answered (or its connection closes).
  std::size_t max_buffered_bytes = std::size_t{256} * 1024 * 1024;
  // Whole HTTP responses the reactor writes itself before closing (plain HTTP only).
  std::string refused_response;         // over a connection cap
  std::string head_too_large_response;  // head over max_head_bytes
  std::string over_budget_response;     // a body that max_buffered_bytes has no room for
  std::string malformed_response;       // a head whose framing is ambiguous (400)
  // Called on the reactor thread, at most every 10 s, with how many
  // connections were refused or cut off since the last call.
  std::function<void(const std::string&)> report;
  // Event streams (server-sent events): a connection a handler kept as a
  // stream (keep_as_event_stream) is announced once its head is sent, and its
  // end (the client left, it fell too far behind, the server stops) once;
  // both on the reactor thread.
  std::function<void(std::uint64_t stream, const std::string& topic, std::int64_t cursor,
                     const std::string& credential)>
      stream_opened;
  std::function<void(std::uint64_t stream)> stream_closed;
  // Bytes pushed to a stream and not yet taken by its client beyond which the
  // client is dropped (it reconnects with Last-Event-ID and misses nothing).
  // A stream whose client takes nothing for write_timeout is dropped too.
  std::size_t max_stream_backlog = 256 * 1024;
};

// Called by a handler on the worker thread running it: once the answer's
// head is sent (a 200; its body is ignored), the connection stays open as an
// event stream on `topic`, reads no more requests, and receives what push()
// sends it. `cursor` and `credential` (what the stream's feeder checks again
// later, e.g. the session token) are handed to stream_opened.
void keep_as_event_stream(std::string topic, std::int64_t cursor, std::string credential);

// Raises the soft RLIMIT_NOFILE to the hard limit; returns the new soft limit.
long raise_open_file_limit();

// An SSL_CTX for `cert`/`key` (PEM) offering TLS 1.3 and TLS 1.2 with
// forward-secret AEAD suites only (Mozilla "intermediate"). Null, with
// `error` set, when the files cannot be loaded.
SSL_CTX* make_tls_context(const std::string& cert, const std::string& key, std::string& error);

// An httplib::Server served through the front. Configure it like any
// httplib::Server (handlers, logger, payload limit, keep-alive count) before
// listen_after_bind(); stop() then finishes requests already received and
// closes every connection before listen_after_bind() returns. `tls` (may be
// null) is owned by the server.
class FrontServer : public httplib::Server {
 public:
  FrontServer(FrontLimits limits, SSL_CTX* tls);
  ~FrontServer() override;
  FrontServer(const FrontServer&) = delete;
  FrontServer& operator=(const FrontServer&) = delete;

  // Appends bytes to an open event stream (any thread); ignored once it has
  // ended. The reactor writes them as the client takes them.
  void push(std::uint64_t stream, std::string bytes);
  // Bytes pushed to the stream and not yet taken by its client (queued ones
  // included), so a feeder sends no more than the client keeps up with;
  // nullopt once the stream has ended.
  std::optional<std::size_t> stream_backlog(std::uint64_t stream);
  // Closes an open event stream (any thread), e.g. once its session ended.
  void end_stream(std::uint64_t stream);

 private:
  class Front;
  bool process_and_close_socket(socket_t sock) override;
  // process_request is protected in httplib::Server; the front's workers call it through this.
  bool run_request(httplib::Stream& stream, bool close_connection, bool& connection_closed);

  FrontLimits limits_;
  SSL_CTX* tls_;
  std::mutex front_mutex_;  // push() may run while listening starts or ends
  Front* front_ = nullptr;  // while listening
};

}  // namespace ariadne::server
