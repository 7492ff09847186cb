#include "sltd/documents.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/country.hpp"
#include "common/enum_names.hpp"
#include "common/json_fields.hpp"
#include "common/time.hpp"
#include "ident/document_number.hpp"
#include "sltd/document_rows.hpp"
#include "sltd/hits.hpp"
#include "sltd/index.hpp"
#include "sltd/tally.hpp"
#include "store/audit.hpp"
#include "store/write.hpp"

namespace ariadne::sltd {

using nlohmann::json;

std::vector<store::Migration> sltd_migrations() {
  return {{"sltd", 1, R"sql(
CREATE TABLE documents (
  id {{id}},
  number TEXT NOT NULL,
  issuing_state TEXT NOT NULL,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  reporting_country TEXT,
  issued_on TEXT,
  expires_on TEXT,
  stolen_on TEXT,
  reported_on TEXT,
  national_reference TEXT,
  series_end TEXT,
  remarks TEXT,
  review_on TEXT NOT NULL,
  owner TEXT NOT NULL REFERENCES members(code),
  scope TEXT NOT NULL CHECK (scope IN ('all','members','owner')),
  scope_members TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT ({{now}}),
  updated_at TEXT NOT NULL DEFAULT ({{now}})
);
CREATE UNIQUE INDEX documents_key ON documents(issuing_state, type, number);
CREATE INDEX documents_number ON documents(number);
CREATE INDEX documents_owner ON documents(owner);
)sql"},
          sltd_index_migration(),          // index keys, deleted keys, hits, signing keys (sltd/index.cpp)
          sltd_hits_migration(),           // hits on notice documents; review reminders (sltd/hits.cpp)
          sltd_hit_workflow_migration(),   // actions, history, overdue reminders (sltd/hits.cpp)
          sltd_check_counts_migration(),   // checks by member and minute (sltd/tally.cpp)
          sltd_hit_received_migration()};  // when a hit reached the store (sltd/hits.cpp)
}

namespace {

constexpr EnumName<DocumentType> kTypes[] = {{DocumentType::passport, "passport"},
                                             {DocumentType::identity_card, "identity_card"},
                                             {DocumentType::visa, "visa"},
                                             {DocumentType::residence_permit, "residence_permit"},
                                             {DocumentType::other, "other"}};
constexpr EnumName<DocumentStatus> kStatuses[] = {{DocumentStatus::stolen, "stolen"},
                                                  {DocumentStatus::lost, "lost"},
                                                  {DocumentStatus::revoked, "revoked"},
                                                  {DocumentStatus::invalidated, "invalidated"},
                                                  {DocumentStatus::stolen_blank, "stolen_blank"}};

bool restricted(const Document& d) {
  return d.meta.restriction.scope != policy::Scope::all;
}

std::string object_of(DocumentId id) {
  return "document:" + std::to_string(id.value);
}

Status audit(store::Database& db, const policy::Caller& c, const std::string& action, const std::string& object,
             const std::string& outcome, const std::string& detail = "") {
  auto e = store::audit_append(db, {c.username, c.member, action, object, outcome, detail});
  if (!e) return e.take_error();
  return {};
}

// A document's write: its change-log row and audit entry (store::record_write).
Status record(store::Database& db, const policy::Caller& c, DocumentId id, std::string_view op,
              const std::string& action, const std::string& detail) {
  const std::string record_id = std::to_string(id.value);
  return store::record_write(db, {"documents", record_id, op},
                             {c.username, c.member, action, object_of(id), "ok", detail});
}

using rows::document_from;
using rows::kDocumentColumns;

// Loads a record without any visibility decision: callers apply the gate.
Result<std::optional<Document>> load(store::Database& db, DocumentId id) {
  return rows::find_document(db, id);
}

std::optional<std::string> date_field(JsonFields& f, std::string_view key) {
  auto s = f.string(key, false, 10);
  if (!s) return std::nullopt;
  if (!parse_date(*s)) {
    f.fail(key, "must be a date as YYYY-MM-DD");
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> country_field(JsonFields& f, std::string_view key, bool required) {
  auto s = f.string(key, required, 3);
  if (!s) return std::nullopt;
  if (!is_iso_alpha3(*s)) {
    f.fail(key, "must be an ISO 3166-1 alpha-3 country code");
    return std::nullopt;
  }
  return s;
}

}  // namespace

std::optional<DocumentType> parse_document_type(std::string_view s) {
  if (auto named = enum_from_name(kTypes, s)) return named;
  // ICAO 9303 document codes: the first letter names the kind (P passport,
  // I/A/C identity and official travel cards, V visa).
  if (s.size() == 1 || s.size() == 2) {
    switch (s[0]) {
      case 'P': return DocumentType::passport;
      case 'I':
      case 'A':
      case 'C': return DocumentType::identity_card;
      case 'V': return DocumentType::visa;
      case 'R': return DocumentType::residence_permit;
      default: break;
    }
  }
  return std::nullopt;
}

std::string_view to_string(DocumentType t) {
  return enum_to_name(kTypes, t);
}
std::optional<DocumentStatus> parse_document_status(std::string_view s) {
  return enum_from_name(kStatuses, s);
}
std::string_view to_string(DocumentStatus s) {
  return enum_to_name(kStatuses, s);
}

json to_json(const Document& d) {
  json j = {{"id", d.id.value},
            {"number", d.number},
            {"issuing_state", d.issuing_state},
            {"type", to_string(d.type)},
            {"status", to_string(d.status)},
            {"review_on", d.review_on},
            {"owner", d.meta.owner},
            {"restriction", policy::to_json(d.meta.restriction)},
            {"created_at", d.created_at},
            {"updated_at", d.updated_at}};
  auto opt = [&](const char* key, const std::optional<std::string>& v) { j[key] = v ? json(*v) : json(nullptr); };
  opt("reporting_country", d.reporting_country);
  opt("issued_on", d.issued_on);
  opt("expires_on", d.expires_on);
  opt("stolen_on", d.stolen_on);
  opt("reported_on", d.reported_on);
  opt("national_reference", d.national_reference);
  opt("series_end", d.series_end);
  opt("remarks", d.remarks);
  return j;
}

Result<Document> parse_new_document(const json& body, store::Database& db, const policy::Caller& caller) {
  return parse_new_document(body, policy::members_of(db), caller);
}

Result<Document> parse_new_document(const json& body, const policy::MemberLookup& is_member,
                                    const policy::Caller& caller) {
  // The role is checked first: a role that may not register learns that, not field details.
  ARIADNE_TRY(policy::require(caller, policy::Action::document_register));
  if (!body.is_object()) return Error::invalid("", "a document must be a JSON object");
  JsonFields f(body);
  Document d;
  if (auto raw = f.string("number", true, 64)) {
    d.number = ident::normalise_document_number(*raw);
    bool alnum = std::all_of(d.number.begin(), d.number.end(),
                             [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
    if (d.number.empty() || d.number.size() > 20 || !alnum) {
      f.fail("number", "must hold 1 to 20 letters or digits (spaces, hyphens and fillers are ignored)");
    }
  }
  if (auto s = country_field(f, "issuing_state", true)) d.issuing_state = *s;
  if (auto t = f.string("type", true, 32)) {
    if (auto parsed = parse_document_type(*t)) {
      d.type = *parsed;
    } else {
      f.fail("type", "must be passport, identity_card, visa, residence_permit, other, or an ICAO document code");
    }
  }
  if (auto s = f.string("status", true, 32)) {
    if (auto parsed = parse_document_status(*s)) {
      d.status = *parsed;
    } else {
      f.fail("status", "must be stolen, lost, revoked, invalidated or stolen_blank");
    }
  }
  d.reporting_country = country_field(f, "reporting_country", false);
  d.issued_on = date_field(f, "issued_on");
  d.expires_on = date_field(f, "expires_on");
  d.stolen_on = date_field(f, "stolen_on");
  d.reported_on = date_field(f, "reported_on");
  d.national_reference = f.string("national_reference", false, 64);
  d.remarks = f.string("remarks", false, 2000);
  if (auto end = f.string("series_end", false, 64)) d.series_end = ident::normalise_document_number(*end);
  auto review = date_field(f, "review_on");
  auto owner = f.string("owner", false, 10);
  policy::Restriction restriction;
  if (const auto* r = f.any("restriction", false)) {
    auto parsed = policy::parse_restriction(*r, is_member);
    if (parsed) {
      restriction = *parsed;
    } else {
      f.merge(Status(parsed.take_error()));
    }
  }
  if (d.issued_on && d.expires_on && *d.expires_on < *d.issued_on) {
    f.fail("expires_on", "is before issued_on");
  }
  std::string today = today_utc().iso();
  if (d.stolen_on && *d.stolen_on > today) f.fail("stolen_on", "is in the future");
  if (d.reported_on && *d.reported_on > today) f.fail("reported_on", "is in the future");
  if (d.series_end) {
    if (d.status != DocumentStatus::stolen_blank) {
      f.fail("series_end", "is only for stolen_blank ranges");
    } else if (d.series_end->size() != d.number.size() || *d.series_end < d.number) {
      f.fail("series_end", "must have as many characters as number and not sort before it");
    }
  }
  if (review && *review <= today) f.fail("review_on", "must be in the future");
  d.review_on = review ? *review : add_years(today_utc(), 10).iso();

  // Who registers: the issuing state's member, or the General Secretariat on its behalf.
  if (!d.issuing_state.empty()) {
    if (caller.secretariat()) {
      d.meta.owner = owner ? *owner : d.issuing_state;
      if (d.meta.owner != d.issuing_state && d.meta.owner != policy::kSecretariat) {
        f.fail("owner",
               "the General Secretariat registers on behalf of the issuing state (" + d.issuing_state + ") or itself");
      } else {
        ARIADNE_ASSIGN(bool known, is_member(d.meta.owner));
        if (!known) f.fail("owner", d.meta.owner + " is not a member");
      }
    } else {
      d.meta.owner = caller.member;
      if (owner && *owner != caller.member) f.fail("owner", "must be your own member (" + caller.member + ")");
      if (d.issuing_state != caller.member) {
        f.fail("issuing_state", "only the issuing state's member (" + d.issuing_state +
                                    ") or the General Secretariat may register its documents");
      }
    }
  }
  d.meta.restriction = restriction;
  ARIADNE_TRY(f.finish());
  return d;
}

std::string duplicate_reason(const Document& doc) {
  return "a " + std::string(to_string(doc.type)) + " " + doc.number + " of " + doc.issuing_state +
         " is already registered";
}

Result<Document> create_document(store::Database& db, const policy::Caller& caller, Document doc) {
  ARIADNE_TRY(policy::require(caller, policy::Action::document_register));
  Document out;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto dup, db.query("SELECT id FROM documents WHERE issuing_state = ? AND type = ? AND number = ?",
                                      {doc.issuing_state, std::string(to_string(doc.type)), doc.number}));
    if (!dup.empty()) return Error::conflict(duplicate_reason(doc));
    ARIADNE_ASSIGN(
        auto rows,
        db.query(
            std::string("INSERT INTO documents (number, issuing_state, type, status, reporting_country, "
                        "issued_on, expires_on, stolen_on, reported_on, national_reference, series_end, remarks, "
                        "review_on, owner, scope, scope_members, created_by) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ") +
                kDocumentColumns,
            {doc.number, doc.issuing_state, std::string(to_string(doc.type)), std::string(to_string(doc.status)),
             store::nullable(doc.reporting_country), store::nullable(doc.issued_on), store::nullable(doc.expires_on),
             store::nullable(doc.stolen_on), store::nullable(doc.reported_on), store::nullable(doc.national_reference),
             store::nullable(doc.series_end), store::nullable(doc.remarks), doc.review_on, doc.meta.owner,
             std::string(policy::to_string(doc.meta.restriction.scope)), doc.meta.restriction.stored_members(),
             caller.username}));
    out = document_from(rows.front());
    ARIADNE_TRY(record(db, caller, out.id, "insert", "document.create", out.issuing_state + " " + out.number));
    return {};
  }));
  return out;
}

Result<Document> get_document(store::Database& db, const policy::Caller& caller, DocumentId id) {
  ARIADNE_TRY(policy::require(caller, policy::Action::record_read));
  ARIADNE_ASSIGN(auto doc, load(db, id));
  if (!doc || !policy::can_read(caller, doc->meta)) return Error::not_found("document " + std::to_string(id.value));
  if (restricted(*doc)) ARIADNE_TRY(audit(db, caller, "document.read", object_of(id), "ok"));
  return *doc;
}

Result<Document> update_document(store::Database& db, const policy::Caller& caller, DocumentId id, const json& patch) {
  if (!patch.is_object()) return Error::invalid("", "a patch must be a JSON object");
  Document out;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto current, load(db, id));
    if (!current) return Error::not_found("document " + std::to_string(id.value));
    ARIADNE_TRY(policy::check_modify(caller, current->meta, "document " + std::to_string(id.value)));
    std::vector<FieldError> immutable;
    json merged = to_json(*current);
    for (const char* key : {"id", "created_at", "updated_at"}) merged.erase(key);
    for (const auto& [key, value] : patch.items()) {
      if (key == "number" || key == "issuing_state" || key == "type" || key == "owner") {
        if (value != merged[key])
          immutable.push_back({key, "cannot be changed; delete the record and register it again"});
        continue;
      }
      if (value.is_null()) {
        merged.erase(key);
      } else {
        merged[key] = value;
      }
    }
    if (!immutable.empty()) return Error::invalid_fields(std::move(immutable));
    if (!patch.contains("review_on") && merged.contains("review_on") && merged["review_on"] <= today_utc().iso()) {
      merged.erase("review_on");  // an expired review date is renewed by the owner's change
    }
    ARIADNE_ASSIGN(auto next, parse_new_document(merged, db, caller));
    ARIADNE_ASSIGN(
        auto rows,
        db.query(std::string("UPDATE documents SET status = ?, reporting_country = ?, issued_on = ?, expires_on = ?, "
                             "stolen_on = ?, reported_on = ?, national_reference = ?, series_end = ?, remarks = ?, "
                             "review_on = ?, scope = ?, scope_members = ?, updated_at = ") +
                     "strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ? RETURNING " + kDocumentColumns,
                 {std::string(to_string(next.status)), store::nullable(next.reporting_country),
                  store::nullable(next.issued_on), store::nullable(next.expires_on), store::nullable(next.stolen_on),
                  store::nullable(next.reported_on), store::nullable(next.national_reference),
                  store::nullable(next.series_end), store::nullable(next.remarks), next.review_on,
                  std::string(policy::to_string(next.meta.restriction.scope)), next.meta.restriction.stored_members(),
                  id.value}));
    out = document_from(rows.front());
    std::string changed;
    for (const auto& [key, _] : patch.items()) changed += (changed.empty() ? "" : ",") + key;
    ARIADNE_TRY(record(db, caller, id, "update", "document.update", changed));
    return {};
  }));
  return out;
}

