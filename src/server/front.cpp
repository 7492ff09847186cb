#include "server/front.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/network.hpp"

namespace ariadne::server {

namespace {

using Clock = std::chrono::steady_clock;

// How often the reactor looks for connections past their deadline.
constexpr auto kSweepInterval = std::chrono::milliseconds(100);
constexpr auto kReportInterval = std::chrono::seconds(10);
// Buffers grown past this by one large request are released afterwards.
constexpr std::size_t kKeptCapacity = 256 * 1024;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// What a connection waits for; each phase has its own deadline (an event
// stream has none: it lasts until its client leaves or falls behind).
enum class Phase { idle, head, body, write, busy, stream };

// A handler's request that its answer open an event stream (keep_as_event_stream).
struct StreamRequest {
  std::string topic;
  std::int64_t cursor = 0;
  std::string credential;
};

struct Connection {
  int fd = -1;
  SSL* ssl = nullptr;  // null for plain HTTP
  bool handshaken = false;
  Phase phase = Phase::busy;
  Clock::time_point deadline;
  std::string in;                  // received and not yet answered
  std::size_t scanned = 0;         // bytes of `in` searched for the end of the head
  std::size_t head_end = 0;        // just past the head's blank line; 0 while the head is incomplete
  std::size_t request_end = 0;     // head_end plus the body read with it
  bool close_after = false;        // close once answered (also: the body is left unread, chunked or too large)
  bool expect_continue = false;    // the client waits for 100 Continue before sending the body
  unsigned long long discard = 0;  // bytes of an over-limit body still to drop
  std::size_t reserved = 0;        // body bytes taken from the front's buffer budget
  bool continued = false;          // ... and the reactor sent it
  bool interim = false;            // `out` holds a 100 Continue the socket has not taken yet
  bool read_wants_write = false;   // TLS: the last read must send before it can go on
  bool peer_done = false;          // the client shut its side down
  std::size_t served = 0;
  std::atomic<bool> busy{false};  // queued for or run by a worker: the reactor keeps its hands off
  std::string out;                // the response being written
  std::size_t written = 0;        // bytes of `out` sent
  std::string remote_ip;
  std::string network;  // what the per-address cap counts: the IPv4 address or the IPv6 /64
  int remote_port = 0;
  std::string local_ip;
  int local_port = 0;
  std::uint64_t stream = 0;  // an event stream's id once the connection became one
  StreamRequest stream_request;
};

thread_local std::optional<StreamRequest> t_stream_request;

// Kernel send buffer of an event stream: fixed (no autotuning to megabytes),
// so a client that stops reading is noticed after a bounded amount.
constexpr int kStreamSendBuffer = 64 * 1024;
// A stream's sent bytes are dropped from its buffer once this many piled up.
constexpr std::size_t kStreamCompactBytes = 64 * 1024;

// The head of an event stream from the handler's answer: its status line and
// headers without a length (the body runs until the connection closes).
std::string stream_head(std::string_view response) {
  auto end = response.find("\r\n\r\n");
  std::string_view head = response.substr(0, end == std::string_view::npos ? response.size() : end);
  std::string out;
  std::size_t pos = 0;
  while (pos <= head.size()) {
    auto eol = head.find("\r\n", pos);
    std::string_view line = head.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    auto colon = line.find(':');
    std::string_view name = colon == std::string_view::npos ? std::string_view{} : line.substr(0, colon);
    auto is = [&](std::string_view n) {
      return name.size() == n.size() && std::equal(name.begin(), name.end(), n.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == b;
             });
    };
    if (!is("content-length") && !is("connection") && !is("keep-alive") && !line.empty()) {
      out.append(line).append("\r\n");
    }
    if (eol == std::string_view::npos) break;
    pos = eol + 2;
  }
  return out + "Cache-Control: no-store\r\nX-Accel-Buffering: no\r\n\r\n";
}

enum class Scan { more, complete, too_large, over_budget, malformed };

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// What a complete head says about the body that follows. A head that
// cpp-httplib could read differently (it skips lines ending in a bare LF,
// ignores lines without a colon, URL-decodes values) or whose framing is
// ambiguous is `malformed`, and refused before anything reads a body.
struct BodyFraming {
  bool malformed = false;
  bool has_length = false;
  unsigned long long length = 0;
  bool transfer_encoding = false;
  bool expect_continue = false;
};

// Only a CR LF pair ends a line.
bool bare_line_ends(std::string_view head) {
  for (std::size_t i = head.find_first_of("\r\n"); i != std::string_view::npos; i = head.find_first_of("\r\n", i + 2)) {
    if (head[i] != '\r' || i + 1 == head.size() || head[i + 1] != '\n') return true;
  }
  return false;
}

// Digits only, as RFC 9112 says, and no more than fit.
bool parse_length(std::string_view value, unsigned long long& length) {
  if (value.empty() || value.size() > 19) return false;  // 19 digits always fit
  length = 0;
  for (char ch : value) {
    if (ch < '0' || ch > '9') return false;
    length = length * 10 + static_cast<unsigned long long>(ch - '0');
  }
  return true;
}

BodyFraming inspect_head(std::string_view head) {
  BodyFraming f;
  f.malformed = bare_line_ends(head);
  std::size_t start = head.find("\r\n");
  while (!f.malformed && start != std::string_view::npos) {
    start += 2;
    std::size_t end = head.find("\r\n", start);
    if (end == std::string_view::npos || end == start) break;
    std::string_view line = head.substr(start, end - start);
    std::size_t colon = line.find(':');
    std::string_view name = line.substr(0, colon);
    if (colon == std::string_view::npos || name.empty() || name.find_first_of(" \t") != std::string_view::npos) {
      f.malformed = true;
      break;
    }
    std::string_view value = trim(line.substr(colon + 1));
    if (iequals(name, "Content-Length")) {
      f.malformed = f.has_length || !parse_length(value, f.length);
      f.has_length = true;
    } else if (iequals(name, "Transfer-Encoding")) {
      f.transfer_encoding = true;
    } else if (iequals(name, "Expect") && value == "100-continue") {
      f.expect_continue = true;
    }
    start = end;
  }
  if (f.has_length && f.transfer_encoding) f.malformed = true;
  return f;
}

std::string address_text(const sockaddr_storage& addr, int& port) {
  char text[INET6_ADDRSTRLEN] = "";
  if (addr.ss_family == AF_INET) {
    const auto& a = reinterpret_cast<const sockaddr_in&>(addr);
    inet_ntop(AF_INET, &a.sin_addr, text, sizeof text);
    port = ntohs(a.sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto& a = reinterpret_cast<const sockaddr_in6&>(addr);
    inet_ntop(AF_INET6, &a.sin6_addr, text, sizeof text);
    port = ntohs(a.sin6_port);
  }
  return text;
}

// Sends what fits now, without waiting: interim and refusal answers only.
void send_now(const Connection& c, std::string_view data) {
  if (data.empty()) return;
  if (c.ssl) {
    ERR_clear_error();
    SSL_write(c.ssl, data.data(), static_cast<int>(data.size()));
    ERR_clear_error();
  } else {
    [[maybe_unused]] auto n = ::send(c.fd, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  }
}

// Sends what it can of c.out without waiting; true once all of it is sent.
// When the socket is full, `events` says what to wait for; 0 on a broken connection.
bool write_some(Connection& c, uint32_t& events) {
  events = 0;
  while (c.written < c.out.size()) {
    const char* p = c.out.data() + c.written;
    std::size_t n = c.out.size() - c.written;
    if (c.ssl) {
      ERR_clear_error();
      int r = SSL_write(c.ssl, p, static_cast<int>(std::min<std::size_t>(n, 1 << 30)));
      if (r > 0) {
        c.written += static_cast<std::size_t>(r);
        continue;
      }
      int e = SSL_get_error(c.ssl, r);
      ERR_clear_error();
      if (e == SSL_ERROR_WANT_READ) events = EPOLLIN;
      if (e == SSL_ERROR_WANT_WRITE) events = EPOLLOUT;
      return false;
    }
    ssize_t r = ::send(c.fd, p, n, MSG_NOSIGNAL);
    if (r > 0) {
      c.written += static_cast<std::size_t>(r);
      continue;
    }
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) events = EPOLLOUT;
    return false;
  }
  return true;
}

// Whether an error response says Connection: close although the request did
// not ask for it: cpp-httplib could not read the request (server.cpp), so
// what follows it is no request to trust. Successes are not searched.
bool answers_close(std::string_view response) {
  if (response.size() < 10 || response[9] < '4') return false;
  return response.substr(0, response.find("\r\n\r\n")).find("\r\nConnection: close") != std::string_view::npos;
}

// The Stream cpp-httplib processes a request on: reads come from the bytes the
// reactor buffered for this request (and end there), writes are collected and
// sent in one go by the worker.
class ConnectionStream final : public httplib::Stream {
 public:
  explicit ConnectionStream(Connection& c) : c_(c), end_(c.request_end) {}

  bool is_readable() const override { return pos_ < end_; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    std::size_t n = std::min(size, end_ - pos_);
    std::memcpy(ptr, c_.in.data() + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    // cpp-httplib answers Expect: 100-continue as it reads the head; the
    // reactor already did, before the body came.
    if (c_.continued && std::string_view(ptr, size) == kContinue) {
      c_.continued = false;
      return static_cast<ssize_t>(size);
    }
    c_.out.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.remote_ip;
    port = c_.remote_port;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.local_ip;
    port = c_.local_port;
  }
  socket_t socket() const override { return c_.fd; }

 private:
  Connection& c_;
  std::size_t pos_ = 0;
  std::size_t end_;
};

}  // namespace

void keep_as_event_stream(std::string topic, std::int64_t cursor, std::string credential) {
  t_stream_request = StreamRequest{std::move(topic), cursor, std::move(credential)};
}

// The task queue cpp-httplib's accept loop hands sockets to. Accepting runs
// inline (it only passes the socket to the reactor); the reactor thread and
// the workers live as long as the listener.
class FrontServer::Front final : public httplib::TaskQueue {
 public:
  explicit Front(FrontServer& server);
  ~Front() override;
  Front(const Front&) = delete;
  Front& operator=(const Front&) = delete;

  void enqueue(std::function<void()> fn) override { fn(); }
  // Called once the listener stopped: closes idle and half-read connections,
  // lets the workers answer every request already received, then joins.
  void shutdown() override;
  void adopt(int fd);
  void push(std::uint64_t stream, std::string bytes);
  std::optional<std::size_t> stream_backlog(std::uint64_t stream);
  void end_stream(std::uint64_t stream);

 private:
  // Reactor thread.
  void reactor_loop();
  void take_inbox();
  void register_connection(int fd);
  void on_event(Connection& c);
  bool read_available(Connection& c, Scan& scan);
  void refuse(Connection& c, const std::string& response);
  void close_connection(Connection& c);
  void close_idle(Clock::time_point now, bool all);
  void report(Clock::time_point now);
  void open_stream(Connection& c);
  void on_stream_event(Connection& c);
  void flush_stream(Connection& c);
  // Either thread, while it owns the connection.
  Scan scan(Connection& c);
  const std::string& refusal(Scan state) const;
  bool reserve(Connection& c, std::size_t bytes);
  void unreserve(Connection& c);
  void update_phase(Connection& c, Clock::time_point now) const;
  void arm(Connection& c, uint32_t events) const;
  void queue_request(Connection& c);
  void queue(Connection& c, std::deque<Connection*>& q);
  bool flush_interim(Connection& c);
  void hand_to_reactor(std::vector<Connection*>& list, Connection& c);
  // Workers.
  void worker_loop();
  void run(Connection& c);
  void handshake_step(Connection& c);
  void send_response(Connection& c);
  void release(Connection& c);
  void become_stream(Connection& c, StreamRequest request);

  FrontServer& server_;
  const FrontLimits& limits_;
  const std::size_t payload_limit_;
  const std::size_t keep_alive_max_;
  const int max_handshaking_;
  int epoll_ = -1;
  int wake_ = -1;
  std::atomic<bool> stopping_{false};
  bool shut_down_ = false;
  std::atomic<std::size_t> buffered_{0};  // body bytes reserved by all connections

  // Reactor only.
  std::vector<std::unique_ptr<Connection>> connections_;  // by descriptor
  std::unordered_map<std::string, int> per_address_;
  int open_ = 0;
  long refused_ = 0;  // since the last report
  long cut_off_ = 0;
  long streams_dropped_ = 0;  // clients that fell too far behind, since the last report
  Clock::time_point next_report_;
  std::unordered_map<std::uint64_t, int> stream_fds_;  // open event streams: id → descriptor

  // Handed to the reactor by the accept loop and the workers.
  std::mutex inbox_mutex_;
  std::vector<int> accepted_;
  std::vector<Connection*> closing_;
  std::vector<Connection*> resumed_;  // handshake done, or TLS records already decrypted: epoll will not report them
  std::vector<Connection*> streams_;  // connections a worker turned into event streams
  std::vector<std::pair<std::uint64_t, std::string>> pushes_;
  std::vector<std::uint64_t> ends_;  // streams to close
  std::atomic<std::uint64_t> next_stream_{1};
  // Unsent bytes of each open stream, queued pushes included (any thread).
  std::mutex backlog_mutex_;
  std::unordered_map<std::uint64_t, std::size_t> backlog_;

  std::mutex work_mutex_;
  std::condition_variable work_ready_;
  std::deque<Connection*> work_;        // complete requests
  std::deque<Connection*> handshakes_;  // TLS handshakes to go on with
  int handshaking_ = 0;                 // workers on a handshake now
  bool workers_done_ = false;

  std::thread reactor_;
  std::vector<std::thread> workers_;
};

FrontServer::Front::Front(FrontServer& server)
    : server_(server),
      limits_(server.limits_),
      payload_limit_(server.payload_max_length_),
      keep_alive_max_(std::max<std::size_t>(server.keep_alive_max_count_, 1)),
      max_handshaking_(std::max(server.limits_.threads / 2, 1)) {
  epoll_ = epoll_create1(EPOLL_CLOEXEC);
  wake_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wake_;
  epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &ev);
  {
    std::lock_guard lock(server_.front_mutex_);
    server_.front_ = this;
  }
  reactor_ = std::thread([this] { reactor_loop(); });
  for (int i = 0; i < std::max(limits_.threads, 1); ++i) workers_.emplace_back([this] { worker_loop(); });
}

FrontServer::Front::~Front() {
  {
    std::lock_guard lock(server_.front_mutex_);
    server_.front_ = nullptr;
  }
  shutdown();
  ::close(wake_);
  ::close(epoll_);
}

void FrontServer::Front::shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  stopping_ = true;
  uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_, &one, sizeof one);
  reactor_.join();  // returns once every connection is closed, so no request is left queued
  {
    std::lock_guard lock(work_mutex_);
    workers_done_ = true;
  }
  work_ready_.notify_all();
  for (auto& t : workers_) t.join();
}

