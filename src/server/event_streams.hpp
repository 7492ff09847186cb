// Live inbox streams (GET /inbox/stream): the front holds each open
// server-sent-events connection; this pump follows the store and pushes each
// member's new inbox items to its open streams, oldest first, each stream from
// its own cursor (the Last-Event-ID it was opened with), so a client that
// reconnects receives exactly what it missed and nothing twice. Items written
// by any thread or process reach the stream within one interval. A stream is
// fed no faster than its client takes it (the front's backlog of the stream),
// and closed once the session that opened it ends (logout, expiry, a disabled
// user): checked before each push of items, and every kSessionCheck when idle.
//
// Thread-safety: opened/closed come from the front's reactor, the pump runs
// on its own thread; a mutex guards the subscriptions.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/periodic.hpp"
#include "store/database.hpp"

namespace ariadne::server {

class FrontServer;

class EventStreams {
 public:
  using Log = std::function<void(const std::string&)>;
  // `budget`: bytes pushed to one stream per run at most (at least one item),
  // well under the front's max_stream_backlog, so a client catching up is
  // fed as fast as it reads and only one that stops reading is dropped.
  EventStreams(store::Database& db, FrontServer& front, std::chrono::milliseconds interval, std::size_t budget,
               Log log);
  ~EventStreams();  // stops the pump; the front closes the connections
  EventStreams(const EventStreams&) = delete;
  EventStreams& operator=(const EventStreams&) = delete;

  // A stream's topic names the user whose inbox it follows: "MEMBER/user"
  // (the member's items and those addressed to that user alone).
  static std::string inbox_topic(const std::string& member, const std::string& user);
  void opened(std::uint64_t stream, const std::string& topic, std::int64_t cursor, const std::string& token);
  void closed(std::uint64_t stream);

  // Items sent per stream and pump run at most, so one far-behind stream
  // cannot hold the others up.
  static constexpr int kBatch = 500;
  // A comment line is sent when a stream had nothing for this long, so idle
  // connections stay open through proxies and a gone client is noticed.
  static constexpr std::chrono::seconds kHeartbeat{15};
  static constexpr std::chrono::seconds kSessionCheck{5};

 private:
  struct Subscription {
    std::string member;
    std::string user;
    std::int64_t cursor = 0;
    std::chrono::steady_clock::time_point last_sent;
    std::string token;
    std::chrono::steady_clock::time_point session_checked;
  };
  void pump();

  store::Database& db_;
  FrontServer& front_;
  const std::size_t budget_;
  const Log log_;
  std::mutex mutex_;
  std::map<std::uint64_t, Subscription> subscriptions_;  // guarded by mutex_
  std::unique_ptr<Periodic> periodic_;
};

}  // namespace ariadne::server
