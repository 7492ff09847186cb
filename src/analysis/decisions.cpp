#include "analysis/decisions.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "policy/restriction.hpp"
#include "store/write.hpp"

namespace ariadne::analysis {

namespace {

Status check_reason(const std::string& reason) {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error::invalid("reason", "is required: say why");
  }
  if (reason.size() > kMaxReason) return Error::invalid("reason", "must be at most 2000 characters");
  return {};
}

// The live entity an id names (following merges), if it is a person.
Result<std::int64_t> live_person(store::Database& db, std::int64_t id) {
  for (int hops = 0; hops < 64; ++hops) {
    ARIADNE_ASSIGN(auto rows, db.query("SELECT kind, merged_into FROM entities WHERE id = ?", {id}));
    if (rows.empty()) break;
    if (rows.front().text(0) != "person") {
      return Error::invalid("entities", "entity " + std::to_string(id) + " is not a person: identifiers decide");
    }
    if (rows.front().is_null(1)) return id;
    id = rows.front().integer(1);
  }
  return Error::not_found("entity " + std::to_string(id));
}

struct Member {
  MentionRef ref;
  bool visible = false;
};

// Every mention of an entity, and whether the caller may see it.
Result<std::vector<Member>> mentions_of(store::Database& db, const policy::Caller& caller, std::int64_t entity) {
  std::vector<Member> out;
  ARIADNE_TRY(
      db.for_each("SELECT c.id, m.local_id, c.owner, c.scope, c.scope_members FROM entity_mentions em "
                  "JOIN mentions m ON m.id = em.mention JOIN contributions c ON c.id = m.contribution "
                  "WHERE em.entity = ? ORDER BY c.id, m.local_id",
                  {entity}, [&](const store::Row& r) {
                    const policy::RecordMeta meta{r.text(2), policy::Restriction::from_stored(r.text(3), r.text(4))};
                    out.push_back({{r.integer(0), r.text(1)}, policy::can_read(caller, meta)});
                    return true;
                  }));
  return out;
}

bool any_visible(const std::vector<Member>& members) {
  return std::any_of(members.begin(), members.end(), [](const Member& m) { return m.visible; });
}

// Stores a decision and its sides, logs and audits it; inside a transaction.
Result<Decision> store_decision(store::Database& db, const policy::Caller& caller, DecisionKind kind,
                                std::int64_t entity, std::vector<std::vector<MentionRef>> sides,
                                const std::string& reason, const std::string& detail) {
  const char* name = kind == DecisionKind::merge ? "merge" : "split";
  ARIADNE_ASSIGN(auto rows, db.query("INSERT INTO entity_decisions (kind, entity, reason, member, made_by) "
                                     "VALUES (?, ?, ?, ?, ?) RETURNING id, made_at",
                                     {std::string(name), entity, reason, caller.member, caller.username}));
  const auto id = rows.front().integer(0);
  for (std::size_t side = 0; side < sides.size(); ++side) {
    for (const auto& m : sides[side]) {
      ARIADNE_TRY(
          db.execute("INSERT INTO decision_mentions (decision, contribution, local_id, side) VALUES (?, ?, ?, ?)",
                     {id, m.contribution, m.local_id, static_cast<std::int64_t>(side)}));
    }
  }
  ARIADNE_TRY(store::record_write(db, {"entity_decisions", std::to_string(id), "insert"},
                                  {caller.username, caller.member, std::string("entity.") + name,
                                   "entity:" + std::to_string(entity), "ok", detail}));
  return Decision{id, kind, std::move(sides), reason, caller.member, caller.username, rows.front().text(1)};
}

}  // namespace

