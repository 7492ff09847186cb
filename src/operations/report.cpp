#include "operations/report.hpp"

#include <map>
#include <set>

#include "common/markup.hpp"
#include "operations/operations.hpp"
#include "sltd/tally.hpp"

namespace ariadne::operations {

using nlohmann::json;

namespace {

// A count of people, and how many of them other members recorded without
// letting the viewer see their small counts.
struct Cell {
  std::int64_t n = 0;
  std::int64_t withheld = 0;
};

constexpr const char* kPeopleKinds[] = {"arrests", "victims", "migrants"};

class Cells {
 public:
  Cells(std::string viewer, std::set<std::string> sharing) : viewer_(std::move(viewer)), sharing_(std::move(sharing)) {}

  void add(Cell& cell, const std::string& owner, std::int64_t n) const {
    cell.n += n;
    if (owner != viewer_ && sharing_.count(owner) == 0) cell.withheld += n;
  }
  // A count resting on 1 to 10 of another member's people is hidden, whatever
  // the viewer's own part: shown, it would give the other part away.
  static bool small(const Cell& c) { return c.withheld > 0 && c.withheld < kSmallCell; }
  json one(const Cell& c) { return small(c) ? hidden() : json(c.n); }
  // Cells adding up to `total`, as the viewer may see them: the small ones
  // hidden, and when the total shows and only one is hidden, the smallest
  // other cell too, so that none can be worked out by subtraction.
  std::vector<json> group(const std::vector<Cell>& cells, const Cell& total) {
    std::vector<bool> hide(cells.size(), false);
    std::size_t hidden_count = 0;
    for (std::size_t i = 0; i < cells.size(); ++i) hidden_count += (hide[i] = small(cells[i])) ? 1 : 0;
    if (hidden_count == 1 && !small(total)) {
      std::size_t best = cells.size();
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (!hide[i] && cells[i].n > 0 && (best == cells.size() || cells[i].n < cells[best].n)) best = i;
      }
      if (best < cells.size()) hide[best] = true;
    }
    std::vector<json> out;
    for (std::size_t i = 0; i < cells.size(); ++i) out.push_back(hide[i] ? hidden() : json(cells[i].n));
    return out;
  }
  std::int64_t suppressed() const { return suppressed_; }

 private:
  json hidden() {
    ++suppressed_;
    return "<" + std::to_string(kSmallCell);
  }
  std::string viewer_;
  std::set<std::string> sharing_;
  std::int64_t suppressed_ = 0;
};

// One row of outcomes (a country, a day, or the whole operation).
struct Tally {
  std::map<std::string, Cell> people;  // arrests, victims, migrants
  std::int64_t documents_seized = 0;
  std::int64_t assets_seized = 0;
  std::int64_t investigations = 0;
  std::map<std::string, std::int64_t> cash;  // by currency

  void add(const Outcome& o, const Cells& cells) {
    if (o.kind == "arrest") cells.add(people["arrests"], o.member, o.count);
    if (o.kind == "victim") cells.add(people["victims"], o.member, o.count);
    if (o.kind == "migrant") cells.add(people["migrants"], o.member, o.count);
    if (o.kind == "document_seized") documents_seized += o.count;
    if (o.kind == "asset_seized") assets_seized += o.count;
    if (o.kind == "investigation") investigations += o.count;
    if (o.kind == "cash_seized" && o.amount && o.currency) cash[*o.currency] += *o.amount;
  }
  // Everything but the people, which rows of a group get from Cells::group.
  json counts() const {
    return {{"documents_seized", documents_seized},
            {"assets_seized", assets_seized},
            {"investigations", investigations},
            {"cash_seized", cash}};
  }
  Cell of(const char* kind) const {
    auto it = people.find(kind);
    return it == people.end() ? Cell{} : it->second;
  }
};

// Rows of tallies adding up to `total` (by country, by day), keyed by `key`.
std::vector<json> rows(const std::map<std::string, Tally>& by, const Tally& total, const char* key, Cells& cells) {
  std::vector<json> out;
  for (const auto& [name, t] : by) {
    json row = t.counts();
    row[key] = name;
    out.push_back(std::move(row));
  }
  for (const char* kind : kPeopleKinds) {
    std::vector<Cell> column;
    for (const auto& [name, t] : by) column.push_back(t.of(kind));
    auto values = cells.group(column, total.of(kind));
    for (std::size_t i = 0; i < out.size(); ++i) out[i][kind] = values[i];
  }
  return out;
}

json people_by(const std::map<std::string, Cell>& by, const Cell& total, Cells& cells) {
  std::vector<Cell> column;
  for (const auto& [key, cell] : by) column.push_back(cell);
  auto values = cells.group(column, total);
  json out = json::object();
  std::size_t i = 0;
  for (const auto& [key, cell] : by) out[key] = values[i++];
  return out;
}

}  // namespace

