#include "server/event_streams.hpp"

#include <map>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "exchange/messages.hpp"
#include "policy/accounts.hpp"
#include "server/front.hpp"

namespace ariadne::server {

namespace {

// One server-sent event: its id is the inbox item's, so Last-Event-ID resumes after it.
std::string event_text(const exchange::InboxItem& item) {
  return "id: " + std::to_string(item.id) + "\nevent: " + item.kind +
         "\ndata: " + exchange::to_json(item).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n\n";
}

}  // namespace

EventStreams::EventStreams(store::Database& db, FrontServer& front, std::chrono::milliseconds interval,
                           std::size_t budget, Log log)
    : db_(db), front_(front), budget_(budget), log_(std::move(log)) {
  periodic_ = std::make_unique<Periodic>(interval, [this] { pump(); });
}

EventStreams::~EventStreams() {
  periodic_.reset();
}

std::string EventStreams::inbox_topic(const std::string& member, const std::string& user) {
  return member + "/" + user;  // neither a member code nor a user name holds a '/'
}

void EventStreams::opened(std::uint64_t stream, const std::string& topic, std::int64_t cursor,
                          const std::string& token) {
  const auto slash = topic.find('/');
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  subscriptions_[stream] = {
      topic.substr(0, slash), slash == std::string::npos ? "" : topic.substr(slash + 1), cursor, now, token, now};
}

void EventStreams::closed(std::uint64_t stream) {
  std::lock_guard lock(mutex_);
  subscriptions_.erase(stream);
}

void EventStreams::pump() {
  std::map<std::uint64_t, Subscription> now_open;
  {
    std::lock_guard lock(mutex_);
    now_open = subscriptions_;
  }
  if (now_open.empty()) return;
  const auto now = std::chrono::steady_clock::now();
  // A stream lasts as long as the session that opened it: checked before
  // each push of items, and every kSessionCheck for an idle stream.
  std::map<std::string, bool> sessions;  // by token, read once per run
  std::vector<std::uint64_t> checked;
  auto alive = [&](std::uint64_t id, const Subscription& s) {
    auto [it, added] = sessions.emplace(s.token, false);
    if (added) {
      auto caller = policy::authenticate(db_, s.token);
      it->second = caller && caller->member == s.member && caller->username == s.user;
    }
    if (!it->second) {
      front_.end_stream(id);
      return false;
    }
    checked.push_back(id);
    return true;
  };
  for (const auto& [id, s] : now_open) {
    if (now - s.session_checked >= kSessionCheck) (void)alive(id, s);
  }
  // One read per user and cursor: streams that are up to date share one.
  std::map<std::tuple<std::string, std::string, std::int64_t>, std::vector<std::uint64_t>> groups;
  for (const auto& [id, s] : now_open) groups[{s.member, s.user, s.cursor}].push_back(id);
  std::map<std::uint64_t, std::int64_t> advanced;
  for (const auto& [key, ids] : groups) {
    const auto& [member, user, cursor] = key;
    auto items = exchange::inbox_after(db_, member, user, cursor, kBatch);
    if (!items) {
      log_("cannot read the inbox of " + member + ": " + items.error().message);
      continue;
    }
    std::string bytes;
    std::int64_t last = cursor;
    for (const auto& item : *items) {
      if (!bytes.empty() && bytes.size() >= budget_) break;  // the rest on the next run
      bytes += event_text(item);
      last = item.id;
    }
    for (auto id : ids) {
      const Subscription& s = now_open[id];
      // No more than the client keeps up with: the rest waits for a later run.
      auto backlog = front_.stream_backlog(id);
      if (!backlog || *backlog >= budget_) continue;
      if (bytes.empty()) {
        if (*backlog > 0 || now - s.last_sent < kHeartbeat) continue;
        front_.push(id, ": keep-alive\n\n");
      } else {
        if (!alive(id, s)) continue;
        front_.push(id, bytes);
      }
      advanced[id] = last;
    }
  }
  std::lock_guard lock(mutex_);
  for (auto id : checked) {
    if (auto it = subscriptions_.find(id); it != subscriptions_.end()) it->second.session_checked = now;
  }
  for (const auto& [id, cursor] : advanced) {
    auto it = subscriptions_.find(id);
    if (it == subscriptions_.end()) continue;  // closed meanwhile
    it->second.cursor = cursor;
    it->second.last_sent = now;
  }
}

}  // namespace ariadne::server