Result<Decision> merge_entities(store::Database& db, const policy::Caller& caller,
                                const std::vector<std::int64_t>& entities, const std::string& reason) {
  ARIADNE_TRY(policy::require(caller, policy::Action::entity_decide));
  ARIADNE_TRY(check_reason(reason));
  if (entities.size() < 2 || entities.size() > 100) {
    return Error::invalid("entities", "must name 2 to 100 entities");
  }
  Decision out;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    std::vector<std::vector<MentionRef>> sides;
    std::set<std::int64_t> live;
    std::string detail = "entities";
    for (const auto asked : entities) {
      auto entity = live_person(db, asked);
      if (!entity) return entity.error();
      ARIADNE_ASSIGN(auto members, mentions_of(db, caller, *entity));
      // An entity the caller sees nothing of does not exist for it.
      if (!any_visible(members)) return Error::not_found("entity " + std::to_string(asked));
      if (!live.insert(*entity).second) continue;  // named twice, or already one
      detail += " " + std::to_string(*entity);
      sides.emplace_back();
      for (const auto& m : members) sides.back().push_back(m.ref);
    }
    if (sides.size() < 2) return Error::invalid("entities", "are already one entity");
    ARIADNE_ASSIGN(out,
                   store_decision(db, caller, DecisionKind::merge, *live.begin(), std::move(sides), reason, detail));
    return {};
  }));
  return out;
}

Result<Decision> split_entity(store::Database& db, const policy::Caller& caller, std::int64_t entity,
                              const std::vector<MentionRef>& mentions, const std::string& reason) {
  ARIADNE_TRY(policy::require(caller, policy::Action::entity_decide));
  ARIADNE_TRY(check_reason(reason));
  const auto missing = Error::not_found("entity " + std::to_string(entity));
  Decision out;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    auto live = live_person(db, entity);
    if (!live) return live.error();
    ARIADNE_ASSIGN(auto members, mentions_of(db, caller, *live));
    if (!any_visible(members)) return missing;
    if (mentions.empty()) return Error::invalid("mentions", "must name the mentions to split off");
    std::vector<MentionRef> off, rest;
    for (std::size_t i = 0; i < mentions.size(); ++i) {
      const auto it = std::find_if(members.begin(), members.end(),
                                   [&](const Member& m) { return m.visible && m.ref == mentions[i]; });
      // A mention hidden from the caller answers like one that is not the entity's.
      if (it == members.end()) {
        return Error::invalid("mentions[" + std::to_string(i) + "]",
                              "is no mention of entity " + std::to_string(entity) + " the caller may see");
      }
      if (std::find(off.begin(), off.end(), it->ref) == off.end()) off.push_back(it->ref);
    }
    for (const auto& m : members) {
      if (std::find(off.begin(), off.end(), m.ref) == off.end()) rest.push_back(m.ref);
    }
    if (rest.empty()) return Error::invalid("mentions", "name every mention of the entity: nothing would remain");
    const auto detail = std::to_string(off.size()) + " of " + std::to_string(members.size()) + " mentions split off";
    ARIADNE_ASSIGN(out, store_decision(db, caller, DecisionKind::split, *live, {off, rest}, reason, detail));
    return {};
  }));
  return out;
}

Result<std::vector<Decision>> load_decisions(store::Database& db) {
  std::vector<Decision> out;
  std::map<std::int64_t, std::size_t> at;
  ARIADNE_TRY(db.for_each("SELECT id, kind, reason, member, made_by, made_at FROM entity_decisions ORDER BY id", {},
                          [&](const store::Row& r) {
                            at[r.integer(0)] = out.size();
                            out.push_back({r.integer(0),
                                           r.text(1) == "merge" ? DecisionKind::merge : DecisionKind::split,
                                           {},
                                           r.text(2),
                                           r.text(3),
                                           r.text(4),
                                           r.text(5)});
                            return true;
                          }));
  ARIADNE_TRY(db.for_each("SELECT decision, side, contribution, local_id FROM decision_mentions ORDER BY id", {},
                          [&](const store::Row& r) {
                            auto& d = out[at.at(r.integer(0))];
                            const auto side = static_cast<std::size_t>(r.integer(1));
                            if (d.sides.size() <= side) d.sides.resize(side + 1);
                            d.sides[side].push_back({r.integer(2), r.text(3)});
                            return true;
                          }));
  return out;
}

Result<std::int64_t> entity_of_mention(store::Database& db, const MentionRef& mention) {
  ARIADNE_ASSIGN(auto rows, db.query("SELECT em.entity FROM entity_mentions em JOIN mentions m ON m.id = em.mention "
                                     "WHERE m.contribution = ? AND m.local_id = ?",
                                     {mention.contribution, mention.local_id}));
  return rows.empty() ? std::int64_t{0} : rows.front().integer(0);
}

}  // namespace ariadne::analysis
