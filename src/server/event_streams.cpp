#include "server/event_streams.hpp"

#include <map>
#include <vector>

#include <nlohmann/json.hpp>

#include "exchange/messages.hpp"
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

void EventStreams::opened(std::uint64_t stream, const std::string& member, std::int64_t cursor) {
  std::lock_guard lock(mutex_);
  subscriptions_[stream] = {member, cursor, std::chrono::steady_clock::now()};
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
  // One read per member and cursor: streams that are up to date share one.
  std::map<std::pair<std::string, std::int64_t>, std::vector<std::uint64_t>> groups;
  for (const auto& [id, s] : now_open) groups[{s.member, s.cursor}].push_back(id);
  const auto now = std::chrono::steady_clock::now();
  std::map<std::uint64_t, std::int64_t> advanced;
  for (const auto& [key, ids] : groups) {
    const auto& [member, cursor] = key;
    auto items = exchange::inbox_after(db_, member, cursor, kBatch);
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
      if (bytes.empty() && now - now_open[id].last_sent < kHeartbeat) continue;
      front_.push(id, bytes.empty() ? std::string(": keep-alive\n\n") : bytes);
      advanced[id] = last;
    }
  }
  std::lock_guard lock(mutex_);
  for (const auto& [id, cursor] : advanced) {
    auto it = subscriptions_.find(id);
    if (it == subscriptions_.end()) continue;  // closed meanwhile
    it->second.cursor = cursor;
    it->second.last_sent = now;
  }
}

}  // namespace ariadne::server
