#include "analysis/reports.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "analysis/leads.hpp"
#include "analysis/link_graph_internal.hpp"
#include "analysis/routes.hpp"
#include "common/country.hpp"
#include "common/markup.hpp"
#include "common/time.hpp"

namespace ariadne::analysis {

using namespace graph_detail;
using nlohmann::json;

namespace {

// Links that say who holds or uses a thing.
bool holding(std::string_view kind) {
  static constexpr std::string_view kHolding[] = {"uses",           "holds_account", "drives",    "pilots",
                                                  "holds_document", "owns",          "member_of", "employed_by"};
  return std::find(std::begin(kHolding), std::end(kHolding), kind) != std::end(kHolding);
}

std::string choice_text(MentionKind kind, std::string_view prop, std::uint8_t index) {
  const auto choices = choices_of(kind, prop);
  return index == 0 || index > choices.size() ? std::string() : std::string(choices[index - 1]);
}

// What the network report reads of one node.
struct Facts {
  std::map<std::string, std::size_t> roles;
  std::uint32_t nationality = 0;
  bool victim = false;
  bool moved = false;  // a migrant or a victim
  std::uint8_t exploitation = 0;
  std::set<std::string> members;
  std::size_t mentions = 0;
};

Facts facts_of(const View& v, std::uint32_t n) {
  Facts f;
  v.each_mention(n, [&](const Snapshot::Mention& m) {
    ++f.mentions;
    if (!m.role.empty()) ++f.roles[m.role];
    if (f.nationality == 0) f.nationality = m.nationality;
    f.victim = f.victim || m.victim || m.role == "victim";
    f.moved = f.moved || f.victim || m.role == "migrant";
    f.exploitation |= m.exploitation;
    f.members.insert(v.snapshot().contributions[m.contribution].meta.owner);
    v.rests_on(m.contribution);
  });
  return f;
}

std::string role_of(const Facts& f) {
  std::string best;
  std::size_t most = 0;
  for (const auto& [role, n] : f.roles) {
    if (n > most) best = role, most = n;
  }
  return best;
}

// Counts of people under kSmallCell resting on another member's cases become "<11".
class Suppressor {
 public:
  explicit Suppressor(std::string member) : member_(std::move(member)) {}
  json cell(std::size_t n, const std::vector<std::string>& members) {
    const bool others = std::any_of(members.begin(), members.end(), [&](const auto& m) { return m != member_; });
    if (n > 0 && n < kSmallCell && others) {
      ++suppressed_;
      return "<" + std::to_string(kSmallCell);
    }
    return n;
  }
  std::size_t suppressed() const { return suppressed_; }

 private:
  std::string member_;
  std::size_t suppressed_ = 0;
};

}  // namespace

Result<json> network_report(LinkGraph& graph, store::Database& db, const policy::Caller& caller, std::int64_t entity) {
  ARIADNE_TRY(policy::require(caller, policy::Action::case_read));
  ARIADNE_ASSIGN(auto found, graph.networks(db, caller, 1, 1, entity));
  if (found.empty()) return Error::invalid("network", "names no network of people: a report is of one");
  ARIADNE_ASSIGN(const auto s, graph.snapshot(db));
  View v(*s, caller);
  ARIADNE_ASSIGN(const auto start, v.find(entity));
  const auto nodes = network_nodes(v, start);
  // What leads only to victims (their phones, papers, relatives) is left out of a report, as of an export.
  std::unordered_set<std::uint32_t> theirs;
  {
    const auto withheld = withheld_for_victims(v, nodes);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (withheld[i] == Withheld::theirs) theirs.insert(nodes[i]);
    }
  }
  json out;
  out["report"] = "network";
  out["generated_at"] = iso_now_ms();
  out["for_member"] = caller.member;
  auto summary = to_json(found.front(), false);
  out["network"] = summary;