void FrontServer::Front::adopt(int fd) {
  {
    std::lock_guard lock(inbox_mutex_);
    accepted_.push_back(fd);
  }
  uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_, &one, sizeof one);
}

void FrontServer::Front::push(std::uint64_t stream, std::string bytes) {
  {
    std::lock_guard lock(backlog_mutex_);
    auto it = backlog_.find(stream);
    if (it == backlog_.end()) return;  // ended
    it->second += bytes.size();
  }
  {
    std::lock_guard lock(inbox_mutex_);
    pushes_.emplace_back(stream, std::move(bytes));
  }
  uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_, &one, sizeof one);
}

std::optional<std::size_t> FrontServer::Front::stream_backlog(std::uint64_t stream) {
  std::lock_guard lock(backlog_mutex_);
  auto it = backlog_.find(stream);
  if (it == backlog_.end()) return std::nullopt;
  return it->second;
}

void FrontServer::Front::end_stream(std::uint64_t stream) {
  {
    std::lock_guard lock(inbox_mutex_);
    ends_.push_back(stream);
  }
  uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_, &one, sizeof one);
}

void FrontServer::Front::hand_to_reactor(std::vector<Connection*>& list, Connection& c) {
  {
    std::lock_guard lock(inbox_mutex_);
    list.push_back(&c);
  }
  uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_, &one, sizeof one);
}

