#include "screen/screening.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <string_view>

#include "common/country.hpp"
#include "common/json_fields.hpp"
#include "common/time.hpp"
#include "ident/document_number.hpp"
#include "text/readings.hpp"

namespace ariadne::screen {

using nlohmann::json;

namespace {

// Adjustments to the name score (each appears in the reasons).
// How far two birth dates are apart says whether a recording error or another
// person is the likelier reason: day and month swapped, or the year one off
// with the same day and month, are common errors; the right year with another
// day, or another year, most often is another person, and takes an exact name
// below the match threshold (still listed). Chosen on the medium synthetic
// world (seed 7, bench/quality/world_screening; docs/BENCHMARKS.md).
constexpr double kBirthDateAgrees = 0.05;
constexpr double kBirthDateTransposed = -0.05;  // day and month swapped
constexpr double kBirthYearOneOff = -0.1;       // the next or previous year, same day and month
constexpr double kBirthDateClose = -0.25;       // same year, other month or day
constexpr double kBirthDateDiffers = -0.3;
constexpr double kNationalityAgrees = 0.03;
constexpr double kNationalityDiffers = -0.05;
constexpr double kSexDiffers = -0.15;
// Without a birth date the name alone must say who the person is: it does as
// far as its tokens are rare among the indexed names. A name of common tokens
// (the index's weights, TokenWeights) loses up to this much, which takes even
// an exact one below the match threshold: namesakes are too likely.
constexpr double kUncorroboratedName = 0.3;
// A shared document number is strong evidence whatever the name says.
constexpr double kDocumentFloor = 0.9;
// Name candidates asked of the index per result, and per result when the
// first list was full and a birth date can reorder a longer one.
constexpr std::size_t kNameCandidatesPerResult = 3;
constexpr std::size_t kNameCandidatesWithDate = 10;
// The last widening, when even that longer list is full of namesakes (a
// million people hold hundreds of "J. Brown"): records and spellings.
constexpr std::size_t kNameCandidatesAtMost = 1000;

json fact(const char* field, const char* how, const std::string& query, const std::string& candidate, double delta) {
  return {{"field", field}, {"how", how}, {"query", query}, {"candidate", candidate}, {"adjustment", delta}};
}

// Partial dates agree when equal at the precision both have.
double birth_date_reason(const std::string& q, const std::vector<std::string>& dates, json& reasons) {
  auto qd = parse_partial_date(q);
  if (!qd || dates.empty()) return 0;
  std::optional<std::pair<double, json>> best;
  for (const auto& d : dates) {
    auto cd = parse_partial_date(d);
    if (!cd) continue;
    double delta;
    const char* how;
    // Month and day agree when either side lacks them.
    const bool same_month = !qd->month || !cd->month || qd->month == cd->month;
    const bool same_day = !qd->day || !cd->day || qd->day == cd->day;
    const bool transposed =
        qd->month && cd->month && qd->day && cd->day && qd->month == cd->day && qd->day == cd->month;
    if (qd->year == cd->year && same_month && same_day) {
      delta = kBirthDateAgrees;
      how = "agrees";
    } else if (qd->year == cd->year && transposed) {
      delta = kBirthDateTransposed;
      how = "transposed";
    } else if (qd->year == cd->year) {
      delta = kBirthDateClose;
      how = "same_year";
    } else if ((qd->year == cd->year + 1 || qd->year + 1 == cd->year) && same_month && same_day) {
      delta = kBirthYearOneOff;
      how = "year_one_off";
    } else {
      delta = kBirthDateDiffers;
      how = "differs";
    }
    if (!best || delta > best->first) best = std::make_pair(delta, fact("birth_date", how, q, d, delta));
  }
  if (!best) return 0;
  reasons.push_back(best->second);
  return best->first;
}

double nationality_reason(const std::string& q, const std::vector<std::string>& nats, json& reasons) {
  if (nats.empty()) return 0;
  if (std::find(nats.begin(), nats.end(), q) != nats.end()) {
    reasons.push_back(fact("nationality", "agrees", q, q, kNationalityAgrees));
    return kNationalityAgrees;
  }
  std::string all;
  for (const auto& n : nats) all += (all.empty() ? "" : ",") + n;
  reasons.push_back(fact("nationality", "differs", q, all, kNationalityDiffers));
  return kNationalityDiffers;
}

double sex_reason(const std::string& q, const std::optional<std::string>& s, json& reasons) {
  if (!s || q == "X" || *s == "X") return 0;
  if (q == *s) {
    reasons.push_back(fact("sex", "agrees", q, *s, 0));
    return 0;
  }
  reasons.push_back(fact("sex", "differs", q, *s, kSexDiffers));
  return kSexDiffers;
}

// How much a query without a birth date loses: 1 - the mean weight of its
// names (an initial or a single digit, which identifies no one, weighs 0;
// particles and titles are left out).
double uncorroborated_name_cost(const ScreeningIndex& index, const text::PreparedName& name) {
  double rarity = 0;
  int names = 0;
  for (const auto& t : name.tokens) {
    if (t.cls != text::TokenClass::name) continue;
    ++names;
    if (t.text.size() > 1) rarity += index.token_weight(t);
  }
  if (names == 0) return 0;
  return std::clamp(1.0 - rarity / names, 0.0, kUncorroboratedName);
}

const char* outcome_of(double score) {
  if (score >= text::kDefaultThreshold) return "match";
  return score >= kPossibleThreshold ? "possible" : "no_match";
}

// Whether a name says too little to match on alone: its list marks it low
// quality, or it is an alias of one word ("Hassan", "Bilal"). A word of a
// script written without spaces (金正恩, สมชาย) is a whole name.
bool weak_name(const notices::SubjectName& n) {
  if (n.weak) return true;
  if (n.kind != "alias") return false;
  int words = 0;
  for (const auto& t : text::prepare_name(n.full).tokens) {
    if (t.initial() || (t.cls != text::TokenClass::name && t.cls != text::TokenClass::patronymic)) continue;
    if (t.transliterated && t.original.size() >= 2 && text::written_without_spaces(t.script)) return false;
    ++words;
  }
  return words <= 1;
}

// What a candidate's name evidence is worth. A weak name (weak_name), or a
// match resting on one part of a longer name ("Hassan" for "Hassan Ali
// Khan"), never makes a match alone: `cap` then names why the final score
// stops at kWeakNameCap. A candidate found by a weak name is carried by the
// best of its other names when that scores as well as the weak one may.
struct NameEvidence {
  text::NameMatch match;
  std::size_t name_index;     // the subject name it rests on
  const char* cap = nullptr;  // weak_alias | one_word_alias | one_part
};
NameEvidence name_evidence(const ScreeningIndex& index, const text::PreparedName& query, const Hit& h) {
  const auto& names = h.record.subject.names;
  auto judged = [](text::NameMatch m, std::size_t at, const char* weak) {
    const bool one_part = m.rests_on_one_part();
    return NameEvidence{std::move(m), at, weak ? weak : one_part ? "one_part" : nullptr};
  };
  const bool weak = h.name_index < names.size() && weak_name(names[h.name_index]);
  if (!weak) return judged(h.match, h.name_index, nullptr);
  text::NameMatch strong;
  std::size_t strong_at = h.name_index;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i == h.name_index || weak_name(names[i])) continue;
    auto m = index.match(query, text::prepare_name(names[i].full));
    if (m.score > strong.score) {
      strong = std::move(m);
      strong_at = i;
    }
  }
  if (strong.score >= std::min(h.match.score, kWeakNameCap)) return judged(std::move(strong), strong_at, nullptr);
  return judged(h.match, h.name_index, names[h.name_index].weak ? "weak_alias" : "one_word_alias");
}

