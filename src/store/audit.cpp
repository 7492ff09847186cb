#include "store/audit.hpp"

#include <sodium.h>

#include <algorithm>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "common/hex.hpp"
#include "common/time.hpp"

namespace ariadne::store {
namespace {

constexpr const char* kGenesis = kAuditGenesis;

AuditEntry entry_from(const Row& r) {
  AuditEntry e;
  e.seq = r.integer(0);
  e.at = r.text(1);
  e.record = {r.text(2), r.text(3), r.text(4), r.text(5), r.text(6), r.text(7)};
  e.prev_hash = r.text(8);
  e.hash = r.text(9);
  return e;
}

constexpr const char* kColumns = "seq, at, username, member, action, object, outcome, detail, prev_hash, hash";

bool digits(std::string_view s) {
  return !s.empty() && s.size() <= 18 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "document:42" → ("document", 42) when the kind is a plain name and the id a number.
std::optional<std::pair<std::string_view, std::int64_t>> single_object(std::string_view object) {
  auto colon = object.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  auto kind = object.substr(0, colon);
  bool plain = std::all_of(kind.begin(), kind.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
  auto id = object.substr(colon + 1);
  if (!plain || !digits(id)) return std::nullopt;
  return std::pair{kind, std::stoll(std::string(id))};
}

}  // namespace

std::string object_ids(std::string_view kind, const std::vector<std::int64_t>& ids) {
  std::string out(kind);
  out += ':';
  for (std::size_t i = 0; i < ids.size();) {
    std::size_t j = i;
    while (j + 1 < ids.size() && ids[j + 1] == ids[j] + 1) ++j;
    if (i > 0) out += ',';
    out += std::to_string(ids[i]);
    if (j > i) out += '-' + std::to_string(ids[j]);
    i = j + 1;
  }
  return out;
}

bool object_names(std::string_view listed, std::string_view object) {
  if (listed == object) return true;
  auto wanted = single_object(object);
  if (!wanted || listed.substr(0, wanted->first.size() + 1) != object.substr(0, wanted->first.size() + 1)) return false;
  std::string_view rest = listed.substr(wanted->first.size() + 1);
  while (!rest.empty()) {
    auto comma = rest.find(',');
    auto item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    auto dash = item.find('-');
    auto low = item.substr(0, dash);
    auto high = dash == std::string_view::npos ? low : item.substr(dash + 1);
    if (!digits(low) || !digits(high)) return false;
    if (std::stoll(std::string(low)) <= wanted->second && wanted->second <= std::stoll(std::string(high))) return true;
  }
  return false;
}

std::string audit_canonical(std::int64_t seq, const std::string& at, const AuditRecord& r) {
  // nlohmann's object keeps keys sorted, so the dump is canonical.
  nlohmann::json j = {{"seq", seq},         {"at", at},           {"user", r.username},   {"member", r.member},
                      {"action", r.action}, {"object", r.object}, {"outcome", r.outcome}, {"detail", r.detail}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string audit_hash(const std::string& prev_hash, const std::string& canonical) {
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(prev_hash.data()), prev_hash.size());
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size());
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, out);
  return hex_encode(out, sizeof out);
}

Result<AuditEntry> audit_append(Database& db, const AuditRecord& record) {
  AuditEntry entry;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto head, db.query("SELECT seq, hash FROM audit_head WHERE id = 1"));
    std::int64_t last_seq = head.empty() ? 0 : head.front().integer(0);
    std::string prev = head.empty() ? kGenesis : head.front().text(1);
    entry.seq = last_seq + 1;
    entry.at = iso_now_ms();
    entry.record = record;
    entry.prev_hash = prev;
    entry.hash = audit_hash(prev, audit_canonical(entry.seq, entry.at, record));
    ARIADNE_TRY(db.execute(
        "INSERT INTO audit_log (seq, at, username, member, action, object, outcome, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {entry.seq, entry.at, record.username, record.member, record.action, record.object, record.outcome,
         record.detail, entry.prev_hash, entry.hash}));
    if (head.empty()) {
      ARIADNE_TRY(db.execute("INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?)", {entry.seq, entry.hash}));
    } else {
      ARIADNE_TRY(db.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", {entry.seq, entry.hash}));
    }
    return {};
  }));
  return entry;
}