// --- reactor ------------------------------------------------------------------

void FrontServer::Front::reactor_loop() {
  std::array<epoll_event, 256> events;
  auto next_sweep = Clock::now() + kSweepInterval;
  while (true) {
    // Deadlines are checked every kSweepInterval while connections are open.
    int timeout = (open_ > 0 || stopping_) ? static_cast<int>(kSweepInterval.count()) : -1;
    int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), timeout);
    bool woken = false;
    for (int i = 0; i < n; ++i) {
      int fd = events[i].data.fd;
      if (fd == wake_) {
        uint64_t count;
        [[maybe_unused]] auto r = ::read(wake_, &count, sizeof count);
        woken = true;
      } else if (static_cast<std::size_t>(fd) < connections_.size() && connections_[fd]) {
        on_event(*connections_[fd]);
      }
    }
    if (woken) take_inbox();
    auto now = Clock::now();
    if (stopping_) {
      close_idle(now, true);
      if (open_ == 0) return;
    } else if (now >= next_sweep) {
      close_idle(now, false);
      report(now);
      next_sweep = now + kSweepInterval;
    }
  }
}

void FrontServer::Front::take_inbox() {
  std::vector<int> accepted;
  std::vector<Connection*> closing;
  std::vector<Connection*> resumed;
  std::vector<Connection*> streams;
  std::vector<std::pair<std::uint64_t, std::string>> pushes;
  std::vector<std::uint64_t> ends;
  {
    std::lock_guard lock(inbox_mutex_);
    accepted.swap(accepted_);
    closing.swap(closing_);
    resumed.swap(resumed_);
    streams.swap(streams_);
    pushes.swap(pushes_);
    ends.swap(ends_);
  }
  for (int fd : accepted) {
    if (stopping_) {
      ::close(fd);
    } else {
      register_connection(fd);
    }
  }
  for (Connection* c : closing) close_connection(*c);
  for (Connection* c : resumed) {
    c->busy.store(false, std::memory_order_relaxed);
    on_event(*c);
  }
  for (Connection* c : streams) open_stream(*c);
  // Bytes for each stream are appended in the order they were pushed, then
  // written once (which also drops a client too far behind).
  std::vector<std::uint64_t> touched;
  for (auto& [id, bytes] : pushes) {
    auto it = stream_fds_.find(id);
    if (it == stream_fds_.end()) continue;  // it ended meanwhile
    connections_[it->second]->out += bytes;
    touched.push_back(id);
  }
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  for (auto id : touched) {
    if (auto it = stream_fds_.find(id); it != stream_fds_.end()) flush_stream(*connections_[it->second]);
  }
  for (auto id : ends) {
    if (auto it = stream_fds_.find(id); it != stream_fds_.end()) close_connection(*connections_[it->second]);
  }
}