Result<json> operation_report(store::Database& db, const policy::Caller& viewer, std::int64_t id) {
  ARIADNE_ASSIGN(auto op, get_operation(db, viewer, id));
  std::vector<std::string> taking_part;
  std::set<std::string> sharing;
  for (const auto& p : op.participants) {
    if (p.status == "accepted") taking_part.push_back(p.member);
    if (p.share_small_counts) sharing.insert(p.member);
  }
  Cells cells(viewer.member, sharing);

  ARIADNE_ASSIGN(auto checks, sltd::checks_by_day(db, taking_part, op.starts_at, op.ends_at));
  std::int64_t checks_total = 0;
  std::map<std::string, std::int64_t> checks_by_member, checks_by_day;
  for (const auto& c : checks) {
    checks_total += c.checks;
    checks_by_member[c.member] += c.checks;
    checks_by_day[c.day] += c.checks;
  }

  ARIADNE_ASSIGN(auto hits, sltd::hits_by_day(db, taking_part, op.starts_at, op.ends_at));
  std::int64_t hits_total = 0;
  std::map<std::string, std::map<std::string, std::int64_t>> hits_by_database;
  std::map<std::string, std::int64_t> hits_by_day, hits_by_member;
  for (const auto& h : hits) {
    hits_total += h.hits;
    hits_by_database[h.database][h.status] += h.hits;
    hits_by_database[h.database]["total"] += h.hits;
    hits_by_day[h.day] += h.hits;
    hits_by_member[h.member] += h.hits;
  }

  ARIADNE_ASSIGN(auto outcomes, all_outcomes(db, id));
  Tally total;
  std::map<std::string, Tally> by_country, by_day;
  std::map<std::string, Cell> by_exploitation, by_sex, by_age_band, victim_nationality, migrant_nationality, by_offence;
  for (const auto& o : outcomes) {
    total.add(o, cells);
    by_country[o.country].add(o, cells);
    by_day[o.occurred_at.substr(0, 10)].add(o, cells);
    if (o.kind == "victim") {
      cells.add(by_exploitation[o.exploitation.value_or("unknown")], o.member, o.count);
      cells.add(by_sex[o.sex.value_or("unknown")], o.member, o.count);
      cells.add(by_age_band[o.age_band.value_or("unknown")], o.member, o.count);
      cells.add(victim_nationality[o.nationality.value_or("unknown")], o.member, o.count);
    }
    if (o.kind == "migrant") cells.add(migrant_nationality[o.nationality.value_or("unknown")], o.member, o.count);
    if (o.kind == "arrest") cells.add(by_offence[o.offence.value_or("unknown")], o.member, o.count);
  }

  std::set<std::string> all_days;
  for (const auto& [d, n] : checks_by_day) all_days.insert(d);
  for (const auto& [d, n] : hits_by_day) all_days.insert(d);
  for (const auto& d : all_days) by_day.try_emplace(d);  // a day with checks but no outcome has its row too
  json days = json::array();
  for (auto& row : rows(by_day, total, "day", cells)) {
    const std::string d = row["day"];
    row["checks"] = checks_by_day.count(d) ? checks_by_day[d] : 0;
    row["hits"] = hits_by_day.count(d) ? hits_by_day[d] : 0;
    days.push_back(std::move(row));
  }
  json countries = rows(by_country, total, "country", cells);
  json total_row = total.counts();
  for (const char* kind : kPeopleKinds) total_row[kind] = cells.one(total.of(kind));
  json participants = json::array();
  for (const auto& p : op.participants) {
    participants.push_back({{"member", p.member},
                            {"status", p.status},
                            {"checks", checks_by_member[p.member]},
                            {"hits", hits_by_member[p.member]}});
  }
  json out = {{"operation", to_json(op)},
              {"participants", participants},
              {"checks", {{"total", checks_total}}},
              {"hits", {{"total", hits_total}, {"by_database", hits_by_database}}},
              {"outcomes",
               {{"total", total_row},
                {"by_country", countries},
                {"victims",
                 {{"by_exploitation", people_by(by_exploitation, total.of("victims"), cells)},
                  {"by_sex", people_by(by_sex, total.of("victims"), cells)},
                  {"by_age_band", people_by(by_age_band, total.of("victims"), cells)},
                  {"by_nationality", people_by(victim_nationality, total.of("victims"), cells)}}},
                {"migrants", {{"by_nationality", people_by(migrant_nationality, total.of("migrants"), cells)}}},
                {"arrests", {{"by_offence", people_by(by_offence, total.of("arrests"), cells)}}}}},
              {"by_day", days}};
  out["suppression"] = {{"threshold", kSmallCell},
                        {"cells", cells.suppressed()},
                        {"rule",
                         "counts of 1 to 10 people resting on another member's outcomes are shown as <11 "
                         "unless that member shares its small counts"}};
  return out;
}