  // Labels: every node of the network and the places it is linked to.
  std::vector<std::uint32_t> places;
  for (const auto n : nodes) {
    for (const auto l : v.links_of(n)) {
      if (!v.link(l)) continue;
      if (const auto o = v.other(l, n); s->place(o)) places.push_back(o);
    }
  }
  std::sort(places.begin(), places.end());
  places.erase(std::unique(places.begin(), places.end()), places.end());
  auto labelled = nodes;
  labelled.insert(labelled.end(), places.begin(), places.end());
  ARIADNE_ASSIGN(const auto described, describe(v, labelled));
  std::unordered_map<std::uint32_t, std::string> label;
  std::unordered_map<std::uint32_t, std::int64_t> id;
  for (std::size_t i = 0; i < labelled.size(); ++i) {
    label[labelled[i]] = described[i].label;
    id[labelled[i]] = described[i].id;
  }

  // People: a victim is named by number only.
  std::unordered_map<std::uint32_t, Facts> facts;
  json people = json::array(), victims = json::array();
  std::size_t victim_number = 0;
  for (const auto n : nodes) {
    if (s->nodes[n].kind != MentionKind::person || theirs.contains(n)) continue;
    const auto& f = facts[n] = facts_of(v, n);
    if (f.victim) {
      label[n] = "victim " + std::to_string(++victim_number);
      json types = json::array();
      for (std::uint8_t bit = 0; bit < 8; ++bit) {
        if (f.exploitation & (1u << bit))
          types.push_back(choice_text(MentionKind::person, "victim_details.exploitation", bit + 1));
      }
      victims.push_back({{"label", label[n]},
                         {"nationality", country_text(f.nationality)},
                         {"exploitation", types},
                         {"members", f.members}});
      continue;
    }
    people.push_back({{"id", id[n]},
                      {"label", label[n]},
                      {"role", role_of(f)},
                      {"nationality", country_text(f.nationality)},
                      {"mentions", f.mentions},
                      {"members", f.members}});
  }
  out["people"] = people;
  out["victims"] = victims;
  out["withheld"] = theirs.size();

  // Assets, places and events, with what links them.
  const auto link_kind = [&](std::uint32_t l) -> const std::string& { return s->kinds[s->links[l].kind]; };
  const auto event_kind = [&](std::uint32_t n) {
    std::uint8_t k = 0;
    v.each_mention(n, [&](const Snapshot::Mention& m) { k = k == 0 ? m.event : k; });
    return choice_text(MentionKind::event, "kind", k);
  };
  json assets = json::array(), gaps = json::array(), timeline = json::array();
  const auto gap = [&](std::uint32_t n, const std::string& what) {
    if (gaps.size() < 500 && !theirs.contains(n))
      gaps.push_back({{"id", id[n]}, {"kind", to_string(s->nodes[n].kind)}, {"label", label[n]}, {"gap", what}});
  };
  for (const auto n : nodes) {
    if (theirs.contains(n)) continue;
    const auto kind = s->nodes[n].kind;
    std::set<std::string> holders, events;
    bool placed = false, documented = false;
    std::size_t participants = 0;
    std::string where;
    for (const auto l : v.links_of(n)) {
      if (!v.link(l)) continue;
      const auto o = v.other(l, n);
      const auto& lk = link_kind(l);
      if (holding(lk) && s->nodes[o].kind != MentionKind::place && o != n) {
        if (kind == MentionKind::person) {
          documented = documented || lk == "holds_document";
        } else if (s->nodes[o].kind == MentionKind::person || s->nodes[o].kind == MentionKind::organization) {
          holders.insert(label[o]);
        }
      }
      if (lk == "participant" && s->nodes[o].kind == MentionKind::event) events.insert(event_kind(o));
      if (kind == MentionKind::event && lk == "participant" && s->nodes[o].kind == MentionKind::person) ++participants;
      if (kind == MentionKind::event && lk == "place" && s->place(o)) {
        placed = true;
        where = label[o];
      }
    }
    switch (kind) {
      case MentionKind::phone:
      case MentionKind::account:
      case MentionKind::vehicle:
      case MentionKind::boat:
      case MentionKind::document:
      case MentionKind::organization:
      case MentionKind::other:
        assets.push_back({{"id", id[n]}, {"kind", to_string(kind)}, {"label", label[n]}, {"holders", holders}});
        if (kind == MentionKind::account && holders.empty()) gap(n, "holder unknown");
        if (kind == MentionKind::account && !events.contains("payment"))
          gap(n, "never traced: no payment through it is known");
        if (kind == MentionKind::phone && holders.empty()) gap(n, "user unknown");
        if (kind == MentionKind::phone && !events.contains("call")) gap(n, "no call through it is known");
        if (kind == MentionKind::vehicle && holders.empty()) gap(n, "driver unknown");
        if (kind == MentionKind::boat && holders.empty()) gap(n, "captain unknown");
        break;
      case MentionKind::person:
        if (!facts[n].moved && facts[n].nationality == 0 && !documented) {
          gap(n, "not identified: no nationality or document known");
        }
        break;
      case MentionKind::event: {
        std::string date, country, mode, method;
        v.each_mention(n, [&](const Snapshot::Mention& m) {
          if (date.empty()) date = m.date;
          if (country.empty()) country = country_text(m.country);
          if (mode.empty()) mode = choice_text(MentionKind::event, "mode", m.mode);
          if (method.empty()) method = choice_text(MentionKind::event, "method", m.method);
        });
        const auto what = event_kind(n);
        json e{{"date", date}, {"kind", what}, {"country", country}, {"people", participants}, {"place", where}};
        if (!mode.empty()) e["mode"] = mode;
        if (!method.empty()) e["method"] = method;
        timeline.push_back(std::move(e));
        if (what == "border_crossing" && !placed) gap(n, "crossing point unknown");
        break;
      }
      case MentionKind::place: break;
    }
  }
  std::stable_sort(timeline.begin(), timeline.end(), [](const json& a, const json& b) {
    return a["date"].get<std::string>() < b["date"].get<std::string>();
  });
  if (timeline.size() > 1000) timeline.erase(timeline.begin() + 1000, timeline.end());
  out["assets"] = assets;
  json place_list = json::array();
  for (const auto p : places) {
    std::string type, country;
    v.each_mention(p, [&](const Snapshot::Mention& m) {
      if (type.empty()) type = choice_text(MentionKind::place, "place_type", m.place_type);
      if (country.empty()) country = country_text(m.country);
    });
    place_list.push_back({{"id", id[p]}, {"label", label[p]}, {"type", type}, {"country", country}});
  }
  out["places"] = place_list;
  out["timeline"] = timeline;