// --- event streams ------------------------------------------------------------

void FrontServer::Front::open_stream(Connection& c) {
  c.busy.store(false, std::memory_order_relaxed);
  if (stopping_) {
    close_connection(c);
    return;
  }
  stream_fds_[c.stream] = c.fd;
  {
    std::lock_guard lock(backlog_mutex_);
    backlog_[c.stream] = c.out.size() - c.written;
  }
  if (limits_.stream_opened) {
    const auto& r = c.stream_request;
    limits_.stream_opened(c.stream, r.topic, r.cursor, r.credential);
  }
  flush_stream(c);
}

// The client of a stream sends nothing that matters: what comes is read and
// dropped, and the end of its side ends the stream.
void FrontServer::Front::on_stream_event(Connection& c) {
  std::array<char, 4096> buf;
  for (int i = 0; i < 64; ++i) {
    if (c.ssl) {
      ERR_clear_error();
      int r = SSL_read(c.ssl, buf.data(), static_cast<int>(buf.size()));
      if (r > 0) continue;
      int e = SSL_get_error(c.ssl, r);
      ERR_clear_error();
      if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) break;
      close_connection(c);
      return;
    }
    ssize_t n = ::recv(c.fd, buf.data(), buf.size(), 0);
    if (n > 0) continue;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    close_connection(c);
    return;
  }
  flush_stream(c);
}

