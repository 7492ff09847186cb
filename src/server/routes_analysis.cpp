// The crime analysis file: case contributions.
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "analysis/contributions.hpp"
#include "analysis/csv_import.hpp"
#include "analysis/decisions.hpp"
#include "analysis/entities.hpp"
#include "analysis/ftm.hpp"
#include "analysis/leads.hpp"
#include "analysis/people.hpp"
#include "common/json_fields.hpp"
#include "common/log.hpp"
#include "er/model.hpp"
#include "server/server.hpp"

namespace ariadne::server {

using nlohmann::json;

namespace {

json info_json(const analysis::ContributionInfo& i) {
  return {{"id", i.id},
          {"case", i.case_ref},
          {"owner", i.meta.owner},
          {"crime_type", i.crime_type},
          {"reported_on", i.reported_on},
          {"restriction", policy::to_json(i.meta.restriction)},
          {"version", i.version},
          {"created_by", i.created_by},
          {"created_at", i.created_at},
          {"updated_at", i.updated_at},
          {"counts", {{"entities", i.entities}, {"events", i.events}, {"links", i.links}}}};
}

void add_contribution_schemas(Router& router) {
  json str = {{"type", "string"}};
  json restriction = schema_ref("Restriction");
  router.add_schema(
      "CasePackage",
      {{"type", "object"},
       {"description", "A case package (docs/data-model.md, \"Case packages\")"},
       {"properties",
        {{"case", str},
         {"member", str},
         {"crime_type", {{"type", "string"}, {"enum", {"migrant_smuggling", "trafficking_in_human_beings"}}}},
         {"reported_on", str},
         {"restriction", restriction},
         {"entities", {{"type", "array"}, {"items", {{"type", "object"}}}}},
         {"relationships", {{"type", "array"}, {"items", {{"type", "object"}}}}},
         {"events", {{"type", "array"}, {"items", {{"type", "object"}}}}}}},
       {"required",
        {"case", "member", "crime_type", "reported_on", "restriction", "entities", "relationships", "events"}},
       {"additionalProperties", false}});
  json counts = {
      {"type", "object"},
      {"properties",
       {{"entities", {{"type", "integer"}}}, {"events", {{"type", "integer"}}}, {"links", {{"type", "integer"}}}}}};
  json info_properties = {{"id", {{"type", "integer"}}},
                          {"case", str},
                          {"owner", str},
                          {"crime_type", str},
                          {"reported_on", str},
                          {"restriction", restriction},
                          {"version", {{"type", "integer"}}},
                          {"created_by", str},
                          {"created_at", str},
                          {"updated_at", str},
                          {"counts", counts}};
  router.add_schema("ContributionInfo", {{"type", "object"}, {"properties", info_properties}});
  router.add_schema("ContributionList",
                    {{"type", "object"},
                     {"properties",
                      {{"contributions", {{"type", "array"}, {"items", schema_ref("ContributionInfo")}}},
                       {"next_after", {{"type", json::array({"integer", "null"})}}}}}});
  json contribution = info_properties;
  contribution["package"] = schema_ref("CasePackage");
  contribution["entity_ids"] = {{"type", "object"},
                                {"description", "the entity of each mention linked to one, by the package's local id"},
                                {"additionalProperties", {{"type", "integer"}}}};
  router.add_schema("Contribution", {{"type", "object"}, {"properties", contribution}});
  json statement = {{"type", "object"},
                    {"properties", {{"prop", str}, {"value", str}, {"norm", str}, {"flag", str}}},
                    {"required", {"prop", "value"}}};
  json mention = {{"type", "object"},
                  {"properties",
                   {{"contribution", {{"type", "integer"}}},
                    {"case", str},
                    {"mention", str},
                    {"restriction", restriction},
                    {"link", {{"type", "object"}, {"properties", {{"how", str}, {"explanation", str}}}}},
                    {"statements", {{"type", "array"}, {"items", statement}}}}}};
  json member_group = {{"type", "object"},
                       {"properties", {{"member", str}, {"mentions", {{"type", "array"}, {"items", mention}}}}}};
  json nullable_str = {{"type", json::array({"string", "null"})}};
  json ref = {{"type", "object"},
              {"properties", {{"member", str}, {"contribution", {{"type", "integer"}}}, {"mention", str}}}};
  json link = {{"type", "object"},
               {"description",
                "why two mentions are one person: the comparison levels, their weights (log2 odds) "
                "and the match probability they add up to"},
               {"properties", {{"from", ref}, {"to", ref}, {"explanation", {{"type", "object"}}}}}};
  json decision = {{"type", "object"},
                   {"properties",
                    {{"id", {{"type", "integer"}}},
                     {"kind", {{"type", "string"}, {"enum", {"merge", "split"}}}},
                     {"member", str},
                     {"made_at", str},
                     {"made_by", str},
                     {"reason", str}}}};
  json entity = {{"id", {{"type", "integer"}}},
                 {"kind", str},
                 {"key", nullable_str},
                 {"redirected_from", {{"type", "integer"}}},
                 {"members", {{"type", "array"}, {"items", member_group}}},
                 {"links", {{"type", "array"}, {"items", link}}},
                 {"connected", {{"type", "boolean"}}},
                 {"decisions", {{"type", "array"}, {"items", decision}}}};
  router.add_schema("Entity", {{"type", "object"}, {"properties", entity}});
  json match = {{"type", "object"},
                {"properties",
                 {{"id", {{"type", "integer"}}},
                  {"kind", str},
                  {"key", nullable_str},
                  {"mentions", {{"type", "integer"}}},
                  {"score", {{"type", "number"}}}}}};
  router.add_schema(
      "EntityMerge",
      {{"type", "object"},
       {"properties",
        {{"entities", {{"type", "array"}, {"items", {{"type", "integer"}}}, {"minItems", 2}}}, {"reason", str}}},
       {"required", {"entities", "reason"}},
       {"additionalProperties", false}});
  router.add_schema("EntitySplit", {{"type", "object"},
                                    {"properties",
                                     {{"mentions",
                                       {{"type", "array"},
                                        {"items",
                                         {{"type", "object"},
                                          {"properties", {{"contribution", {{"type", "integer"}}}, {"mention", str}}},
                                          {"required", {"contribution", "mention"}}}}}},
                                      {"reason", str}}},
                                    {"required", {"mentions", "reason"}},
                                    {"additionalProperties", false}});
  router.add_schema("EntityDecision", {{"type", "object"},
                                       {"properties",
                                        {{"decision", {{"type", "integer"}}},
                                         {"entity", {{"type", "integer"}}},
                                         {"split_off", {{"type", "integer"}}}}}});
  json line_error = {{"type", "object"},
                     {"properties", {{"line", {{"type", "integer"}}}, {"field", str}, {"reason", str}}}};
  router.add_schema("ContributionBulkReport",
                    {{"type", "object"},
                     {"description", "what a bulk contribution did, case by case; problems by line (the first 1000)"},
                     {"properties",
                      {{"packages", {{"type", "integer"}}},
                       {"accepted", {{"type", "integer"}}},
                       {"rejected", {{"type", "integer"}}},
                       {"mentions", {{"type", "integer"}}},
                       {"errors", {{"type", "array"}, {"items", line_error}}},
                       {"warnings", {{"type", "array"}, {"items", line_error}}},
                       {"errors_total", {{"type", "integer"}}},
                       {"warnings_total", {{"type", "integer"}}}}}});
  router.add_schema("ContributionBulkInput",
                    {{"type", "string"},
                     {"description",
                      "JSON Lines of case packages or of FollowTheMoney entities; or multipart/form-data with the "
                      "parts mapping (a CSV column mapping, JSON) and file (the CSV)"}});
  router.add_schema("EntityList",
                    {{"type", "object"}, {"properties", {{"entities", {{"type", "array"}, {"items", match}}}}}});
}

// The people a contribution names are resolved before its answer, so its
// entity ids are there at once; failing that, the runtime's follower
// resolves them shortly (the contribution itself is stored either way).
void resolve_people(AppState& app) {
  if (app.people == nullptr) return;
  if (auto done = app.people->sync(app.db); !done) {
    log::line(json{{"event", "people"}, {"error", done.error().message}}.dump());
    return;
  }
  // With the people resolved, the owners of cases that now share something are told.
  if (auto leads = analysis::raise_leads(app.db); !leads) {
    log::line(json{{"event", "leads"}, {"error", leads.error().message}}.dump());
  }
}

json entity_json(const analysis::Entity& e) {
  json members = json::array();
  for (const auto& m : e.mentions) {
    if (members.empty() || members.back()["member"] != m.meta.owner) {
      members.push_back({{"member", m.meta.owner}, {"mentions", json::array()}});
    }
    json statements = json::array();
    for (const auto& s : m.statements) {
      json j{{"prop", s.prop}, {"value", s.value}};
      if (!s.norm.empty()) j["norm"] = s.norm;
      if (!s.flag.empty()) j["flag"] = s.flag;
      statements.push_back(std::move(j));
    }
    json link{{"how", m.how}};
    link["explanation"] = m.how == "identifier" ? "shares " + m.reason : m.reason;
    members.back()["mentions"].push_back({{"contribution", m.contribution},
                                          {"case", m.case_ref},
                                          {"mention", m.local_id},
                                          {"restriction", policy::to_json(m.meta.restriction)},
                                          {"link", std::move(link)},
                                          {"statements", std::move(statements)}});
  }
  json out{{"id", e.id},
           {"kind", e.kind},
           {"key", e.key.empty() ? json(nullptr) : json(e.key)},
           {"members", std::move(members)}};
  if (e.redirected_from != 0) out["redirected_from"] = e.redirected_from;
  if (e.kind == "person") {
    json links = json::array();
    const auto ref = [&](std::size_t i) {
      const auto& m = e.mentions[i];
      return json{{"member", m.meta.owner}, {"contribution", m.contribution}, {"mention", m.local_id}};
    };
    for (const auto& l : e.links) {
      links.push_back({{"from", ref(l.a)}, {"to", ref(l.b)}, {"explanation", er::to_json(l.explanation)}});
    }
    out["links"] = std::move(links);
    out["connected"] = e.connected;
    json decisions = json::array();
    for (const auto& d : e.decisions) {
      json j{{"id", d.id},
             {"kind", d.kind == analysis::DecisionKind::merge ? "merge" : "split"},
             {"member", d.member},
             {"made_at", d.made_at}};
      if (!d.made_by.empty()) j["made_by"] = d.made_by;  // the deciding member's users only
      if (!d.reason.empty()) j["reason"] = d.reason;
      decisions.push_back(std::move(j));
    }
    out["decisions"] = std::move(decisions);
  }
  return out;
}

// The decision's answer, once the people are resolved with it.
Result<json> decided(AppState& app, std::int64_t decision, const analysis::MentionRef& kept,
                     const analysis::MentionRef* split_off) {
  resolve_people(app);
  json out{{"decision", decision}};
  ARIADNE_ASSIGN(auto entity, analysis::entity_of_mention(app.db, kept));
  out["entity"] = entity;
  if (split_off != nullptr) {
    ARIADNE_ASSIGN(auto off, analysis::entity_of_mention(app.db, *split_off));
    out["split_off"] = off;
  }
  return out;
}

}  // namespace

void add_analysis_routes(Router& router, AppState& app) {
  add_contribution_schemas(router);
  router.add({.method = "POST",
              .path = "/contributions",
              .summary = "Contribute a case package to the analysis file (the same case reference again: a new "
                         "version of that case, answered 200)",
              .tag = "analysis",
              .request_schema = schema_ref("CasePackage"),
              .response_schema = schema_ref("ContributionInfo"),
              .success_status = 201,
              .handler = [&app](Context& ctx) -> Result<Reply> {
                // A role that may not contribute learns so before anything of its body is judged.
                ARIADNE_TRY(policy::require(ctx.who(), policy::Action::case_contribute));
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                ARIADNE_ASSIGN(auto package, analysis::parse_package(body, ctx.who().member, policy::members_of(app.db),
                                                                     today_utc()));
                ARIADNE_ASSIGN(auto info, analysis::contribute(app.db, ctx.who(), package));
                resolve_people(app);
                json out = info_json(info);
                out["warnings"] = json::array();
                for (const auto& w : package.warnings)
                  out["warnings"].push_back({{"field", w.field}, {"reason", w.reason}});
                return Reply{info.version == 1 ? 201 : 200, out};
              }});

  // The body is JSON Lines or a form with a spreadsheet, so the handler reads it itself.
  router.add(
      {.method = "POST",
       .path = "/contributions/bulk",
       .summary = "Contribute many cases at once: JSON Lines of case packages (format=packages) or of "
                  "FollowTheMoney entities (format=ftm, with crime_type and restriction), or a CSV file with its "
                  "column mapping (multipart/form-data: mapping, file); each case all or nothing; 200 when any was "
                  "accepted, 422 (same body) when none was",
       .tag = "analysis",
       .request_schema = schema_ref("ContributionBulkInput"),
       .response_schema = schema_ref("ContributionBulkReport"),
       .query_params = {{"format", "packages (default) or ftm, for JSON Lines"},
                        {"case", "ftm: the case of every entity (default: each entity's one dataset)"},
                        {"crime_type", "ftm: migrant_smuggling or trafficking_in_human_beings"},
                        {"reported_on", "ftm: YYYY-MM-DD (default: today)"},
                        {"restriction", "ftm: who may see the cases: all, owner or members:CODE,CODE"}},
       .handler = [&app](Context& ctx) -> Result<Reply> {
         ARIADNE_TRY(policy::require(ctx.who(), policy::Action::case_contribute));
         ARIADNE_TRY(ctx.only_queries({"format", "case", "crime_type", "reported_on", "restriction"}));
         std::string type = ctx.header("Content-Type");
         type = type.substr(0, type.find(';'));
         const bool form = type == "multipart/form-data";
         if (!form && type != "application/x-ndjson" && type != "application/jsonl") {
           return Error{ErrorCode::unsupported,
                        "the body must be JSON Lines (application/x-ndjson) or a form with a CSV file and its mapping "
                        "(multipart/form-data), not " +
                            (type.empty() ? std::string("untyped") : type),
                        {}};
         }
         const std::string format = ctx.query("format").value_or("packages");
         if (format != "packages" && format != "ftm") return Error::invalid("format", "must be packages or ftm");
         const bool ftm = format == "ftm";
         for (const char* q : {"case", "crime_type", "reported_on", "restriction"}) {
           if (!ftm && ctx.query(q)) return Error::invalid(q, "is for format=ftm");
         }
         if (form && ftm) return Error::invalid("format", "a form carries a CSV file; FtM comes as JSON Lines");

         constexpr std::size_t kListed = 1000;
         json errors = json::array(), warnings = json::array();
         std::size_t errors_total = 0, warnings_total = 0;
         auto collect = [](json& list, std::size_t& total) {
           return [&list, &total](const LineError& e) {
             if (++total <= kListed) list.push_back({{"line", e.line}, {"field", e.field}, {"reason", e.reason}});
           };
         };
         analysis::ContributionImportOptions options;
         options.on_error = collect(errors, errors_total);
         options.on_warning = collect(warnings, warnings_total);
         Result<analysis::ContributionImportProgress> report = Error::internal("not run");
         if (form) {
           const auto mapping_text = ctx.form_part("mapping");
           const auto file = ctx.form_part("file");
           if (!mapping_text || !file) {
             return Error::invalid("", "the form needs two parts: mapping (JSON) and file (the CSV)");
           }
           ARIADNE_ASSIGN(auto mapping_json, parse_json_object(*mapping_text));
           ARIADNE_ASSIGN(auto mapping, analysis::parse_csv_mapping(mapping_json));
           std::istringstream in(*file);
           report = analysis::import_csv_contributions(app.db, ctx.who(), in, mapping, options);
         } else if (ftm) {
           const auto crime_type = ctx.query("crime_type");
           const auto restriction_text = ctx.query("restriction");
           if (!crime_type) return Error::invalid("crime_type", "FtM cases need their crime type");
           if (!restriction_text) return Error::invalid("restriction", "say who may see the cases");
           ARIADNE_ASSIGN(auto restriction, policy::restriction_from_text(*restriction_text));
           analysis::FtmOptions o{ctx.query("case").value_or(""), *crime_type, ctx.query("reported_on").value_or(""),
                                  restriction};
           std::istringstream in{std::string(ctx.body())};
           report = analysis::import_ftm_contributions(app.db, ctx.who(), in, o, options);
         } else {
           std::istringstream in{std::string(ctx.body())};
           report = analysis::import_contributions(app.db, ctx.who(), in, options);
         }
         if (!report) return report.error();
         if (report->accepted > 0) resolve_people(app);
         json out = {{"packages", report->packages},
                     {"accepted", report->accepted},
                     {"rejected", report->rejected},
                     {"mentions", report->mentions},
                     {"errors", errors},
                     {"warnings", warnings},
                     {"errors_total", errors_total},
                     {"warnings_total", warnings_total}};
         return Reply{report->accepted == 0 ? 422 : 200, out};
       },
       .request_media_types = {"application/x-ndjson", "application/jsonl", "multipart/form-data"}});

  router.add({.method = "GET",
              .path = "/contributions",
              .summary = "The contributions visible to the caller",
              .tag = "analysis",
              .response_schema = schema_ref("ContributionList"),
              .query_params = {{"member", "only this member's contributions"},
                               {"after", "the last id of the previous page"},
                               {"limit", "1 to 1000 (default 100)"}},
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(ctx.only_queries({"member", "after", "limit"}));
                analysis::ContributionQuery q;
                if (auto m = ctx.query("member")) {
                  if (m->empty() || m->size() > 16) return Error::invalid("member", "must be a member's code");
                  q.member = *m;
                }
                ARIADNE_ASSIGN(q.after_id, ctx.int_query("after", 0, 0, std::numeric_limits<std::int64_t>::max()));
                ARIADNE_ASSIGN(auto limit, ctx.int_query("limit", 100, 1, 1000));
                q.limit = static_cast<int>(limit);
                ARIADNE_ASSIGN(auto found, analysis::list_contributions(app.db, ctx.who(), q));
                json items = json::array();
                for (const auto& i : found) items.push_back(info_json(i));
                json next = static_cast<int>(found.size()) == q.limit ? json(found.back().id) : json(nullptr);
                return Reply{200, {{"contributions", items}, {"next_after", next}}};
              }});