Status delete_document(store::Database& db, const policy::Caller& caller, DocumentId id) {
  return db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto current, load(db, id));
    if (!current) return Error::not_found("document " + std::to_string(id.value));
    ARIADNE_TRY(policy::check_modify(caller, current->meta, "document " + std::to_string(id.value)));
    ARIADNE_TRY(db.execute("DELETE FROM documents WHERE id = ?", {id.value}));
    ARIADNE_TRY(record(db, caller, id, "delete", "document.delete", current->issuing_state + " " + current->number));
    return {};
  });
}

Result<std::vector<Document>> list_documents(store::Database& db, const policy::Caller& caller,
                                             const DocumentQuery& q) {
  ARIADNE_TRY(policy::require(caller, policy::Action::record_read));
  auto gate = policy::visible_sql(caller);
  std::string sql = std::string("SELECT ") + kDocumentColumns + " FROM documents WHERE id > ? AND " + gate.sql;
  store::Params params{q.after_id};
  params.insert(params.end(), gate.params.begin(), gate.params.end());
  if (q.number) {
    sql += " AND number = ?";
    params.emplace_back(ident::normalise_document_number(*q.number));
  }
  if (q.issuing_state) {
    sql += " AND issuing_state = ?";
    params.emplace_back(*q.issuing_state);
  }
  if (q.status) {
    sql += " AND status = ?";
    params.emplace_back(std::string(to_string(*q.status)));
  }
  if (q.owner) {
    sql += " AND owner = ?";
    params.emplace_back(*q.owner);
  }
  sql += " ORDER BY id LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(q.limit));
  std::vector<Document> out;
  ARIADNE_TRY(db.for_each(sql, params, [&](const store::Row& r) {
    out.push_back(document_from(r));
    return true;
  }));
  std::vector<std::int64_t> restricted_ids;
  for (const auto& d : out) {
    if (restricted(d)) restricted_ids.push_back(d.id.value);
  }
  ARIADNE_TRY(policy::audit_restricted_reads(db, caller, "document.list", "documents", restricted_ids));
  return out;
}

}  // namespace ariadne::sltd
