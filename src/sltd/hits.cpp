#include "sltd/hits.hpp"

#include "exchange/notifications.hpp"
#include "store/audit.hpp"

namespace ariadne::sltd {

using nlohmann::json;

namespace {

constexpr const char* kColumns =
    "id, checked_at, username, member, location, presented, document_id, owner, match, restricted, status, note, "
    "decided_by, decided_at, notice_id";

Hit hit_from(const store::Row& r) {
  Hit h;
  h.id = r.integer(0);
  h.checked_at = r.text(1);
  h.username = r.text(2);
  h.member = r.text(3);
  h.location = r.opt_text(4);
  h.presented = json::parse(r.text(5), nullptr, false);
  if (h.presented.is_discarded()) h.presented = json::object();
  if (!r.is_null(6)) h.document = DocumentId{r.integer(6)};
  if (!r.is_null(14)) h.notice = r.integer(14);
  h.owner = r.text(7);
  h.match = r.text(8);
  h.restricted = r.integer(9) != 0;
  h.status = parse_hit_status(r.text(10)).value_or(HitStatus::pending);
  h.note = r.opt_text(11);
  h.decided_by = r.opt_text(12);
  h.decided_at = r.opt_text(13);
  return h;
}

// What a hit was on, for the audit detail and the owner's notification.
std::string target_of(const HitInput& in) {
  return in.notice ? "notice:" + std::to_string(*in.notice) : "document:" + std::to_string(in.document->value);
}

std::string object_of(std::int64_t id) {
  return "hit:" + std::to_string(id);
}

}  // namespace

store::Migration sltd_hits_migration() {
  // SQLite cannot relax a NOT NULL or a CHECK in place: the hits table is
  // rebuilt so that a hit names either a document record or a notice.
  return {"sltd", 3, R"sql(
CREATE TABLE hits_v3 (
  id {{id}},
  checked_at TEXT NOT NULL DEFAULT ({{now}}),
  username TEXT NOT NULL,
  member TEXT NOT NULL,
  location TEXT,
  presented TEXT NOT NULL,
  document_id INTEGER,
  notice_id INTEGER,
  owner TEXT NOT NULL,
  match TEXT NOT NULL CHECK (match IN ('exact','range','notice_document')),
  restricted INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','confirmed','rejected')),
  note TEXT,
  decided_by TEXT,
  decided_at TEXT,
  CHECK ((document_id IS NULL) <> (notice_id IS NULL))
);
INSERT INTO hits_v3 (id, checked_at, username, member, location, presented, document_id, owner, match, restricted,
                     status, note, decided_by, decided_at)
  SELECT id, checked_at, username, member, location, presented, document_id, owner, match, restricted, status, note,
         decided_by, decided_at FROM hits;
DROP TABLE hits;
ALTER TABLE hits_v3 RENAME TO hits;
CREATE INDEX hits_owner ON hits(owner, id);
CREATE INDEX hits_member ON hits(member, id);
CREATE TABLE sltd_review_reminders (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  review_on TEXT NOT NULL,
  reminded_at TEXT NOT NULL DEFAULT ({{now}}),
  PRIMARY KEY (document_id, review_on)
);
)sql"};
}

std::optional<HitStatus> parse_hit_status(std::string_view s) {
  if (s == "pending") return HitStatus::pending;
  if (s == "confirmed") return HitStatus::confirmed;
  if (s == "rejected") return HitStatus::rejected;
  return std::nullopt;
}

std::string_view to_string(HitStatus s) {
  switch (s) {
    case HitStatus::pending: return "pending";
    case HitStatus::confirmed: return "confirmed";
    case HitStatus::rejected: return "rejected";
  }
  return "pending";
}

Result<Hit> record_hit(store::Database& db, const policy::Caller& caller, const HitInput& in) {
  if (in.match == MatchKind::near) return Error::internal("near candidates are not hits");
  if (in.document.has_value() == in.notice.has_value()) {
    return Error::internal("a hit is on either a document record or a notice");
  }
  Hit out;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(
        auto rows,
        db.query(std::string("INSERT INTO hits (username, member, location, presented, document_id, notice_id, owner, "
                             "match, restricted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ") +
                     kColumns,
                 {caller.username, caller.member, store::nullable(in.location), in.presented.dump(),
                  in.document ? store::Value{in.document->value} : store::Value{},
                  in.notice ? store::Value{*in.notice} : store::Value{}, in.owner, std::string(to_string(in.match)),
                  std::int64_t{in.restricted ? 1 : 0}}));
    out = hit_from(rows.front());
    ARIADNE_TRY(store::audit_append(
        db, {caller.username, caller.member, "hit.create", object_of(out.id), "ok",
             target_of(in) + " " + std::string(to_string(in.match)) + (in.restricted ? " restricted" : "")}));
    std::string text = "Your " + in.summary + " (" + target_of(in) + ") was checked by " + caller.member + " (" +
                       caller.username + ")" + (in.location ? " at " + *in.location : "") + ": " +
                       std::string(to_string(in.match)) + " match" +
                       (in.restricted ? "; the checker was told only that a record exists" : "") +
                       ". Confirm or reject hit " + std::to_string(out.id) + ".";
    ARIADNE_TRY(exchange::notify(db, in.owner, "hit", object_of(out.id), text));
    return {};
  }));
  return out;
}

