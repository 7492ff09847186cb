#include "notices/notices.hpp"

#include <algorithm>
#include <cctype>

#include "common/enum_names.hpp"
#include "common/json_fields.hpp"
#include "common/time.hpp"
#include "exchange/notifications.hpp"
#include "notices/watchlist.hpp"
#include "store/audit.hpp"
#include "store/dialect.hpp"
#include "store/write.hpp"

namespace ariadne::notices {

using nlohmann::json;

std::vector<store::Migration> notices_migrations() {
  return {{"notices", 1, R"sql(
CREATE TABLE notices (
  id {{id}},
  kind TEXT NOT NULL CHECK (kind IN ('notice','diffusion')),
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  subject TEXT,
  details TEXT NOT NULL,
  flags TEXT NOT NULL DEFAULT '[]',
  review_reasons TEXT NOT NULL DEFAULT '[]',
  extract_to_all INTEGER NOT NULL DEFAULT 0,
  victim INTEGER NOT NULL DEFAULT 0,
  search_names TEXT NOT NULL DEFAULT '',
  owner TEXT NOT NULL REFERENCES members(code),
  scope TEXT NOT NULL CHECK (scope IN ('all','members','owner')),
  scope_members TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT ({{now}}),
  updated_at TEXT NOT NULL DEFAULT ({{now}}),
  submitted_at TEXT,
  reviewed_by TEXT,
  reviewed_at TEXT,
  published_at TEXT,
  expires_on TEXT,
  cancel_reason TEXT
);
CREATE INDEX notices_status ON notices(status, expires_on);
CREATE INDEX notices_owner ON notices(owner);
CREATE TABLE notice_flag_terms (
  term TEXT PRIMARY KEY,
  category TEXT NOT NULL CHECK (category IN ('political','military','religious','racial'))
);
INSERT INTO notice_flag_terms (term, category) VALUES
  ('political','political'), ('opposition','political'), ('dissident','political'), ('protest','political'),
  ('demonstration','political'), ('election','political'), ('journalist','political'), ('insulting the head of state','political'),
  ('lese-majeste','political'), ('sedition','political'), ('treason','political'), ('defamation','political'),
  ('desertion','military'), ('deserter','military'), ('mutiny','military'), ('military service','military'),
  ('conscription','military'), ('blasphemy','religious'), ('apostasy','religious'), ('heresy','religious'),
  ('proselytism','religious'), ('religious','religious'), ('racial','racial'), ('ethnic','racial'), ('race','racial');
)sql"},
          {"notices", 2, R"sql(
CREATE TABLE notice_expiry_reminders (
  notice_id INTEGER NOT NULL REFERENCES notices(id),
  expires_on TEXT NOT NULL,
  reminded_at TEXT NOT NULL DEFAULT ({{now}}),
  PRIMARY KEY (notice_id, expires_on)
);
)sql"},
          {"notices", 3, R"sql(
ALTER TABLE notices ADD COLUMN source TEXT;
ALTER TABLE notices ADD COLUMN source_ref TEXT;
CREATE UNIQUE INDEX notices_source ON notices(source, source_ref);
)sql"}};
}

namespace {

constexpr EnumName<NoticeType> kTypes[] = {
    {NoticeType::red, "red"},       {NoticeType::yellow, "yellow"}, {NoticeType::blue, "blue"},
    {NoticeType::black, "black"},   {NoticeType::green, "green"},   {NoticeType::orange, "orange"},
    {NoticeType::purple, "purple"}, {NoticeType::silver, "silver"}, {NoticeType::special, "special"}};
constexpr EnumName<NoticeStatus> kStatuses[] = {
    {NoticeStatus::draft, "draft"},         {NoticeStatus::submitted, "submitted"},
    {NoticeStatus::published, "published"}, {NoticeStatus::rejected, "rejected"},
    {NoticeStatus::cancelled, "cancelled"}, {NoticeStatus::expired, "expired"}};
constexpr EnumName<Kind> kKinds[] = {{Kind::notice, "notice"}, {Kind::diffusion, "diffusion"}};

// The colour-specific fields a notice may carry, each a bounded string.
constexpr const char* kDetailFields[] = {"title",
                                         "offence",
                                         "legal_basis",
                                         "warrant",
                                         "judgment",
                                         "disappeared_on",
                                         "disappeared_place",
                                         "found_on",
                                         "found_place",
                                         "description",
                                         "request",
                                         "warning",
                                         "threat",
                                         "modus_operandi",
                                         "assets",
                                         "sanctions_reference",
                                         "text",
                                         "remarks"};

constexpr const char* kColumns =
    "id, kind, type, status, subject, details, flags, review_reasons, extract_to_all, owner, scope, scope_members, "
    "created_by, created_at, updated_at, submitted_at, reviewed_by, reviewed_at, published_at, expires_on, "
    "cancel_reason";

std::string lower_ascii(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> string_array(const std::string& text) {
  std::vector<std::string> out;
  auto j = json::parse(text, nullptr, false);
  if (j.is_array()) {
    for (const auto& v : j) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

Notice notice_from(const store::Row& r) {
  Notice n;
  n.id = r.integer(0);
  n.kind = r.text(1) == "diffusion" ? Kind::diffusion : Kind::notice;
  n.type = parse_notice_type(r.text(2)).value_or(NoticeType::special);
  n.status = parse_notice_status(r.text(3)).value_or(NoticeStatus::draft);
  if (!r.is_null(4)) {
    auto parsed = parse_subject(json::parse(r.text(4), nullptr, false));
    if (parsed) n.subject = *parsed;
  }
  n.details = json::parse(r.text(5), nullptr, false);
  if (!n.details.is_object()) n.details = json::object();
  n.flags = string_array(r.text(6));
  n.review_reasons = string_array(r.text(7));
  n.extract_to_all = r.integer(8) != 0;
  n.meta.owner = r.text(9);
  n.meta.restriction = policy::Restriction::from_stored(r.text(10), r.text(11));
  n.created_by = r.text(12);
  n.created_at = r.text(13);
  n.updated_at = r.text(14);
  n.submitted_at = r.opt_text(15);
  n.reviewed_by = r.opt_text(16);
  n.reviewed_at = r.opt_text(17);
  n.published_at = r.opt_text(18);
  n.expires_on = r.opt_text(19);
  n.cancel_reason = r.opt_text(20);
  return n;
}

std::string object_of(std::int64_t id) {
  return "notice:" + std::to_string(id);
}

Status audit(store::Database& db, const policy::Caller& c, const std::string& action, std::int64_t id,
             const std::string& detail = "") {
  auto e = store::audit_append(db, {c.username, c.member, action, object_of(id), "ok", detail});
  if (!e) return e.take_error();
  return {};
}

// A notice's write: its change-log row and audit entry (store::record_write).
Status record(store::Database& db, const policy::Caller& c, std::int64_t id, std::string_view op,
              const std::string& action, const std::string& detail = "") {
  const std::string record_id = std::to_string(id);
  return store::record_write(db, {"notices", record_id, op},
                             {c.username, c.member, action, object_of(id), "ok", detail});
}

Result<std::optional<Notice>> load(store::Database& db, std::int64_t id) {
  ARIADNE_ASSIGN(auto rows, db.query(std::string("SELECT ") + kColumns + " FROM notices WHERE id = ?", {id}));
  if (rows.empty()) return std::optional<Notice>{};
  return std::optional<Notice>{notice_from(rows.front())};
}

bool is_reviewer(const policy::Caller& c) {
  return c.secretariat() && c.role == policy::Role::reviewer;
}

// The lifecycle's narrowing of the gate: who may see a notice in each state.
bool lifecycle_allows(const policy::Caller& c, const Notice& n) {
  if (c.member == n.meta.owner) return true;
  switch (n.status) {
    case NoticeStatus::draft: return false;
    case NoticeStatus::submitted:
    case NoticeStatus::rejected: return c.secretariat();  // the reviewers keep sight of what they reviewed
    default: return true;
  }
}

// The victim rule (may_see_victim, the one statement of it) as a WHERE clause
// over the notices table, for lists; a unit test checks that they agree.
policy::SqlFilter victim_sql(const policy::Caller& c) {
  policy::SqlFilter f;
  f.sql = "(victim = 0 OR owner = ? OR (scope = 'members' AND scope_members LIKE ?)";
  f.params = {c.member, "%," + c.member + ",%"};
  if (c.secretariat() && c.role == policy::Role::reviewer) f.sql += " OR status = 'submitted'";
  f.sql += ")";
  return f;
}

// A victim's subject the caller may not see (see may_see_victim).
bool victim_hidden(const policy::Caller& c, const Notice& n) {
  return n.subject && n.subject->victim && !may_see_victim(c, n.meta, n.status);
}

std::string search_names(const std::optional<Subject>& s) {
  if (!s) return {};
  std::string out = "|";
  for (const auto& n : s->names) {
    out += lower_ascii(n.full) + "|";
    if (n.given) out += lower_ascii(*n.given) + "|";
    if (n.family) out += lower_ascii(*n.family) + "|";
  }
  return out;
}

Result<std::vector<std::string>> flags_for(store::Database& db, const Notice& n) {
  std::string text;
  for (const auto& [key, value] : n.details.items()) {
    if (value.is_string()) text += " " + lower_ascii(value.get<std::string>());
  }
  std::vector<std::string> flags;
  ARIADNE_TRY(
      db.for_each("SELECT term, category FROM notice_flag_terms ORDER BY category, term", {}, [&](const store::Row& r) {
        if (text.find(r.text(0)) != std::string::npos) {
          flags.push_back(r.text(1) + ": mentions \"" + r.text(0) + "\"");
        }
        return true;
      }));
  return flags;
}

// Loads a notice the caller owns, or not_found/forbidden like the gate.
Result<Notice> load_owned(store::Database& db, const policy::Caller& c, std::int64_t id) {
  ARIADNE_ASSIGN(auto n, load(db, id));
  if (!n || !policy::can_read(c, n->meta) || !lifecycle_allows(c, *n)) {
    return Error::not_found("notice " + std::to_string(id));
  }
  ARIADNE_TRY(policy::check_modify(c, n->meta, "notice " + std::to_string(id)));
  return *n;
}

Result<Notice> reload(store::Database& db, std::int64_t id) {
  ARIADNE_ASSIGN(auto n, load(db, id));
  if (!n) return Error::internal("notice " + std::to_string(id) + " vanished");
  return *n;
}

std::string today() {
  return today_utc().iso();
}

}  // namespace

std::optional<NoticeType> parse_notice_type(std::string_view s) {
  return enum_from_name(kTypes, s);
}
std::string_view to_string(NoticeType t) {
  return enum_to_name(kTypes, t);
}
std::optional<NoticeStatus> parse_notice_status(std::string_view s) {
  return enum_from_name(kStatuses, s);
}
std::string_view to_string(NoticeStatus s) {
  return enum_to_name(kStatuses, s);
}
std::string_view to_string(Kind k) {
  return enum_to_name(kKinds, k);
}

json to_json(const Notice& n, bool extract_only) {
  json out = {{"id", n.id},
              {"kind", to_string(n.kind)},
              {"type", to_string(n.type)},
              {"status", to_string(n.status)},
              {"owner", n.meta.owner},
              {"extract", extract_only}};
  auto opt = [&](const char* key, const std::optional<std::string>& v) { out[key] = v ? json(*v) : json(nullptr); };
  opt("published_at", n.published_at);
  opt("expires_on", n.expires_on);
  if (extract_only) {
    json subject = nullptr;
    if (n.subject) {
      json full = to_json(*n.subject);
      subject = {{"names", full["names"]},
                 {"birth_dates", full["birth_dates"]},
                 {"sex", full["sex"]},
                 {"nationalities", full["nationalities"]}};
    }
    out["subject"] = subject;
    return out;
  }
  out["subject"] = n.subject ? to_json(*n.subject) : json(nullptr);
  out["details"] = n.details;
  out["flags"] = n.flags;
  out["review_reasons"] = n.review_reasons;
  out["extract_to_all"] = n.extract_to_all;
  out["restriction"] = policy::to_json(n.meta.restriction);
  out["created_by"] = n.created_by;
  out["created_at"] = n.created_at;
  out["updated_at"] = n.updated_at;
  opt("submitted_at", n.submitted_at);
  opt("reviewed_by", n.reviewed_by);
  opt("reviewed_at", n.reviewed_at);
  opt("cancel_reason", n.cancel_reason);
  if (n.kind == Kind::diffusion) out["to"] = n.meta.restriction.members;
  return out;
}

std::vector<FieldError> compliance_problems(const Notice& n) {
  std::vector<FieldError> out;
  auto has = [&](const char* key) {
    auto it = n.details.find(key);
    return it != n.details.end() && it->is_string() && !it->get<std::string>().empty();
  };
  auto need = [&](const char* key, const char* why) {
    if (!has(key)) out.push_back({key, why});
  };
  bool named = n.subject && !n.subject->names.empty();
  auto need_name = [&](const char* why) {
    if (!named) out.push_back({"subject.names", why});
  };
  // Minimum identifiers: a name plus a birth date, a nationality or a document.
  auto need_identifiers = [&]() {
    need_name("a wanted or sought person needs at least one name");
    if (named && n.subject->birth_dates.empty() && n.subject->nationalities.empty() && n.subject->documents.empty()) {
      out.push_back({"subject", "needs a birth date, a nationality or a document besides the name"});
    }
  };
  switch (n.type) {
    case NoticeType::red:
      need_identifiers();
      need("offence", "a red notice states the offence");
      need("legal_basis", "a red notice cites the law that makes it an offence");
      if (!has("warrant") && !has("judgment")) {
        out.push_back({"warrant", "a red notice needs an arrest warrant or a judgment reference"});
      }
      break;
    case NoticeType::yellow:
      need_name("a missing person needs at least one name");
      need("disappeared_on", "a yellow notice gives the date of disappearance");
      need("disappeared_place", "a yellow notice gives the place of disappearance");
      break;
    case NoticeType::blue:
      need_name("an information request names the person");
      need("request", "a blue notice says what information is sought");
      break;
    case NoticeType::black:
      need("found_on", "a black notice gives the date the body was found");
      need("found_place", "a black notice gives the place the body was found");
      need("description", "a black notice describes the body (sex, age, marks)");
      break;
    case NoticeType::green:
      need_name("a warning names the person");
      need("warning", "a green notice describes the criminal activity warned about");
      break;
    case NoticeType::orange: need("threat", "an orange notice describes the imminent threat"); break;
    case NoticeType::purple: need("modus_operandi", "a purple notice describes the modus operandi"); break;
    case NoticeType::silver:
      need_name("a silver notice names the person whose assets are sought");
      need("assets", "a silver notice describes the assets");
      break;
    case NoticeType::special:
      need_name("a special notice names its subject");
      need("sanctions_reference", "a special notice cites the sanctions measure");
      break;
  }
  if (n.kind == Kind::notice && n.details.contains("disappeared_on") && has("disappeared_on")) {
    if (!parse_partial_date(n.details["disappeared_on"].get<std::string>())) {
      out.push_back({"disappeared_on", "must be a date"});
    }
  }
  return out;
}

Result<Notice> parse_notice(const json& body, store::Database& db, const policy::Caller& caller, Kind kind) {
  if (!body.is_object()) return Error::invalid("", "a notice must be a JSON object");
  JsonFields f(body);
  Notice n;
  n.kind = kind;
  if (auto t = f.string("type", true, 16)) {
    if (auto parsed = parse_notice_type(*t)) {
      n.type = *parsed;
    } else {
      f.fail("type", "must be red, yellow, blue, black, green, orange, purple, silver or special");
    }
  }
  if (const auto* s = f.any("subject", false)) {
    auto parsed = parse_subject(*s);
    if (parsed) {
      if (!parsed->empty()) n.subject = *parsed;
    } else {
      f.merge(Status(parsed.take_error()));
    }
  }
  for (const char* key : kDetailFields) {
    if (auto v = f.string(key, false, 5000)) n.details[key] = *v;
  }
  for (const char* key : {"disappeared_on", "found_on"}) {
    if (n.details.contains(key) && !parse_partial_date(n.details[key].get<std::string>())) {
      f.fail(key, "must be YYYY, YYYY-MM or YYYY-MM-DD");
    }
  }
  if (kind == Kind::notice) {
    if (auto e = f.boolean("extract_to_all", false)) n.extract_to_all = *e;
    if (const auto* r = f.any("restriction", false)) {
      auto parsed = policy::parse_restriction(*r, db);
      if (parsed) {
        n.meta.restriction = *parsed;
      } else {
        f.merge(Status(parsed.take_error()));
      }
    }
  } else {
    auto to = f.string_list("to", true, 200, 10);
    if (to) {
      if (to->empty()) f.fail("to", "must name at least one member");
      json restriction = {{"scope", "members"}, {"members", *to}};
      auto parsed = policy::parse_restriction(restriction, db, "to");
      if (parsed) {
        n.meta.restriction = *parsed;
      } else {
        for (auto fe : parsed.error().fields) {
          if (fe.field.rfind("to.members", 0) == 0) fe.field = "to" + fe.field.substr(10);
          f.fail(fe.field, fe.reason);
        }
      }
    }
  }
  ARIADNE_TRY(f.finish());
  n.meta.owner = caller.member;
  if (kind == Kind::diffusion) {
    auto problems = compliance_problems(n);
    // A diffusion needs no review, but still the minimum its colour requires.
    if (!problems.empty()) return Error::invalid_fields(std::move(problems));
    if (std::binary_search(n.meta.restriction.members.begin(), n.meta.restriction.members.end(), caller.member)) {
      return Error::invalid("to", "a diffusion goes to other members, not to the sender");
    }
  }
  return n;
}

Result<Notice> create_notice(store::Database& db, const policy::Caller& caller, Notice n) {
  ARIADNE_TRY(policy::require(caller, policy::Action::notice_issue));
  if (n.meta.owner != caller.member) return Error::forbidden("notices are issued for the caller's own member");
  std::int64_t id = 0;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    std::string status = n.kind == Kind::diffusion ? "published" : "draft";
    std::optional<std::string> published, expires;
    if (n.kind == Kind::diffusion) {
      published = iso_now_ms();
      expires = add_years(today_utc(), kValidityYears).iso();
    }
    ARIADNE_ASSIGN(
        auto rows,
        db.query("INSERT INTO notices (kind, type, status, subject, details, extract_to_all, victim, "
                 "search_names, owner, scope, scope_members, created_by, published_at, expires_on) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                 {std::string(to_string(n.kind)), std::string(to_string(n.type)), status,
                  n.subject ? store::Value{to_json(*n.subject).dump()} : store::Value{nullptr}, n.details.dump(),
                  static_cast<std::int64_t>(n.extract_to_all),
                  static_cast<std::int64_t>(n.subject && n.subject->victim), search_names(n.subject), n.meta.owner,
                  std::string(policy::to_string(n.meta.restriction.scope)), n.meta.restriction.stored_members(),
                  caller.username, store::nullable(published), store::nullable(expires)}));
    id = rows.front().integer(0);
    ARIADNE_TRY(record(db, caller, id, "insert", n.kind == Kind::diffusion ? "diffusion.send" : "notice.create",
                       std::string(to_string(n.type))));
    return {};
  }));
  return reload(db, id);
}

Result<Notice> update_draft(store::Database& db, const policy::Caller& caller, std::int64_t id, const json& body) {
  ARIADNE_TRY(policy::require(caller, policy::Action::notice_issue));
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto current, load_owned(db, caller, id));
    if (current.kind != Kind::notice ||
        (current.status != NoticeStatus::draft && current.status != NoticeStatus::rejected)) {
      return Error::conflict("only draft or rejected notices change; this one is " +
                             std::string(to_string(current.status)));
    }
    ARIADNE_ASSIGN(auto next, parse_notice(body, db, caller, Kind::notice));
    ARIADNE_TRY(db.execute(
        store::expand_dialect(db.dialect(),
                              "UPDATE notices SET type = ?, status = 'draft', subject = ?, "
                              "details = ?, extract_to_all = ?, victim = ?, search_names = ?, "
                              "scope = ?, scope_members = ?, updated_at = {{now}} WHERE id = ?"),
        {std::string(to_string(next.type)),
         next.subject ? store::Value{to_json(*next.subject).dump()} : store::Value{nullptr}, next.details.dump(),
         static_cast<std::int64_t>(next.extract_to_all),
         static_cast<std::int64_t>(next.subject && next.subject->victim), search_names(next.subject),
         std::string(policy::to_string(next.meta.restriction.scope)), next.meta.restriction.stored_members(), id}));
    return record(db, caller, id, "update", "notice.update");
  }));
  return reload(db, id);
}