json candidate_json(const Hit& h, double score, json reasons) {
  json names = json::array();
  for (const auto& n : h.record.subject.names) names.push_back(n.full);
  return {{"score", std::round(score * 1000.0) / 1000.0},
          {"match", score >= text::kDefaultThreshold},
          {"outcome", outcome_of(score)},
          {"person_id", "notice-" + std::to_string(h.record.id) + "/subject"},
          {"source", {{"kind", h.record.kind}, {"id", h.record.id}, {"type", h.record.type}}},
          {"names", names},
          {"extract", h.extract_only},
          {"reasons", std::move(reasons)}};
}

// The record's id when the answer shows it in full although its restriction
// is not `all`: a read the audit log must name.
std::optional<std::int64_t> shown_restricted(const Hit& h) {
  if (h.extract_only || h.record.meta.restriction.scope == policy::Scope::all) return std::nullopt;
  return h.record.id;
}

Result<json> screen_reads(const ScreeningIndex& index, const policy::Caller& caller, const ScreenQuery& q,
                          const text::PreparedName& name, std::vector<std::int64_t>* restricted);
Result<json> screen_batch_reads(const ScreeningIndex& index, const policy::Caller& caller, const json& body,
                                std::vector<std::int64_t>* restricted);

// A document number a query may give: one ASCII letter or digit at least.
bool has_letter_or_digit(std::string_view number) {
  return std::any_of(number.begin(), number.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
}

}  // namespace