Result<AuditVerdict> audit_verify(Database& db, const AuditWalk& walk) {
  AuditVerdict v;
  std::int64_t expected_seq = walk.after_seq + 1;
  std::string prev = walk.after_hash.empty() ? kGenesis : walk.after_hash;
  v.entries = walk.after_seq;
  auto bad = [&](std::int64_t seq, std::string reason) {
    v.intact = false;
    v.first_bad_seq = seq;
    v.reason = std::move(reason);
  };
  // The head is read before the walk and again after it: entries appended
  // meanwhile (after the walk's snapshot) are no sign of tampering, but the
  // entries the head recorded before the walk must all be there, unchanged.
  std::int64_t before_seq = 0;
  std::string before_hash = kGenesis;
  if (walk.check_head) {
    ARIADNE_ASSIGN(auto head, db.query("SELECT seq, hash FROM audit_head WHERE id = 1"));
    if (!head.empty()) {
      before_seq = head.front().integer(0);
      before_hash = head.front().text(1);
    }
  }
  std::string hash_at_before = before_seq == walk.after_seq ? prev : std::string();
  ARIADNE_TRY(db.for_each(
      std::string("SELECT ") + kColumns + " FROM audit_log WHERE seq > ? ORDER BY seq", {walk.after_seq},
      [&](const Row& r) {
        AuditEntry e = entry_from(r);
        if (e.seq != expected_seq) {
          bad(expected_seq, e.seq > expected_seq ? "entry " + std::to_string(expected_seq) +
                                                       " is missing (next entry is " + std::to_string(e.seq) + ")"
                                                 : "entry numbering is broken at " + std::to_string(e.seq));
          return false;
        }
        if (e.prev_hash != prev) {
          bad(e.seq, "entry " + std::to_string(e.seq) + " does not follow the entry before it (previous hash differs)");
          return false;
        }
        if (audit_hash(prev, audit_canonical(e.seq, e.at, e.record)) != e.hash) {
          bad(e.seq, "entry " + std::to_string(e.seq) + " was altered (its hash does not match its content)");
          return false;
        }
        prev = e.hash;
        ++expected_seq;
        ++v.entries;
        if (e.seq == before_seq) hash_at_before = e.hash;
        if (walk.visit) walk.visit(e);
        return true;
      }));
  if (!v.intact || !walk.check_head) return v;
  if (before_seq > v.entries) {
    bad(v.entries + 1, "entries after " + std::to_string(v.entries) + " are missing (the chain head records " +
                           std::to_string(before_seq) + " entries)");
    return v;
  }
  if (before_seq >= walk.after_seq && hash_at_before != before_hash) {
    bad(before_seq + 1, "the chain head does not match the last entry (entries were added or the head altered)");
    return v;
  }
  ARIADNE_ASSIGN(auto head, db.query("SELECT seq, hash FROM audit_head WHERE id = 1"));
  std::int64_t head_seq = head.empty() ? 0 : head.front().integer(0);
  std::string head_hash = head.empty() ? kGenesis : head.front().text(1);
  // A head behind the walk's end, or at it with another hash: entries no head recorded.
  if (head_seq < v.entries || (head_seq == v.entries && head_hash != prev)) {
    bad(head_seq + 1, "the chain head does not match the last entry (entries were added or the head altered)");
  }
  return v;
}

Result<std::vector<AuditEntry>> audit_list(Database& db, const AuditQuery& q) {
  if (q.limit <= 0) return std::vector<AuditEntry>{};
  std::string sql = std::string("SELECT ") + kColumns + " FROM audit_log WHERE seq > ?";
  Params params{q.after_seq};
  auto add = [&](const std::optional<std::string>& value, const char* column) {
    if (!value) return;
    sql += std::string(" AND ") + column + " = ?";
    params.emplace_back(*value);
  };
  add(q.username, "username");
  add(q.member, "member");
  add(q.action, "action");
  // A single record's object is also named by the id lists of entries that
  // stand for many records: those rows are read too and checked here.
  const auto single = q.object ? single_object(*q.object) : std::nullopt;
  if (single) {
    sql += " AND (object = ? OR object GLOB ?)";
    params.emplace_back(*q.object);
    params.emplace_back(std::string(single->first) + ":*[-,]*");
    sql += " ORDER BY seq";
  } else {
    add(q.object, "object");
    sql += " ORDER BY seq LIMIT ?";
    params.emplace_back(static_cast<std::int64_t>(q.limit));
  }
  std::vector<AuditEntry> out;
  ARIADNE_TRY(db.for_each(sql, params, [&](const Row& r) {
    if (single && !object_names(r.text(5), *q.object)) return true;
    out.push_back(entry_from(r));
    return static_cast<int>(out.size()) < q.limit;
  }));
  return out;
}

}  // namespace ariadne::store
