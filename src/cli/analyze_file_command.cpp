// `ariadne analyze networks|neighbourhood|path|key-players|routes|trends --db
// FILE`: the analysis file's link graph (analysis/link_graph.hpp) and its
// routes and trends (analysis/routes.hpp) as one user sees them.
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "analysis/graph_export.hpp"
#include "analysis/link_graph.hpp"
#include "analysis/people.hpp"
#include "analysis/reports.hpp"
#include "analysis/routes.hpp"
#include "cli/commands.hpp"
#include "common/csv.hpp"
#include "policy/accounts.hpp"

namespace ariadne::cli {

namespace {

Result<std::string> answer(store::Database& db, const policy::Caller& caller, const AnalyzeFileOptions& o) {
  analysis::People people;
  analysis::LinkGraph graph(people);
  std::ostringstream out;
  if (o.command == "networks") {
    ARIADNE_ASSIGN(const auto found, graph.networks(db, caller, o.min_size, o.limit.value_or(100), o.entity));
    for (const auto& n : found) out << analysis::to_json(n, true).dump() << '\n';
    std::cerr << "ariadne analyze: " << found.size() << " networks\n";
  } else if (o.command == "neighbourhood") {
    ARIADNE_ASSIGN(const auto g, graph.neighbourhood(db, caller, o.entity, o.depth, {}));
    out << analysis::to_json(g, true).dump() << '\n';
    std::cerr << "ariadne analyze: " << g.nodes.size() << " entities, " << g.edges.size() << " links\n";
  } else if (o.command == "path") {
    ARIADNE_ASSIGN(const auto p, graph.paths(db, caller, o.entity, o.to, o.max_hops, o.limit.value_or(10), o.all, {}));
    auto body = analysis::to_json(p.graph, false);
    body["hops"] = p.hops;
    body["paths"] = p.paths;
    body["truncated"] = p.truncated;
    out << body.dump() << '\n';
    std::cerr << "ariadne analyze: " << p.paths.size() << " paths"
              << (p.paths.empty() ? " (not linked within " + std::to_string(o.max_hops) + " hops)" : "") << '\n';
  } else if (o.command == "report") {
    if (o.report_format != "json" && o.report_format != "html") {
      return Error::invalid("format", "must be json or html");
    }
    nlohmann::json report;
    if (o.entity != 0) {
      if (!o.countries.empty()) return Error::invalid("countries", "is for a strategic report, not a network's");
      ARIADNE_ASSIGN(report, analysis::network_report(graph, db, caller, o.entity));
    } else {
      ARIADNE_ASSIGN(report, analysis::strategic_report(graph, db, caller, {o.countries, o.from_date, o.to_date}));
    }
    out << (o.report_format == "html" ? analysis::report_html(report) : report.dump() + "\n");
    std::cerr << "ariadne analyze: " << (o.entity != 0 ? "network" : "strategic") << " report\n";
  } else if (o.command == "brokers") {
    ARIADNE_ASSIGN(const auto found, graph.brokers(db, caller, o.entity, o.limit.value_or(100)));
    out << "entity,kind,label,bridging,constraint,communities\n";
    for (const auto& b : found.brokers) {
      out << b.node.id << ',' << b.node.kind << ',' << csv_text(b.node.label) << ',' << exact_number(b.bridging) << ','
          << (b.constraint ? exact_number(*b.constraint) : "") << ',' << b.communities << '\n';
    }
    std::cerr << "ariadne analyze: " << found.communities << " communities, modularity " << found.modularity << '\n';
  } else if (o.command == "export") {
    const auto format = analysis::parse_export_format(o.format);
    if (!format) return Error::invalid("format", "must be graphml, gexf, csv-nodes, csv-edges or ftm");
    ARIADNE_ASSIGN(auto found, analysis::export_graph(graph, db, caller, *format, o.entity));
    out << found.text;
    std::cerr << "ariadne analyze: " << found.entities << " entities, " << found.links << " links";
    if (found.withheld_victims > 0) {
      std::cerr << " (" << found.withheld_victims
                << (*format == analysis::ExportFormat::ftm ? " victims left out)" : " victims' names withheld)");
    }
    if (found.withheld > 0) std::cerr << "; " << found.withheld << " entities that lead only to victims left out";
    std::cerr << '\n';
  } else if (o.command == "routes" || o.command == "trends") {
    const analysis::RouteFilter filter{
        .from = o.from_date, .to = o.to_date, .country = o.country, .network = o.entity, .person = o.person};
    if (o.entity != 0 && o.person != 0) return Error::invalid("person", "asks with --network: ask one of them");
    if (o.command == "routes") {
      ARIADNE_ASSIGN(const auto found, analysis::routes(graph, db, caller, filter));
      out << analysis::to_json(found).dump() << '\n';
      std::cerr << "ariadne analyze: " << found.corridors.size() << " corridors, " << found.legs.size()
                << " borders crossed\n";
    } else {
      const auto by = analysis::parse_trend_by(o.by);
      if (!by)
        return Error::invalid("by", "must be month, route, crossing_point, nationality, crime_type or exploitation");
      analysis::TrendTest test;
      test.alpha = o.alpha;
      ARIADNE_ASSIGN(const auto found, analysis::trends(graph, db, caller, *by, filter, test));
      std::size_t alerts = 0;
      for (const auto& s : found.series) alerts += s.alerts.size();
      out << analysis::to_json(found).dump() << '\n';
      std::cerr << "ariadne analyze: " << found.series.size() << " series over " << found.months.size() << " months, "
                << alerts << " months flagged\n";
    }
  } else {  // key-players
    const auto measure = analysis::parse_measure(o.measure);
    if (!measure)
      return Error::invalid("measure", "must be degree, betweenness, closeness, eigenvector, pagerank or coreness");
    ARIADNE_ASSIGN(const auto ranked, graph.centrality(db, caller, *measure, o.entity, o.limit.value_or(100)));
    out << "entity,kind,label,value\n";
    for (const auto& r : ranked) {
      out << r.node.id << ',' << r.node.kind << ',' << csv_text(r.node.label) << ',' << exact_number(r.value) << '\n';
    }
  }
  return out.str();
}

}  // namespace

int analyze_file(const AnalyzeFileOptions& o) {
  auto db = open_ready(o.db_url);
  if (!db) return fail("analyze", db.error());
  auto caller = policy::system_caller();
  caller.username = "cli";
  if (o.as_user) {
    auto as = policy::caller_for_user(**db, *o.as_user);
    if (!as) return fail("analyze", as.error());
    caller = *as;
  }
  // The answer is written once whole: a request refused half way writes nothing.
  auto text = answer(**db, caller, o);
  if (!text) return fail("analyze", text.error());
  return write_output("analyze", o.out, *text);
}

}  // namespace ariadne::cli
