// Notices and diffusions.
//
// A notice goes draft → submitted (automatic compliance checks) → reviewed
// by a General Secretariat reviewer of another member (approve publishes it,
// reject returns it with reasons) → published → cancelled by its owner, or
// expired five years after publication unless renewed. A diffusion is sent
// by a member straight to chosen members: no review, visible only to the
// sender, the recipients and the General Secretariat (a `members` restriction).
//
// Visibility is the policy gate's, narrowed by the lifecycle: drafts are
// the owner's alone; submitted and rejected ones also reach the
// General Secretariat's reviewers; a published notice whose owner chose
// `extract_to_all` shows every member an extract (names, birth dates, sex,
// nationalities) while the full details keep their restriction. A notice
// whose subject is flagged as a victim reaches only those may_see_victim
// names, on every path (by id too, where it answers as an absent notice).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "common/time.hpp"
#include "notices/subject.hpp"
#include "policy/restriction.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ariadne::notices {

std::vector<store::Migration> notices_migrations();

enum class Kind { notice, diffusion };
enum class NoticeType { red, yellow, blue, black, green, orange, purple, silver, special };
enum class NoticeStatus { draft, submitted, published, rejected, cancelled, expired };

std::optional<NoticeType> parse_notice_type(std::string_view s);
std::string_view to_string(NoticeType t);
std::optional<NoticeStatus> parse_notice_status(std::string_view s);
std::string_view to_string(NoticeStatus s);
std::string_view to_string(Kind k);

struct Notice {
  std::int64_t id = 0;
  Kind kind = Kind::notice;
  NoticeType type = NoticeType::red;
  NoticeStatus status = NoticeStatus::draft;
  std::optional<Subject> subject;
  nlohmann::json details = nlohmann::json::object();  // the colour's fields: offence, warrant, …
  std::vector<std::string> flags;                     // for the reviewer: possible Article 3 concerns
  std::vector<std::string> review_reasons;
  bool extract_to_all = false;
  policy::RecordMeta meta;
  std::string created_by;
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> submitted_at;
  std::optional<std::string> reviewed_by;
  std::optional<std::string> reviewed_at;
  std::optional<std::string> published_at;
  std::optional<std::string> expires_on;
  std::optional<std::string> cancel_reason;
};

// Full view, or the extract a member outside the restriction may see.
nlohmann::json to_json(const Notice& n, bool extract_only = false);

// The fields each colour requires before it may be submitted, as field-level reasons.
std::vector<FieldError> compliance_problems(const Notice& n);

// Parses a draft notice (POST /notices) or a diffusion (POST /diffusions, `to` required).
Result<Notice> parse_notice(const nlohmann::json& body, store::Database& db, const policy::Caller& caller, Kind kind);

Result<Notice> create_notice(store::Database& db, const policy::Caller& caller, Notice notice);
// Replaces the content of a draft or rejected notice (owner only).
Result<Notice> update_draft(store::Database& db, const policy::Caller& caller, std::int64_t id,
                            const nlohmann::json& body);
Result<Notice> submit_notice(store::Database& db, const policy::Caller& caller, std::int64_t id);
Result<Notice> review_notice(store::Database& db, const policy::Caller& caller, std::int64_t id, bool approve,
                             const std::vector<std::string>& reasons);
// A reviewer's decision, as POST /notices/{id}/review sends it: {decision:
// approve|reject, reasons?}. The body is an object; every bad field is reported.
struct ReviewDecision {
  bool approve = false;
  std::vector<std::string> reasons;
};
Result<ReviewDecision> parse_review(const nlohmann::json& body);
Result<Notice> cancel_notice(store::Database& db, const policy::Caller& caller, std::int64_t id,
                             const std::string& reason);
// An owner's cancellation, as POST /notices/{id}/cancel sends it: {reason}.
struct CancelRequest {
  std::string reason;
};
Result<CancelRequest> parse_cancel(const nlohmann::json& body);
Result<Notice> renew_notice(store::Database& db, const policy::Caller& caller, std::int64_t id);

struct NoticeView {
  Notice notice;
  bool extract_only = false;
};

Result<NoticeView> get_notice(store::Database& db, const policy::Caller& caller, std::int64_t id);

struct NoticeQuery {
  std::optional<Kind> kind;
  std::optional<NoticeType> type;
  std::optional<NoticeStatus> status;
  std::optional<std::string> q;  // substring of a name, case-insensitive
  std::int64_t after_id = 0;
  int limit = 100;
};
Result<std::vector<NoticeView>> list_notices(store::Database& db, const policy::Caller& caller, const NoticeQuery& q);

// Marks published notices past their expiry date as expired; returns how many.
Result<int> expire_due(store::Database& db);

// A published notice or a sent diffusion is valid this long, and so long again when renewed.
inline constexpr int kValidityYears = 5;

// Owners are reminded once, six months before a published notice expires, to
// renew it. Notifies every owner due (expiry on or before today + 6 months and
// not told for that expiry date); returns how many notices.
inline constexpr int kExpiryReminderMonths = 6;
Result<int> remind_expiries(store::Database& db, const Date& today);

// ---- For screening, which indexes the subjects of published notices and diffusions ----

// What the screening index keeps of a published notice or diffusion: its
// subject and what the gate needs (the details are not read).
struct PublishedSubject {
  std::int64_t id = 0;
  Kind kind = Kind::notice;
  NoticeType type = NoticeType::red;
  bool extract_to_all = false;
  policy::RecordMeta meta;
  Subject subject;
};
// Calls fn for every published notice and diffusion with a subject, in id
// order; fn returns false to stop. A subject that cannot be read is an error.
Status for_each_published_subject(store::Database& db, const std::function<bool(PublishedSubject&&)>& fn);
// Record `id` when it is published and has a subject; nullopt otherwise.
Result<std::optional<PublishedSubject>> find_published_subject(store::Database& db, std::int64_t id);

// ---- For document checks (sltd), which search the documents of published notices ----

// A published notice (not a diffusion) on or before its expiry date (`today`, ISO).
bool documents_searchable(const Notice& n, const std::string& today);
// A notice as stored, without the gate: the caller applies it to what it reports.
Result<std::optional<Notice>> find_notice(store::Database& db, std::int64_t id);
// Calls fn for every notice whose documents are searchable today; fn returns false to stop.
Status for_each_searchable(store::Database& db, const std::function<bool(const Notice&)>& fn);
// Ids of the published notices and diffusions whose expiry date is before
// `today` (ISO): still published until the next expiry run, yet no longer searchable.
Result<std::vector<std::int64_t>> published_past_expiry(store::Database& db, const std::string& today);
// The owner member of each notice or diffusion of `ids` that exists (for
// telling owners their records were queried; not a read of the records).
Result<std::map<std::int64_t, std::string>> owners_of(store::Database& db, const std::vector<std::int64_t>& ids);
// Whether the caller may read the notice (the gate narrowed by the lifecycle).
bool may_read(const policy::Caller& c, const Notice& n);
// The victim rule, the one place that says who may see the personal data of
// a subject flagged as a victim: users of the owner member, users of the
// members its restriction lists by name, and the General Secretariat's
// reviewers while the notice awaits their review. Nobody else, however wide
// the restriction (`all` does not name anyone) and whatever the path: by id,
// lists, searches, screening, checks and notifications all ask this.
bool may_see_victim(const policy::Caller& c, const policy::RecordMeta& meta, NoticeStatus status);
// Whether the caller may also see the subject's personal data: may_read, and
// the victim rule for a victim's subject.
bool may_see_subject(const policy::Caller& c, const Notice& n);

}  // namespace ariadne::notices