Result<Notice> submit_notice(store::Database& db, const policy::Caller& caller, std::int64_t id) {
  ARIADNE_TRY(policy::require(caller, policy::Action::notice_issue));
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto n, load_owned(db, caller, id));
    if (n.kind != Kind::notice || (n.status != NoticeStatus::draft && n.status != NoticeStatus::rejected)) {
      return Error::conflict("only a draft or rejected notice is submitted; this one is " +
                             std::string(to_string(n.status)));
    }
    auto problems = compliance_problems(n);
    if (!problems.empty()) return Error::invalid_fields(std::move(problems));
    ARIADNE_ASSIGN(auto flags, flags_for(db, n));
    ARIADNE_TRY(db.execute(store::expand_dialect(db.dialect(),
                                                 "UPDATE notices SET status = 'submitted', flags = ?, "
                                                 "review_reasons = '[]', submitted_at = {{now}}, "
                                                 "updated_at = {{now}} WHERE id = ?"),
                           {json(flags).dump(), id}));
    return record(db, caller, id, "update", "notice.submit",
                  flags.empty() ? "" : std::to_string(flags.size()) + " flags");
  }));
  return reload(db, id);
}

Result<Notice> review_notice(store::Database& db, const policy::Caller& caller, std::int64_t id, bool approve,
                             const std::vector<std::string>& reasons) {
  if (!is_reviewer(caller)) return Error::forbidden("notices are reviewed by General Secretariat reviewers");
  if (!approve && reasons.empty()) return Error::invalid("reasons", "a rejection gives at least one reason");
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto n, load(db, id));
    if (!n || !policy::can_read(caller, n->meta) || !lifecycle_allows(caller, *n)) {
      return Error::not_found("notice " + std::to_string(id));
    }
    if (n->meta.owner == caller.member) return Error::forbidden("a notice is reviewed by a reviewer of another member");
    if (n->status != NoticeStatus::submitted) {
      return Error::conflict("only a submitted notice is reviewed; this one is " + std::string(to_string(n->status)));
    }
    if (approve) {
      ARIADNE_TRY(
          db.execute(store::expand_dialect(db.dialect(),
                                           "UPDATE notices SET status = 'published', reviewed_by = ?, "
                                           "reviewed_at = {{now}}, published_at = {{now}}, expires_on = ?, "
                                           "review_reasons = ?, updated_at = {{now}} WHERE id = ?"),
                     {caller.username, add_years(today_utc(), kValidityYears).iso(), json(reasons).dump(), id}));
    } else {
      ARIADNE_TRY(db.execute(store::expand_dialect(db.dialect(),
                                                   "UPDATE notices SET status = 'rejected', reviewed_by = ?, "
                                                   "reviewed_at = {{now}}, review_reasons = ?, updated_at = {{now}} "
                                                   "WHERE id = ?"),
                             {caller.username, json(reasons).dump(), id}));
    }
    return record(db, caller, id, "update", approve ? "notice.approve" : "notice.reject");
  }));
  ARIADNE_ASSIGN(auto reviewed, reload(db, id));
  // Reviewers see a victim's notice only while it awaits their review; once
  // published it is the owner's and its restriction's, answer included.
  if (victim_hidden(caller, reviewed)) {
    reviewed.subject.reset();
    reviewed.details = json::object();
  }
  return reviewed;
}