  router.add({.method = "GET",
              .path = "/contributions/{id}",
              .summary = "One contribution with its case package, as stored",
              .tag = "analysis",
              .response_schema = schema_ref("Contribution"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto c, analysis::get_contribution(app.db, ctx.who(), id));
                json out = info_json(c.info);
                out["package"] = analysis::to_json(c.package);
                ARIADNE_ASSIGN(auto entities, analysis::entities_of_contribution(app.db, id));
                out["entity_ids"] = json::object();
                for (const auto& [local, entity] : entities) out["entity_ids"][local] = entity;
                return Reply{200, out};
              }});

  router.add({.method = "GET",
              .path = "/contributions/{id}/ftm",
              .summary = "One contribution as FollowTheMoney entities (JSON Lines), its case as their dataset; "
                         "victims are withheld (FtM cannot protect them), counted in X-Withheld-Victims",
              .tag = "analysis",
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto c, analysis::get_contribution(app.db, ctx.who(), id));
                auto ftm = analysis::to_ftm(c.package);
                Reply reply{200, nullptr, "application/x-ndjson"};
                for (const auto& e : ftm.entities) reply.raw += e.dump() + "\n";
                reply.headers.emplace_back("X-Withheld-Victims", std::to_string(ftm.withheld_victims));
                return reply;
              }});

  router.add({.method = "GET",
              .path = "/analysis/leads",
              .summary = "Leads of the caller's member's cases: another member's case that shares a person, phone, "
                         "account, document, vehicle or registered organization, named only when its restriction "
                         "lets the caller read it; newest first",
              .tag = "analysis",
              .query_params = {{"limit", "1 to 1000 (default 100)"}},
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(ctx.only_queries({"limit"}));
                ARIADNE_ASSIGN(auto limit, ctx.int_query("limit", 100, 1, 1000));
                ARIADNE_ASSIGN(auto leads, analysis::list_leads(app.db, ctx.who(), static_cast<std::size_t>(limit)));
                json items = json::array();
                for (const auto& l : leads) items.push_back(analysis::to_json(l));
                return Reply{200, {{"leads", items}}};
              }});

  router.add(
      {.method = "GET",
       .path = "/entities",
       .summary = "Entities whose identifier is q, written any usual way (a phone, an IBAN, a plate, an "
                  "account or document number), that the caller may see a mention of",
       .tag = "analysis",
       .response_schema = schema_ref("EntityList"),
       .query_params = {{"q", "the identifier (required, 1 to 200 characters)"}, {"limit", "1 to 1000 (default 100)"}},
       .handler = [&app](Context& ctx) -> Result<Reply> {
         ARIADNE_TRY(ctx.only_queries({"q", "limit"}));
         const auto q = ctx.query("q");
         if (!q || q->empty() || q->size() > 200) return Error::invalid("q", "must be 1 to 200 characters");
         ARIADNE_ASSIGN(auto limit, ctx.int_query("limit", 100, 1, 1000));
         ARIADNE_ASSIGN(auto found,
                        analysis::find_entities(app.db, ctx.who(), *q, static_cast<int>(limit), app.people));
         json items = json::array();
         for (const auto& e : found) {
           json item{{"id", e.id},
                     {"kind", e.kind},
                     {"key", e.key.empty() ? json(nullptr) : json(e.key)},
                     {"mentions", e.mentions}};
           if (e.kind == "person") item["score"] = e.score;
           items.push_back(std::move(item));
         }
         return Reply{200, {{"entities", items}}};
       }});

  router.add({.method = "GET",
              .path = "/entities/{id}",
              .summary = "An entity with the mentions the caller may see, by member, each with its statements, "
                         "restriction and the link that makes it this entity",
              .tag = "analysis",
              .response_schema = schema_ref("Entity"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_ASSIGN(auto e, analysis::get_entity(app.db, ctx.who(), id, app.people));
                return Reply{200, entity_json(e)};
              }});

  router.add({.method = "POST",
              .path = "/entities/merge",
              .summary =
                  "An analyst's decision that two or more person entities are one person, with its reason: it wins "
                  "over the resolution and survives it; the merged ids redirect to the survivor",
              .tag = "analysis",
              .request_schema = schema_ref("EntityMerge"),
              .response_schema = schema_ref("EntityDecision"),
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_TRY(policy::require(ctx.who(), policy::Action::entity_decide));
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                JsonFields f(body);
                const auto* entities = f.any("entities", true);
                const auto reason = f.string("reason", true, analysis::kMaxReason);
                std::vector<std::int64_t> ids;
                if (entities != nullptr && (!entities->is_array() || entities->size() > 100)) {
                  f.fail("entities", "must be a list of 2 to 100 entity ids");
                } else if (entities != nullptr) {
                  for (std::size_t i = 0; i < entities->size(); ++i) {
                    const auto& v = (*entities)[i];
                    if (v.is_number_integer() && v.get<std::int64_t>() >= 1) {
                      ids.push_back(v.get<std::int64_t>());
                    } else {
                      f.fail("entities[" + std::to_string(i) + "]", "must be an entity id");
                    }
                  }
                }
                ARIADNE_TRY(f.finish());
                ARIADNE_ASSIGN(auto decision, analysis::merge_entities(app.db, ctx.who(), ids, *reason));
                ARIADNE_ASSIGN(auto out, decided(app, decision.id, decision.sides.front().front(), nullptr));
                return Reply{200, out};
              }});

  router.add(
      {.method = "POST",
       .path = "/entities/{id}/split",
       .summary = "An analyst's decision that some mentions of a person entity are someone else, with its reason: "
                  "they become an entity of their own, whatever the resolution says",
       .tag = "analysis",
       .request_schema = schema_ref("EntitySplit"),
       .response_schema = schema_ref("EntityDecision"),
       .handler = [&app](Context& ctx) -> Result<Reply> {
         ARIADNE_TRY(policy::require(ctx.who(), policy::Action::entity_decide));
         ARIADNE_ASSIGN(auto id, ctx.id_param());
         ARIADNE_ASSIGN(auto body, ctx.json_body());
         JsonFields f(body);
         const auto* listed = f.any("mentions", true);
         const auto reason = f.string("reason", true, analysis::kMaxReason);
         std::vector<analysis::MentionRef> mentions;
         if (listed != nullptr && (!listed->is_array() || listed->size() > 10000)) {
           f.fail("mentions", "must be a list of {contribution, mention}, at most 10,000");
         } else if (listed != nullptr) {
           for (std::size_t i = 0; i < listed->size(); ++i) {
             const auto& m = (*listed)[i];
             if (!m.is_object()) {
               f.fail("mentions[" + std::to_string(i) + "]", "must be {contribution, mention}");
               continue;
             }
             JsonFields one(m, "mentions[" + std::to_string(i) + "]");
             const auto contribution = one.integer("contribution", true, 1, std::numeric_limits<std::int64_t>::max());
             const auto local = one.string("mention", true, 64);
             f.merge(one.finish());
             if (contribution && local) mentions.push_back({*contribution, *local});
           }
         }
         ARIADNE_TRY(f.finish());
         ARIADNE_ASSIGN(auto decision, analysis::split_entity(app.db, ctx.who(), id, mentions, *reason));
         ARIADNE_ASSIGN(auto out,
                        decided(app, decision.id, decision.sides.at(1).front(), &decision.sides.at(0).front()));
         return Reply{200, out};
       }});

  router.add({.method = "DELETE",
              .path = "/contributions/{id}",
              .summary = "Withdraw a contribution (owner only): its statements leave every view",
              .tag = "analysis",
              .response_schema = nullptr,
              .success_status = 204,
              .handler = [&app](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto id, ctx.id_param());
                ARIADNE_TRY(analysis::withdraw_contribution(app.db, ctx.who(), id));
                resolve_people(app);
                return Reply{204, nullptr};
              }});
}

}  // namespace ariadne::server