// Writes what the stream's client takes now; drops a client that left more
// than max_stream_backlog unread beyond what the socket holds, or took
// nothing for write_timeout (the sweep closes it past its deadline).
void FrontServer::Front::flush_stream(Connection& c) {
  uint32_t events = 0;
  const std::size_t before = c.written;
  const bool all = write_some(c, events);
  if (const std::size_t sent = c.written - before; sent > 0) {
    {
      std::lock_guard lock(backlog_mutex_);
      auto it = backlog_.find(c.stream);
      if (it != backlog_.end()) it->second -= std::min(it->second, sent);
    }
    c.deadline = Clock::now() + limits_.write_timeout;
  }
  if (all) {
    c.out.clear();
    c.written = 0;
    c.deadline = Clock::time_point::max();
    arm(c, EPOLLIN);
    return;
  }
  if (c.deadline == Clock::time_point::max()) c.deadline = Clock::now() + limits_.write_timeout;
  if (events == 0) {
    close_connection(c);
    return;
  }
  if (c.out.size() - c.written > limits_.max_stream_backlog) {
    ++streams_dropped_;
    close_connection(c);
    return;
  }
  if (c.written >= kStreamCompactBytes) {
    c.out.erase(0, c.written);
    c.written = 0;
  }
  arm(c, events | EPOLLIN);
}

void FrontServer::Front::register_connection(int fd) {
  sockaddr_storage peer{};
  socklen_t len = sizeof peer;
  int remote_port = 0;
  std::string remote_ip;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) == 0) remote_ip = address_text(peer, remote_port);
  // One host holds a whole IPv6 /64: counted per address, it would have no cap.
  std::string network = client_network(remote_ip);
  auto count = per_address_.find(network);
  if (open_ >= limits_.max_connections || (count != per_address_.end() && count->second >= limits_.max_per_address)) {
    ++refused_;
    if (!server_.tls_) {
      Connection refused;
      refused.fd = fd;
      send_now(refused, limits_.refused_response);
    }
    ::close(fd);
    return;
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  // A response leaves in one write, but an interim 100 Continue before it
  // would hold it back under Nagle's algorithm until the client's delayed ACK.
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  auto c = std::make_unique<Connection>();
  c->fd = fd;
  c->remote_ip = std::move(remote_ip);
  c->network = std::move(network);
  c->remote_port = remote_port;
  sockaddr_storage local{};
  len = sizeof local;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) == 0) c->local_ip = address_text(local, c->local_port);
  if (server_.tls_) {
    c->ssl = SSL_new(server_.tls_);
    if (c->ssl == nullptr) {
      ::close(fd);
      return;
    }
    SSL_set_fd(c->ssl, fd);
    SSL_set_accept_state(c->ssl);
  }
  update_phase(*c, Clock::now());  // idle: the first byte (or TLS handshake) within the keep-alive timeout

  if (static_cast<std::size_t>(fd) >= connections_.size()) connections_.resize(static_cast<std::size_t>(fd) + 1);
  Connection& ref = *c;
  connections_[fd] = std::move(c);
  ++per_address_[ref.network];
  ++open_;
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLONESHOT;
  ev.data.fd = fd;
  if (epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev) != 0) close_connection(ref);
}

void FrontServer::Front::on_event(Connection& c) {
  // A worker re-arms a connection just before it lets go of it.
  while (c.busy.load(std::memory_order_acquire)) std::this_thread::yield();
  if (stopping_) {
    close_connection(c);
    return;
  }
  if (c.phase == Phase::stream) {
    on_stream_event(c);
    return;
  }
  if (c.phase == Phase::write) {  // the rest of a response the client was slow to take
    c.busy.store(true, std::memory_order_relaxed);
    send_response(c);
    return;
  }
  if (c.interim && !flush_interim(c)) return;
  if (c.ssl && !c.handshaken) {  // the handshake's public-key work is done by a worker
    queue(c, handshakes_);
    return;
  }
  Scan state = Scan::more;
  if (!read_available(c, state)) {
    close_connection(c);
    return;
  }
  if (state != Scan::more && state != Scan::complete) {
    refuse(c, refusal(state));
    return;
  }
  if (state == Scan::complete) {
    queue_request(c);
    return;
  }
  if (c.peer_done) {
    close_connection(c);
    return;
  }
  update_phase(c, Clock::now());
  if (c.phase == Phase::body && c.expect_continue && !c.continued) {
    c.continued = true;
    c.out.assign(kContinue);
    c.written = 0;
    c.interim = true;
    if (!flush_interim(c)) return;
  }
  arm(c, c.read_wants_write ? EPOLLOUT : EPOLLIN);
}

// Sends the rest of an interim 100 Continue; false (the connection armed for
// the socket, or closed) while some of it is left.
bool FrontServer::Front::flush_interim(Connection& c) {
  uint32_t events = 0;
  if (!write_some(c, events)) {
    if (events == 0) {
      close_connection(c);
    } else {
      arm(c, events);
    }
    return false;
  }
  c.out.clear();
  c.written = 0;
  c.interim = false;
  return true;
}

