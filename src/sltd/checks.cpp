#include "sltd/checks.hpp"

#include <algorithm>
#include <memory>
#include <set>

#include <simdjson.h>

#include "common/json_fields.hpp"
#include "common/json_text.hpp"
#include "common/time.hpp"
#include "ident/document_number.hpp"
#include "notices/notices.hpp"
#include "policy/restriction.hpp"
#include "screen/screening.hpp"
#include "sltd/document_rows.hpp"
#include "sltd/hits.hpp"
#include "sltd/traveller_reader.hpp"

namespace ariadne::sltd {

using nlohmann::json;

namespace {

json issues_json(const std::vector<ident::MrzIssue>& issues) {
  json out = json::array();
  for (const auto& i : issues) out.push_back({{"field", i.field}, {"reason", i.reason}});
  return out;
}

// The store is the truth: the index may lag by one poll, and 64-bit hashes may collide.
bool still_matches(const rows::DocumentKey& k, const Candidate& c, const std::string& today) {
  if (k.issuing_state != c.state || type_class(k.type) != c.cls || k.review_on < today) return false;
  if (c.kind == MatchKind::range) {
    if (k.status != DocumentStatus::stolen_blank || !k.series_end) return false;
    return range_contains(BlankRange{0, k.issuing_state, c.cls, k.number, *k.series_end, 0}, c.number);
  }
  return k.number == c.number;
}

double confidence(const Candidate& c, const CheckRequest& req) {
  double base = c.kind == MatchKind::exact || c.kind == MatchKind::notice_document ? 1.0
                : c.kind == MatchKind::range                                       ? 0.9
                                                                                   : 0.5;
  if (req.mrz_number_check_failed) base -= 0.1;
  return base;
}

std::string reason(const Candidate& c, const rows::DocumentKey& k, const CheckRequest& req) {
  std::string what = std::string(to_string(k.status)) + " " + std::string(to_string(c.cls)) + " of " + k.issuing_state;
  std::string r;
  switch (c.kind) {
    case MatchKind::exact: r = "number, issuing state and type match a " + what + " record"; break;
    case MatchKind::range:
      r = "number lies in a stolen-blank range " + k.number + ".." + k.series_end.value_or("") + " (" +
          k.issuing_state + ")";
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
    return ident::normalise_document_number(d.number) == c.number && d.issuing_state == c.state &&
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
  in.presented = presented_json(req);
  in.location = req.location;
  in.checked_at = req.checked_at;
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

// The day checks run on, taken once per request.
struct Today {
  Date date = today_utc();
  std::int32_t day = today_epoch_day();
  std::string iso = date.iso();
};

// What one check found: verified matches (hits already stored and notified).
struct Outcome {
  bool hit = false;
  std::vector<json> matches;
  std::optional<std::string> screening;  // {"candidates": [...]} as text, when the traveller was screened
};

json near_match(const Candidate& c, const rows::GatedKey& d, const CheckRequest& req) {
  return {{"document_id", c.id.value},
          {"match", "near"},
          {"confidence", confidence(c, req)},
          {"reason", reason(c, d.key, req)},
          {"number", c.number},
          {"status", to_string(d.key.status)},
          {"issuing_state", d.key.issuing_state},
          {"type", to_string(d.key.type)},
          {"owner", d.meta.owner},
          {"restricted", false}};
}

// An exact or range match on a document record: stored as a hit, its owner notified.
Result<json> record_match(store::Database& db, const policy::Caller& caller, bool visible, const Candidate& c,
                          const rows::GatedKey& d, const CheckRequest& req) {
  HitInput in;
  in.document = c.id;
  in.owner = d.meta.owner;
  in.summary = d.key.issuing_state + " " + std::string(to_string(d.key.type)) + " " + c.number;
  in.match = c.kind;
  in.restricted = !visible;
  in.presented = presented_json(req);
  in.location = req.location;
  in.checked_at = req.checked_at;
  ARIADNE_ASSIGN(auto stored, record_hit(db, caller, in));
  if (!visible) {
    return json{{"match", to_string(c.kind)},
                {"confidence", confidence(c, req)},
                {"reason", "a record exists that you may not see; its owner has been notified"},
                {"hit_id", stored.id},
                {"restricted", true}};
  }
  return json{{"document_id", c.id.value},
              {"match", to_string(c.kind)},
              {"confidence", confidence(c, req)},
              {"reason", reason(c, d.key, req)},
              {"status", to_string(d.key.status)},
              {"issuing_state", d.key.issuing_state},
              {"type", to_string(d.key.type)},
              {"owner", d.meta.owner},
              {"hit_id", stored.id},
              {"restricted", false}};
}

// Finds, verifies and reports the candidates of one check. Misses (nearly
// every traveller) touch neither the store nor the allocator beyond the lookup.
Result<Outcome> find_matches(store::Database& db, const DocumentIndex& index, const policy::Caller& caller,
                             bool carrier, const CheckRequest& req, const Today& today) {
  Outcome out;
  auto candidates = [&] {
    if (!carrier || !req.lookup.near) return index.find(req.lookup, today.day);
    Lookup exact = req.lookup;
    exact.near = false;  // a go/no-go rests on exact and range matches only
    return index.find(exact, today.day);
  }();
  if (candidates.empty()) return out;
  std::set<std::int64_t> seen;
  std::set<std::int64_t> seen_notices;
  for (const auto& c : candidates) {
    if (c.kind == MatchKind::notice_document) {
      if (!seen_notices.insert(c.notice).second) continue;
      ARIADNE_ASSIGN(auto m, notice_match(db, caller, carrier, c, req, today.iso));
      if (!m) continue;
      out.hit = true;
      out.matches.push_back(std::move(*m));
      continue;
    }
    if (!seen.insert(c.id.value).second) continue;
    ARIADNE_ASSIGN(auto record, rows::find_gated_key(db, c.id));
    if (!record || !still_matches(record->key, c, today.iso)) continue;
    const bool visible = !carrier && policy::can_read(caller, record->meta);
    if (c.kind == MatchKind::near) {
      if (visible) out.matches.push_back(near_match(c, *record, req));  // a candidate, not a hit: nothing to tell
      continue;
    }
    out.hit = true;
    ARIADNE_ASSIGN(auto m, record_match(db, caller, visible, c, *record, req));
    out.matches.push_back(std::move(m));
  }
  return out;
}

void append_issues(std::string& out, const std::vector<ident::MrzIssue>& issues) {
  out += '[';
  for (std::size_t i = 0; i < issues.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"field\":";
    append_json_string(out, issues[i].field);
    out += ",\"reason\":";
    append_json_string(out, issues[i].reason);
    out += '}';
  }
  out += ']';
}

void append_mrz(std::string& out, const MrzSummary& m) {
  out += "{\"errors\":";
  append_issues(out, m.errors);
  out += ",\"format\":";
  if (m.format) {
    append_json_string(out, ident::mrz_format_name(*m.format));
  } else {
    out += "null";
  }
  out += m.valid ? ",\"valid\":true" : ",\"valid\":false";
  out += ",\"warnings\":";
  append_issues(out, m.warnings);
  out += '}';
}

// One result object, keys in the order nlohmann writes them (sorted):
// {hit, index?, matches, mrz?, ref?, screening?} or, for a carrier, {go, index?, mrz?, ref?}.
void append_result(std::string& out, const Outcome& o, bool carrier, const CheckRequest& req,
                   std::optional<std::size_t> index) {
  if (carrier) {
    out += o.hit ? "{\"go\":false" : "{\"go\":true";
  } else {
    out += o.hit ? "{\"hit\":true" : "{\"hit\":false";
  }
  if (index) {
    out += ",\"index\":";
    append_json_int(out, static_cast<std::int64_t>(*index));
  }
  if (!carrier) {
    out += ",\"matches\":[";
    for (std::size_t i = 0; i < o.matches.size(); ++i) {
      if (i > 0) out += ',';
      append_json(out, o.matches[i]);
    }
    out += ']';
  }
  if (req.mrz) {
    out += ",\"mrz\":";
    append_mrz(out, *req.mrz);
  }
  if (req.ref) {
    out += ",\"ref\":";
    append_json_string(out, *req.ref);
  }
  if (o.screening) {
    out += ",\"screening\":";
    out += *o.screening;
  }
  out += '}';
}

// The document check, then the person screening when the caller's checks
// screen and the traveller named someone.
Result<Outcome> check_traveller(store::Database& db, const DocumentIndex& index,
                                const screen::ScreeningIndex* screening, const policy::Caller& caller, bool carrier,
                                const CheckRequest& req, const Today& today) {
  ARIADNE_ASSIGN(auto out, find_matches(db, index, caller, carrier, req, today));
  if (screening != nullptr && !req.identities.empty() && screens_travellers(caller)) {
    if (screening->size() == 0) {
      out.screening = R"({"candidates":[]})";  // nobody to find: no name to prepare, no JSON to build
    } else {
      std::vector<std::int64_t> restricted;
      ARIADNE_ASSIGN(auto found, screen_traveller(*screening, caller, req.identities, restricted));
      ARIADNE_TRY(policy::audit_restricted_reads(db, caller, screen::kScreenRead, "notices", restricted));
      out.screening = std::string();
      append_json(*out.screening, found);
    }
  }
  return out;
}

// A batch envelope's fields, read from either kind of document.
struct Envelope {
  CheckRequest defaults;
  std::size_t travellers = 0;
};

Status too_many(std::size_t n) {
  if (n <= kMaxBatchTravellers) return {};
  return Error{ErrorCode::too_large,
               "a batch holds at most " + std::to_string(kMaxBatchTravellers) + " travellers, not " + std::to_string(n),
               {{"travellers", "at most " + std::to_string(kMaxBatchTravellers) + " travellers"}}};
}

// The envelope of a simdjson document, with JsonFields' reasons in its order.
Result<simdjson::dom::array> read_envelope(simdjson::dom::object body, CheckRequest& defaults) {
  std::string location_problem, near_problem;
  simdjson::dom::element travellers;  // meaningful when has_travellers
  bool has_travellers = false;
  std::vector<std::string> unknown;
  for (auto [key, v] : body) {
    const bool null = v.is_null();
    if (key == "location") {
      defaults.location.reset();
      location_problem.clear();
      std::string_view text;
      if (null) continue;
      if (v.get(text) != simdjson::SUCCESS) {
        location_problem = "must be a string";
      } else if (text.size() > 200) {
        location_problem = "is longer than 200 bytes";
      } else {
        defaults.location = std::string(text);
      }
    } else if (key == "near") {
      defaults.lookup.near = false;
      near_problem.clear();
      bool flag = false;
      if (null) continue;
      if (v.get(flag) != simdjson::SUCCESS) {
        near_problem = "must be true or false";
      } else {
        defaults.lookup.near = flag;
      }
    } else if (key == "travellers") {
      has_travellers = !null;
      travellers = v;
    } else {
      unknown.emplace_back(key);
    }
  }
  std::vector<FieldError> errors;
  if (!location_problem.empty()) errors.push_back({"location", location_problem});
  if (!near_problem.empty()) errors.push_back({"near", near_problem});
  simdjson::dom::array list;
  if (!has_travellers) {
    errors.push_back({"travellers", "is required"});
  } else if (travellers.get(list) != simdjson::SUCCESS) {
    errors.push_back({"travellers", "must be an array"});
  }
  std::sort(unknown.begin(), unknown.end());
  unknown.erase(std::unique(unknown.begin(), unknown.end()), unknown.end());
  for (const auto& k : unknown) errors.push_back({k, "is not a known field"});
  if (!errors.empty()) return Error::invalid_fields(std::move(errors));
  ARIADNE_TRY(too_many(list.size()));
  return list;
}

// The envelope of a nlohmann document (the fallback when simdjson declines a body).
Result<const json*> read_envelope(const json& body, CheckRequest& defaults) {
  JsonFields f(body);
  defaults.location = f.string("location", false, 200);
  defaults.lookup.near = f.boolean("near", false).value_or(false);
  const json* travellers = f.any("travellers", true);
  if (travellers && !travellers->is_array()) f.fail("travellers", "must be an array");
  ARIADNE_TRY(f.finish());
  ARIADNE_TRY(too_many(travellers->size()));
  return travellers;
}

// Checks every traveller of a list (nlohmann array or simdjson array) and
// writes {"results":[…]}. A traveller's own problem is its result's error;
// only a failing store fails the batch.
template <class List>
Result<std::string> run_batch(store::Database& db, const DocumentIndex& index, const screen::ScreeningIndex* screening,
                              const policy::Caller& caller, const CheckRequest& defaults, const List& travellers,
                              std::size_t count, CheckedCounts* counted) {
  const bool carrier = is_carrier(caller);
  const Today today;
  std::string out;
  out.reserve(64 + count * 200);
  out += "{\"results\":[";
  std::size_t i = 0;
  for (const auto& t : travellers) {
    if (i > 0) out += ',';
    auto raw = detail::read_traveller(t);
    auto req = detail::to_request(raw, &defaults, &today.date);
    if (counted != nullptr) {
      if (req && req->checked_at) {
        ++counted->offline[*req->checked_at / 60];
      } else {
        ++counted->live;
      }
    }
    if (!req) {
      json r = error_result(req.error());
      if (raw.echo_ref) r["ref"] = std::string(*raw.echo_ref);
      r["index"] = i;
      append_json(out, r);
    } else {
      auto found = check_traveller(db, index, screening, caller, carrier, *req, today);
      if (!found) {
        if (found.error().code == ErrorCode::internal || found.error().code == ErrorCode::unavailable) {
          return found.take_error();  // the store failed: the batch did not run
        }
        json r = error_result(found.error());
        r["index"] = i;
        append_json(out, r);
      } else {
        append_result(out, *found, carrier, *req, i);
      }
    }
    ++i;
  }
  out += "]}";
  return out;
}

simdjson::dom::parser& thread_parser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

// Deeper nesting goes to the nlohmann reader, whose limit (32) decides.
constexpr std::size_t kMaxDepth = 32;
// A parser keeps the capacity of the largest body it has read (several
// bytes of tape per byte of body, on every server thread), so larger bodies
// get their own parser: a list of 1,000 travellers is well below this.
constexpr std::size_t kKeptCapacity = std::size_t{1} << 20;

}  // namespace

nlohmann::json to_json(const MrzSummary& mrz) {
  return {{"valid", mrz.valid},
          {"format", mrz.format ? json(ident::mrz_format_name(*mrz.format)) : json(nullptr)},
          {"errors", issues_json(mrz.errors)},
          {"warnings", issues_json(mrz.warnings)}};
}

json presented_json(const CheckRequest& req) {
  return {{"number", req.lookup.number},
          {"issuing_state", req.lookup.state ? json(*req.lookup.state) : json(nullptr)},
          {"type", req.lookup.cls ? json(to_string(*req.lookup.cls)) : json(nullptr)},
          {"via", req.mrz ? "mrz" : "fields"}};
}

json error_result(const Error& e) {
  json errors = json::array();
  for (const auto& f : e.fields) errors.push_back({{"field", f.field}, {"reason", f.reason}});
  return {{"error", {{"status", http_status(e.code)}, {"detail", e.message}, {"errors", errors}}}};
}

Result<CheckRequest> parse_check_request(const json& body, const CheckRequest* defaults) {
  return detail::to_request(detail::read_traveller(body), defaults);
}

Result<std::string> run_check(store::Database& db, const DocumentIndex& index, const policy::Caller& caller,
                              const CheckRequest& req, const screen::ScreeningIndex* screening) {
  ARIADNE_TRY(policy::require(caller, policy::Action::passenger_check));
  const bool carrier = is_carrier(caller);
  ARIADNE_ASSIGN(auto found, check_traveller(db, index, screening, caller, carrier, req, Today{}));
  std::string out;
  append_result(out, found, carrier, req, std::nullopt);
  return out;
}

Result<std::string> check_batch_text(store::Database& db, const DocumentIndex& index, const policy::Caller& caller,
                                     std::string_view body, const screen::ScreeningIndex* screening,
                                     CheckedCounts* counted) {
  std::unique_ptr<simdjson::dom::parser> own;
  if (body.size() > kKeptCapacity) own = std::make_unique<simdjson::dom::parser>();
  auto& parser = own ? *own : thread_parser();
  if (parser.capacity() < body.size() || parser.max_depth() != kMaxDepth) {
    if (parser.allocate(std::max(body.size(), parser.capacity()), kMaxDepth) != simdjson::SUCCESS) {
      return Error{ErrorCode::internal, "cannot allocate the JSON parser", {}};
    }
  }
  simdjson::dom::object envelope;
  if (parser.parse(body.data(), body.size()).get(envelope) != simdjson::SUCCESS) {
    // simdjson declined (malformed, too deep, a number it does not hold, not
    // an object): the general reader answers as for any other route.
    ARIADNE_ASSIGN(auto doc, parse_json_object(body));
    ARIADNE_TRY(policy::require(caller, policy::Action::passenger_check));
    CheckRequest defaults;
    ARIADNE_ASSIGN(auto travellers, read_envelope(doc, defaults));
    return run_batch(db, index, screening, caller, defaults, *travellers, travellers->size(), counted);
  }
  ARIADNE_TRY(policy::require(caller, policy::Action::passenger_check));
  CheckRequest defaults;
  ARIADNE_ASSIGN(auto travellers, read_envelope(envelope, defaults));
  return run_batch(db, index, screening, caller, defaults, travellers, travellers.size(), counted);
}

}  // namespace ariadne::sltd