Result<ReviewDecision> parse_review(const json& body) {
  JsonFields f(body);
  auto decision = f.string("decision", true, 16);
  auto reasons = f.string_list("reasons", false, 50, 2000);
  if (decision && *decision != "approve" && *decision != "reject") f.fail("decision", "must be approve or reject");
  ARIADNE_TRY(f.finish());
  return ReviewDecision{*decision == "approve", std::move(reasons).value_or(std::vector<std::string>{})};
}

Result<Notice> cancel_notice(store::Database& db, const policy::Caller& caller, std::int64_t id,
                             const std::string& reason) {
  ARIADNE_TRY(policy::require(caller, policy::Action::notice_issue));
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto n, load_owned(db, caller, id));
    if (n.status == NoticeStatus::cancelled) return Error::conflict("the notice is already cancelled");
    ARIADNE_TRY(db.execute(store::expand_dialect(db.dialect(),
                                                 "UPDATE notices SET status = 'cancelled', cancel_reason = ?, "
                                                 "updated_at = {{now}} WHERE id = ?"),
                           {reason, id}));
    return record(db, caller, id, "update", n.kind == Kind::diffusion ? "diffusion.cancel" : "notice.cancel", reason);
  }));
  return reload(db, id);
}

Result<CancelRequest> parse_cancel(const json& body) {
  JsonFields f(body);
  auto reason = f.string("reason", true, 2000);
  ARIADNE_TRY(f.finish());
  return CancelRequest{std::move(*reason)};
}