// Reads what the socket has, up to the end of one complete request (the rest
// stays in the socket until that request is answered). False on a broken
// connection.
bool FrontServer::Front::read_available(Connection& c, Scan& state) {
  std::array<char, 16 * 1024> buf;
  c.read_wants_write = false;
  while (true) {
    // Within a body, no more than the body: the buffer stays as reserved.
    std::size_t want = buf.size();
    if (c.head_end > 0 && c.discard == 0) want = std::min(want, c.request_end - c.in.size());
    ssize_t n = 0;
    if (c.ssl) {
      ERR_clear_error();
      int r = SSL_read(c.ssl, buf.data(), static_cast<int>(want));
      if (r <= 0) {
        int e = SSL_get_error(c.ssl, r);
        ERR_clear_error();
        if (e == SSL_ERROR_WANT_READ) return true;
        if (e == SSL_ERROR_WANT_WRITE) {  // e.g. a TLS 1.3 key update to answer: retried once writable
          c.read_wants_write = true;
          return true;
        }
        if (e == SSL_ERROR_ZERO_RETURN) {
          c.peer_done = true;
          return true;
        }
        return false;
      }
      n = r;
    } else {
      n = ::recv(c.fd, buf.data(), want, 0);
      if (n == 0) {
        c.peer_done = true;
        return true;
      }
      if (n < 0) {
        if (errno == EINTR) continue;
        return errno == EAGAIN || errno == EWOULDBLOCK;
      }
    }
    c.in.append(buf.data(), static_cast<std::size_t>(n));
    state = scan(c);
    if (state != Scan::more) return true;
  }
}

// Answers `response` and closes. What the client already sent is read first:
// closing with unread bytes would reset the connection and lose the answer.
void FrontServer::Front::refuse(Connection& c, const std::string& response) {
  std::array<char, 16 * 1024> buf;
  for (int i = 0; i < 64 && !c.ssl && ::recv(c.fd, buf.data(), buf.size(), 0) > 0; ++i) {
  }
  send_now(c, response);
  close_connection(c);
}

void FrontServer::Front::close_connection(Connection& c) {
  int fd = c.fd;
  if (c.ssl) {
    if (c.handshaken) SSL_shutdown(c.ssl);  // close_notify, best effort
    ERR_clear_error();
    SSL_free(c.ssl);
  }
  ::close(fd);  // also leaves the epoll set
  unreserve(c);
  if (c.stream != 0) {
    stream_fds_.erase(c.stream);
    {
      std::lock_guard lock(backlog_mutex_);
      backlog_.erase(c.stream);
    }
    if (limits_.stream_closed) limits_.stream_closed(c.stream);
  }
  auto count = per_address_.find(c.network);
  if (count != per_address_.end() && --count->second <= 0) per_address_.erase(count);
  --open_;
  connections_[fd].reset();
}

// Closes connections past their deadline (every connection not held by a
// worker when `all`).
void FrontServer::Front::close_idle(Clock::time_point now, bool all) {
  for (auto& slot : connections_) {
    if (!slot || slot->busy.load(std::memory_order_acquire)) continue;
    if (all || now >= slot->deadline) {
      if (!all && slot->phase != Phase::idle) ++cut_off_;
      close_connection(*slot);
    }
  }
}

// Tells the log what the front refused or cut off, at most every kReportInterval.
void FrontServer::Front::report(Clock::time_point now) {
  if (now < next_report_ || (refused_ == 0 && cut_off_ == 0 && streams_dropped_ == 0)) return;
  next_report_ = now + kReportInterval;
  if (limits_.report) {
    limits_.report(std::to_string(refused_) + " connections refused over the caps, " + std::to_string(cut_off_) +
                   " closed past their head, body or write deadline, " + std::to_string(streams_dropped_) +
                   " event streams dropped for falling behind, " + std::to_string(open_) + " open");
  }
  refused_ = cut_off_ = streams_dropped_ = 0;
}

// --- either side --------------------------------------------------------------

Scan FrontServer::Front::scan(Connection& c) {
  if (c.head_end == 0) {
    std::size_t from = c.scanned > 3 ? c.scanned - 3 : 0;
    std::size_t pos = c.in.find("\r\n\r\n", from);
    if (pos == std::string::npos) {
      c.scanned = c.in.size();
      return c.in.size() > limits_.max_head_bytes ? Scan::too_large : Scan::more;
    }
    if (pos + 4 > limits_.max_head_bytes) return Scan::too_large;
    c.head_end = pos + 4;
    BodyFraming f = inspect_head(std::string_view(c.in).substr(0, c.head_end));
    if (f.malformed) return Scan::malformed;
    std::size_t body = 0;
    if (f.transfer_encoding || (f.has_length && f.length > payload_limit_ && f.expect_continue)) {
      // Refused (411, or 413 by the Expect handler instead of 100 Continue)
      // before the body is sent or read; the connection cannot be reused after.
      c.close_after = true;
    } else if (f.has_length && f.length > payload_limit_) {
      // Answered 413 once the body is in, as cpp-httplib did: a client
      // still sending would otherwise lose the answer to a reset. The body
      // is dropped as it comes, within the body deadline.
      c.discard = f.length;
    } else if (f.has_length) {
      body = static_cast<std::size_t>(f.length);
      if (body > 0 && !reserve(c, body)) return Scan::over_budget;
    }
    c.request_end = c.head_end + body;
    c.expect_continue = f.expect_continue && body > 0;
  }
  if (c.discard > 0) {
    auto drop = static_cast<std::size_t>(std::min<unsigned long long>(c.in.size() - c.head_end, c.discard));
    c.in.erase(c.head_end, drop);
    c.discard -= drop;
    if (c.discard > 0) return Scan::more;
  }
  return c.in.size() >= c.request_end ? Scan::complete : Scan::more;
}