  // Route, key players and brokers (the crew's: those moved would rank by how many), leads.
  ARIADNE_ASSIGN(const auto route, routes(graph, db, caller, {.network = entity}));
  auto route_json = to_json(route);
  route_json.erase("journeys");
  route_json.erase("journeys_truncated");
  out["route"] = route_json;
  // A network too large for betweenness has its key players and brokers
  // unmeasured, and the report says so rather than failing.
  json notes = json::array();
  const auto players = graph.centrality(db, caller, Measure::betweenness, entity, 5, MentionKind::person, true);
  if (!players && players.error().code != ErrorCode::invalid_input) return players.error();
  json key = json::array();
  if (players) {
    for (const auto& r : *players)
      key.push_back({{"id", r.node.id}, {"label", r.node.label}, {"betweenness", r.value}});
  } else {
    key = nullptr;
    notes.push_back("key players not measured: " + players.error().message);
  }
  out["key_players"] = key;
  const auto brokers = graph.brokers(db, caller, entity, 5, MentionKind::person, true);
  if (!brokers && brokers.error().code != ErrorCode::invalid_input) return brokers.error();
  json broker_list = json::array();
  if (brokers) {
    for (const auto& b : brokers->brokers) {
      broker_list.push_back({{"id", b.node.id},
                             {"label", b.node.label},
                             {"bridging", b.bridging},
                             {"constraint", b.constraint ? json(*b.constraint) : json()}});
    }
  } else {
    broker_list = nullptr;
    notes.push_back("brokers not measured: " + brokers.error().message);
  }
  out["brokers"] = broker_list;
  out["notes"] = notes;
  std::set<std::int64_t> cases;
  for (const auto n : nodes)
    v.each_mention(n, [&](const Snapshot::Mention& m) { cases.insert(s->contributions[m.contribution].id); });
  ARIADNE_ASSIGN(const auto leads, list_leads(db, caller, 1000));
  json open = json::array();
  for (const auto& l : leads) {
    if (cases.contains(l.contribution)) open.push_back(to_json(l));
  }
  out["leads"] = open;
  out["gaps"] = gaps;
  ARIADNE_TRY(audit(db, caller, v, "report.network"));
  return out;
}