Result<Notice> renew_notice(store::Database& db, const policy::Caller& caller, std::int64_t id) {
  ARIADNE_TRY(policy::require(caller, policy::Action::notice_issue));
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto n, load_owned(db, caller, id));
    if (n.status != NoticeStatus::published && n.status != NoticeStatus::expired) {
      return Error::conflict("only a published or expired notice is renewed");
    }
    ARIADNE_TRY(db.execute(store::expand_dialect(db.dialect(),
                                                 "UPDATE notices SET status = 'published', expires_on = ?, "
                                                 "updated_at = {{now}} WHERE id = ?"),
                           {add_years(today_utc(), kValidityYears).iso(), id}));
    return record(db, caller, id, "update", "notice.renew");
  }));
  return reload(db, id);
}

Result<int> expire_due(store::Database& db) {
  constexpr const char* kDue = "SELECT id FROM notices WHERE status = 'published' AND expires_on < ?";
  // Reads call this first: a look without the writer, so that they wait for
  // it only on the day something expires.
  ARIADNE_ASSIGN(auto any_due, db.query(std::string(kDue) + " LIMIT 1", {today()}));
  if (any_due.empty()) return 0;
  int expired = 0;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto due, db.query(kDue, {today()}));
    for (const auto& row : due) {
      auto id = row.integer(0);
      ARIADNE_TRY(db.execute("UPDATE notices SET status = 'expired' WHERE id = ?", {id}));
      ARIADNE_TRY(record(db, policy::system_caller(), id, "update", "notice.expire"));
      ++expired;
    }
    return {};
  }));
  return expired;
}

