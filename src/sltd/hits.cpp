#include "sltd/hits.hpp"

#include "common/enum_names.hpp"
#include "common/json_fields.hpp"
#include "common/time.hpp"

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
    "decided_by, decided_at, notice_id, action, action_note, action_by, action_at";

constexpr EnumName<HitAction> kHitActions[] = {{HitAction::arrest, "arrest"},
                                               {HitAction::victim_referred, "victim_referred"},
                                               {HitAction::document_seized, "document_seized"},
                                               {HitAction::entry_refused, "entry_refused"},
                                               {HitAction::none, "none"}};

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
  if (auto action = r.opt_text(15)) h.action = enum_from_name(kHitActions, *action);
  h.action_note = r.opt_text(16);
  h.action_by = r.opt_text(17);
  h.action_at = r.opt_text(18);
  return h;
}

std::string hit_name(std::int64_t id) {
  return "hit " + std::to_string(id);
}

// Appends one step to the hit's history (inside the caller's transaction).
Status add_event(store::Database& db, std::int64_t hit, const policy::Caller& by, std::string_view event,
                 const std::optional<std::string>& detail, const std::string& at = iso_now_ms()) {
  ARIADNE_TRY(
      db.execute("INSERT INTO hit_events (hit_id, at, username, member, event, detail) VALUES (?, ?, ?, ?, ?, ?)",
                 {hit, at, by.username, by.member, std::string(event), store::nullable(detail)}));
  return {};
}

Result<std::optional<Hit>> load_hit(store::Database& db, std::int64_t id) {
  ARIADNE_ASSIGN(auto rows, db.query(std::string("SELECT ") + kColumns + " FROM hits WHERE id = ?", {id}));
  if (rows.empty()) return std::optional<Hit>{};
  return std::optional<Hit>{hit_from(rows.front())};
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

store::Migration sltd_hit_received_migration() {
  return {"sltd", 6, R"sql(
ALTER TABLE hits ADD COLUMN received_at TEXT;
UPDATE hits SET received_at = checked_at;
CREATE INDEX hits_pending_received ON hits(status, received_at);
)sql"};
}

store::Migration sltd_hit_workflow_migration() {
  return {"sltd", 4, R"sql(
ALTER TABLE hits ADD COLUMN action TEXT
  CHECK (action IN ('arrest','victim_referred','document_seized','entry_refused','none'));
ALTER TABLE hits ADD COLUMN action_note TEXT;
ALTER TABLE hits ADD COLUMN action_by TEXT;
ALTER TABLE hits ADD COLUMN action_at TEXT;
ALTER TABLE hits ADD COLUMN overdue_reminded_at TEXT;
CREATE INDEX hits_pending ON hits(status, checked_at);
CREATE TABLE hit_events (
  id {{id}},
  hit_id INTEGER NOT NULL REFERENCES hits(id),
  at TEXT NOT NULL DEFAULT ({{now}}),
  username TEXT NOT NULL,
  member TEXT NOT NULL,
  event TEXT NOT NULL CHECK (event IN ('checked','confirmed','rejected','action')),
  detail TEXT
);
CREATE INDEX hit_events_hit ON hit_events(hit_id, id);
INSERT INTO hit_events (hit_id, at, username, member, event, detail)
  SELECT id, checked_at, username, member, 'checked', match FROM hits ORDER BY id;
INSERT INTO hit_events (hit_id, at, username, member, event, detail)
  SELECT id, decided_at, decided_by, owner, status, note FROM hits WHERE status <> 'pending' ORDER BY id;
)sql"};
}

namespace {

constexpr EnumName<HitStatus> kHitStatuses[] = {
    {HitStatus::pending, "pending"}, {HitStatus::confirmed, "confirmed"}, {HitStatus::rejected, "rejected"}};

}  // namespace

std::optional<HitAction> parse_hit_action(std::string_view s) {
  return enum_from_name(kHitActions, s);
}
std::string_view to_string(HitAction a) {
  return enum_to_name(kHitActions, a);
}

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
  const std::string checked_at = in.checked_at ? iso_time_ms(*in.checked_at) : iso_now_ms();
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(
        auto rows,
        db.query(std::string("INSERT INTO hits (checked_at, received_at, username, member, location, presented, "
                             "document_id, notice_id, owner, match, restricted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                             "?) RETURNING ") +
                     kColumns,
                 {checked_at, iso_now_ms(), caller.username, caller.member, store::nullable(in.location),
                  in.presented.dump(), in.document ? store::Value{in.document->value} : store::Value{},
                  in.notice ? store::Value{*in.notice} : store::Value{}, in.owner, std::string(to_string(in.match)),
                  std::int64_t{in.restricted ? 1 : 0}}));
    out = hit_from(rows.front());
    // The entry is the checker's, which its member's administrators read:
    // a record the checker may not see is not named (the hit row holds it).
    ARIADNE_TRY(store::audit_append(db, {caller.username, caller.member, "hit.create", object_of(out.id), "ok",
                                         in.restricted ? std::string(to_string(in.match)) + " restricted"
                                                       : target_of(in) + " " + std::string(to_string(in.match))}));
    std::string text = "Your " + in.summary + " (" + target_of(in) + ") was checked by " + caller.member + " (" +
                       caller.username + ")" + (in.location ? " at " + *in.location : "") +
                       (in.checked_at ? " on " + iso_time(*in.checked_at) + " (uploaded later)" : "") + ": " +
                       std::string(to_string(in.match)) + " match" +
                       (in.restricted ? "; the checker was told only that a record exists" : "") +
                       ". Confirm or reject hit " + std::to_string(out.id) + ".";
    ARIADNE_TRY(exchange::notify(db, in.owner, "hit", object_of(out.id), text));
    return add_event(db, out.id, caller, "checked", std::string(to_string(in.match)), checked_at);
  }));
  return out;
}