Result<json> strategic_report(LinkGraph& graph, store::Database& db, const policy::Caller& caller,
                              const StrategicScope& scope) {
  ARIADNE_TRY(policy::require(caller, policy::Action::case_read));
  for (const auto& c : scope.countries) {
    if (!is_iso_alpha3(c))
      return Error::invalid("countries", "\"" + c.substr(0, 16) + "\" is not an ISO 3166-1 alpha-3 code");
  }
  const RouteFilter filter{.from = scope.from, .to = scope.to, .countries = scope.countries};
  Suppressor hide(caller.member);
  json out;
  out["report"] = "strategic";
  out["generated_at"] = iso_now_ms();
  out["for_member"] = caller.member;
  out["scope"] = {{"countries", scope.countries},
                  {"from", scope.from.empty() ? json() : json(scope.from)},
                  {"to", scope.to.empty() ? json() : json(scope.to)}};

  ARIADNE_ASSIGN(const auto route, routes(graph, db, caller, filter));
  json corridors = json::array();
  for (const auto& c : route.corridors) {
    corridors.push_back({{"route", c.route},
                         {"people", hide.cell(c.people, c.members)},
                         {"deaths", hide.cell(c.deaths, c.members)},
                         {"networks", c.networks},
                         {"first", c.first},
                         {"last", c.last},
                         {"median_days", c.median_days ? json(*c.median_days) : json()},
                         {"members", c.members}});
  }
  out["corridors"] = corridors;
  json legs = json::array();
  std::map<std::string, std::size_t> modes;
  std::map<std::string, std::pair<std::size_t, std::vector<std::string>>> points;  // name → crossings, members
  for (const auto& l : route.legs) {
    legs.push_back({{"from", l.from},
                    {"to", l.to},
                    {"crossings", l.crossings},
                    {"people", hide.cell(l.people, l.members)},
                    {"deaths", hide.cell(l.deaths, l.members)},
                    {"modes", l.modes},
                    {"members", l.members}});
    for (const auto& [mode, n] : l.modes) modes[mode] += n;
    for (const auto& p : l.crossing_points) {
      auto& point = points[p.name + " (" + l.from + "-" + l.to + ")"];
      point.first += p.crossings;
      point.second = l.members;
    }
  }
  out["legs"] = legs;

  // People moved by month through the region's borders, flagged months with them.
  ARIADNE_ASSIGN(const auto by_route, trends(graph, db, caller, TrendBy::route, filter));
  json series = json::array();
  for (const auto& ser : by_route.series) {
    json counts = json::array();
    for (const auto n : ser.counts) counts.push_back(hide.cell(n, ser.members));
    json alerts = json::array();
    for (const auto& a : ser.alerts) {
      alerts.push_back({{"month", a.month},
                        {"observed", hide.cell(a.observed, ser.members)},
                        {"expected", a.expected},
                        {"p_value", a.p_value},
                        {"baseline", a.baseline}});
    }
    series.push_back(
        {{"route", ser.key}, {"total", hide.cell(ser.total, ser.members)}, {"counts", counts}, {"alerts", alerts}});
  }
  out["months"] = by_route.months;
  out["trends"] = series;
  out["trend_test"] = to_json(by_route)["test"];
  ARIADNE_ASSIGN(const auto by_nationality, trends(graph, db, caller, TrendBy::nationality, filter));
  json nationalities = json::array();
  for (const auto& ser : by_nationality.series) {
    nationalities.push_back({{"nationality", ser.key}, {"people", hide.cell(ser.total, ser.members)}});
  }
  out["nationalities"] = nationalities;

  // Modus operandi: how they cross, where, and how they are paid.
  ARIADNE_ASSIGN(const auto s, graph.snapshot(db));
  View v(*s, caller);
  std::map<std::string, std::size_t> methods;
  const auto payment = choices_of(MentionKind::event, "kind");
  const auto payment_index =
      static_cast<std::uint8_t>(std::find(payment.begin(), payment.end(), "payment") - payment.begin() + 1);
  std::vector<std::uint32_t> region;
  for (const auto& c : scope.countries) region.push_back(country_code(c));
  for (std::uint32_t n = 0; n < s->nodes.size(); ++n) {
    if (s->nodes[n].kind != MentionKind::event) continue;
    v.each_mention(n, [&](const Snapshot::Mention& m) {
      if (m.event != payment_index) return;
      if ((!scope.from.empty() && m.date < scope.from) || (!scope.to.empty() && m.date > scope.to)) return;
      if (!region.empty() && std::find(region.begin(), region.end(), m.country) == region.end()) return;
      const auto method = choice_text(MentionKind::event, "method", m.method);
      ++methods[method.empty() ? "not said" : method];
      v.rests_on(m.contribution);
    });
  }
  json top_points = json::array();
  std::vector<std::pair<std::string, std::size_t>> ranked;
  for (const auto& [name, p] : points) ranked.emplace_back(name, p.first);
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  for (std::size_t i = 0; i < ranked.size() && i < 10; ++i) {
    top_points.push_back({{"crossing_point", ranked[i].first}, {"crossings", ranked[i].second}});
  }
  out["modus_operandi"] = {{"modes", modes}, {"crossing_points", top_points}, {"payment_methods", methods}};

  ARIADNE_ASSIGN(const auto by_exploitation, trends(graph, db, caller, TrendBy::exploitation, filter));
  json victims = json::array();
  for (const auto& ser : by_exploitation.series) {
    victims.push_back({{"exploitation", ser.key}, {"victims", hide.cell(ser.total, ser.members)}});
  }
  out["victims_by_exploitation"] = victims;
  out["suppression"] = {{"threshold", kSmallCell},
                        {"cells", hide.suppressed()},
                        {"rule", "counts of people from 1 to " + std::to_string(kSmallCell - 1) +
                                     " resting on another member's cases are shown as <" + std::to_string(kSmallCell) +
                                     " (Counter-Trafficking Data Collaborative practice); counts resting only on the "
                                     "caller's member's own cases are shown"}};
  ARIADNE_TRY(audit(db, caller, v, "report.strategic"));
  return out;
}