Result<NoticeView> get_notice(store::Database& db, const policy::Caller& caller, std::int64_t id) {
  ARIADNE_TRY(policy::require(caller, policy::Action::notice_read));
  ARIADNE_TRY(expire_due(db));
  ARIADNE_ASSIGN(auto n, load(db, id));
  // A victim's notice answers as an absent one: ids are sequential, and a
  // different answer would let a caller find every victim by walking them.
  if (!n || !lifecycle_allows(caller, *n) || victim_hidden(caller, *n)) {
    return Error::not_found("notice " + std::to_string(id));
  }
  if (policy::can_read(caller, n->meta)) {
    if (n->meta.restriction.scope != policy::Scope::all) ARIADNE_TRY(audit(db, caller, "notice.read", id));
    return NoticeView{*n, false};
  }
  bool extract = n->extract_to_all && n->kind == Kind::notice && n->status == NoticeStatus::published &&
                 caller.member_kind != policy::MemberKind::partner && !(n->subject && n->subject->victim);
  if (!extract) return Error::not_found("notice " + std::to_string(id));
  return NoticeView{*n, true};
}

Result<std::vector<NoticeView>> list_notices(store::Database& db, const policy::Caller& caller, const NoticeQuery& q) {
  ARIADNE_TRY(policy::require(caller, policy::Action::notice_read));
  ARIADNE_TRY(expire_due(db));
  auto gate = policy::visible_sql(caller);
  // Rows the gate admits, plus published extracts for member countries.
  std::string sql = std::string("SELECT ") + kColumns + " FROM notices WHERE id > ? AND ((" + gate.sql + ")";
  store::Params params{q.after_id};
  params.insert(params.end(), gate.params.begin(), gate.params.end());
  if (caller.member_kind != policy::MemberKind::partner) {
    sql += " OR (extract_to_all = 1 AND status = 'published' AND kind = 'notice' AND victim = 0)";
  }
  sql += ")";
  // The lifecycle: drafts and rejections stay with the owner, submissions reach the secretariat.
  sql += " AND (owner = ? OR status IN ('published','cancelled','expired')";
  params.emplace_back(caller.member);
  if (caller.secretariat()) sql += " OR status IN ('submitted','rejected')";
  sql += ")";
  auto victims = victim_sql(caller);
  sql += " AND " + victims.sql;
  params.insert(params.end(), victims.params.begin(), victims.params.end());
  if (q.kind) {
    sql += " AND kind = ?";
    params.emplace_back(std::string(to_string(*q.kind)));
  }
  if (q.type) {
    sql += " AND type = ?";
    params.emplace_back(std::string(to_string(*q.type)));
  }
  if (q.status) {
    sql += " AND status = ?";
    params.emplace_back(std::string(to_string(*q.status)));
  }
  if (q.q) {
    sql += " AND search_names LIKE ? ESCAPE '\\'";
    std::string pattern;
    for (char c : lower_ascii(*q.q)) {
      if (c == '%' || c == '_' || c == '\\') pattern += '\\';
      pattern += c;
    }
    params.emplace_back("%" + pattern + "%");
  }
  sql += " ORDER BY id LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(q.limit));
  std::vector<NoticeView> out;
  std::vector<std::int64_t> restricted;
  ARIADNE_TRY(db.for_each(sql, params, [&](const store::Row& r) {
    Notice n = notice_from(r);
    if (victim_hidden(caller, n)) return true;
    bool full = policy::can_read(caller, n.meta);
    if (full && n.meta.restriction.scope != policy::Scope::all) restricted.push_back(n.id);
    out.push_back({std::move(n), !full});
    return true;
  }));
  ARIADNE_TRY(policy::audit_restricted_reads(db, caller, "notice.list", "notices", restricted));
  return out;
}