Result<ScreenQuery> parse_query(const json& body, const std::string& prefix) {
  if (!body.is_object()) return Error::invalid(prefix.empty() ? "body" : prefix, "must be an object");
  JsonFields f(body, prefix);
  ScreenQuery q;
  auto name = f.string("name", true, 500);
  q.birth_date = f.string("birth_date", false, 10);
  q.nationality = f.string("nationality", false, 3);
  q.sex = f.string("sex", false, 1);
  q.document = f.string("document", false, 50);
  auto limit = f.integer("limit", false, 1, kMaxLimit);
  if (name) {
    q.name = *name;
    q.prepared = text::prepare_name(q.name);
    if (q.prepared->tokens.empty()) f.fail("name", "must hold at least one letter or digit");
  }
  if (q.birth_date && !parse_partial_date(*q.birth_date)) f.fail("birth_date", "must be YYYY, YYYY-MM or YYYY-MM-DD");
  if (q.nationality && !is_iso_alpha3(*q.nationality)) f.fail("nationality", "must be an ISO 3166-1 alpha-3 code");
  if (q.sex && *q.sex != "M" && *q.sex != "F" && *q.sex != "X") f.fail("sex", "must be M, F or X");
  if (q.document && !has_letter_or_digit(*q.document)) f.fail("document", "must hold a letter or digit");
  if (limit) q.limit = static_cast<int>(*limit);
  ARIADNE_TRY(f.finish());
  return q;
}

Result<json> screen(const ScreeningIndex& index, const policy::Caller& caller, const ScreenQuery& q) {
  return q.prepared ? screen(index, caller, q, *q.prepared) : screen(index, caller, q, text::prepare_name(q.name));
}

Result<json> screen(const ScreeningIndex& index, const policy::Caller& caller, const ScreenQuery& q,
                    const text::PreparedName& name, std::vector<std::int64_t>* restricted) {
  return screen_reads(index, caller, q, name, restricted);
}

Result<json> screen(store::Database& db, const ScreeningIndex& index, const policy::Caller& caller,
                    const ScreenQuery& q) {
  std::vector<std::int64_t> restricted;
  ARIADNE_ASSIGN(auto out, q.prepared ? screen_reads(index, caller, q, *q.prepared, &restricted)
                                      : screen_reads(index, caller, q, text::prepare_name(q.name), &restricted));
  ARIADNE_TRY(policy::audit_restricted_reads(db, caller, kScreenRead, "notices", restricted));
  return out;
}

namespace {

Result<json> screen_reads(const ScreeningIndex& index, const policy::Caller& caller, const ScreenQuery& q,
                          const text::PreparedName& name, std::vector<std::int64_t>* restricted) {
  ARIADNE_TRY(policy::require(caller, policy::Action::person_screen));
  const auto limit = static_cast<std::size_t>(q.limit);
  // A name alone ranks as the index does. Other facts may reorder the
  // candidates, so more are asked for; a name scoring under kMinNameScore
  // cannot reach the report floor whatever agrees.
  constexpr double kMinNameScore = kReportFloor - kBirthDateAgrees - kNationalityAgrees;
  const bool facts = q.birth_date || q.nationality || q.sex || q.document;
  // The wider list comes from as many candidates as the answer's own size
  // would: only a full list of namesakes or a crowded search (below)
  // warrants scoring more.
  bool crowded = false;
  auto hits = facts ? index.search(name, caller, limit * kNameCandidatesPerResult, kMinNameScore,
                                   ScreeningIndex::candidates_for(limit), &crowded)
                    : index.search(name, caller, limit, kReportFloor);
  if (q.birth_date && (crowded || hits.size() == limit * kNameCandidatesPerResult)) {
    // A common name fills the list with namesakes of equal name scores, cut
    // by record id, and names much like it crowd the spellings scored: the
    // birth date can only pick its person from a longer list.
    hits = index.search(name, caller, limit * kNameCandidatesWithDate, kMinNameScore);
    if (hits.size() == limit * kNameCandidatesWithDate && limit * kNameCandidatesWithDate < kNameCandidatesAtMost) {
      hits = index.search(name, caller, kNameCandidatesAtMost, kMinNameScore, kNameCandidatesAtMost);
    }
  }
  if (q.document) {
    for (auto& d : index.by_document(*q.document, caller)) {
      auto same = [&d](const Hit& h) { return h.record.id == d.record.id; };
      if (std::none_of(hits.begin(), hits.end(), same)) hits.push_back(std::move(d));
    }
  }
  const double name_cost = q.birth_date ? 0.0 : uncorroborated_name_cost(index, name);
  struct Scored {
    double score;
    // The score before a missing birth date's cost: the cost is the same for
    // every candidate, so the order stays what the facts give, also among
    // candidates lowered to the floor.
    double rank;
    json item;
    std::optional<std::int64_t> restricted;  // the record's id when shown in full under a restriction
  };
  std::vector<Scored> scored;
  for (const auto& h : hits) {
    json reasons = json::array();
    const auto evidence = name_evidence(index, name, h);
    for (const auto& r : evidence.match.reasons) {
      reasons.push_back({{"field", "name"},
                         {"how", to_string(r.how)},
                         {"query", r.query},
                         {"candidate", r.candidate},
                         {"similarity", std::round(r.similarity * 1000.0) / 1000.0}});
    }
    double score = evidence.match.score;
    const bool named = score >= text::kDefaultThreshold;  // the name alone says "match"
    const auto& s = h.record.subject;
    if (q.birth_date) score += birth_date_reason(*q.birth_date, s.birth_dates, reasons);
    if (q.nationality) score += nationality_reason(*q.nationality, s.nationalities, reasons);
    if (q.sex) score += sex_reason(*q.sex, s.sex, reasons);
    // Ranked by what the facts say, capped or not.
    double lost = 0;
    if (evidence.cap && score > kWeakNameCap) {
      const auto& rested_on = evidence.name_index < s.names.size() ? s.names[evidence.name_index].full : name.original;
      reasons.push_back(fact("name", evidence.cap, name.original, rested_on, kWeakNameCap - score));
      lost += score - kWeakNameCap;
      score = kWeakNameCap;
    }
    if (name_cost > 0 && score >= kReportFloor) {
      // Lowered towards the floor, never under it: the candidate stays listed
      // for review, as a possible match when the name alone matched.
      const double floor = named && !evidence.cap && score >= kPossibleThreshold ? kPossibleThreshold : kReportFloor;
      const double lowered = std::max(std::min(score, 1.0) - name_cost, floor);
      reasons.push_back(fact("birth_date", "missing", "", "", lowered - score));
      lost += score - lowered;
      score = lowered;
    }
    if (q.document && !h.extract_only) {
      const auto wanted = ident::normalise_document_number(*q.document);
      for (const auto& d : s.documents) {
        if (ident::normalise_document_number(d.number) != wanted) continue;
        const double raised = std::max(score, kDocumentFloor);
        reasons.push_back(fact("document", "agrees", *q.document, d.number, raised - score));
        score = raised;
        break;
      }
    }
    score = std::clamp(score, 0.0, 1.0);
    if (score < kReportFloor) continue;
    scored.push_back({score, score + lost, candidate_json(h, score, std::move(reasons)), shown_restricted(h)});
  }
  std::stable_sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) { return a.rank > b.rank; });
  if (scored.size() > limit) scored.resize(limit);
  json candidates = json::array();
  for (auto& s : scored) {
    if (restricted && s.restricted) restricted->push_back(*s.restricted);
    candidates.push_back(std::move(s.item));
  }
  return json{{"candidates", std::move(candidates)}};
}

}  // namespace

