#include "analysis/routes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <nlohmann/json.hpp>

#include "analysis/link_graph_internal.hpp"
#include "common/country.hpp"
#include "common/time.hpp"

namespace ariadne::analysis {

using namespace graph_detail;

namespace {

std::uint8_t choice_index(MentionKind kind, std::string_view prop, std::string_view value) {
  const auto choices = choices_of(kind, prop);
  const auto at = std::find(choices.begin(), choices.end(), value);
  return static_cast<std::uint8_t>(at == choices.end() ? 0 : at - choices.begin() + 1);
}
std::string choice_name(MentionKind kind, std::string_view prop, std::uint8_t index) {
  const auto choices = choices_of(kind, prop);
  return index == 0 || index > choices.size() ? std::string() : std::string(choices[index - 1]);
}

// One crossing as the caller sees it: the reports of it by both sides of the border joined.
struct Crossing {
  std::string date;
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  std::uint32_t country = 0;
  std::uint8_t mode = 0;
  bool death = false;                        // a death in transit, not a crossing made
  std::int32_t count = -1;                   // the largest said
  std::uint32_t place = kNone;               // the crossing point's node
  std::uint32_t event = kNone;               // one of its event nodes
  std::vector<std::uint32_t> people;         // person nodes, sorted
  std::vector<std::uint32_t> contributions;  // sorted
};

// The countries a request keeps: its `country` and `countries`; none given, any.
class CountryScope {
 public:
  explicit CountryScope(const RouteFilter& f) {
    if (!f.country.empty()) codes_.push_back(country_code(f.country));
    for (const auto& c : f.countries) codes_.push_back(country_code(c));
  }
  bool any() const { return codes_.empty(); }
  bool has(std::uint32_t code) const {
    return code != 0 && std::find(codes_.begin(), codes_.end(), code) != codes_.end();
  }

 private:
  std::vector<std::uint32_t> codes_;
};

std::string leg_key(std::uint32_t from, std::uint32_t to) {
  return country_text(from) + "-" + country_text(to);
}

// Everything a routes or trends answer is made of, worked out once per request.
class Crossings {
 public:
  Crossings(const View& v, const RouteFilter& f) : v_(v), s_(v.snapshot()), f_(f) {}

  Status collect() {
    const auto kind_index = [&](std::string_view name) -> int {
      const auto it = std::find(s_.kinds.begin(), s_.kinds.end(), name);
      return it == s_.kinds.end() ? -1 : static_cast<int>(it - s_.kinds.begin());
    };
    participant_ = kind_index("participant");
    place_ = kind_index("place");
    const auto crossing = choice_index(MentionKind::event, "kind", "border_crossing");
    const auto death = choice_index(MentionKind::event, "kind", "death_in_transit");
    const CountryScope scope(f_);
    // The events to look at: a person's, a network's, or the file's.
    ARIADNE_TRY(find_scope());
    std::vector<std::uint32_t> candidates;
    if (f_.person != 0) {
      for (const auto l : v_.links_of(scope_.front())) {
        if (v_.link(l)) candidates.push_back(v_.other(l, scope_.front()));
      }
      std::sort(candidates.begin(), candidates.end());
      candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    } else if (f_.network != 0) {
      candidates = scope_;
    } else {
      candidates.resize(s_.nodes.size());
      std::iota(candidates.begin(), candidates.end(), 0u);
    }
    std::vector<Crossing> raw;
    for (const auto n : candidates) {
      if (s_.nodes[n].kind != MentionKind::event) continue;
      for (auto mi = s_.by_node[n]; mi < s_.by_node[n + 1]; ++mi) {
        const auto& m = s_.mentions[mi];
        if ((m.event != crossing && m.event != death) || !v_.mention(mi)) continue;
        if ((!f_.from.empty() && m.date < f_.from) || (!f_.to.empty() && m.date > f_.to)) continue;
        if (!scope.any() && !scope.has(m.from) && !scope.has(m.to) && !scope.has(m.country)) continue;
        Crossing c;
        c.date = m.date;
        c.from = m.from;
        c.to = m.to;
        c.country = m.country;
        c.mode = m.mode;
        c.death = m.event == death;
        c.count = m.count;
        c.event = n;
        c.contributions.push_back(m.contribution);
        for (const auto l : v_.links_of(n)) {
          const auto& link = s_.links[l];
          if (link.from != mi || !v_.link(l)) continue;
          const auto o = s_.mentions[link.to].node;
          if (int(link.kind) == participant_ && s_.nodes[o].kind == MentionKind::person) c.people.push_back(o);
          if (int(link.kind) == place_ && s_.place(o)) c.place = o;
        }
        std::sort(c.people.begin(), c.people.end());
        c.people.erase(std::unique(c.people.begin(), c.people.end()), c.people.end());
        raw.push_back(std::move(c));
      }
    }
    join(raw);
    return keep_scope();
  }