Result<int> remind_expiries(store::Database& db, const Date& today) {
  const std::string horizon = add_months(today, kExpiryReminderMonths).iso();
  int sent = 0;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto due, db.query("SELECT n.id, n.owner, n.type, n.expires_on FROM notices n WHERE n.kind = "
                                      "'notice' AND n.status = 'published' AND n.expires_on <= ? AND NOT EXISTS "
                                      "(SELECT 1 FROM notice_expiry_reminders r WHERE r.notice_id = n.id AND "
                                      "r.expires_on = n.expires_on) ORDER BY n.id",
                                      {horizon}));
    const auto sys = policy::system_caller();
    for (const auto& r : due) {
      const std::int64_t id = r.integer(0);
      const std::string expires_on = r.text(3);
      ARIADNE_TRY(
          db.execute("INSERT INTO notice_expiry_reminders (notice_id, expires_on) VALUES (?, ?)", {id, expires_on}));
      ARIADNE_TRY(exchange::notify(db, r.text(1), "notice.expiry", object_of(id),
                                   "Your " + r.text(2) + " notice " + std::to_string(id) + " expires on " + expires_on +
                                       ": renew it (POST /notices/" + std::to_string(id) +
                                       "/renew) if it is still needed."));
      ARIADNE_TRY(audit(db, sys, "notice.remind", id, "expires_on " + expires_on + "; told " + r.text(1)));
      ++sent;
    }
    return {};
  }));
  return sent;
}