Result<std::vector<Hit>> list_hits(store::Database& db, const policy::Caller& caller, const HitQuery& q) {
  if (!policy::role_may(caller.role, policy::Action::record_read)) {
    return Error::forbidden("the role " + std::string(policy::to_string(caller.role)) + " may not read hits");
  }
  std::string sql = std::string("SELECT ") + kColumns + " FROM hits WHERE (owner = ? OR member = ?) AND id > ?";
  store::Params params{caller.member, caller.member, q.after_id};
  if (q.status) {
    sql += " AND status = ?";
    params.emplace_back(std::string(to_string(*q.status)));
  }
  sql += " ORDER BY id LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(q.limit));
  std::vector<Hit> out;
  ARIADNE_TRY(db.for_each(sql, params, [&](const store::Row& r) {
    out.push_back(hit_from(r));
    return true;
  }));
  return out;
}

Result<Hit> decide_hit(store::Database& db, const policy::Caller& caller, std::int64_t id, HitStatus outcome,
                       const std::optional<std::string>& note) {
  if (outcome == HitStatus::pending) return Error::invalid("outcome", "must be confirmed or rejected");
  if (!policy::role_may(caller.role, policy::Action::record_write)) {
    return Error::forbidden("the role " + std::string(policy::to_string(caller.role)) + " may not decide hits");
  }
  Hit out;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto rows, db.query(std::string("SELECT ") + kColumns + " FROM hits WHERE id = ?", {id}));
    if (rows.empty()) return Error::not_found("hit " + std::to_string(id));
    Hit current = hit_from(rows.front());
    if (current.owner != caller.member) {
      if (current.member != caller.member) return Error::not_found("hit " + std::to_string(id));
      return Error::forbidden("only the record's owner (" + current.owner + ") confirms or rejects a hit");
    }
    if (current.status != HitStatus::pending) {
      return Error::conflict("hit " + std::to_string(id) + " is already " + std::string(to_string(current.status)));
    }
    ARIADNE_ASSIGN(auto updated,
                   db.query(std::string("UPDATE hits SET status = ?, note = ?, decided_by = ?, decided_at = "
                                        "strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ? RETURNING ") +
                                kColumns,
                            {std::string(to_string(outcome)), store::nullable(note), caller.username, id}));
    out = hit_from(updated.front());
    ARIADNE_TRY(store::audit_append(
        db, {caller.username, caller.member, "hit.decide", object_of(id), "ok", std::string(to_string(outcome))}));
    if (out.member != out.owner) {
      ARIADNE_TRY(exchange::notify(db, out.member, std::string("hit.") + std::string(to_string(outcome)), object_of(id),
                                   "Hit " + std::to_string(id) + " from your check was " +
                                       std::string(to_string(outcome)) + " by its owner " + out.owner +
                                       (note ? ": " + *note : ".")));
    }
    return {};
  }));
  return out;
}

json to_json(const Hit& h, const policy::Caller& viewer) {
  bool owner_view = viewer.member == h.owner || viewer.secretariat();
  json j = {{"id", h.id},
            {"checked_at", h.checked_at},
            {"user", h.username},
            {"member", h.member},
            {"location", h.location ? json(*h.location) : json(nullptr)},
            {"presented", h.presented},
            {"match", h.match},
            {"restricted", h.restricted},
            {"status", to_string(h.status)},
            {"note", h.note ? json(*h.note) : json(nullptr)},
            {"decided_by", h.decided_by ? json(*h.decided_by) : json(nullptr)},
            {"decided_at", h.decided_at ? json(*h.decided_at) : json(nullptr)}};
  if (owner_view || !h.restricted) {
    j["document_id"] = h.document ? json(h.document->value) : json(nullptr);
    j["notice_id"] = h.notice ? json(*h.notice) : json(nullptr);
    j["owner"] = h.owner;
  } else {
    j["document_id"] = nullptr;
    j["notice_id"] = nullptr;
    j["owner"] = nullptr;
  }
  return j;
}

}  // namespace ariadne::sltd