Result<std::vector<Hit>> list_hits(store::Database& db, const policy::Caller& caller, const HitQuery& q) {
  ARIADNE_TRY(policy::require(caller, policy::Action::hit_read));
  std::string sql = std::string("SELECT ") + kColumns + " FROM hits WHERE id > ?";
  store::Params params{q.after_id};
  if (q.overdue_before) {
    // Overdue hits are the owner's to decide, and the General Secretariat chases every owner.
    // Counted from when the hit arrived: an offline check's is uploaded after it was made.
    sql += " AND status = 'pending' AND received_at < ?";
    params.emplace_back(*q.overdue_before);
    if (!caller.secretariat()) {
      sql += " AND owner = ?";
      params.emplace_back(caller.member);
    }
  } else {
    sql += " AND (owner = ? OR member = ?)";
    params.emplace_back(caller.member);
    params.emplace_back(caller.member);
  }
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
    ARIADNE_ASSIGN(auto found, load_hit(db, id));
    if (!found) return Error::not_found(hit_name(id));
    const Hit& current = *found;
    if (current.owner != caller.member) {
      if (current.member != caller.member) return Error::not_found(hit_name(id));
      // Not naming the owner: the checker may not be allowed to know it.
      return Error::forbidden("only the record's owner confirms or rejects a hit");
    }
    if (current.status != HitStatus::pending) {
      return Error::conflict(hit_name(id) + " is already " + std::string(to_string(current.status)));
    }
    if (outcome == HitStatus::rejected && (!note || note->find_first_not_of(" \t\r\n") == std::string::npos)) {
      return Error::invalid("note", "a rejection says why: give the reasons in note");
    }
    ARIADNE_ASSIGN(
        auto updated,
        db.query(std::string("UPDATE hits SET status = ?, note = ?, decided_by = ?, decided_at = ? "
                             "WHERE id = ? RETURNING ") +
                     kColumns,
                 {std::string(to_string(outcome)), store::nullable(note), caller.username, iso_now_ms(), id}));
    out = hit_from(updated.front());
    ARIADNE_TRY(store::audit_append(
        db, {caller.username, caller.member, "hit.decide", object_of(id), "ok", std::string(to_string(outcome))}));
    ARIADNE_TRY(add_event(db, id, caller, to_string(outcome), note));
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

Result<Hit> find_hit(store::Database& db, const policy::Caller& caller, std::int64_t id) {
  ARIADNE_TRY(policy::require(caller, policy::Action::hit_read));
  ARIADNE_ASSIGN(auto found, load_hit(db, id));
  if (!found || (found->owner != caller.member && found->member != caller.member && !caller.secretariat())) {
    return Error::not_found(hit_name(id));
  }
  return std::move(*found);
}

Result<std::vector<HitEvent>> hit_history(store::Database& db, std::int64_t id) {
  std::vector<HitEvent> out;
  ARIADNE_TRY(db.for_each("SELECT id, at, username, member, event, detail FROM hit_events WHERE hit_id = ? ORDER BY id",
                          {id}, [&](const store::Row& r) {
                            out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4), r.opt_text(5)});
                            return true;
                          }));
  return out;
}