// The answer to a request refused before it runs.
const std::string& FrontServer::Front::refusal(Scan state) const {
  return state == Scan::too_large     ? limits_.head_too_large_response
         : state == Scan::over_budget ? limits_.over_budget_response
                                      : limits_.malformed_response;
}

// Takes `bytes` of body from the budget shared by all connections, all or
// nothing. The whole declared body is reserved at once so that a refusal
// comes before the client sends it, and a body once started is never cut off
// half-way for want of memory.
bool FrontServer::Front::reserve(Connection& c, std::size_t bytes) {
  std::size_t now = buffered_.load(std::memory_order_relaxed);
  do {
    if (bytes > limits_.max_buffered_bytes - std::min(now, limits_.max_buffered_bytes)) return false;
  } while (!buffered_.compare_exchange_weak(now, now + bytes, std::memory_order_relaxed));
  c.reserved = bytes;
  c.in.reserve(c.head_end + bytes);  // grown once, not doubled past the body
  return true;
}

void FrontServer::Front::unreserve(Connection& c) {
  if (c.reserved == 0) return;
  buffered_.fetch_sub(c.reserved, std::memory_order_relaxed);
  c.reserved = 0;
}

void FrontServer::Front::update_phase(Connection& c, Clock::time_point now) const {
  Phase phase = c.in.empty() ? Phase::idle : (c.head_end == 0 ? Phase::head : Phase::body);
  if (phase == c.phase) return;
  c.phase = phase;
  c.deadline = now + (phase == Phase::idle   ? limits_.idle_timeout
                      : phase == Phase::head ? limits_.head_timeout
                                             : limits_.body_timeout);
}

void FrontServer::Front::arm(Connection& c, uint32_t events) const {
  epoll_event ev{};
  ev.events = events | EPOLLONESHOT;
  ev.data.fd = c.fd;
  epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev);
}

void FrontServer::Front::queue_request(Connection& c) {
  c.phase = Phase::busy;
  queue(c, work_);
}

void FrontServer::Front::queue(Connection& c, std::deque<Connection*>& q) {
  c.busy.store(true, std::memory_order_relaxed);  // the queue's mutex publishes it
  {
    std::lock_guard lock(work_mutex_);
    q.push_back(&c);
  }
  work_ready_.notify_one();
}

// --- workers ------------------------------------------------------------------

// Requests come first; TLS handshakes take at most max_handshaking_ workers,
// so a flood of new connections leaves the other workers to the requests of
// connections already established.
void FrontServer::Front::worker_loop() {
  while (true) {
    Connection* c = nullptr;
    bool handshake = false;
    {
      std::unique_lock lock(work_mutex_);
      auto may_handshake = [this] { return !handshakes_.empty() && handshaking_ < max_handshaking_; };
      work_ready_.wait(lock, [&] { return !work_.empty() || may_handshake() || workers_done_; });
      if (!work_.empty()) {
        c = work_.front();
        work_.pop_front();
      } else if (may_handshake()) {
        c = handshakes_.front();
        handshakes_.pop_front();
        handshake = true;
        ++handshaking_;
      } else {
        return;
      }
    }
    if (!handshake) {
      run(*c);
      continue;
    }
    handshake_step(*c);
    {
      std::lock_guard lock(work_mutex_);
      --handshaking_;
    }
    work_ready_.notify_one();
  }
}

// Goes on with a TLS handshake as far as the client's bytes allow.
void FrontServer::Front::handshake_step(Connection& c) {
  if (stopping_) {
    hand_to_reactor(closing_, c);
    return;
  }
  ERR_clear_error();
  int r = SSL_do_handshake(c.ssl);
  if (r == 1) {
    c.handshaken = true;
    hand_to_reactor(resumed_, c);  // the reactor reads what followed the handshake
    return;
  }
  int e = SSL_get_error(c.ssl, r);
  ERR_clear_error();
  if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
    hand_to_reactor(closing_, c);
    return;
  }
  arm(c, e == SSL_ERROR_WANT_READ ? EPOLLIN : EPOLLOUT);
  c.busy.store(false, std::memory_order_release);
}

void FrontServer::Front::run(Connection& c) {
  bool close = c.close_after || c.peer_done || stopping_ || ++c.served >= keep_alive_max_;
  bool closed_by_client = false;
  bool ok;
  t_stream_request.reset();
  {
    ConnectionStream stream(c);
    ok = server_.run_request(stream, close, closed_by_client);
  }
  if (auto request = std::exchange(t_stream_request, std::nullopt)) {
    if (ok && !stopping_ && c.out.compare(0, 12, "HTTP/1.1 200") == 0) {
      become_stream(c, std::move(*request));
      return;
    }
  }
  c.close_after = !ok || close || closed_by_client || answers_close(c.out);
  c.in.erase(0, c.request_end);
  if (c.in.capacity() > kKeptCapacity) c.in.shrink_to_fit();
  unreserve(c);
  c.scanned = c.head_end = c.request_end = 0;
  c.expect_continue = c.continued = false;
  send_response(c);
}

