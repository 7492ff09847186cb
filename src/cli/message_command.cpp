// `ariadne message send|inbox`: the exchange from scripts, acting as a user.
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/references.hpp"
#include "cli/commands.hpp"
#include "common/json_fields.hpp"
#include "exchange/messages.hpp"
#include "policy/accounts.hpp"
#include "sltd/checks.hpp"

namespace ariadne::cli {

namespace {

constexpr const char* kWhat = "message";

// The messages to send: the one the flags give, or one per JSON line.
struct Line {
  std::size_t number = 0;
  Result<exchange::NewMessage> message = Error::internal("unread");
};

Result<std::vector<Line>> read_lines(const MessageSendOptions& o) {
  std::vector<Line> out;
  if (o.to || o.subject || o.body || o.body_file) {
    nlohmann::json body = nlohmann::json::object();
    if (o.to) {
      if (*o.to == "all") {
        body["to"] = "all";
      } else {
        nlohmann::json to = nlohmann::json::array();
        std::size_t start = 0;
        for (;;) {
          auto comma = o.to->find(',', start);
          to.push_back(o.to->substr(start, comma - start));
          if (comma == std::string::npos) break;
          start = comma + 1;
        }
        body["to"] = to;
      }
    }
    if (o.subject) body["subject"] = *o.subject;
    if (o.priority) body["priority"] = *o.priority;
    if (o.reply_to) body["reply_to"] = *o.reply_to;
    if (o.body) body["body"] = *o.body;
    if (o.body_file) {
      std::ifstream file(*o.body_file, std::ios::binary);
      if (!file) return Error::invalid("body-file", "cannot read " + *o.body_file);
      std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
      if (text.size() > exchange::kMaxBodyBytes) {
        return Error::invalid("body-file", "is longer than " + std::to_string(exchange::kMaxBodyBytes) + " bytes");
      }
      body["body"] = text;
    }
    out.push_back({1, exchange::parse_new_message(body)});
    return out;
  }
  std::ifstream file;
  if (!o.input.empty() && o.input != "-") {
    file.open(o.input);
    if (!file) return Error::invalid("input", "cannot read " + o.input);
  }
  std::istream& in = file.is_open() ? static_cast<std::istream&>(file) : std::cin;
  std::size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto body = parse_json_object(line);
    out.push_back({number, body ? exchange::parse_new_message(*body) : Result<exchange::NewMessage>(body.error())});
  }
  if (out.empty()) return Error::invalid("input", "no message to send");
  return out;
}

void print(nlohmann::json out) {
  std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace

int message_send(const MessageSendOptions& o) {
  auto db = open_ready(o.db_url);
  if (!db) return fail(kWhat, db.error());
  auto caller = policy::caller_for_user(**db, o.as_user);
  if (!caller) return fail(kWhat, caller.error());
  auto lines = read_lines(o);
  if (!lines) return fail(kWhat, lines.error());
  // All or nothing: every line is sent in one transaction, and a line that
  // fails rolls back the others, so a script can fix its file and run it again.
  std::vector<nlohmann::json> results;
  int rejected = 0;
  const auto check = app::reference_check(**db);
  auto done = (*db)->transaction([&]() -> Status {
    for (auto& line : *lines) {
      nlohmann::json out;
      auto sent = line.message ? exchange::send_message(**db, *caller, *line.message, check)
                               : Result<exchange::Message>(line.message.error());
      if (sent) {
        out = {{"id", sent->id}, {"thread_id", sent->thread_id}};
      } else {
        if (sent.error().code == ErrorCode::internal || sent.error().code == ErrorCode::unavailable) {
          return sent.take_error();
        }
        out = sltd::error_result(sent.error());
        ++rejected;
      }
      out["line"] = line.number;
      results.push_back(std::move(out));
    }
    if (rejected > 0) {
      return Error::invalid("input", std::to_string(rejected) + " of " + std::to_string(lines->size()) +
                                         " messages rejected: nothing was sent");
    }
    return {};
  });
  if (!done && rejected == 0) return fail(kWhat, done.error());
  for (auto& r : results) {
    if (rejected == 0 || r.contains("error")) print(std::move(r));
  }
  std::cout.flush();
  if (!done) return fail(kWhat, done.error());
  return 0;
}

int message_inbox(const MessageInboxOptions& o) {
  auto db = open_ready(o.db_url);
  if (!db) return fail(kWhat, db.error());
  auto caller = policy::caller_for_user(**db, o.as_user);
  if (!caller) return fail(kWhat, caller.error());
  exchange::InboxQuery q;
  q.kind = o.kind;
  q.unread_only = o.unread;
  q.from = o.from;
  q.q = o.q;
  q.limit = o.limit;
  if (o.priority) {
    q.priority = exchange::parse_priority(*o.priority);
    if (!q.priority) return fail(kWhat, Error::invalid("priority", "must be routine, urgent or immediate"));
  }
  auto items = exchange::inbox(**db, *caller, q);
  if (!items) return fail(kWhat, items.error());
  for (const auto& item : *items) print(exchange::to_json(item));
  std::cout.flush();
  return 0;
}

}  // namespace ariadne::cli