// HTML -----------------------------------------------------------------------

namespace {

std::string text_of(const std::string& key, const json& v) {
  if (v.is_null()) return "—";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  if (v.is_number()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v.get<double>());
    return buf;
  }
  std::string out;
  if (v.is_array()) {
    for (const auto& item : v) out += (out.empty() ? "" : (key == "route" ? " → " : ", ")) + text_of(key, item);
    return out;
  }
  for (const auto& [k, item] : v.items()) {
    if (item.is_array() && !item.empty() && item.front().is_object()) continue;  // a nested table: left out
    out += (out.empty() ? "" : "; ") + k + ": " + text_of(k, item);
  }
  return out;
}

void table(std::string& out, const json& rows) {
  if (rows.is_object()) {
    out += "<table>";
    for (const auto& [k, v] : rows.items()) {
      if (v.is_array() && !v.empty() && v.front().is_object()) continue;
      out += "<tr><th>" + markup_text(k) + "</th><td>" + markup_text(text_of(k, v)) + "</td></tr>";
    }
    out += "</table>\n";
    return;
  }
  if (!rows.is_array() || rows.empty()) {
    out += "<p class=\"none\">None.</p>\n";
    return;
  }
  std::vector<std::string> columns;
  for (const auto& row : rows) {
    if (!row.is_object()) continue;
    for (const auto& [k, v] : row.items()) {
      if (std::find(columns.begin(), columns.end(), k) == columns.end()) columns.push_back(k);
    }
  }
  if (columns.empty()) {
    out += "<p>" + markup_text(text_of("", rows)) + "</p>\n";
    return;
  }
  out += "<table><thead><tr>";
  for (const auto& c : columns) out += "<th>" + markup_text(c) + "</th>";
  out += "</tr></thead><tbody>";
  for (const auto& row : rows) {
    out += "<tr>";
    for (const auto& c : columns) out += "<td>" + markup_text(row.contains(c) ? text_of(c, row[c]) : "") + "</td>";
    out += "</tr>";
  }
  out += "</tbody></table>\n";
}

}  // namespace