  const std::vector<Crossing>& crossings() const { return crossings_; }

  // A person no visible mention gives a crew role: someone moved or exploited.
  bool moved(std::uint32_t person) const {
    if (const auto it = moved_.find(person); it != moved_.end()) return it->second;
    bool crew = false;
    v_.each_mention(person, [&](const Snapshot::Mention& m) {
      crew = crew || (!m.role.empty() && m.role != "migrant" && m.role != "victim");
      v_.rests_on(m.contribution);  // the answer counts the person by what every mention says
    });
    return moved_[person] = !crew;
  }
  std::size_t moved_people(const Crossing& c) const {
    return static_cast<std::size_t>(std::count_if(c.people.begin(), c.people.end(), [&](auto p) { return moved(p); }));
  }
  // People a crossing moved (or a death event counts): the larger of what was said and who is named.
  std::size_t people_of(const Crossing& c) const {
    return std::max<std::size_t>(c.count < 0 ? 0 : static_cast<std::size_t>(c.count), moved_people(c));
  }

  // Each network's id (a node of it), places aside: networks are what the caller sees connected.
  std::uint32_t network_of(std::uint32_t n) {
    // A network's or a person's crossings are of one network.
    if (!scope_.empty()) return 0;
    if (parent_.empty()) {
      parent_.resize(s_.nodes.size());
      std::iota(parent_.begin(), parent_.end(), 0u);
      for (std::uint32_t l = 0; l < s_.links.size(); ++l) {
        const auto a = s_.mentions[s_.links[l].from].node, b = s_.mentions[s_.links[l].to].node;
        if (s_.place(a) || s_.place(b) || !v_.link(l)) continue;
        parent_[root(a)] = root(b);
      }
    }
    return root(n);
  }

  const std::vector<std::uint32_t>& scope_nodes() const { return scope_; }

 private:
  std::uint32_t root(std::uint32_t n) {
    while (parent_[n] != n) n = parent_[n] = parent_[parent_[n]];
    return n;
  }

  // Reports of the same day, border and kind that share a person are one crossing.
  void join(std::vector<Crossing>& raw) {
    std::sort(raw.begin(), raw.end(), [](const Crossing& a, const Crossing& b) {
      return std::tie(a.date, a.from, a.to, a.death, a.contributions) <
             std::tie(b.date, b.from, b.to, b.death, b.contributions);
    });
    for (std::size_t at = 0; at < raw.size();) {
      auto end = at;
      while (end < raw.size() && raw[end].date == raw[at].date && raw[end].from == raw[at].from &&
             raw[end].to == raw[at].to && raw[end].death == raw[at].death) {
        ++end;
      }
      std::vector<std::size_t> parent(end - at);
      std::iota(parent.begin(), parent.end(), std::size_t{0});
      const auto root = [&](std::size_t i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
      };
      std::unordered_map<std::uint32_t, std::size_t> first_with;
      for (auto i = at; i < end; ++i) {
        for (const auto p : raw[i].people) {
          const auto [it, fresh] = first_with.emplace(p, i - at);
          if (!fresh) parent[root(i - at)] = root(it->second);
        }
      }
      std::map<std::size_t, Crossing> joined;
      for (auto i = at; i < end; ++i) {
        auto& c = raw[i];
        auto [it, fresh] = joined.try_emplace(root(i - at), std::move(c));
        if (fresh) continue;
        auto& into = it->second;
        into.count = std::max(into.count, c.count);
        if (into.place == kNone) into.place = c.place;
        if (into.mode == 0) into.mode = c.mode;
        into.people.insert(into.people.end(), c.people.begin(), c.people.end());
        into.contributions.insert(into.contributions.end(), c.contributions.begin(), c.contributions.end());
      }
      for (auto& [root_at, c] : joined) {
        std::sort(c.people.begin(), c.people.end());
        c.people.erase(std::unique(c.people.begin(), c.people.end()), c.people.end());
        std::sort(c.contributions.begin(), c.contributions.end());
        c.contributions.erase(std::unique(c.contributions.begin(), c.contributions.end()), c.contributions.end());
        crossings_.push_back(std::move(c));
      }
      at = end;
    }
  }