// Either thread, owning the connection (busy). Sends the response; when the
// client does not take it all at once, the reactor sends the rest as the
// socket drains, before the write deadline, and the worker is free.
void FrontServer::Front::send_response(Connection& c) {
  uint32_t events = 0;
  if (!write_some(c, events)) {
    if (events == 0) {
      hand_to_reactor(closing_, c);
      return;
    }
    if (c.phase != Phase::write) {
      c.phase = Phase::write;
      c.deadline = Clock::now() + limits_.write_timeout;
    }
    arm(c, events);
    c.busy.store(false, std::memory_order_release);
    return;
  }
  if (c.out.capacity() > kKeptCapacity) {
    std::string().swap(c.out);
  } else {
    c.out.clear();
  }
  c.written = 0;
  if (c.close_after) {
    hand_to_reactor(closing_, c);
    return;
  }
  release(c);
}

// The handler asked for an event stream: the answer's head is sent without a
// length, and the reactor keeps the connection for the stream's pushes.
void FrontServer::Front::become_stream(Connection& c, StreamRequest request) {
  const auto end = c.out.find("\r\n\r\n");
  std::string body = end == std::string::npos ? std::string() : c.out.substr(end + 4);
  c.out = stream_head(c.out) + body;
  c.written = 0;
  c.in.clear();
  c.in.shrink_to_fit();
  unreserve(c);
  c.scanned = c.head_end = c.request_end = 0;
  c.expect_continue = c.continued = false;
  c.phase = Phase::stream;
  c.deadline = Clock::time_point::max();
  c.stream = next_stream_.fetch_add(1, std::memory_order_relaxed);
  c.stream_request = std::move(request);
  setsockopt(c.fd, SOL_SOCKET, SO_SNDBUF, &kStreamSendBuffer, sizeof kStreamSendBuffer);
  hand_to_reactor(streams_, c);
}

// After an answer on a kept-alive connection: a request already buffered
// (pipelined) queues behind everyone else's; otherwise the reactor waits for
// the next one.
void FrontServer::Front::release(Connection& c) {
  if (!c.in.empty()) {
    Scan state = scan(c);
    if (state == Scan::complete) {
      queue_request(c);
      return;
    }
    if (state != Scan::more) {
      send_now(c, refusal(state));
      hand_to_reactor(closing_, c);
      return;
    }
  }
  update_phase(c, Clock::now());
  if (c.ssl && SSL_pending(c.ssl) > 0) {
    hand_to_reactor(resumed_, c);
    return;
  }
  arm(c, EPOLLIN);
  c.busy.store(false, std::memory_order_release);
}

// --- FrontServer ----------------------------------------------------------------

FrontServer::FrontServer(FrontLimits limits, SSL_CTX* tls) : limits_(std::move(limits)), tls_(tls) {
  new_task_queue = [this] { return new Front(*this); };
}

FrontServer::~FrontServer() {
  if (tls_) SSL_CTX_free(tls_);
}

void FrontServer::push(std::uint64_t stream, std::string bytes) {
  std::lock_guard lock(front_mutex_);
  if (front_ != nullptr) front_->push(stream, std::move(bytes));
}

std::optional<std::size_t> FrontServer::stream_backlog(std::uint64_t stream) {
  std::lock_guard lock(front_mutex_);
  return front_ != nullptr ? front_->stream_backlog(stream) : std::nullopt;
}

void FrontServer::end_stream(std::uint64_t stream) {
  std::lock_guard lock(front_mutex_);
  if (front_ != nullptr) front_->end_stream(stream);
}

bool FrontServer::process_and_close_socket(socket_t sock) {
  front_->adopt(sock);
  return true;
}

bool FrontServer::run_request(httplib::Stream& stream, bool close_connection, bool& connection_closed) {
  return process_request(stream, close_connection, connection_closed, nullptr);
}

// --- set-up ---------------------------------------------------------------------

long raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur == RLIM_INFINITY ? 1L << 20 : static_cast<long>(limit.rlim_cur);
}

SSL_CTX* make_tls_context(const std::string& cert, const std::string& key, std::string& error) {
  // Mozilla's "intermediate" server configuration: TLS 1.2 with forward-secret
  // AEAD suites only, and TLS 1.3 (whose suites are all of that kind).
  static constexpr const char* kTls12Suites =
      "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
      "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
      "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305";
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) {
    error = "cannot create a TLS context";
    return nullptr;
  }
  bool ok =
      SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) == 1 && SSL_CTX_set_cipher_list(ctx, kTls12Suites) == 1 &&
      SSL_CTX_set_ciphersuites(ctx, "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256") ==
          1 &&
      SSL_CTX_set1_groups_list(ctx, "X25519:prime256v1:secp384r1") == 1 && SSL_CTX_set_dh_auto(ctx, 1) == 1;
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  // Writes resume where a non-blocking SSL_write stopped; idle connections drop their buffers.
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);
  if (!ok) {
    error = "cannot configure the TLS protocols and cipher suites";
  } else if (SSL_CTX_use_certificate_chain_file(ctx, cert.c_str()) != 1 ||
             SSL_CTX_use_PrivateKey_file(ctx, key.c_str(), SSL_FILETYPE_PEM) != 1 ||
             SSL_CTX_check_private_key(ctx) != 1) {
    error = "cannot load the TLS certificate or key";
    ok = false;
  }
  ERR_clear_error();
  if (!ok) {
    SSL_CTX_free(ctx);
    return nullptr;
  }
  return ctx;
}

}  // namespace ariadne::server