std::string report_html(const json& report) {
  const bool network = report.value("report", "") == "network";
  const std::vector<std::pair<std::string, std::string>> sections =
      network
          ? std::vector<std::pair<std::string, std::string>>{{"network", "Network"},
                                                             {"people", "People and roles"},
                                                             {"victims", "Victims (names withheld)"},
                                                             {"key_players", "Key players (betweenness, crew only)"},
                                                             {"brokers", "Brokers between communities"},
                                                             {"assets", "Assets"},
                                                             {"places", "Places"},
                                                             {"route", "Route"},
                                                             {"timeline", "Timeline"},
                                                             {"leads", "Open leads"},
                                                             {"gaps", "Gaps"},
                                                             {"notes", "Notes"}}
          : std::vector<std::pair<std::string, std::string>>{{"scope", "Region and period"},
                                                             {"corridors", "Corridors"},
                                                             {"legs", "Borders crossed"},
                                                             {"trends", "People moved by month"},
                                                             {"nationalities", "Nationalities of the people moved"},
                                                             {"modus_operandi", "Modus operandi"},
                                                             {"victims_by_exploitation", "Victims by exploitation"},
                                                             {"suppression", "Small cells"}};
  const std::string title =
      network ? "Operational report: network " + text_of("", report["network"]["id"]) : "Strategic report";
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + markup_text(title) +
      "</title><style>body{font:10.5pt/1.35 system-ui,sans-serif;margin:2em;color:#111}h1{font-size:16pt}"
      "h2{font-size:12.5pt;margin-top:1.4em;border-bottom:1px solid #888}table{border-collapse:collapse;width:100%;"
      "margin:.4em 0}th,td{border:1px solid #bbb;padding:2px 5px;text-align:left;vertical-align:top}th{background:#eee}"
      ".meta{color:#444}.none{color:#666;font-style:italic}@media print{body{margin:0}h2{break-after:avoid}"
      "tr{break-inside:avoid}}</style></head><body>\n<h1>" +
      markup_text(title) + "</h1>\n<p class=\"meta\">For " + markup_text(text_of("", report["for_member"])) +
      ", generated " + markup_text(text_of("", report["generated_at"])) +
      ". Restricted: shown only to those who may read every case it draws on.</p>\n";
  for (const auto& [key, heading] : sections) {
    if (!report.contains(key)) continue;
    out += "<h2>" + markup_text(heading) + "</h2>\n";
    const auto& part = report[key];
    if (key == "route") {
      out += "<h3>Corridors</h3>\n";
      table(out, part["corridors"]);
      out += "<h3>Borders</h3>\n";
      table(out, part["legs"]);
      continue;
    }
    if (key == "trends") {
      // Months as columns.
      out += "<table><thead><tr><th>route</th><th>total</th>";
      for (const auto& m : report["months"]) out += "<th>" + markup_text(text_of("", m)) + "</th>";
      out += "</tr></thead><tbody>";
      for (const auto& ser : part) {
        out += "<tr><td>" + markup_text(text_of("", ser["route"])) + "</td><td>" +
               markup_text(text_of("", ser["total"])) + "</td>";
        for (const auto& c : ser["counts"]) out += "<td>" + markup_text(text_of("", c)) + "</td>";
        out += "</tr>";
      }
      out += "</tbody></table>\n";
      json alerts = json::array();
      for (const auto& ser : part) {
        for (auto a : ser["alerts"]) {
          a["route"] = ser["route"];
          alerts.push_back(std::move(a));
        }
      }
      out += "<h3>Months beyond their history</h3>\n";
      table(out, alerts);
      continue;
    }
    if (key == "modus_operandi") {
      out += "<h3>Modes</h3>\n";
      table(out, part["modes"]);
      out += "<h3>Crossing points</h3>\n";
      table(out, part["crossing_points"]);
      out += "<h3>Payment methods</h3>\n";
      table(out, part["payment_methods"]);
      continue;
    }
    table(out, part);
  }
  return out + "</body></html>\n";
}

}  // namespace ariadne::analysis