  // The person or the network asked about, if any.
  Status find_scope() {
    if (f_.person != 0) {
      ARIADNE_ASSIGN(const auto p, v_.find(f_.person));
      if (s_.nodes[p].kind != MentionKind::person) return Error::invalid("person", "is not a person");
      scope_ = {p};
    } else if (f_.network != 0) {
      ARIADNE_ASSIGN(const auto n, v_.find(f_.network));
      if (s_.place(n)) return Error::invalid("network", "is a place, which belongs to no network");
      scope_ = network_nodes(v_, n);
    }
    return {};
  }

  // A network's or a person's crossings only, when asked.
  Status keep_scope() {
    if (scope_.empty()) return {};
    const std::unordered_set<std::uint32_t> in(scope_.begin(), scope_.end());
    std::erase_if(crossings_, [&](const Crossing& c) {
      return std::none_of(c.people.begin(), c.people.end(), [&](auto p) { return in.contains(p); }) &&
             !in.contains(c.event);
    });
    return {};
  }

  const View& v_;
  const Snapshot& s_;
  const RouteFilter& f_;
  int participant_ = -1;
  int place_ = -1;
  std::vector<Crossing> crossings_;
  std::vector<std::uint32_t> scope_;
  mutable std::unordered_map<std::uint32_t, bool> moved_;
  std::vector<std::uint32_t> parent_;
};

// What sums into a leg.
struct LegSum {
  std::size_t crossings = 0, people = 0, deaths = 0;
  std::map<std::string, std::size_t> modes;
  std::map<std::uint32_t, std::pair<std::size_t, std::size_t>> points;  // node → crossings, people
  std::string first, last;
  std::set<std::uint32_t> contributions;  // behind it

