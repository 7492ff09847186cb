#include "sltd/hits.hpp"

#include "common/enum_names.hpp"
#include "common/json_fields.hpp"

#include "exchange/notifications.hpp"
#include "notices/notices.hpp"
#include "policy/accounts.hpp"
#include "policy/restriction.hpp"
#include "sltd/document_rows.hpp"
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

// What the checking member is told of the owner's decision.
std::string outcome_text(const Hit& h, HitView view) {
  const std::string outcome(to_string(h.status));
  std::string text = "Hit " + std::to_string(h.id) + " from your check was " + outcome + " by ";
  if (view == HitView::existence) {
    text += "the record's owner";
  } else {
    text += "its owner " + h.owner;
  }
  if (view == HitView::full && h.note) return text + ": " + *h.note;
  return text + (h.status == HitStatus::confirmed
                     ? ": the match stands; act on it as your procedure for a confirmed hit says."
                     : ": the record does not concern the document checked; no action is needed.");
}

// The checking member as the gate sees it (any of its users but a reviewer).
Result<std::optional<policy::Caller>> checking_member(store::Database& db, const Hit& h) {
  ARIADNE_ASSIGN(auto member, policy::find_member(db, h.member));
  if (!member) return std::optional<policy::Caller>{};
  return std::optional<policy::Caller>{
      policy::Caller{UserId{0}, h.username, h.member, member->kind,
                     member->kind == policy::MemberKind::partner ? policy::Role::partner : policy::Role::officer}};
}

Result<std::optional<policy::RecordMeta>> document_meta(store::Database& db, DocumentId id) {
  return rows::find_meta(db, id);
}

}  // namespace

std::string sltd_hits_v1_sql() {
  return R"sql(CREATE TABLE hits (
  id {{id}},
  checked_at TEXT NOT NULL DEFAULT ({{now}}),
  username TEXT NOT NULL,
  member TEXT NOT NULL,
  location TEXT,
  presented TEXT NOT NULL,
  document_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  match TEXT NOT NULL CHECK (match IN ('exact','range')),
  restricted INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','confirmed','rejected')),
  note TEXT,
  decided_by TEXT,
  decided_at TEXT
);
CREATE INDEX hits_owner ON hits(owner, id);
CREATE INDEX hits_member ON hits(member, id);
)sql";
}

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

namespace {

constexpr EnumName<HitStatus> kHitStatuses[] = {
    {HitStatus::pending, "pending"}, {HitStatus::confirmed, "confirmed"}, {HitStatus::rejected, "rejected"}};

}  // namespace

std::optional<HitStatus> parse_hit_status(std::string_view s) {
  return enum_from_name(kHitStatuses, s);
}
std::string_view to_string(HitStatus s) {
  return enum_to_name(kHitStatuses, s);
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
    // The entry is the checker's, which its member's administrators read:
    // a record the checker may not see is not named (the hit row holds it).
    ARIADNE_TRY(store::audit_append(db, {caller.username, caller.member, "hit.create", object_of(out.id), "ok",
                                         in.restricted ? std::string(to_string(in.match)) + " restricted"
                                                       : target_of(in) + " " + std::string(to_string(in.match))}));
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
  ARIADNE_TRY(policy::require(caller, policy::Action::hit_read));
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
  ARIADNE_TRY(policy::require(caller, policy::Action::hit_decide));
  Hit out;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto rows, db.query(std::string("SELECT ") + kColumns + " FROM hits WHERE id = ?", {id}));
    if (rows.empty()) return Error::not_found("hit " + std::to_string(id));
    Hit current = hit_from(rows.front());
    if (current.owner != caller.member) {
      if (current.member != caller.member) return Error::not_found("hit " + std::to_string(id));
      // Not naming the owner: the checker may not be allowed to know it.
      return Error::forbidden("only the record's owner confirms or rejects a hit");
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
    if (out.member == out.owner) return {};
    ARIADNE_ASSIGN(auto checker, checking_member(db, out));
    if (!checker || checker->member_kind == policy::MemberKind::partner) return {};  // a carrier: go/no-go only
    ARIADNE_ASSIGN(auto view, hit_view(db, out, *checker));
    ARIADNE_TRY(exchange::notify(db, out.member, "hit." + std::string(to_string(outcome)), object_of(id),
                                 outcome_text(out, view)));
    return {};
  }));
  return out;
}

Result<HitView> hit_view(store::Database& db, const Hit& h, const policy::Caller& viewer) {
  if (viewer.member == h.owner) return HitView::full;
  if (h.restricted || viewer.member_kind == policy::MemberKind::partner) return HitView::existence;
  if (h.notice) {
    ARIADNE_ASSIGN(auto n, notices::find_notice(db, *h.notice));
    if (!n || !notices::may_read(viewer, *n)) return HitView::existence;
    return notices::may_see_subject(viewer, *n) ? HitView::full : HitView::record;
  }
  ARIADNE_ASSIGN(auto meta, document_meta(db, *h.document));
  return meta && policy::can_read(viewer, *meta) ? HitView::full : HitView::existence;
}

json to_json(const Hit& h, HitView view) {
  auto opt = [](const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); };
  const bool sees_record = view != HitView::existence;
  const bool sees_decision = view == HitView::full;
  return {{"id", h.id},
          {"checked_at", h.checked_at},
          {"user", h.username},
          {"member", h.member},
          {"location", opt(h.location)},
          {"presented", h.presented},
          {"match", h.match},
          {"restricted", h.restricted},
          {"status", to_string(h.status)},
          {"note", sees_decision ? opt(h.note) : json(nullptr)},
          {"decided_by", sees_decision ? opt(h.decided_by) : json(nullptr)},
          {"decided_at", opt(h.decided_at)},
          {"document_id", sees_record && h.document ? json(h.document->value) : json(nullptr)},
          {"notice_id", sees_record && h.notice ? json(*h.notice) : json(nullptr)},
          {"owner", sees_record ? json(h.owner) : json(nullptr)}};
}

Result<HitDecision> parse_hit_decision(const json& body) {
  JsonFields f(body);
  HitDecision out;
  auto outcome = f.string("outcome", true, 16);
  out.note = f.string("note", false, 2000);
  if (outcome) {
    auto status = parse_hit_status(*outcome);
    if (status && *status != HitStatus::pending) {
      out.outcome = *status;
    } else {
      f.fail("outcome", "must be confirmed or rejected");
    }
  }
  ARIADNE_TRY(f.finish());
  return out;
}

}  // namespace ariadne::sltd