bool documents_searchable(const Notice& n, const std::string& today) {
  return n.kind == Kind::notice && n.status == NoticeStatus::published && n.expires_on && *n.expires_on >= today &&
         n.subject && !n.subject->documents.empty();
}

Result<std::optional<Notice>> find_notice(store::Database& db, std::int64_t id) {
  return load(db, id);
}

namespace {

constexpr const char* kSubjectColumns =
    "id, kind, type, status, subject, extract_to_all, owner, scope, scope_members FROM notices";

Result<std::optional<PublishedSubject>> published_subject_from(const store::Row& r) {
  if (r.text(3) != "published" || r.is_null(4)) return std::optional<PublishedSubject>{};
  auto parsed = json::parse(r.text(4), nullptr, false);
  if (parsed.is_discarded()) return Error::internal("notice " + std::to_string(r.integer(0)) + ": unreadable subject");
  ARIADNE_ASSIGN(auto subject, parse_subject(parsed));
  PublishedSubject p;
  p.id = r.integer(0);
  p.kind = r.text(1) == "diffusion" ? Kind::diffusion : Kind::notice;
  p.type = parse_notice_type(r.text(2)).value_or(NoticeType::special);
  p.extract_to_all = r.integer(5) != 0;
  p.meta.owner = r.text(6);
  p.meta.restriction = policy::Restriction::from_stored(r.text(7), r.text(8));
  p.subject = std::move(subject);
  return std::optional<PublishedSubject>{std::move(p)};
}

}  // namespace

Status for_each_published_subject(store::Database& db, const std::function<bool(PublishedSubject&&)>& fn) {
  std::optional<Error> failed;
  ARIADNE_TRY(db.for_each(std::string("SELECT ") + kSubjectColumns + " WHERE status = 'published' ORDER BY id", {},
                          [&](const store::Row& r) {
                            auto p = published_subject_from(r);
                            if (!p) {
                              failed = p.error();
                              return false;
                            }
                            return !*p || fn(std::move(**p));
                          }));
  if (failed) return *failed;
  return {};
}

Result<std::optional<PublishedSubject>> find_published_subject(store::Database& db, std::int64_t id) {
  ARIADNE_ASSIGN(auto rows, db.query(std::string("SELECT ") + kSubjectColumns + " WHERE id = ?", {id}));
  if (rows.empty()) return std::optional<PublishedSubject>{};
  return published_subject_from(rows.front());
}

Result<std::vector<std::int64_t>> published_past_expiry(store::Database& db, const std::string& today) {
  std::vector<std::int64_t> ids;
  ARIADNE_TRY(db.for_each("SELECT id FROM notices WHERE status = 'published' AND expires_on < ?", {today},
                          [&](const store::Row& r) {
                            ids.push_back(r.integer(0));
                            return true;
                          }));
  return ids;
}

