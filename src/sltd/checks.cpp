#include "sltd/checks.hpp"

#include <algorithm>
#include <set>

#include "common/country.hpp"
#include "common/json_fields.hpp"
#include "common/time.hpp"
#include "ident/mrz.hpp"
#include "notices/notices.hpp"
#include "policy/restriction.hpp"
#include "sltd/hits.hpp"

namespace ariadne::sltd {

using nlohmann::json;

namespace {

bool alnum(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

// A state as an MRZ writes it: "D" is Germany; other non-ISO codes (UN, XXA, …)
// cannot be registered, so the check then runs over every state.
std::optional<std::string> mrz_state(const std::optional<std::string>& code) {
  if (!code) return std::nullopt;
  if (*code == "D") return std::string("DEU");
  if (is_iso_alpha3(*code)) return *code;
  return std::nullopt;
}

json issues_json(const std::vector<ident::MrzIssue>& issues) {
  json out = json::array();
  for (const auto& i : issues) out.push_back({{"field", i.field}, {"reason", i.reason}});
  return out;
}

struct Loaded {
  DocumentId id;
  std::string number;
  std::string state;
  TypeClass cls = TypeClass::other;
  DocumentStatus status = DocumentStatus::stolen;
  std::optional<std::string> series_end;
  std::string review_on;
  policy::RecordMeta meta;
  std::string type;
};

Result<std::optional<Loaded>> load(store::Database& db, DocumentId id) {
  ARIADNE_ASSIGN(auto rows, db.query("SELECT id, number, issuing_state, type, status, series_end, review_on, owner, "
                                     "scope, scope_members FROM documents WHERE id = ?",
                                     {id.value}));
  if (rows.empty()) return std::optional<Loaded>{};
  const auto& r = rows.front();
  Loaded l;
  l.id = id;
  l.number = r.text(1);
  l.state = r.text(2);
  l.type = r.text(3);
  l.cls = type_class(parse_document_type(l.type).value_or(DocumentType::other));
  l.status = parse_document_status(r.text(4)).value_or(DocumentStatus::stolen);
  l.series_end = r.opt_text(5);
  l.review_on = r.text(6);
  l.meta.owner = r.text(7);
  l.meta.restriction = policy::Restriction::from_stored(r.text(8), r.text(9));
  return std::optional<Loaded>{l};
}

// The store is the truth: the index may lag by one poll, and 64-bit hashes may collide.
bool still_matches(const Loaded& l, const Candidate& c, const std::string& today) {
  if (l.state != c.state || l.cls != c.cls || l.review_on < today) return false;
  if (c.kind == MatchKind::range) {
    if (l.status != DocumentStatus::stolen_blank || !l.series_end) return false;
    return range_contains(BlankRange{0, l.state, l.cls, l.number, *l.series_end, 0}, c.number);
  }
  return l.number == c.number;
}

double confidence(const Candidate& c, const CheckRequest& req) {
  double base = c.kind == MatchKind::exact || c.kind == MatchKind::notice_document ? 1.0
                : c.kind == MatchKind::range                                       ? 0.9
                                                                                   : 0.5;
  if (req.mrz_number_check_failed) base -= 0.1;
  return base;
}

std::string reason(const Candidate& c, const Loaded& l, const CheckRequest& req) {
  std::string what = std::string(to_string(l.status)) + " " + std::string(to_string(c.cls)) + " of " + l.state;
  std::string r;
  switch (c.kind) {
    case MatchKind::exact: r = "number, issuing state and type match a " + what + " record"; break;
    case MatchKind::range:
      r = "number lies in a stolen-blank range " + l.number + ".." + l.series_end.value_or("") + " (" + l.state + ")";
      break;
    case MatchKind::notice_document: break;  // reported by notice_match
    case MatchKind::near:
      r = "one OCR confusion away (position " + std::to_string(c.position + 1) + ": " +
          std::string(1, req.lookup.number[static_cast<std::size_t>(c.position)]) + " read as " +
          std::string(1, c.number[static_cast<std::size_t>(c.position)]) + ") from a " + what + " record";
      break;
  }
  if (req.mrz_number_check_failed) r += "; the MRZ's document-number check digit is wrong";
  return r;
}

bool is_carrier(const policy::Caller& c) {
  return c.role == policy::Role::partner || c.member_kind == policy::MemberKind::partner;
}

// The store is the truth for notice documents too: the notice must still be
// published and current, and its subject must still list the document.
bool still_lists(const notices::Notice& n, const Candidate& c, const std::string& today) {
  if (!notices::documents_searchable(n, today)) return false;
  return std::any_of(n.subject->documents.begin(), n.subject->documents.end(), [&](const notices::SubjectDocument& d) {
    auto cls = d.type.empty() ? std::nullopt : parse_type_class(d.type);
    return normalise_number(d.number) == c.number && d.issuing_state == c.state &&
           (cls ? !c.any_class && *cls == c.cls : c.any_class);
  });
}

json names_json(const notices::Notice& n) {
  json names = json::array();
  for (const auto& name : n.subject->names) names.push_back({{"full", name.full}, {"script", name.script}});
  return names;
}

// A document listed in a published notice's subject: a hit on the notice,
// its owner notified. The caller learns the notice's id and colour when the
// gate lets it read the notice, and the subject's names only when it may also
// see the subject (a victim's names stay with the owner and its listed members).
Result<std::optional<json>> notice_match(store::Database& db, const policy::Caller& caller, bool carrier,
                                         const Candidate& c, const CheckRequest& req, const std::string& today) {
  ARIADNE_ASSIGN(auto n, notices::find_notice(db, c.notice));
  if (!n || !still_lists(*n, c, today)) return std::optional<json>{};
  const bool visible = !carrier && notices::may_read(caller, *n);
  const std::string colour(notices::to_string(n->type));
  HitInput in;
  in.notice = n->id;
  in.owner = n->meta.owner;
  in.summary = colour + " notice's document " + (c.state.empty() ? "" : c.state + " ") + c.number;
  in.match = MatchKind::notice_document;
  in.restricted = !visible;
  in.presented = req.presented;
  in.location = req.location;
  ARIADNE_ASSIGN(auto stored, record_hit(db, caller, in));
  if (!visible) {
    return std::optional<json>{json{{"match", "notice_document"},
                                    {"confidence", confidence(c, req)},
                                    {"reason", "a record exists that you may not see; its owner has been notified"},
                                    {"hit_id", stored.id},
                                    {"restricted", true}}};
  }
  const bool victim = n->subject->victim;
  json m = {{"match", "notice_document"},
            {"confidence", confidence(c, req)},
            {"reason", "the document is listed in the subject of published " + colour + " notice " +
                           std::to_string(n->id) + (victim ? " (a missing person or victim)" : "")},
            {"notice_id", n->id},
            {"notice_type", colour},
            {"victim", victim},
            {"issuing_state", c.state.empty() ? json(nullptr) : json(c.state)},
            {"type", c.any_class ? json(nullptr) : json(to_string(c.cls))},
            {"owner", n->meta.owner},
            {"hit_id", stored.id},
            {"restricted", false}};
  if (notices::may_see_subject(caller, *n)) m["names"] = names_json(*n);
  return std::optional<json>{std::move(m)};
}

}  // namespace

json error_result(const Error& e) {
  json errors = json::array();
  for (const auto& f : e.fields) errors.push_back({{"field", f.field}, {"reason", f.reason}});
  return {{"error", {{"status", http_status(e.code)}, {"detail", e.message}, {"errors", errors}}}};
}

Result<CheckRequest> parse_check_request(const json& body, const CheckRequest* defaults) {
  if (!body.is_object()) return Error::invalid("", "a traveller must be a JSON object");
  JsonFields f(body);
  CheckRequest req;
  if (defaults) {
    req.location = defaults->location;
    req.lookup.near = defaults->lookup.near;
  }
  auto number = f.string("number", false, 64);
  auto state = f.string("issuing_state", false, 3);
  auto type = f.string("type", false, 32);
  auto mrz = f.string("mrz", false, ident::kMaxMrzInputBytes);
  if (auto near = f.boolean("near", false)) req.lookup.near = *near;
  if (auto location = f.string("location", false, 200)) req.location = location;
  req.ref = f.string("ref", false, 100);
  if (auto id = f.string("id", false, 100); id && !req.ref) req.ref = id;
  // A passenger-list record's person and journey fields: kept for screening,
  // not used by the document check.
  for (const char* person : {"name", "surname", "given_names", "birth_date", "nationality", "sex", "flight",
                             "departure", "arrival", "date"}) {
    (void)f.any(person, false);
  }

  if (state && !is_iso_alpha3(*state)) f.fail("issuing_state", "must be an ISO 3166-1 alpha-3 country code");
  if (state && is_iso_alpha3(*state)) req.lookup.state = *state;
  if (type) {
    req.lookup.cls = parse_type_class(*type);
    if (!req.lookup.cls) {
      f.fail("type", "must be passport, identity_card, visa, residence_permit, other, or an ICAO document code");
    }
  }
  if (!number && !mrz) {
    f.fail("number", "is required (or give mrz)");
  } else if (number && !mrz) {
    req.lookup.number = normalise_number(*number);
    if (req.lookup.number.empty() || req.lookup.number.size() > 20 || !alnum(req.lookup.number)) {
      f.fail("number", "must hold 1 to 20 letters or digits (spaces, hyphens and fillers are ignored)");
    }
  } else {
    auto parsed = ident::parse_mrz(*mrz);
    if (!parsed) {
      f.fail("mrz", parsed.error().message);
    } else {
      const auto& m = *parsed;
      req.mrz = json{{"valid", m.valid},
                     {"format", m.format ? json(ident::mrz_format_name(*m.format)) : json(nullptr)},
                     {"errors", issues_json(m.errors)},
                     {"warnings", issues_json(m.warnings)}};
      req.mrz_number_check_failed = m.checks.document_number == std::optional<bool>(false);
      std::string n = normalise_number(m.document_number.value_or(""));
      if (number) {
        // Both given: the MRZ's number unless its check digit fails, when the
        // typed one is more likely right; a disagreement is reported.
        std::string typed = normalise_number(*number);
        if (typed != n) {
          req.mrz->at("warnings")
              .push_back({{"field", "document_number"},
                          {"reason", "the typed number " + typed + " differs from the MRZ's " + n}});
          if (req.mrz_number_check_failed && !typed.empty() && typed.size() <= 20 && alnum(typed)) n = typed;
        }
      }
      if (n.empty() || n.size() > 20 || !alnum(n)) {
        f.fail("mrz", "no document number can be read from this MRZ");
      } else {
        req.lookup.number = n;
      }
      if (!state) req.lookup.state = mrz_state(m.issuing_state);
      if (!type && m.document_code) req.lookup.cls = parse_type_class(*m.document_code);
    }
  }
  ARIADNE_TRY(f.finish());
  req.presented = {{"number", req.lookup.number},
                   {"issuing_state", req.lookup.state ? json(*req.lookup.state) : json(nullptr)},
                   {"type", req.lookup.cls ? json(to_string(*req.lookup.cls)) : json(nullptr)},
                   {"via", req.mrz ? "mrz" : "fields"}};
  return req;
}

Result<json> run_check(store::Database& db, const DocumentIndex& index, const policy::Caller& caller,
                       const CheckRequest& req) {
  if (!policy::role_may(caller.role, policy::Action::passenger_check)) {
    return Error::forbidden("the role " + std::string(policy::to_string(caller.role)) + " may not check documents");
  }
  const bool carrier = is_carrier(caller);
  Lookup lookup = req.lookup;
  if (carrier) lookup.near = false;  // a go/no-go rests on exact and range matches only
  auto candidates = index.find(lookup, today_epoch_day());
  const std::string today = today_utc().iso();
  json matches = json::array();
  bool hit = false;
  std::set<std::int64_t> seen;
  std::set<std::int64_t> seen_notices;
  for (const auto& c : candidates) {
    if (c.kind == MatchKind::notice_document) {
      if (!seen_notices.insert(c.notice).second) continue;
      ARIADNE_ASSIGN(auto m, notice_match(db, caller, carrier, c, req, today));
      if (!m) continue;
      hit = true;
      matches.push_back(std::move(*m));
      continue;
    }
    if (!seen.insert(c.id.value).second) continue;
    ARIADNE_ASSIGN(auto loaded, load(db, c.id));
    if (!loaded || !still_matches(*loaded, c, today)) continue;
    const bool visible = !carrier && policy::can_read(caller, loaded->meta);
    if (c.kind == MatchKind::near) {
      if (!visible) continue;  // a candidate, not a hit: nothing to tell anyone
      matches.push_back({{"document_id", c.id.value},
                         {"match", "near"},
                         {"confidence", confidence(c, req)},
                         {"reason", reason(c, *loaded, req)},
                         {"number", c.number},
                         {"status", to_string(loaded->status)},
                         {"issuing_state", loaded->state},
                         {"type", loaded->type},
                         {"owner", loaded->meta.owner},
                         {"restricted", false}});
      continue;
    }
    hit = true;
    HitInput in;
    in.document = c.id;
    in.owner = loaded->meta.owner;
    in.summary = loaded->state + " " + loaded->type + " " + c.number;
    in.match = c.kind;
    in.restricted = !visible;
    in.presented = req.presented;
    in.location = req.location;
    ARIADNE_ASSIGN(auto stored, record_hit(db, caller, in));
    if (!visible) {
      matches.push_back({{"match", to_string(c.kind)},
                         {"confidence", confidence(c, req)},
                         {"reason", "a record exists that you may not see; its owner has been notified"},
                         {"hit_id", stored.id},
                         {"restricted", true}});
      continue;
    }
    matches.push_back({{"document_id", c.id.value},
                       {"match", to_string(c.kind)},
                       {"confidence", confidence(c, req)},
                       {"reason", reason(c, *loaded, req)},
                       {"status", to_string(loaded->status)},
                       {"issuing_state", loaded->state},
                       {"type", loaded->type},
                       {"owner", loaded->meta.owner},
                       {"hit_id", stored.id},
                       {"restricted", false}});
  }
  json out;
  if (carrier) {
    out = {{"go", !hit}};
  } else {
    out = {{"hit", hit}, {"matches", matches}};
  }
  if (req.mrz) out["mrz"] = *req.mrz;
  if (req.ref) out["ref"] = *req.ref;
  return out;
}

Result<json> check_document(store::Database& db, const DocumentIndex& index, const policy::Caller& caller,
                            const json& body) {
  ARIADNE_ASSIGN(auto req, parse_check_request(body));
  return run_check(db, index, caller, req);
}

Result<json> check_batch(store::Database& db, const DocumentIndex& index, const policy::Caller& caller,
                         const json& body) {
  if (!policy::role_may(caller.role, policy::Action::passenger_check)) {
    return Error::forbidden("the role " + std::string(policy::to_string(caller.role)) + " may not check documents");
  }
  if (!body.is_object()) return Error::invalid("", "the body must be a JSON object");
  JsonFields f(body);
  CheckRequest defaults;
  defaults.location = f.string("location", false, 200);
  defaults.lookup.near = f.boolean("near", false).value_or(false);
  const json* travellers = f.any("travellers", true);
  if (travellers && !travellers->is_array()) f.fail("travellers", "must be an array");
  ARIADNE_TRY(f.finish());
  if (travellers->size() > kMaxBatchTravellers) {
    return Error{ErrorCode::too_large,
                 "a batch holds at most " + std::to_string(kMaxBatchTravellers) + " travellers, not " +
                     std::to_string(travellers->size()),
                 {{"travellers", "at most " + std::to_string(kMaxBatchTravellers) + " travellers"}}};
  }
  json results = json::array();
  for (std::size_t i = 0; i < travellers->size(); ++i) {
    auto req = parse_check_request((*travellers)[i], &defaults);
    json r;
    if (!req) {
      r = error_result(req.error());
    } else {
      auto checked = run_check(db, index, caller, *req);
      if (!checked) {
        if (checked.error().code == ErrorCode::internal || checked.error().code == ErrorCode::unavailable) {
          return checked.take_error();  // the store failed: the batch did not run
        }
        r = error_result(checked.error());
      } else {
        r = std::move(checked).value();
      }
    }
    const json& t = (*travellers)[i];
    if (!req && t.is_object() && t.contains("ref") && t["ref"].is_string()) r["ref"] = t["ref"];
    r["index"] = i;
    results.push_back(std::move(r));
  }
  return json{{"results", results}};
}

}  // namespace ariadne::sltd