namespace {

std::string cell_text(const json& v) {
  return markup_text(v.is_string() ? v.get<std::string>() : v.dump());
}

std::string table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::string out = "<table><thead><tr>";
  for (const auto& h : header) out += "<th>" + markup_text(h) + "</th>";
  out += "</tr></thead><tbody>";
  for (const auto& row : rows) {
    out += "<tr>";
    for (const auto& c : row) out += "<td>" + c + "</td>";
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

std::string cash_text(const json& cash) {
  std::string out;
  for (const auto& [currency, amount] : cash.items()) {
    out += (out.empty() ? "" : ", ") + markup_text(amount.dump() + " " + currency);
  }
  return out.empty() ? "0" : out;
}

std::vector<std::string> outcome_row(const json& t) {
  return {cell_text(t["arrests"]),          cell_text(t["victims"]),     cell_text(t["migrants"]),
          cell_text(t["documents_seized"]), cash_text(t["cash_seized"]), cell_text(t["assets_seized"]),
          cell_text(t["investigations"])};
}

std::string breakdown(const std::string& title, const json& counts) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& [k, v] : counts.items()) rows.push_back({markup_text(k), cell_text(v)});
  if (rows.empty()) return "";
  return "<h3>" + markup_text(title) + "</h3>" + table({"", "people"}, rows);
}

}  // namespace

std::string report_html(const json& r) {
  const json& op = r["operation"];
  const std::vector<std::string> outcome_header = {"arrests",          "victims identified", "migrants detected",
                                                   "documents seized", "cash seized",        "assets seized",
                                                   "investigations"};
  std::string html =
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Operation " +
      markup_text(op["name"].get<std::string>()) +
      "</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:0.5em "
      "0 1.5em}td,th{border:1px solid #999;padding:0.2em 0.6em;text-align:right}th{background:#eee}"
      "td:first-child{text-align:left}@media print{body{margin:0}}</style></head><body>";
  html += "<h1>Operation " + markup_text(op["name"].get<std::string>()) + "</h1>";
  html += "<p>Coordinated by " + markup_text(op["coordinator"].get<std::string>()) + "; focus " +
          markup_text(op["focus"].get<std::string>()) + "; from " + markup_text(op["start"].get<std::string>()) +
          " to " + markup_text(op["end"].get<std::string>()) + ".</p>";
  std::vector<std::vector<std::string>> participants;
  for (const auto& p : r["participants"]) {
    participants.push_back(
        {cell_text(p["member"]), cell_text(p["status"]), cell_text(p["checks"]), cell_text(p["hits"])});
  }
  html += "<h2>Participants</h2>" + table({"member", "status", "checks", "hits"}, participants);
  html += "<h2>Checks and hits</h2><p>" + cell_text(r["checks"]["total"]) + " checks, " +
          cell_text(r["hits"]["total"]) + " hits.</p>";
  std::vector<std::vector<std::string>> databases;
  for (const auto& [db, statuses] : r["hits"]["by_database"].items()) {
    databases.push_back({markup_text(db), cell_text(statuses.value("pending", json(0))),
                         cell_text(statuses.value("confirmed", json(0))),
                         cell_text(statuses.value("rejected", json(0))), cell_text(statuses["total"])});
  }
  html += table({"database", "pending", "confirmed", "rejected", "total"}, databases);
  html += "<h2>Outcomes</h2>";
  std::vector<std::vector<std::string>> totals = {outcome_row(r["outcomes"]["total"])};
  totals[0].insert(totals[0].begin(), "all");
  std::vector<std::string> header = outcome_header;
  header.insert(header.begin(), "");
  html += table(header, totals);
  std::vector<std::vector<std::string>> countries;
  for (const auto& c : r["outcomes"]["by_country"]) {
    auto row = outcome_row(c);
    row.insert(row.begin(), cell_text(c["country"]));
    countries.push_back(std::move(row));
  }
  header[0] = "country";
  html += "<h3>By country</h3>" + table(header, countries);
  html += breakdown("Victims by type of exploitation", r["outcomes"]["victims"]["by_exploitation"]);
  html += breakdown("Victims by sex", r["outcomes"]["victims"]["by_sex"]);
  html += breakdown("Victims by age band", r["outcomes"]["victims"]["by_age_band"]);
  html += breakdown("Victims by nationality", r["outcomes"]["victims"]["by_nationality"]);
  html += breakdown("Migrants by nationality", r["outcomes"]["migrants"]["by_nationality"]);
  html += breakdown("Arrests by offence", r["outcomes"]["arrests"]["by_offence"]);
  std::vector<std::vector<std::string>> days;
  for (const auto& d : r["by_day"]) {
    auto row = outcome_row(d);
    row.insert(row.begin(), {cell_text(d["day"]), cell_text(d["checks"]), cell_text(d["hits"])});
    days.push_back(std::move(row));
  }
  std::vector<std::string> day_header = outcome_header;
  day_header.insert(day_header.begin(), {"day", "checks", "hits"});
  html += "<h2>Day by day</h2>" + table(day_header, days);
  html += "<p>" + markup_text(r["suppression"]["rule"].get<std::string>()) + " (" +
          cell_text(r["suppression"]["cells"]) + " cells).</p></body></html>";
  return html;
}

}  // namespace ariadne::operations