Result<json> screen_batch(const ScreeningIndex& index, const policy::Caller& caller, const json& body) {
  return screen_batch_reads(index, caller, body, nullptr);
}

Result<json> screen_batch(store::Database& db, const ScreeningIndex& index, const policy::Caller& caller,
                          const json& body) {
  std::vector<std::int64_t> restricted;
  ARIADNE_ASSIGN(auto out, screen_batch_reads(index, caller, body, &restricted));
  // One entry for the request: each restricted record once, in id order.
  std::sort(restricted.begin(), restricted.end());
  restricted.erase(std::unique(restricted.begin(), restricted.end()), restricted.end());
  ARIADNE_TRY(policy::audit_restricted_reads(db, caller, kScreenRead, "notices", restricted));
  return out;
}

namespace {

Result<json> screen_batch_reads(const ScreeningIndex& index, const policy::Caller& caller, const json& body,
                                std::vector<std::int64_t>* restricted) {
  if (!body.is_object()) return Error::invalid("body", "must be an object");
  JsonFields f(body);
  const json* queries = f.any("queries", true);
  std::vector<ScreenQuery> parsed;
  if (queries && !queries->is_array()) f.fail("queries", "must be an array");
  if (queries && queries->is_array()) {
    if (queries->size() > kMaxBatch) {
      return Error{ErrorCode::too_large, "at most " + std::to_string(kMaxBatch) + " queries per batch", {}};
    }
    for (std::size_t i = 0; i < queries->size(); ++i) {
      auto q = parse_query((*queries)[i], "queries[" + std::to_string(i) + "]");
      if (q) {
        parsed.push_back(std::move(*q));
      } else {
        f.merge(Status(q.error()));
      }
    }
  }
  ARIADNE_TRY(f.finish());
  json results = json::array();
  for (const auto& q : parsed) {
    ARIADNE_ASSIGN(auto r, q.prepared ? screen_reads(index, caller, q, *q.prepared, restricted)
                                      : screen_reads(index, caller, q, text::prepare_name(q.name), restricted));
    results.push_back(std::move(r));
  }
  return json{{"results", std::move(results)}};
}

}  // namespace

}  // namespace ariadne::screen