Result<Hit> record_action(store::Database& db, const policy::Caller& caller, std::int64_t id,
                          const HitActionInput& in) {
  ARIADNE_TRY(policy::require(caller, policy::Action::hit_act));
  Hit out;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto found, load_hit(db, id));
    if (!found) return Error::not_found(hit_name(id));
    if (found->member != caller.member) {
      if (found->owner != caller.member) return Error::not_found(hit_name(id));
      return Error::forbidden("only the member that made the check records the action taken on its hit");
    }
    if (found->status == HitStatus::pending) {
      return Error::conflict(hit_name(id) + " is not confirmed yet: its record's owner confirms it first");
    }
    if (found->status == HitStatus::rejected) {
      return Error::conflict(hit_name(id) + " was rejected by its record's owner: no action follows a rejected hit");
    }
    if (found->action) {
      return Error::conflict(hit_name(id) + " already has its action: " + std::string(to_string(*found->action)));
    }
    const std::string action(to_string(in.action));
    ARIADNE_ASSIGN(auto updated,
                   db.query(std::string("UPDATE hits SET action = ?, action_note = ?, action_by = ?, action_at = ? "
                                        "WHERE id = ? RETURNING ") +
                                kColumns,
                            {action, store::nullable(in.note), caller.username, iso_now_ms(), id}));
    out = hit_from(updated.front());
    ARIADNE_TRY(store::audit_append(db, {caller.username, caller.member, "hit.action", object_of(id), "ok", action}));
    ARIADNE_TRY(add_event(db, id, caller, "action", in.note ? action + ": " + *in.note : action));
    if (out.owner == out.member) return {};
    ARIADNE_TRY(exchange::notify(db, out.owner, "hit.action", object_of(id),
                                 "Hit " + std::to_string(id) + " on your record: " + caller.member + " (" +
                                     caller.username + ") recorded the action taken: " + action +
                                     (in.note ? " (" + *in.note + ")" : "") + "."));
    return {};
  }));
  return out;
}

Result<HitActionInput> parse_hit_action_input(const json& body) {
  JsonFields f(body);
  HitActionInput out;
  auto action = f.string("action", true, 32);
  out.note = f.string("note", false, 2000);
  if (action) {
    if (auto a = enum_from_name(kHitActions, *action)) {
      out.action = *a;
    } else {
      f.fail("action", "must be arrest, victim_referred, document_seized, entry_refused or none");
    }
  }
  ARIADNE_TRY(f.finish());
  return out;
}

Result<int> remind_overdue_hits(store::Database& db, const std::string& cutoff) {
  constexpr std::int64_t kBatch = 1000;  // hits per transaction, so a backlog does not hold the writer long
  int sent = 0;
  for (;;) {
    int batch = 0;
    ARIADNE_TRY(db.transaction([&]() -> Status {
      ARIADNE_ASSIGN(auto due, db.query("SELECT id, owner, checked_at, member FROM hits WHERE status = 'pending' AND "
                                        "received_at < ? AND overdue_reminded_at IS NULL ORDER BY id LIMIT ?",
                                        {cutoff, kBatch}));
      const std::string now = iso_now_ms();
      for (const auto& r : due) {
        const std::int64_t id = r.integer(0);
        ARIADNE_TRY(db.execute("UPDATE hits SET overdue_reminded_at = ? WHERE id = ?", {now, id}));
        ARIADNE_TRY(exchange::notify(db, r.text(1), "hit.overdue", object_of(id),
                                     "Hit " + std::to_string(id) + " on your record, made by " + r.text(3) + " at " +
                                         r.text(2) + ", is still pending: confirm or reject it (POST /hits/" +
                                         std::to_string(id) + "/confirm)."));
      }
      batch = static_cast<int>(due.size());
      return {};
    }));
    sent += batch;
    if (batch < kBatch) return sent;
  }
}

Result<HitView> hit_view(store::Database& db, const Hit& h, const policy::Caller& viewer) {
  if (viewer.member == h.owner) return HitView::full;
  if (viewer.member_kind == policy::MemberKind::partner) return HitView::existence;
  // What the checker was told at the check binds it; anyone else (the
  // General Secretariat) sees what the record allows now.
  if (h.restricted && viewer.member == h.member) return HitView::existence;
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
          {"owner", sees_record ? json(h.owner) : json(nullptr)},
          {"action", h.action ? json(to_string(*h.action)) : json(nullptr)},
          {"action_note", opt(h.action_note)},
          {"action_at", opt(h.action_at)}};
}

json to_json(const std::vector<HitEvent>& history, HitView view) {
  json out = json::array();
  for (const auto& e : history) {
    // The checker's own steps are its to see; the owner's words and name only in full view.
    const bool owners_step = e.event == "confirmed" || e.event == "rejected";
    const bool shown = view == HitView::full || !owners_step;
    out.push_back({{"at", e.at},
                   {"event", e.event},
                   {"member", shown ? json(e.member) : json(nullptr)},
                   {"user", shown ? json(e.username) : json(nullptr)},
                   {"detail", shown && e.detail ? json(*e.detail) : json(nullptr)}});
  }
  return out;
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
