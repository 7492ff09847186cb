// Screening of travellers at a border check (declared in checks.hpp).
#include <algorithm>
#include <map>
#include <set>

#include "policy/roles.hpp"
#include "screen/screening.hpp"
#include "sltd/checks.hpp"

namespace ariadne::sltd {

using nlohmann::json;

namespace {

// As many candidates as POST /screen gives by default.
constexpr int kCandidates = 10;

std::vector<std::string> canonical_tokens(const text::PreparedName& n) {
  std::vector<std::string> out;
  out.reserve(n.tokens.size());
  for (const auto& t : n.tokens) out.push_back(t.canon);
  std::sort(out.begin(), out.end());
  return out;
}

// The MRZ usually names the person typed ("Sánchez García" and SANCHEZ
// GARCIA): one search then, the typed facts first and the MRZ's for the rest.
void add_facts(screen::ScreenQuery& to, const screen::ScreenQuery& from) {
  if (!to.birth_date) to.birth_date = from.birth_date;
  if (!to.nationality) to.nationality = from.nationality;
  if (!to.sex) to.sex = from.sex;
}

struct Query {
  text::PreparedName name;
  std::vector<std::string> tokens;  // sorted canonical tokens, to find the same name twice
  screen::ScreenQuery query;
};

std::vector<Query> queries_of(const std::vector<TravellerIdentity>& identities) {
  std::vector<Query> out;
  for (const auto& id : identities) {
    screen::ScreenQuery q{id.name, id.birth_date, id.nationality, id.sex, std::nullopt, kCandidates};
    auto prepared = text::prepare_name(id.name);
    if (prepared.tokens.empty()) continue;
    auto tokens = canonical_tokens(prepared);
    auto same = std::find_if(out.begin(), out.end(), [&](const Query& e) { return e.tokens == tokens; });
    if (same != out.end()) {
      add_facts(same->query, q);
      continue;
    }
    out.push_back({std::move(prepared), std::move(tokens), std::move(q)});
  }
  return out;
}

}  // namespace

bool screens_travellers(const policy::Caller& caller) {
  const bool carrier = caller.role == policy::Role::partner || caller.member_kind == policy::MemberKind::partner;
  return !carrier && policy::role_may(caller.role, policy::Action::record_read);
}

Result<json> screen_traveller(const screen::ScreeningIndex& index, const policy::Caller& caller,
                              const std::vector<TravellerIdentity>& identities, std::vector<std::int64_t>& restricted) {
  json candidates = json::array();
  // An empty index has no candidate for anyone: no name needs preparing.
  if (identities.empty() || index.size() == 0) return json{{"candidates", std::move(candidates)}};
  // Each person once, with the better of its scores; best first, as POST /screen.
  std::vector<json> found;
  std::map<std::string, std::size_t> by_person;
  std::set<std::int64_t> shown_restricted;  // of every query, before merging
  for (const auto& q : queries_of(identities)) {
    std::vector<std::int64_t> ids;
    ARIADNE_ASSIGN(auto r, screen::screen(index, caller, q.query, q.name, &ids));
    shown_restricted.insert(ids.begin(), ids.end());
    for (auto& c : r["candidates"]) {
      const std::string person = c.value("person_id", "");
      auto [it, fresh] = by_person.emplace(person, found.size());
      if (fresh) {
        found.push_back(std::move(c));
      } else if (c["score"].get<double>() > found[it->second]["score"].get<double>()) {
        found[it->second] = std::move(c);
      }
    }
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const json& a, const json& b) { return a["score"].get<double>() > b["score"].get<double>(); });
  if (found.size() > static_cast<std::size_t>(kCandidates)) found.resize(kCandidates);
  for (auto& c : found) {
    const auto& source = c["source"];
    if (source.contains("id") && source["id"].is_number_integer() &&
        shown_restricted.count(source["id"].get<std::int64_t>())) {
      restricted.push_back(source["id"].get<std::int64_t>());
    }
    candidates.push_back(std::move(c));
  }
  return json{{"candidates", std::move(candidates)}};
}

}  // namespace ariadne::sltd
