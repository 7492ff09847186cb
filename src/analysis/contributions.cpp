#include "analysis/contributions.hpp"

#include <map>

#include "analysis/entities.hpp"
#include "store/dialect.hpp"
#include "store/write.hpp"

namespace ariadne::analysis {

std::vector<store::Migration> analysis_migrations() {
  return {{"analysis", 1, R"sql(
CREATE TABLE contributions (
  id {{id}},
  owner TEXT NOT NULL REFERENCES members(code),
  case_ref TEXT NOT NULL,
  crime_type TEXT NOT NULL,
  reported_on TEXT NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('all','members','owner')),
  scope_members TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT ({{now}}),
  updated_at TEXT NOT NULL DEFAULT ({{now}}),
  UNIQUE (owner, case_ref)
);
CREATE TABLE mentions (
  id {{id}},
  contribution INTEGER NOT NULL REFERENCES contributions(id),
  local_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  UNIQUE (contribution, local_id)
);
CREATE TABLE statements (
  id {{id}},
  mention INTEGER NOT NULL REFERENCES mentions(id),
  prop TEXT NOT NULL,
  value TEXT NOT NULL,
  norm TEXT,
  flag TEXT
);
CREATE INDEX statements_mention ON statements(mention);
CREATE INDEX statements_norm ON statements(norm) WHERE norm IS NOT NULL;
CREATE TABLE mention_links (
  id {{id}},
  contribution INTEGER NOT NULL REFERENCES contributions(id),
  source INTEGER NOT NULL REFERENCES mentions(id),
  target INTEGER NOT NULL REFERENCES mentions(id),
  kind TEXT NOT NULL
);
CREATE INDEX mention_links_contribution ON mention_links(contribution);
CREATE INDEX mention_links_target ON mention_links(target);
)sql"},
          // Entities (entities.hpp): ids never reused, rows never deleted, so an
          // entity keeps its id whatever members add or withdraw.
          {"analysis", 2, R"sql(
CREATE TABLE entities (
  id {{id}},
  kind TEXT NOT NULL,
  key TEXT,
  created_at TEXT NOT NULL DEFAULT ({{now}}),
  UNIQUE (kind, key)
);
CREATE TABLE entity_mentions (
  mention INTEGER PRIMARY KEY REFERENCES mentions(id),
  entity INTEGER NOT NULL REFERENCES entities(id),
  how TEXT NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX entity_mentions_entity ON entity_mentions(entity);
)sql"},
          // People (people.hpp): an entity merged into another redirects to it.
          {"analysis", 3, R"sql(
ALTER TABLE entities ADD COLUMN merged_into INTEGER REFERENCES entities(id);
)sql"},
          // Analysts' decisions (decisions.hpp): mentions named by contribution
          // and local id, which outlive a case's versions.
          {"analysis", 4, R"sql(
CREATE TABLE entity_decisions (
  id {{id}},
  kind TEXT NOT NULL CHECK (kind IN ('merge','split')),
  entity INTEGER NOT NULL REFERENCES entities(id),
  reason TEXT NOT NULL,
  member TEXT NOT NULL,
  made_by TEXT NOT NULL,
  made_at TEXT NOT NULL DEFAULT ({{now}})
);
CREATE TABLE decision_mentions (
  id {{id}},
  decision INTEGER NOT NULL REFERENCES entity_decisions(id),
  contribution INTEGER NOT NULL,
  local_id TEXT NOT NULL,
  side INTEGER NOT NULL
);
CREATE INDEX decision_mentions_decision ON decision_mentions(decision);
)sql"},
          // What a relationship's source said of it beyond its kind (a
          // FollowTheMoney interval's dates and role), as a JSON object; and
          // the index a withdrawal's foreign-key checks need (without it,
          // deleting each mention scanned every link).
          {"analysis", 5, R"sql(
ALTER TABLE mention_links ADD COLUMN details TEXT;
CREATE INDEX mention_links_source ON mention_links(source);
)sql"},
          // Leads (leads.hpp): two members' cases that share entities, and up to
          // which change of the change log they were looked for.
          {"analysis", 6, R"sql(
CREATE TABLE leads (
  id {{id}},
  first INTEGER NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
  second INTEGER NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL DEFAULT ({{now}}),
  UNIQUE (first, second)
);
CREATE INDEX leads_second ON leads(second);
CREATE TABLE lead_matches (
  lead INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  entity INTEGER NOT NULL REFERENCES entities(id),
  PRIMARY KEY (lead, entity)
);
CREATE TABLE lead_watermark (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL
);
)sql"},
          // Person entities whose mentions changed without their cases changing
          // (two older cases' people merged by a later one, an analyst's
          // decision): their cases are paired again for leads.
          {"analysis", 7, R"sql(
CREATE TABLE lead_pending (
  entity INTEGER PRIMARY KEY REFERENCES entities(id)
);
)sql"}};
}

namespace {

constexpr const char* kInfoColumns =
    "c.id, c.case_ref, c.crime_type, c.reported_on, c.owner, c.scope, c.scope_members, c.version, c.created_by, "
    "c.created_at, c.updated_at, "
    "(SELECT COUNT(*) FROM mentions m WHERE m.contribution = c.id AND m.kind <> 'event'), "
    "(SELECT COUNT(*) FROM mentions m WHERE m.contribution = c.id AND m.kind = 'event'), "
    "(SELECT COUNT(*) FROM mention_links l WHERE l.contribution = c.id)";

ContributionInfo info_from(const store::Row& r) {
  ContributionInfo i;
  i.id = r.integer(0);
  i.case_ref = r.text(1);
  i.crime_type = r.text(2);
  i.reported_on = r.text(3);
  i.meta = {r.text(4), policy::Restriction::from_stored(r.text(5), r.text(6))};
  i.version = r.integer(7);
  i.created_by = r.text(8);
  i.created_at = r.text(9);
  i.updated_at = r.text(10);
  i.entities = r.integer(11);
  i.events = r.integer(12);
  i.links = r.integer(13);
  return i;
}

Result<std::optional<ContributionInfo>> find_info(store::Database& db, std::int64_t id) {
  ARIADNE_ASSIGN(auto rows,
                 db.query(std::string("SELECT ") + kInfoColumns + " FROM contributions c WHERE c.id = ?", {id}));
  if (rows.empty()) return std::optional<ContributionInfo>{};
  return std::optional<ContributionInfo>{info_from(rows.front())};
}

std::string object_of(std::int64_t id) {
  return "contribution:" + std::to_string(id);
}

// Removes the statements, links and mentions of a contribution (not the contribution itself).
Status delete_contents(store::Database& db, std::int64_t id) {
  ARIADNE_TRY(unlink_contribution(db, id));
  ARIADNE_TRY(db.execute("DELETE FROM mention_links WHERE contribution = ?", {id}));
  ARIADNE_TRY(
      db.execute("DELETE FROM statements WHERE mention IN (SELECT id FROM mentions WHERE contribution = ?)", {id}));
  ARIADNE_TRY(db.execute("DELETE FROM mentions WHERE contribution = ?", {id}));
  return {};
}

// The package's mentions, statements and links, under contribution `id`.
Status insert_contents(store::Database& db, std::int64_t id, const CasePackage& p) {
  const std::string contribution = std::to_string(id);
  std::vector<store::TextParam> params;
  params.reserve(p.mentions.size() * 3);
  for (const auto& m : p.mentions) {
    params.emplace_back(contribution);
    params.emplace_back(m.local_id);
    params.emplace_back(to_string(m.kind));
  }
  ARIADNE_ASSIGN(auto ids,
                 db.insert_rows("INSERT INTO mentions (contribution, local_id, kind) VALUES (?, ?, ?)", 3, params));
  std::map<std::string_view, std::string> row_of;  // local id -> mention row id
  for (std::size_t i = 0; i < p.mentions.size(); ++i) row_of[p.mentions[i].local_id] = std::to_string(ids[i]);

  params.clear();
  auto nullable = [](const std::string& s) { return s.empty() ? store::TextParam{} : store::TextParam{s}; };
  for (const auto& m : p.mentions) {
    const std::string& mention = row_of.at(m.local_id);
    for (const auto& s : m.statements) {
      params.emplace_back(mention);
      params.emplace_back(s.prop);
      params.emplace_back(s.value);
      params.push_back(nullable(s.norm));
      params.push_back(nullable(s.flag));
    }
  }
  if (!params.empty()) {
    ARIADNE_TRY(
        db.insert_rows("INSERT INTO statements (mention, prop, value, norm, flag) VALUES (?, ?, ?, ?, ?)", 5, params));
  }
  params.clear();
  for (const auto& l : p.links) {
    params.emplace_back(contribution);
    params.emplace_back(row_of.at(l.from));
    params.emplace_back(row_of.at(l.to));
    params.emplace_back(l.kind);
    params.push_back(nullable(l.details));
  }
  if (!params.empty()) {
    ARIADNE_TRY(db.insert_rows(
        "INSERT INTO mention_links (contribution, source, target, kind, details) VALUES (?, ?, ?, ?, ?)", 5, params));
  }
  return link_mentions(db, id, p, ids);
}

std::string counts(const CasePackage& p) {
  return p.case_ref + ": " + std::to_string(p.mentions.size()) + " entities and events, " +
         std::to_string(p.links.size()) + " links";
}

// The stored package of contribution `info`.
Result<CasePackage> load_package(store::Database& db, const ContributionInfo& info) {
  CasePackage p;
  p.case_ref = info.case_ref;
  p.member = info.meta.owner;
  p.crime_type = info.crime_type;
  p.reported_on = info.reported_on;
  p.restriction = info.meta.restriction;
  std::map<std::int64_t, std::size_t> at;  // mention row id -> index in p.mentions
  ARIADNE_TRY(
      db.for_each("SELECT id, local_id, kind FROM mentions WHERE contribution = ? ORDER BY id", {info.id},
                  [&](const store::Row& r) {
                    at[r.integer(0)] = p.mentions.size();
                    p.mentions.push_back({r.text(1), parse_mention_kind(r.text(2)).value_or(MentionKind::person), {}});
                    return true;
                  }));
  ARIADNE_TRY(
      db.for_each("SELECT s.mention, s.prop, s.value, s.norm, s.flag FROM statements s "
                  "JOIN mentions m ON m.id = s.mention WHERE m.contribution = ? ORDER BY s.id",
                  {info.id}, [&](const store::Row& r) {
                    p.mentions[at.at(r.integer(0))].statements.push_back({r.text(1), r.text(2), r.text(3), r.text(4)});
                    return true;
                  }));
  ARIADNE_TRY(db.for_each("SELECT source, target, kind, details FROM mention_links WHERE contribution = ? ORDER BY id",
                          {info.id}, [&](const store::Row& r) {
                            p.links.push_back({p.mentions[at.at(r.integer(0))].local_id,
                                               p.mentions[at.at(r.integer(1))].local_id, r.text(2), r.text(3)});
                            return true;
                          }));
  return p;
}

}  // namespace

Result<ContributionInfo> contribute(store::Database& db, const policy::Caller& caller, const CasePackage& p) {
  ARIADNE_ASSIGN(auto id, store_contribution(db, caller, p));
  ARIADNE_ASSIGN(auto info, find_info(db, id));
  if (!info) return Error::internal("the contribution just stored is missing");
  return *info;
}

Result<std::int64_t> store_contribution(store::Database& db, const policy::Caller& caller, const CasePackage& p) {
  ARIADNE_TRY(policy::require(caller, policy::Action::case_contribute));
  if (p.member != caller.member) return Error::forbidden("case packages are contributed for the caller's own member");
  std::int64_t id = 0;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto existing,
                   db.query("SELECT id FROM contributions WHERE owner = ? AND case_ref = ?", {p.member, p.case_ref}));
    const std::string scope(policy::to_string(p.restriction.scope));
    if (existing.empty()) {
      ARIADNE_ASSIGN(auto rows, db.query("INSERT INTO contributions (owner, case_ref, crime_type, reported_on, scope, "
                                         "scope_members, created_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                         {p.member, p.case_ref, p.crime_type, p.reported_on, scope,
                                          p.restriction.stored_members(), caller.username}));
      id = rows.front().integer(0);
    } else {
      id = existing.front().integer(0);
      ARIADNE_TRY(delete_contents(db, id));
      ARIADNE_TRY(db.execute(store::expand_dialect(db.dialect(),
                                                   "UPDATE contributions SET crime_type = ?, reported_on = ?, "
                                                   "scope = ?, scope_members = ?, version = version + 1, "
                                                   "updated_at = {{now}} WHERE id = ?"),
                             {p.crime_type, p.reported_on, scope, p.restriction.stored_members(), id}));
    }
    ARIADNE_TRY(insert_contents(db, id, p));
    const bool update = !existing.empty();
    return store::record_write(db, {"contributions", std::to_string(id), update ? "update" : "insert"},
                               {caller.username, caller.member, update ? "contribution.update" : "contribution.create",
                                object_of(id), "ok", counts(p)});
  }));
  return id;
}

