// The analysis file's link graph: neighbourhoods, paths, networks, key
// players and communities, over what the caller may see.
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/graph_export.hpp"
#include "analysis/link_graph.hpp"
#include "analysis/package.hpp"
#include "analysis/reports.hpp"
#include "analysis/routes.hpp"
#include "common/country.hpp"
#include "common/time.hpp"
#include "server/server.hpp"

namespace ariadne::server {

using nlohmann::json;

namespace {

// A comma-separated list query parameter (at most 50 values, each checked).
Result<std::vector<std::string>> list_query(const Context& ctx, const std::string& name,
                                            bool (*valid)(std::string_view), const std::string& what) {
  std::vector<std::string> out;
  const auto text = ctx.query(name);
  if (!text) return out;
  std::size_t at = 0;
  while (at <= text->size()) {
    const auto end = std::min(text->find(',', at), text->size());
    const auto item = text->substr(at, end - at);
    if (!valid(item)) return Error::invalid(name, "\"" + item.substr(0, 64) + "\" is not " + what);
    out.push_back(item);
    if (out.size() > 50) return Error::invalid(name, "lists at most 50 values");
    at = end + 1;
  }
  return out;
}

bool member_code(std::string_view s) {
  if (s.empty() || s.size() > 16) return false;
  for (const char c : s) {
    if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

// The filter a request asks for; `with_dates` false where from and to name a path's ends.
Result<analysis::GraphFilter> filter_of(const Context& ctx, bool with_dates = true) {
  analysis::GraphFilter f;
  ARIADNE_ASSIGN(f.link_kinds, list_query(ctx, "kinds", &analysis::is_link_kind, "a kind of link"));
  ARIADNE_ASSIGN(f.members, list_query(ctx, "members", &member_code, "a member code"));
  for (const auto* name : {"from", "to"}) {
    if (!with_dates) break;
    if (const auto d = ctx.query(name)) {
      if (!parse_date(*d)) return Error::invalid(name, "must be a date YYYY-MM-DD");
      (std::string(name) == "from" ? f.from : f.to) = *d;
    }
  }
  if (!f.from.empty() && !f.to.empty() && f.to < f.from) return Error::invalid("to", "is before from");
  if (const auto c = ctx.query("country")) {
    if (!is_iso_alpha3(*c)) return Error::invalid("country", "must be an ISO 3166-1 alpha-3 code");
    f.country = *c;
  }
  return f;
}

// A true/false query parameter, false when absent.
Result<bool> bool_query(const Context& ctx, const std::string& name) {
  const auto text = ctx.query(name);
  if (text && *text != "true" && *text != "false") return Error::invalid(name, "must be true or false");
  return text && *text == "true";
}

// The `kind` of entity a ranking keeps, none when absent.
Result<std::optional<analysis::MentionKind>> kind_query(const Context& ctx) {
  const auto k = ctx.query("kind");
  if (!k) return std::optional<analysis::MentionKind>();
  const auto kind = analysis::parse_mention_kind(*k);
  if (!kind) return Error::invalid("kind", "must be a kind of entity: person, phone, account, …");
  return kind;
}

// A number query parameter, none when absent.
Result<std::optional<double>> number_query(const Context& ctx, const std::string& name) {
  const auto text = ctx.query(name);
  if (!text) return std::optional<double>();
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(*text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text->size() || !std::isfinite(value)) return Error::invalid(name, "must be a number");
  return std::optional<double>(value);
}

// An entity id query parameter: required, or 0 when absent and optional.
Result<std::int64_t> entity_query(const Context& ctx, const std::string& name, bool required) {
  const auto text = ctx.query(name);
  if (!text) {
    if (required) return Error::invalid(name, "is required: an entity id");
    return std::int64_t{0};
  }
  return ctx.int_query(name, 0, 1, (std::int64_t{1} << 53) - 1);
}

Result<analysis::LinkGraph*> graph_of(AppState& app) {
  if (app.links == nullptr) return Error{ErrorCode::unavailable, "the link graph is not available", {}};
  return app.links;
}

// The scope of a routes or trends request.
Result<analysis::RouteFilter> route_filter_of(const Context& ctx) {
  ARIADNE_ASSIGN(const auto f, filter_of(ctx));
  analysis::RouteFilter out{.from = f.from, .to = f.to, .country = f.country};
  ARIADNE_ASSIGN(out.network, entity_query(ctx, "network", false));
  ARIADNE_ASSIGN(out.person, entity_query(ctx, "person", false));
  if (out.network != 0 && out.person != 0) return Error::invalid("person", "asks with network: ask one of them");
  return out;
}

const std::vector<std::pair<std::string, std::string>> kRouteParams = {
    {"from", "crossings dated before are left out (YYYY-MM-DD)"},
    {"to", "crossings dated after are left out (YYYY-MM-DD)"},
    {"country", "only crossings out of, into or in this country (alpha-3)"},
    {"network", "only the crossings of this entity's network"},
    {"person", "only this person's crossings"}};

// Entity ids listed per network or community at most (its size counts them all).
constexpr std::size_t kListed = 10000;

const std::vector<std::pair<std::string, std::string>> kFilterParams = {
    {"kinds", "links of these kinds only (comma-separated: uses, paid, participant, …)"},
    {"members", "links these members contributed only (comma-separated codes)"},
    {"from", "events dated before are left out (YYYY-MM-DD)"},
    {"to", "events dated after are left out (YYYY-MM-DD)"},
    {"country", "events and places in other countries are left out (alpha-3)"}};

// A handler whose JSON answer also says which entity ids asked for (in
// `params`) were merged into another entity since: the answer is the
// survivor's, and `redirected` lists {param, asked, entity}, as GET
// /entities/{id} says `redirected_from`. Asked after the answer, which has
// already shown the caller the survivor.
Handler redirecting(AppState& app, std::vector<std::string> params, Handler inner) {
  return [&app, params = std::move(params), inner = std::move(inner)](Context& ctx) -> Result<Reply> {
    ARIADNE_ASSIGN(auto reply, inner(ctx));
    if (reply.content_type != "application/json" || !reply.raw.empty() || !reply.body.is_object()) return reply;
    json list = json::array();
    for (const auto& name : params) {
      ARIADNE_ASSIGN(const auto asked, entity_query(ctx, name, false));
      if (asked == 0) continue;
      ARIADNE_ASSIGN(auto graph, graph_of(app));
      ARIADNE_ASSIGN(const auto now, graph->survivor(app.db, asked));
      if (now != asked) list.push_back({{"param", name}, {"asked", asked}, {"entity", now}});
    }
    if (!list.empty()) reply.body["redirected"] = std::move(list);
    return reply;
  };
}

void add_graph_schemas(Router& router) {
  json str = {{"type", "string"}};
  json integer = {{"type", "integer"}};
  router.add_schema(
      "GraphNode",
      {{"type", "object"},
       {"properties", {{"id", integer}, {"kind", str}, {"label", str}, {"mentions", integer}, {"depth", integer}}}});
  json statement = {{"type", "object"},
                    {"properties",
                     {{"contribution", integer},
                      {"case", str},
                      {"member", str},
                      {"kind", str},
                      {"from", integer},
                      {"to", integer},
                      {"from_mention", str},
                      {"to_mention", str}}}};
  router.add_schema(
      "GraphEdge",
      {{"type", "object"},
       {"properties", {{"a", integer}, {"b", integer}, {"statements", {{"type", "array"}, {"items", statement}}}}}});
  // Entity ids asked for that were merged into another entity (see redirecting()).
  const json redirected = {
      {"type", "array"},
      {"items", {{"type", "object"}, {"properties", {{"param", str}, {"asked", integer}, {"entity", integer}}}}}};
  json subgraph = {{"nodes", {{"type", "array"}, {"items", schema_ref("GraphNode")}}},
                   {"edges", {{"type", "array"}, {"items", schema_ref("GraphEdge")}}},
                   {"redirected", redirected}};
  router.add_schema("Subgraph", {{"type", "object"}, {"properties", subgraph}});
  json paths = subgraph;
  paths["hops"] = integer;
  paths["truncated"] = {{"type", "boolean"}};
  paths["paths"] = {{"type", "array"}, {"items", {{"type", "array"}, {"items", integer}}}};
  router.add_schema("GraphPaths", {{"type", "object"}, {"properties", paths}});
  json counts = {{"type", "object"}, {"additionalProperties", integer}};
  json strings = {{"type", "array"}, {"items", str}};
  json network = {{"type", "object"},
                  {"properties",
                   {{"id", integer},
                    {"entities", integer},
                    {"kinds", counts},
                    {"people", integer},
                    {"victims", integer},
                    {"roles", counts},
                    {"countries", strings},
                    {"members", strings},
                    {"cases", integer},
                    {"first", {{"type", json::array({"string", "null"})}}},
                    {"last", {{"type", json::array({"string", "null"})}}},
                    {"entity_ids", {{"type", "array"}, {"items", integer}}}}}};
  router.add_schema(
      "NetworkList",
      {{"type", "object"},
       {"properties", {{"networks", {{"type", "array"}, {"items", network}}}, {"redirected", redirected}}}});
  json ranked = {
      {"type", "object"},
      {"properties",
       {{"id", integer}, {"kind", str}, {"label", str}, {"mentions", integer}, {"value", {{"type", "number"}}}}}};
  router.add_schema("Centrality", {{"type", "object"},
                                   {"properties",
                                    {{"measure", str},
                                     {"network", {{"type", json::array({"integer", "null"})}}},
                                     {"entities", {{"type", "array"}, {"items", ranked}}},
                                     {"redirected", redirected}}}});
  json community = {{"type", "object"},
                    {"properties", {{"size", integer}, {"entities", {{"type", "array"}, {"items", integer}}}}}};
  json leg = {{"type", "object"},
              {"properties",
               {{"from", str},
                {"to", str},
                {"crossings", integer},
                {"people", integer},
                {"deaths", integer},
                {"modes", counts},
                {"crossing_points", {{"type", "array"}, {"items", {{"type", "object"}}}}},
                {"first", str},
                {"last", str}}}};
  json corridor = {{"type", "object"},
                   {"properties",
                    {{"route", strings},
                     {"people", integer},
                     {"networks", integer},
                     {"deaths", integer},
                     {"first", str},
                     {"last", str},
                     {"days", {{"type", json::array({"object", "null"})}}},
                     {"legs", {{"type", "array"}, {"items", leg}}}}}};
  router.add_schema("Routes", {{"type", "object"},
                               {"properties",
                                {{"corridors", {{"type", "array"}, {"items", corridor}}},
                                 {"legs", {{"type", "array"}, {"items", leg}}},
                                 {"journeys", {{"type", "array"}, {"items", {{"type", "object"}}}}},
                                 {"journeys_truncated", {{"type", "boolean"}}},
                                 {"map", {{"type", "object"}}},
                                 {"redirected", redirected}}}});
  json series = {{"type", "object"},
                 {"properties",
                  {{"key", str},
                   {"counts", {{"type", "array"}, {"items", integer}}},
                   {"total", integer},
                   {"alerts", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};
  router.add_schema("Trends", {{"type", "object"},
                               {"properties",
                                {{"by", str},
                                 {"measure", str},
                                 {"months", strings},
                                 {"series", {{"type", "array"}, {"items", series}}},
                                 {"test", {{"type", "object"}}},
                                 {"redirected", redirected}}}});
  json broker = ranked;
  broker["properties"].erase("value");
  broker["properties"]["bridging"] = {{"type", "number"}};
  broker["properties"]["constraint"] = {{"type", json::array({"number", "null"})}};
  broker["properties"]["communities"] = integer;
  router.add_schema("Brokers", {{"type", "object"},
                                {"properties",
                                 {{"network", {{"type", json::array({"integer", "null"})}}},
                                  {"communities", integer},
                                  {"modularity", {{"type", "number"}}},
                                  {"entities", {{"type", "array"}, {"items", broker}}},
                                  {"redirected", redirected}}}});
  router.add_schema("Communities", {{"type", "object"},
                                    {"properties",
                                     {{"method", str},
                                      {"modularity", {{"type", "number"}}},
                                      {"count", integer},
                                      {"communities", {{"type", "array"}, {"items", community}}},
                                      {"redirected", redirected}}}});
}

}  // namespace

void add_graph_routes(Router& router, AppState& app) {
  add_graph_schemas(router);
  // Two exports written at once at most (each held in memory until sent).
  auto exports = std::make_shared<analysis::ExportSlots>(2);

  auto neighbourhood_params = kFilterParams;
  neighbourhood_params.insert(neighbourhood_params.begin(),
                              {{"id", "the entity (required)"}, {"depth", "links away, 1 to 4 (default 1)"}});
  router.add({.method = "GET",
              .path = "/graph/neighbourhood",
              .summary = "The entities within depth links of an entity and the links among them, each link with "
                         "the statements behind it; places are shown but not gone through",
              .tag = "analysis",
              .response_schema = schema_ref("Subgraph"),
              .query_params = neighbourhood_params,
              .handler = redirecting(app, {"id"}, [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(ctx.only_queries({"id", "depth", "kinds", "members", "from", "to", "country"}));
                ARIADNE_ASSIGN(auto graph, graph_of(app));
                ARIADNE_ASSIGN(auto id, entity_query(ctx, "id", true));
                ARIADNE_ASSIGN(auto depth, ctx.int_query("depth", 1, 1, analysis::kMaxDepth));
                ARIADNE_ASSIGN(auto filter, filter_of(ctx));
                ARIADNE_ASSIGN(auto g, graph->neighbourhood(app.db, ctx.who(), id, static_cast<int>(depth), filter));
                return Reply{200, analysis::to_json(g, true)};
              })});

  auto path_params = kFilterParams;
  path_params.insert(path_params.begin(),
                     {{"from", "the entity the paths start from (required)"},
                      {"to", "the entity they end at (required)"},
                      {"max_hops", "1 to 8 (default 6)"},
                      {"limit", "paths, 1 to 100 (default 10)"},
                      {"all", "true: every path without a repeated entity within max_hops, shortest first"}});
  path_params.erase(std::remove_if(path_params.begin(), path_params.end(),
                                   [](const auto& p) { return p.second.starts_with("events dated"); }),
                    path_params.end());
  router.add(
      {.method = "GET",
       .path = "/graph/path",
       .summary = "The shortest paths (or, with all, every short path) between two entities, with the statements "
                  "behind every hop; none when they are not linked that closely",
       .tag = "analysis",
       .response_schema = schema_ref("GraphPaths"),
       .query_params = path_params,
       .handler = redirecting(app, {"from", "to"}, [&app](Context& ctx) -> Result<Reply> {
         ARIADNE_TRY(ctx.only_queries({"from", "to", "max_hops", "limit", "all", "kinds", "members", "country"}));
         ARIADNE_ASSIGN(auto graph, graph_of(app));
         ARIADNE_ASSIGN(auto from, entity_query(ctx, "from", true));
         ARIADNE_ASSIGN(auto to, entity_query(ctx, "to", true));
         ARIADNE_ASSIGN(auto hops, ctx.int_query("max_hops", 6, 1, analysis::kMaxHops));
         ARIADNE_ASSIGN(auto limit, ctx.int_query("limit", 10, 1, analysis::kMaxPaths));
         const auto all = ctx.query("all");
         if (all && *all != "true" && *all != "false") return Error::invalid("all", "must be true or false");
         ARIADNE_ASSIGN(auto filter, filter_of(ctx, false));
         ARIADNE_ASSIGN(auto found, graph->paths(app.db, ctx.who(), from, to, static_cast<std::size_t>(hops),
                                                 static_cast<std::size_t>(limit), all && *all == "true", filter));
         json out = analysis::to_json(found.graph, false);
         out["hops"] = found.hops;
         out["paths"] = found.paths;
         out["truncated"] = found.truncated;
         return Reply{200, out};
       })});

  router.add({.method = "GET",
              .path = "/graph/networks",
              .summary = "The networks the caller sees (connected entities, places aside) with at least one person: "
                         "their size, people by role, countries, members, cases and dates, largest first",
              .tag = "analysis",
              .response_schema = schema_ref("NetworkList"),
              .query_params = {{"entity", "only the network of this entity"},
                               {"min_size", "entities, 1 to 1000000 (default 2)"},
                               {"limit", "1 to 100000 (default 100)"},
                               {"with_entities", "true: each network with its entity_ids"}},
              .handler = redirecting(app, {"entity"}, [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(ctx.only_queries({"entity", "min_size", "limit", "with_entities"}));
                const auto list = ctx.query("with_entities");
                if (list && *list != "true" && *list != "false") {
                  return Error::invalid("with_entities", "must be true or false");
                }
                const bool with_entities = list && *list == "true";
                ARIADNE_ASSIGN(auto graph, graph_of(app));
                ARIADNE_ASSIGN(auto entity, entity_query(ctx, "entity", false));
                ARIADNE_ASSIGN(auto min_size, ctx.int_query("min_size", 2, 1, 1'000'000));
                ARIADNE_ASSIGN(auto limit, ctx.int_query("limit", 100, 1, 100000));
                ARIADNE_ASSIGN(auto found, graph->networks(app.db, ctx.who(), static_cast<std::size_t>(min_size),
                                                           static_cast<std::size_t>(limit), entity));
                json items = json::array();
                for (auto& n : found) {
                  if (n.entity_ids.size() > kListed) n.entity_ids.resize(kListed);
                  items.push_back(analysis::to_json(n, with_entities));
                }
                return Reply{200, {{"networks", items}}};
              })});

  router.add(
      {.method = "GET",
       .path = "/graph/centrality",
       .summary = "Key players: the entities ranked by a centrality measure within a network or over the "
                  "whole file (betweenness and closeness refused beyond 2e9 entities × links)",
       .tag = "analysis",
       .response_schema = schema_ref("Centrality"),
       .query_params = {{"measure",
                         "degree, betweenness, closeness, eigenvector, pagerank or coreness "
                         "(default degree)"},
                        {"network", "an entity of the network (default: the whole file)"},
                        {"kind", "rank only entities of this kind (person, phone, …)"},
                        {"offenders_only",
                         "true: measured without the people its mentions say are victims or migrants"},
                        {"limit", "1 to 1000 (default 20)"}},
       .handler = redirecting(app, {"network"}, [&app](Context& ctx) -> Result<Reply> {
         ARIADNE_TRY(ctx.only_queries({"measure", "network", "kind", "offenders_only", "limit"}));
         ARIADNE_ASSIGN(const auto offenders, bool_query(ctx, "offenders_only"));
         ARIADNE_ASSIGN(const auto kind, kind_query(ctx));
         ARIADNE_ASSIGN(auto graph, graph_of(app));
         const auto name = ctx.query("measure").value_or("degree");
         const auto measure = analysis::parse_measure(name);
         if (!measure) {
           return Error::invalid("measure",
                                 "must be degree, betweenness, closeness, eigenvector, pagerank or coreness");
         }
         ARIADNE_ASSIGN(auto network, entity_query(ctx, "network", false));
         ARIADNE_ASSIGN(auto limit, ctx.int_query("limit", 20, 1, 1000));
         ARIADNE_ASSIGN(auto ranked, graph->centrality(app.db, ctx.who(), *measure, network,
                                                       static_cast<std::size_t>(limit), kind, offenders));
         json items = json::array();
         for (const auto& r : ranked) {
           auto item = analysis::to_json(r.node, false);
           item["value"] = r.value;
           items.push_back(std::move(item));
         }
         return Reply{
             200, {{"measure", name}, {"network", network == 0 ? json(nullptr) : json(network)}, {"entities", items}}};
       })});

  router.add({.method = "GET",
              .path = "/graph/communities",
              .summary = "Communities (Leiden, or Louvain to compare) within a network or over the whole file, "
                         "largest first, with the partition's modularity",
              .tag = "analysis",
              .response_schema = schema_ref("Communities"),
              .query_params = {{"method", "leiden (default) or louvain"},
                               {"network", "an entity of the network (default: the whole file)"},
                               {"resolution", "above 0, at most 100 (default 1)"},
                               {"limit", "communities listed, 1 to 10000 (default 100)"}},
              .handler = redirecting(app, {"network"}, [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(ctx.only_queries({"method", "network", "resolution", "limit"}));
                ARIADNE_ASSIGN(auto graph, graph_of(app));
                const auto method = ctx.query("method").value_or("leiden");
                if (method != "leiden" && method != "louvain") {
                  return Error::invalid("method", "must be leiden or louvain");
                }
                ARIADNE_ASSIGN(const auto asked, number_query(ctx, "resolution"));
                const double resolution = asked.value_or(1);
                ARIADNE_ASSIGN(auto network, entity_query(ctx, "network", false));
                ARIADNE_ASSIGN(auto limit, ctx.int_query("limit", 100, 1, 10000));
                ARIADNE_ASSIGN(auto found,
                               graph->communities(app.db, ctx.who(), network, method == "louvain", resolution));
                json items = json::array();
                for (std::size_t i = 0; i < found.communities.size() && std::cmp_less(i, limit); ++i) {
                  auto& ids = found.communities[i].entities;
                  if (ids.size() > kListed) ids.resize(kListed);
                  items.push_back({{"size", found.communities[i].size}, {"entities", ids}});
                }
                return Reply{200,
                             {{"method", found.method},
                              {"modularity", found.modularity},
                              {"count", found.communities.size()},
                              {"communities", items}}};
              })});

  router.add({.method = "GET",
              .path = "/analysis/routes",
              .summary = "Routes: the corridors (country sequences) the people moved travelled, with their people, "
                         "networks, deaths in transit, durations and, per leg, modes and crossing points; the "
                         "file's legs; for a network or a person, each journey; and a map's places and countries",
              .tag = "analysis",
              .response_schema = schema_ref("Routes"),
              .query_params = kRouteParams,
              .handler = redirecting(app, {"network", "person"}, [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(ctx.only_queries({"from", "to", "country", "network", "person"}));
                ARIADNE_ASSIGN(auto graph, graph_of(app));
                ARIADNE_ASSIGN(auto filter, route_filter_of(ctx));
                ARIADNE_ASSIGN(auto found, analysis::routes(*graph, app.db, ctx.who(), filter));
                return Reply{200, analysis::to_json(found)};
              })});

  auto trend_params = kRouteParams;
  trend_params.insert(trend_params.begin(),
                      {{"by", "month (default), route, crossing_point, nationality, crime_type or exploitation"},
                       {"alpha", "a month is flagged when its p-value is below (default 0.001, at most 0.1)"},
                       {"min_observed", "and its count at least this (default 5)"}});
  router.add(
      {.method = "GET",
       .path = "/analysis/trends",
       .summary = "Trends: monthly counts by month, route, crossing point, nationality, crime type or "
                  "exploitation type, each month tested against its history (a Poisson upper tail against "
                  "a seasonal or trailing baseline; the test's parameters are in the answer)",
       .tag = "analysis",
       .response_schema = schema_ref("Trends"),
       .query_params = trend_params,
       .handler = redirecting(app, {"network", "person"}, [&app](Context& ctx) -> Result<Reply> {
         ARIADNE_TRY(ctx.only_queries({"by", "alpha", "min_observed", "from", "to", "country", "network", "person"}));
         ARIADNE_ASSIGN(auto graph, graph_of(app));
         const auto by = analysis::parse_trend_by(ctx.query("by").value_or("month"));
         if (!by) {
           return Error::invalid("by", "must be month, route, crossing_point, nationality, crime_type or exploitation");
         }
         analysis::TrendTest test;
         ARIADNE_ASSIGN(const auto alpha, number_query(ctx, "alpha"));
         test.alpha = alpha.value_or(test.alpha);
         if (!(test.alpha > 0 && test.alpha <= 0.1)) {
           return Error::invalid("alpha", "must be a number above 0, at most 0.1");
         }
         ARIADNE_ASSIGN(auto min_observed, ctx.int_query("min_observed", 5, 1, 1'000'000));
         test.min_observed = static_cast<std::size_t>(min_observed);
         ARIADNE_ASSIGN(auto filter, route_filter_of(ctx));
         ARIADNE_ASSIGN(auto found, analysis::trends(*graph, app.db, ctx.who(), *by, filter, test));
         return Reply{200, analysis::to_json(found)};
       })});

  router.add({.method = "GET",
              .path = "/graph/export",
              .summary = "The link graph the caller sees (the whole file, or a network with its places) as GraphML, "
                         "GEXF, CSV of nodes or of edges, or FollowTheMoney JSON Lines of the contributions behind "
                         "it; victims' names withheld (FtM: victims left out); every export audited",
              .tag = "analysis",
              .query_params = {{"format", "graphml (default), gexf, csv-nodes, csv-edges or ftm"},
                               {"network", "an entity of the network (default: the whole file)"}},
              .handler = [&app, exports](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(ctx.only_queries({"format", "network"}));
                ARIADNE_ASSIGN(auto graph, graph_of(app));
                ARIADNE_ASSIGN(const auto slot, exports->take());
                const auto format = analysis::parse_export_format(ctx.query("format").value_or("graphml"));
                if (!format) return Error::invalid("format", "must be graphml, gexf, csv-nodes, csv-edges or ftm");
                ARIADNE_ASSIGN(auto network, entity_query(ctx, "network", false));
                ARIADNE_ASSIGN(auto found, analysis::export_graph(*graph, app.db, ctx.who(), *format, network));
                Reply reply{200, nullptr, std::string(analysis::content_type(*format))};
                reply.raw = std::move(found.text);
                reply.headers.emplace_back("X-Entities", std::to_string(found.entities));
                reply.headers.emplace_back("X-Withheld-Victims", std::to_string(found.withheld_victims));
                return reply;
              }});

  router.add({.method = "GET",
              .path = "/graph/brokers",
              .summary = "Brokers between communities within a network or over the whole file: each entity's "
                         "betweenness over the pairs of entities in different (Leiden) communities and Burt's "
                         "constraint, highest bridging first",
              .tag = "analysis",
              .response_schema = schema_ref("Brokers"),
              .query_params = {{"network", "an entity of the network (default: the whole file)"},
                               {"kind", "rank only entities of this kind (person, phone, …)"},
                               {"offenders_only",
                                "true: measured without the people its mentions say are victims or migrants"},
                               {"limit", "1 to 1000 (default 20)"}},
              .handler = redirecting(app, {"network"}, [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(ctx.only_queries({"network", "kind", "offenders_only", "limit"}));
                ARIADNE_ASSIGN(const auto offenders, bool_query(ctx, "offenders_only"));
                ARIADNE_ASSIGN(const auto kind, kind_query(ctx));
                ARIADNE_ASSIGN(auto graph, graph_of(app));
                ARIADNE_ASSIGN(auto network, entity_query(ctx, "network", false));
                ARIADNE_ASSIGN(auto limit, ctx.int_query("limit", 20, 1, 1000));
                ARIADNE_ASSIGN(auto found, graph->brokers(app.db, ctx.who(), network, static_cast<std::size_t>(limit),
                                                          kind, offenders));
                return Reply{200, analysis::to_json(found, network)};
              })});

  // Whether a report is asked as its printable page (format=html) rather than JSON.
  const auto as_html = [](Context& ctx) -> Result<bool> {
    const auto format = ctx.query("format").value_or("json");
    if (format != "json" && format != "html") return Error::invalid("format", "must be json or html");
    return format == "html";
  };
  const auto report_reply = [](bool html, const json& report) -> Result<Reply> {
    if (!html) return Reply{200, report};
    Reply reply{200, nullptr, "text/html; charset=utf-8"};
    reply.raw = analysis::report_html(report);
    return reply;
  };
  router.add({.method = "GET",
              .path = "/analysis/reports/network",
              .summary = "An operational report of a network: people and roles, victims (unnamed), assets, places, "
                         "route, timeline, key players, brokers, open leads and gaps; JSON or a printable page",
              .tag = "analysis",
              .query_params = {{"entity", "an entity of the network (required)"}, {"format", "json (default) or html"}},
              .handler = redirecting(app, {"network"}, [&app, as_html, report_reply](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(ctx.only_queries({"entity", "format"}));
                ARIADNE_ASSIGN(const auto html, as_html(ctx));
                ARIADNE_ASSIGN(auto graph, graph_of(app));
                ARIADNE_ASSIGN(auto entity, entity_query(ctx, "entity", true));
                ARIADNE_ASSIGN(auto report, analysis::network_report(*graph, app.db, ctx.who(), entity));
                return report_reply(html, report);
              })});
  router.add({.method = "GET",
              .path = "/analysis/reports/strategic",
              .summary = "A strategic report of a region and a period: corridors, borders, people moved by month with "
                         "flagged months, nationalities, modus operandi, victims by exploitation; counts of 1 to 10 "
                         "people resting on other members' cases shown as <11; JSON or a printable page",
              .tag = "analysis",
              .query_params = {{"countries", "the region: alpha-3 codes, comma-separated (default: everywhere)"},
                               {"from", "the period's first day (YYYY-MM-DD)"},
                               {"to", "its last day"},
                               {"format", "json (default) or html"}},
              .handler = [&app, as_html, report_reply](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(ctx.only_queries({"countries", "from", "to", "format"}));
                ARIADNE_ASSIGN(const auto html, as_html(ctx));
                ARIADNE_ASSIGN(auto graph, graph_of(app));
                ARIADNE_ASSIGN(const auto f, filter_of(ctx));
                analysis::StrategicScope scope{{}, f.from, f.to};
                ARIADNE_ASSIGN(scope.countries,
                               list_query(ctx, "countries", &is_iso_alpha3, "an ISO 3166-1 alpha-3 code"));
                ARIADNE_ASSIGN(auto report, analysis::strategic_report(*graph, app.db, ctx.who(), scope));
                return report_reply(html, report);
              }});
}

}  // namespace ariadne::server