  void add(const Crossing& c, std::size_t moved_people) {
    contributions.insert(c.contributions.begin(), c.contributions.end());
    if (c.death) {
      deaths += moved_people;
    } else {
      ++crossings;
      people += moved_people;
      if (c.mode != 0) ++modes[choice_name(MentionKind::event, "mode", c.mode)];
      if (c.place != kNone) {
        auto& p = points[c.place];
        ++p.first;
        p.second += moved_people;
      }
    }
    if (first.empty() || c.date < first) first = c.date;
    if (last.empty() || c.date > last) last = c.date;
  }
};

// The members whose contributions are `contributions`, in code order.
std::vector<std::string> members_of(const Snapshot& s, const std::set<std::uint32_t>& contributions) {
  std::set<std::string> out;
  for (const auto c : contributions) out.insert(s.contributions[c].meta.owner);
  return {out.begin(), out.end()};
}

Leg leg_of(const Snapshot& s, const std::string& from, const std::string& to, const LegSum& sum,
           const std::unordered_map<std::uint32_t, std::pair<std::int64_t, std::string>>& places) {
  Leg out{from,      to, sum.crossings, sum.people, sum.deaths,
          sum.modes, {}, sum.first,     sum.last,   members_of(s, sum.contributions)};
  for (const auto& [node, counts] : sum.points) {
    const auto& [entity, name] = places.at(node);
    out.crossing_points.push_back({entity, name, counts.first, counts.second});
  }
  std::sort(out.crossing_points.begin(), out.crossing_points.end(), [](const auto& a, const auto& b) {
    return std::tie(b.crossings, b.people, a.entity) < std::tie(a.crossings, a.people, b.entity);
  });
  return out;
}

int days_between(const std::string& a, const std::string& b) {
  const auto da = parse_date(a), db = parse_date(b);
  if (!da || !db) return 0;
  return epoch_day(*db) - epoch_day(*da);
}

nlohmann::json optional_number(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

nlohmann::json leg_json(const Leg& l) {
  auto points = nlohmann::json::array();
  for (const auto& p : l.crossing_points) {
    points.push_back({{"entity", p.entity}, {"name", p.name}, {"crossings", p.crossings}, {"people", p.people}});
  }
  return {{"from", l.from},     {"to", l.to},          {"crossings", l.crossings},  {"people", l.people},
          {"deaths", l.deaths}, {"modes", l.modes},    {"crossing_points", points}, {"first", l.first},
          {"last", l.last},     {"members", l.members}};
}

// The places' names, types, countries and coordinates, as the first visible mention of each gives them.
Result<std::vector<MapPlace>> map_places(const View& v, std::vector<std::uint32_t> nodes) {
  const auto& s = v.snapshot();
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  ARIADNE_ASSIGN(const auto described, describe(v, nodes));
  std::vector<MapPlace> out;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    MapPlace p{described[i].id, described[i].label, "", "", std::nullopt, std::nullopt};
    v.each_mention(nodes[i], [&](const Snapshot::Mention& m) {
      if (p.type.empty()) p.type = choice_name(MentionKind::place, "place_type", m.place_type);
      if (p.country.empty()) p.country = country_text(m.country);
      if (!p.latitude && !std::isnan(m.latitude) && !std::isnan(m.longitude)) {
        p.latitude = m.latitude;
        p.longitude = m.longitude;
      }
      v.rests_on(m.contribution);
    });
    (void)s;
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

Result<RouteAnswer> routes(LinkGraph& graph, store::Database& db, const policy::Caller& caller,
                           const RouteFilter& filter) {
  ARIADNE_TRY(policy::require(caller, policy::Action::case_read));
  ARIADNE_ASSIGN(const auto s, graph.snapshot(db));
  View v(*s, caller);
  Crossings all(v, filter);
  ARIADNE_TRY(all.collect());
  const auto& crossings = all.crossings();

  // Places: their entity ids and names, for crossing points.
  std::vector<std::uint32_t> place_nodes;
  for (const auto& c : crossings) {
    if (c.place != kNone) place_nodes.push_back(c.place);
    for (const auto contribution : c.contributions) v.rests_on(contribution);
  }
  // A network's or a person's other places: where its people were (cities, safe houses, …).
  for (const auto n : all.scope_nodes()) {
    for (const auto l : v.links_of(n)) {
      if (!v.link(l)) continue;
      if (const auto o = v.other(l, n); s->place(o)) place_nodes.push_back(o);
    }
  }
  RouteAnswer out;
  ARIADNE_ASSIGN(out.places, map_places(v, place_nodes));
  std::unordered_map<std::uint32_t, std::pair<std::int64_t, std::string>> places;
  {
    auto sorted = place_nodes;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    for (std::size_t i = 0; i < sorted.size(); ++i) places[sorted[i]] = {out.places[i].entity, out.places[i].name};
  }

  // The file's legs.
  std::map<std::pair<std::string, std::string>, LegSum> legs;
  for (const auto& c : crossings) legs[{country_text(c.from), country_text(c.to)}].add(c, all.people_of(c));
  for (const auto& [key, sum] : legs) out.legs.push_back(leg_of(*s, key.first, key.second, sum, places));
  std::sort(out.legs.begin(), out.legs.end(), [](const Leg& a, const Leg& b) {
    return std::tie(b.people, b.crossings, a.from, a.to) < std::tie(a.people, a.crossings, b.from, b.to);
  });

  // Each person's journey: their crossings in date order (a death after the crossing it ended).
  std::map<std::uint32_t, std::vector<std::size_t>> of_person;
  for (std::size_t i = 0; i < crossings.size(); ++i) {
    for (const auto p : crossings[i].people) of_person[p].push_back(i);
  }
  // A journey's pieces: where a crossing starts from another country than
  // the one the last ended in, a crossing is missing (or two people were
  // taken for one), and a corridor ends.
  struct Piece {
    std::vector<std::string> route;
    std::vector<std::size_t> steps;
    bool died = false;
  };
  struct Walk {
    std::uint32_t person;
    std::vector<std::string> route;  // the whole journey's countries
    std::vector<std::size_t> steps;
    std::vector<Piece> pieces;
  };
  std::vector<Walk> walks;
  for (auto& [person, steps] : of_person) {
    std::sort(steps.begin(), steps.end(), [&](std::size_t a, std::size_t b) {
      return std::tie(crossings[a].date, crossings[a].death) < std::tie(crossings[b].date, crossings[b].death);
    });
    Walk w{person, {}, steps, {}};
    const Crossing* prev = nullptr;
    for (const auto i : steps) {
      const auto& c = crossings[i];
      // The same border again (a death on the crossing, a second report) adds no country.
      const bool again = prev != nullptr && prev->from == c.from && prev->to == c.to;
      if (!again) {
        const auto from = country_text(c.from);
        if (w.route.empty() || w.route.back() != from) {
          w.route.push_back(from);
          w.pieces.push_back({{from}, {}, false});
        }
        w.route.push_back(country_text(c.to));
        w.pieces.back().route.push_back(country_text(c.to));
        prev = &c;
      }
      w.pieces.back().steps.push_back(i);
      w.pieces.back().died = w.pieces.back().died || c.death;
    }
    walks.push_back(std::move(w));
  }

  // Corridors: the routes of the people moved.
  struct CorridorSum {
    std::size_t people = 0, deaths = 0;
    std::set<std::uint32_t> networks;
    std::string first, last;
    std::vector<int> days;
    std::map<std::pair<std::string, std::string>, LegSum> legs;
    std::map<std::pair<std::string, std::string>, std::set<std::size_t>> leg_crossings;
  };
  std::map<std::vector<std::string>, CorridorSum> corridors;
  for (const auto& whole : walks) {
    if (!all.moved(whole.person)) continue;
    for (const auto& w : whole.pieces) {
      auto& sum = corridors[w.route];
      ++sum.people;
      sum.deaths += w.died ? 1 : 0;
      sum.networks.insert(all.network_of(whole.person));
      const auto& first = crossings[w.steps.front()].date;
      const auto& last = crossings[w.steps.back()].date;
      if (sum.first.empty() || first < sum.first) sum.first = first;
      if (sum.last.empty() || last > sum.last) sum.last = last;
      if (w.route.size() >= 3) sum.days.push_back(days_between(first, last));
      for (const auto i : w.steps) {
        const auto& c = crossings[i];
        const std::pair key{country_text(c.from), country_text(c.to)};
        // Within a corridor a leg counts its people: the crossing's own count is the file's.
        auto& leg = sum.legs[key];
        if (sum.leg_crossings[key].insert(i).second) {
          leg.add(c, 1);
        } else if (c.death) {
          ++leg.deaths;
          leg.contributions.insert(c.contributions.begin(), c.contributions.end());
        } else {
          ++leg.people;
          if (c.place != kNone) ++leg.points[c.place].second;
        }
      }
    }
  }
  for (auto& [route, sum] : corridors) {
    Corridor c;
    c.route = route;
    c.people = sum.people;
    c.networks = sum.networks.size();
    c.deaths = sum.deaths;
    c.first = sum.first;
    c.last = sum.last;
    if (!sum.days.empty()) {
      std::sort(sum.days.begin(), sum.days.end());
      c.min_days = sum.days.front();
      c.max_days = sum.days.back();
      c.median_days = sum.days[sum.days.size() / 2];
    }
    std::set<std::uint32_t> behind;
    for (const auto& [key, leg] : sum.legs) behind.insert(leg.contributions.begin(), leg.contributions.end());
    c.members = members_of(*s, behind);
    for (std::size_t i = 0; i + 1 < route.size(); ++i) {
      const auto it = sum.legs.find({route[i], route[i + 1]});
      if (it != sum.legs.end()) c.legs.push_back(leg_of(*s, route[i], route[i + 1], it->second, places));
    }
    out.corridors.push_back(std::move(c));
  }
  std::sort(out.corridors.begin(), out.corridors.end(), [](const Corridor& a, const Corridor& b) {
    return std::tie(b.people, a.route) < std::tie(a.people, b.route);
  });

  // Journeys, for a network or a person.
  if (filter.network != 0 || filter.person != 0) {
    std::vector<std::uint32_t> people;
    for (const auto& w : walks) {
      if (filter.person != 0 && w.person != all.scope_nodes().front()) continue;
      if (filter.network != 0 && !std::binary_search(all.scope_nodes().begin(), all.scope_nodes().end(), w.person)) {
        continue;
      }
      if (people.size() == kMaxJourneys) {
        out.journeys_truncated = true;
        break;
      }
      people.push_back(w.person);
    }
    ARIADNE_ASSIGN(const auto described, describe(v, people));
    std::size_t at = 0;
    for (const auto& w : walks) {
      if (at == people.size()) break;
      if (w.person != people[at]) continue;
      // A victim is not named (reports and exports number them or say "victim").
      Journey j{described[at].id, victim(v, w.person) ? "victim" : described[at].label, w.route, {}};
      for (const auto i : w.steps) {
        const auto& c = crossings[i];
        JourneyStep step{c.date,
                         country_text(c.from),
                         country_text(c.to),
                         choice_name(MentionKind::event, "mode", c.mode),
                         c.death,
                         c.place == kNone ? 0 : places.at(c.place).first,
                         {}};
        for (const auto k : c.contributions) step.contributions.push_back(s->contributions[k].id);
        j.steps.push_back(std::move(step));
      }
      out.journeys.push_back(std::move(j));
      ++at;
    }
  }

  // Countries on the map.
  std::set<std::string> countries;
  for (const auto& l : out.legs) countries.insert({l.from, l.to});
  for (const auto& p : out.places) {
    if (!p.country.empty()) countries.insert(p.country);
  }
  for (const auto& code : countries) {
    if (code.empty()) continue;
    MapCountry c{code, std::nullopt, std::nullopt};
    if (const auto point = country_reference_point(code)) {
      c.latitude = point->latitude;
      c.longitude = point->longitude;
    }
    out.countries.push_back(std::move(c));
  }
  ARIADNE_TRY(audit(db, caller, v, "graph.routes"));
  return out;
}

nlohmann::json to_json(const RouteAnswer& a) {
  using nlohmann::json;
  auto corridors = json::array();
  for (const auto& c : a.corridors) {
    auto legs = json::array();
    for (const auto& l : c.legs) legs.push_back(leg_json(l));
    json days;
    if (c.min_days) days = {{"min", *c.min_days}, {"median", *c.median_days}, {"max", *c.max_days}};
    corridors.push_back({{"route", c.route},
                         {"people", c.people},
                         {"networks", c.networks},
                         {"deaths", c.deaths},
                         {"first", c.first},
                         {"last", c.last},
                         {"days", days},
                         {"members", c.members},
                         {"legs", legs}});
  }
  auto legs = json::array();
  for (const auto& l : a.legs) legs.push_back(leg_json(l));
  auto journeys = json::array();
  for (const auto& j : a.journeys) {
    auto steps = json::array();
    for (const auto& st : j.steps) {
      steps.push_back({{"date", st.date},
                       {"from", st.from},
                       {"to", st.to},
                       {"mode", st.mode.empty() ? json() : json(st.mode)},
                       {"died", st.died},
                       {"place", st.place == 0 ? json() : json(st.place)},
                       {"contributions", st.contributions}});
    }
    journeys.push_back({{"person", j.person}, {"label", j.label}, {"route", j.route}, {"steps", steps}});
  }
  auto places = json::array();
  for (const auto& p : a.places) {
    places.push_back({{"entity", p.entity},
                      {"name", p.name},
                      {"type", p.type},
                      {"country", p.country.empty() ? json() : json(p.country)},
                      {"latitude", optional_number(p.latitude)},
                      {"longitude", optional_number(p.longitude)}});
  }
  auto countries = json::array();
  for (const auto& c : a.countries) {
    countries.push_back(
        {{"code", c.code}, {"latitude", optional_number(c.latitude)}, {"longitude", optional_number(c.longitude)}});
  }
  return {{"corridors", corridors},
          {"legs", legs},
          {"journeys", journeys},
          {"journeys_truncated", a.journeys_truncated},
          {"map", {{"places", places}, {"countries", countries}}}};
}

// Trends ---------------------------------------------------------------------

std::optional<TrendBy> parse_trend_by(std::string_view s) {
  for (const auto by : {TrendBy::month, TrendBy::route, TrendBy::crossing_point, TrendBy::nationality,
                        TrendBy::crime_type, TrendBy::exploitation}) {
    if (to_string(by) == s) return by;
  }
  return std::nullopt;
}

std::string_view to_string(TrendBy by) {
  switch (by) {
    case TrendBy::month: return "month";
    case TrendBy::route: return "route";
    case TrendBy::crossing_point: return "crossing_point";
    case TrendBy::nationality: return "nationality";
    case TrendBy::crime_type: return "crime_type";
    case TrendBy::exploitation: return "exploitation";
  }
  return "month";
}

double poisson_upper_tail(std::size_t k, double lambda) {
  if (k == 0) return 1;
  if (lambda <= 0) return 0;
  // The terms from k upwards, each from the one before: small tails stay exact.
  double term = std::exp(-lambda + double(k) * std::log(lambda) - std::lgamma(double(k) + 1));
  double sum = 0;
  for (std::size_t i = k; i < k + 100000; ++i) {
    sum += term;
    term *= lambda / double(i + 1);
    if (double(i) > lambda && term < sum * 1e-17) break;
  }
  return std::min(1.0, sum);
}

namespace {

// Month index of "YYYY-MM…" (years × 12 + month - 1), -1 when it is not a date.
int month_index(std::string_view date) {
  if (date.size() < 7) return -1;
  const auto d = parse_partial_date(date.substr(0, 7));
  return d && d->month != 0 ? d->year * 12 + d->month - 1 : -1;
}
std::string month_text(int index) {
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02d", index / 12, index % 12 + 1);
  return out;
}

// Flags the months of `counts` beyond their baseline.
std::vector<TrendAlert> alerts_of(const std::vector<std::size_t>& counts, const std::vector<std::string>& months,
                                  const TrendTest& test) {
  std::vector<TrendAlert> out;
  for (std::size_t t = 0; t < counts.size(); ++t) {
    double expected = 0;
    std::size_t history = 0;
    std::string baseline;
    if (t >= 25) {
      // Seasonal: the same month and its neighbours, one and two years before.
      for (const std::size_t back : {11, 12, 13, 23, 24, 25}) expected += double(counts[t - back]);
      history = 6;
      expected /= 6;
      baseline = "seasonal";
    } else if (t >= test.min_history) {
      history = std::min<std::size_t>(t, 12);
      for (std::size_t i = t - history; i < t; ++i) expected += double(counts[i]);
      expected /= double(history);
      baseline = "trailing";
    } else {
      continue;
    }
    if (counts[t] < test.min_observed || double(counts[t]) <= expected) continue;
    const double p = poisson_upper_tail(counts[t], std::max(expected, 0.5));
    if (p < test.alpha) out.push_back({months[t], counts[t], expected, p, baseline, history});
  }
  return out;
}

}  // namespace

Result<TrendAnswer> trends(LinkGraph& graph, store::Database& db, const policy::Caller& caller, TrendBy by,
                           const RouteFilter& filter, const TrendTest& test) {
  ARIADNE_TRY(policy::require(caller, policy::Action::case_read));
  if (!(test.alpha > 0 && test.alpha < 1)) return Error::invalid("alpha", "must be between 0 and 1");
  ARIADNE_ASSIGN(const auto s, graph.snapshot(db));
  View v(*s, caller);
  // Observations: a key, a month and how many people.
  struct Observation {
    std::string key;
    int month;
    std::size_t people;
    std::vector<std::string> members;  // whose contributions it rests on
  };
  std::vector<Observation> seen;
  TrendAnswer out;
  out.by = by;
  out.test = test;
  if (by == TrendBy::exploitation) {
    out.measure = "victims, by the month of the first event they took part in";
    std::unordered_set<std::uint32_t> in;
    if (filter.network != 0 || filter.person != 0) {
      ARIADNE_ASSIGN(const auto n, v.find(filter.person != 0 ? filter.person : filter.network));
      if (s->place(n)) return Error::invalid("network", "is a place, which belongs to no network");
      const auto nodes = filter.person != 0 ? std::vector<std::uint32_t>{n} : network_nodes(v, n);
      in.insert(nodes.begin(), nodes.end());
    }
    const CountryScope scope(filter);
    const auto participant =
        static_cast<std::size_t>(std::find(s->kinds.begin(), s->kinds.end(), "participant") - s->kinds.begin());
    for (std::uint32_t n = 0; n < s->nodes.size(); ++n) {
      if (s->nodes[n].kind != MentionKind::person || (!in.empty() && !in.contains(n))) continue;
      bool victim = false;
      std::uint8_t types = 0;
      std::set<std::string> owners;  // of every mention it rests on
      v.each_mention(n, [&](const Snapshot::Mention& m) {
        victim = victim || m.victim || m.role == "victim";
        types |= m.exploitation;
        owners.insert(s->contributions[m.contribution].meta.owner);
        v.rests_on(m.contribution);
      });
      if (!victim) continue;
      std::string first;
      for (const auto l : v.links_of(n)) {
        const auto& link = s->links[l];
        if (link.kind != participant || !v.link(l)) continue;
        const auto& e = s->mentions[link.from];
        if (e.date.empty() || (!scope.any() && !scope.has(e.country))) continue;
        if ((!filter.from.empty() && e.date < filter.from) || (!filter.to.empty() && e.date > filter.to)) continue;
        if (first.empty() || e.date < first) first = e.date;
        owners.insert(s->contributions[link.contribution].meta.owner);
        v.rests_on(link.contribution);
      }
      if (first.empty()) continue;
      const int month = month_index(first);
      const std::vector<std::string> member(owners.begin(), owners.end());
      if (types == 0) seen.push_back({"unknown", month, 1, member});
      for (std::uint8_t bit = 0; bit < 8; ++bit) {
        if (types & (1u << bit)) {
          seen.push_back({choice_name(MentionKind::person, "victim_details.exploitation", bit + 1), month, 1, member});
        }
      }
    }
  } else {
    out.measure = "people moved across a border (the larger of a crossing's count and the people named on it)";
    Crossings all(v, filter);
    ARIADNE_TRY(all.collect());
    std::unordered_map<std::uint32_t, std::string> point_names;
    if (by == TrendBy::crossing_point) {
      std::vector<std::uint32_t> nodes;
      for (const auto& c : all.crossings()) {
        if (c.place != kNone) nodes.push_back(c.place);
      }
      ARIADNE_ASSIGN(const auto places, map_places(v, nodes));
      std::sort(nodes.begin(), nodes.end());
      nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
      for (std::size_t i = 0; i < nodes.size(); ++i) {
        point_names[nodes[i]] = places[i].name + (places[i].country.empty() ? "" : " (" + places[i].country + ")");
      }
    }
    for (const auto& c : all.crossings()) {
      if (c.death) continue;
      for (const auto k : c.contributions) v.rests_on(k);
      const int month = month_index(c.date);
      const auto people = all.people_of(c);
      std::vector<std::string> member;  // every member behind the crossing, whichever report counted it
      for (const auto k : c.contributions) member.push_back(s->contributions[k].meta.owner);
      switch (by) {
        case TrendBy::month: seen.push_back({"all", month, people, member}); break;
        case TrendBy::route: seen.push_back({leg_key(c.from, c.to), month, people, member}); break;
        case TrendBy::crossing_point:
          seen.push_back({c.place == kNone ? "unknown" : point_names.at(c.place), month, people, member});
          break;
        case TrendBy::crime_type: {
          std::set<std::string> types;
          for (const auto k : c.contributions) types.insert(s->contributions[k].crime_type);
          for (const auto& t : types) seen.push_back({t, month, people, member});
          break;
        }
        case TrendBy::nationality: {
          std::size_t named = 0;
          for (const auto p : c.people) {
            if (!all.moved(p)) continue;
            ++named;
            std::uint32_t nationality = 0;
            auto behind = member;  // and whoever said the nationality
            v.each_mention(p, [&](const Snapshot::Mention& m) {
              if (nationality == 0 && m.nationality != 0) {
                nationality = m.nationality;
                behind.push_back(s->contributions[m.contribution].meta.owner);
                v.rests_on(m.contribution);
              }
            });
            seen.push_back({nationality == 0 ? "unknown" : country_text(nationality), month, 1, behind});
          }
          if (people > named) seen.push_back({"unknown", month, people - named, member});
          break;
        }
        case TrendBy::exploitation: break;
      }
    }
  }
  std::erase_if(seen, [](const Observation& o) { return o.month < 0; });
  // The months: from the filter's first (or the first seen) to its last (or the last seen).
  int lo = month_index(filter.from), hi = month_index(filter.to);
  for (const auto& o : seen) {
    if (filter.from.empty()) lo = lo < 0 ? o.month : std::min(lo, o.month);
    if (filter.to.empty()) hi = std::max(hi, o.month);
  }
  if (lo >= 0 && hi >= lo) {
    if (std::size_t(hi - lo + 1) > kMaxTrendMonths) {
      if (!filter.from.empty()) {
        return Error::invalid(
            "from", "the months asked span more than " + std::to_string(kMaxTrendMonths) + ": ask a shorter period");
      }
      // Unasked, a far-dated record (one event of 1901) does not make the
      // answer fail for everyone who sees it: the last months are shown, and
      // what is left before them is counted.
      lo = hi - static_cast<int>(kMaxTrendMonths) + 1;
      out.earlier_from = month_text(lo);
      for (const auto& o : seen) {
        if (o.month < lo) out.earlier += o.people;
      }
      std::erase_if(seen, [&](const Observation& o) { return o.month < lo; });
    }
    for (int m = lo; m <= hi; ++m) out.months.push_back(month_text(m));
  }
  std::map<std::string, TrendSeries> series;
  std::map<std::string, std::set<std::string>> members;
  for (const auto& o : seen) {
    auto& ser = series[o.key];
    if (ser.counts.empty()) {
      ser.key = o.key;
      ser.counts.assign(out.months.size(), 0);
    }
    ser.counts[std::size_t(o.month - lo)] += o.people;
    ser.total += o.people;
    members[o.key].insert(o.members.begin(), o.members.end());
  }
  for (auto& [key, ser] : series) {
    ser.alerts = alerts_of(ser.counts, out.months, test);
    ser.members.assign(members[key].begin(), members[key].end());
    out.series.push_back(std::move(ser));
  }
  std::stable_sort(out.series.begin(), out.series.end(),
                   [](const TrendSeries& a, const TrendSeries& b) { return a.total > b.total; });
  ARIADNE_TRY(audit(db, caller, v, "graph.trends"));
  return out;
}

nlohmann::json to_json(const TrendAnswer& a) {
  using nlohmann::json;
  auto series = json::array();
  for (const auto& s : a.series) {
    auto alerts = json::array();
    for (const auto& al : s.alerts) {
      alerts.push_back({{"month", al.month},
                        {"observed", al.observed},
                        {"expected", al.expected},
                        {"p_value", al.p_value},
                        {"baseline", al.baseline},
                        {"history_months", al.history}});
    }
    series.push_back(
        {{"key", s.key}, {"counts", s.counts}, {"total", s.total}, {"members", s.members}, {"alerts", alerts}});
  }
  return {{"by", to_string(a.by)},
          {"measure", a.measure},
          {"months", a.months},
          {"earlier", a.earlier_from.empty() ? nlohmann::json()
                                             : nlohmann::json{{"before", a.earlier_from}, {"counted", a.earlier}}},
          {"series", series},
          {"test",
           {{"name",
             "Poisson upper tail against a seasonal (same months ±1, two years before) or trailing "
             "(up to 12 months before) mean"},
            {"alpha", a.test.alpha},
            {"min_observed", a.test.min_observed},
            {"min_history_months", a.test.min_history}}}};
}

}  // namespace ariadne::analysis