Result<Contribution> get_contribution(store::Database& db, const policy::Caller& caller, std::int64_t id) {
  ARIADNE_TRY(policy::require(caller, policy::Action::case_read));
  ARIADNE_ASSIGN(auto info, find_info(db, id));
  if (!info || !policy::can_read(caller, info->meta)) return Error::not_found(object_of(id));
  ARIADNE_ASSIGN(auto package, load_package(db, *info));
  if (info->meta.restriction.scope != policy::Scope::all) {
    ARIADNE_TRY(policy::audit_restricted_reads(db, caller, "contribution.read", "contributions", {id}));
  }
  return Contribution{std::move(*info), std::move(package)};
}

Status withdraw_contribution(store::Database& db, const policy::Caller& caller, std::int64_t id) {
  ARIADNE_TRY(policy::require(caller, policy::Action::case_contribute));
  return db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto info, find_info(db, id));
    if (!info) return Error::not_found(object_of(id));
    ARIADNE_TRY(policy::check_modify(caller, info->meta, object_of(id)));
    ARIADNE_TRY(delete_contents(db, id));
    ARIADNE_TRY(db.execute("DELETE FROM contributions WHERE id = ?", {id}));
    return store::record_write(db, {"contributions", std::to_string(id), "delete"},
                               {caller.username, caller.member, "contribution.withdraw", object_of(id), "ok",
                                info->case_ref + " version " + std::to_string(info->version)});
  });
}

Result<std::vector<ContributionInfo>> list_contributions(store::Database& db, const policy::Caller& caller,
                                                         const ContributionQuery& q) {
  ARIADNE_TRY(policy::require(caller, policy::Action::case_read));
  auto gate = policy::visible_sql(caller, "c.");
  std::string sql =
      std::string("SELECT ") + kInfoColumns + " FROM contributions c WHERE c.id > ? AND (" + gate.sql + ")";
  store::Params params{q.after_id};
  params.insert(params.end(), gate.params.begin(), gate.params.end());
  if (q.member) {
    sql += " AND c.owner = ?";
    params.emplace_back(*q.member);
  }
  sql += " ORDER BY c.id LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(q.limit));
  std::vector<ContributionInfo> out;
  std::vector<std::int64_t> restricted;
  ARIADNE_TRY(db.for_each(sql, params, [&](const store::Row& r) {
    out.push_back(info_from(r));
    if (out.back().meta.restriction.scope != policy::Scope::all) restricted.push_back(out.back().id);
    return true;
  }));
  ARIADNE_TRY(policy::audit_restricted_reads(db, caller, "contribution.list", "contributions", restricted));
  return out;
}

}  // namespace ariadne::analysis