Result<std::map<std::int64_t, std::string>> owners_of(store::Database& db, const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, std::string> out;
  if (ids.empty()) return out;
  store::Params params(ids.begin(), ids.end());
  ARIADNE_TRY(db.for_each("SELECT id, owner FROM notices WHERE id IN (" + store::placeholders(ids.size()) + ")", params,
                          [&](const store::Row& r) {
                            out.emplace(r.integer(0), r.text(1));
                            return true;
                          }));
  return out;
}

Status for_each_searchable(store::Database& db, const std::function<bool(const Notice&)>& fn) {
  const std::string now = today();
  return db.for_each(std::string("SELECT ") + kColumns +
                         " FROM notices WHERE kind = 'notice' AND status = 'published' AND expires_on >= ?",
                     {now}, [&](const store::Row& r) {
                       Notice n = notice_from(r);
                       return !documents_searchable(n, now) || fn(n);
                     });
}

bool may_read(const policy::Caller& c, const Notice& n) {
  return policy::can_read(c, n.meta) && lifecycle_allows(c, n);
}

bool may_see_victim(const policy::Caller& c, const policy::RecordMeta& meta, NoticeStatus status) {
  if (c.member == meta.owner) return true;
  // The General Secretariat's reviewers must see what awaits their review.
  if (c.secretariat() && c.role == policy::Role::reviewer && status == NoticeStatus::submitted) return true;
  const auto& listed = meta.restriction.members;
  return meta.restriction.scope == policy::Scope::members && std::binary_search(listed.begin(), listed.end(), c.member);
}

bool may_see_subject(const policy::Caller& c, const Notice& n) {
  return may_read(c, n) && !victim_hidden(c, n);
}

Result<ExternalOutcome> upsert_external(store::Database& db, const std::string& source, const std::string& reference,
                                        const Notice& n) {
  const auto gs = policy::system_caller();
  const std::string subject = n.subject ? to_json(*n.subject).dump() : "null";
  const std::string details = n.details.dump();
  ExternalOutcome outcome = ExternalOutcome::unchanged;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto rows, db.query("SELECT id, status, subject, details FROM notices WHERE source = ? AND "
                                       "source_ref = ?",
                                       {source, reference}));
    if (rows.empty()) {
      ARIADNE_ASSIGN(
          auto inserted,
          db.query(store::expand_dialect(
                       db.dialect(),
                       "INSERT INTO notices (kind, type, status, subject, details, search_names, owner, scope, "
                       "created_by, reviewed_by, reviewed_at, published_at, expires_on, source, source_ref) VALUES "
                       "('notice', ?, 'published', ?, ?, ?, ?, 'all', ?, ?, {{now}}, {{now}}, ?, ?, ?) RETURNING id"),
                   {std::string(to_string(n.type)), subject, details, search_names(n.subject), gs.member, gs.username,
                    gs.username, add_years(today_utc(), kValidityYears).iso(), source, reference}));
      const auto id = inserted.front().integer(0);
      outcome = ExternalOutcome::added;
      return record(db, gs, id, "insert", "notice.import", source + " " + reference);
    }
    const auto& r = rows.front();
    const auto id = r.integer(0);
    if (r.text(1) == "published" && r.text(2) == subject && r.text(3) == details) return {};
    // Changed on the list, or listed again after a cancellation: published with the list's content.
    ARIADNE_TRY(db.execute(
        store::expand_dialect(db.dialect(),
                              "UPDATE notices SET subject = ?, details = ?, search_names = ?, cancel_reason = NULL, "
                              "expires_on = CASE WHEN status = 'published' THEN expires_on ELSE ? END, "
                              "status = 'published', updated_at = {{now}} WHERE id = ?"),
        {subject, details, search_names(n.subject), add_years(today_utc(), kValidityYears).iso(), id}));
    outcome = ExternalOutcome::updated;
    return record(db, gs, id, "update", "notice.update", source + " " + reference);
  }));
  return outcome;
}

Result<std::vector<std::pair<std::string, std::int64_t>>> published_external(store::Database& db,
                                                                             const std::string& source) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  ARIADNE_TRY(db.for_each("SELECT source_ref, id FROM notices WHERE source = ? AND status = 'published' ORDER BY id",
                          {source}, [&](const store::Row& r) {
                            out.emplace_back(r.text(0), r.integer(1));
                            return true;
                          }));
  return out;
}

Status cancel_external(store::Database& db, std::int64_t id, const std::string& reason) {
  return db.transaction([&]() -> Status {
    ARIADNE_TRY(db.execute(store::expand_dialect(db.dialect(),
                                                 "UPDATE notices SET status = 'cancelled', cancel_reason = ?, "
                                                 "updated_at = {{now}} WHERE id = ?"),
                           {reason, id}));
    return record(db, policy::system_caller(), id, "update", "notice.cancel", reason);
  });
}

}  // namespace ariadne::notices
