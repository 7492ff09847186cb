#include "analysis/entities.hpp"

#include <map>

namespace ariadne::analysis {

namespace {

const Statement* statement(const Mention& m, std::string_view prop) {
  for (const auto& s : m.statements) {
    if (s.prop == prop) return &s;
  }
  return nullptr;
}

std::string value(const Mention& m, std::string_view prop) {
  const auto* s = statement(m, prop);
  return s ? s->value : "";
}

// "prefix:[qualifier:]norm" when `prop` checked out.
std::optional<std::string> key_of(const Mention& m, std::string_view prop, const std::string& prefix,
                                  const std::string& qualifier = "") {
  const auto* s = statement(m, prop);
  if (!s || s->norm.empty()) return std::nullopt;
  return prefix + ":" + (qualifier.empty() ? "" : qualifier + ":") + s->norm;
}

}  // namespace

std::optional<std::string> identifier_key(const Mention& m) {
  switch (m.kind) {
    case MentionKind::phone: return key_of(m, "number", "phone");
    case MentionKind::account:
      if (auto iban = key_of(m, "iban", "iban")) return iban;
      return key_of(m, "number", "account", value(m, "country"));
    case MentionKind::vehicle: return key_of(m, "plate", "plate", value(m, "country"));
    case MentionKind::document: return key_of(m, "number", "document", value(m, "issuing_state"));
    default: return std::nullopt;
  }
}

Status link_mentions(store::Database& db, const CasePackage& p, const std::vector<std::int64_t>& mention_ids) {
  for (std::size_t i = 0; i < p.mentions.size() && i < mention_ids.size(); ++i) {
    const auto key = identifier_key(p.mentions[i]);
    if (!key) continue;
    const std::string kind(to_string(p.mentions[i].kind));
    // The entity of this identifier, created the first time it is met and never deleted.
    ARIADNE_TRY(
        db.execute("INSERT INTO entities (kind, key) VALUES (?, ?) ON CONFLICT (kind, key) DO NOTHING", {kind, *key}));
    ARIADNE_ASSIGN(auto rows, db.query("SELECT id FROM entities WHERE kind = ? AND key = ?", {kind, *key}));
    ARIADNE_TRY(db.execute("INSERT INTO entity_mentions (mention, entity, how, reason) VALUES (?, ?, 'identifier', ?)",
                           {mention_ids[i], rows.front().integer(0), *key}));
  }
  return {};
}

Status unlink_contribution(store::Database& db, std::int64_t contribution) {
  ARIADNE_TRY(db.execute(
      "DELETE FROM entity_mentions WHERE mention IN (SELECT id FROM mentions WHERE contribution = ?)", {contribution}));
  return {};
}

Result<Entity> get_entity(store::Database& db, const policy::Caller& caller, std::int64_t id) {
  ARIADNE_TRY(policy::require(caller, policy::Action::case_read));
  const auto missing = Error::not_found("entity " + std::to_string(id));
  ARIADNE_ASSIGN(auto found, db.query("SELECT id, kind, key FROM entities WHERE id = ?", {id}));
  if (found.empty()) return missing;
  Entity e{found.front().integer(0), found.front().text(1), found.front().text(2), {}};
  auto gate = policy::visible_sql(caller, "c.");
  store::Params params{id};
  params.insert(params.end(), gate.params.begin(), gate.params.end());
  std::map<std::int64_t, std::size_t> at;  // mention row → index in e.mentions
  std::vector<std::int64_t> restricted;
  ARIADNE_TRY(db.for_each(
      "SELECT m.id, c.id, c.case_ref, m.local_id, c.owner, c.scope, c.scope_members, em.how, em.reason "
      "FROM entity_mentions em JOIN mentions m ON m.id = em.mention JOIN contributions c ON c.id = m.contribution "
      "WHERE em.entity = ? AND (" +
          gate.sql + ") ORDER BY c.owner, c.id, m.id",
      params, [&](const store::Row& r) {
        at[r.integer(0)] = e.mentions.size();
        e.mentions.push_back({r.integer(1),
                              r.text(2),
                              r.text(3),
                              policy::RecordMeta{r.text(4), policy::Restriction::from_stored(r.text(5), r.text(6))},
                              r.text(7),
                              r.text(8),
                              {}});
        if (e.mentions.back().meta.restriction.scope != policy::Scope::all &&
            (restricted.empty() || restricted.back() != r.integer(1))) {
          restricted.push_back(r.integer(1));
        }
        return true;
      }));
  if (e.mentions.empty()) return missing;
  for (const auto& [mention, index] : at) {
    ARIADNE_TRY(db.for_each("SELECT prop, value, norm, flag FROM statements WHERE mention = ? ORDER BY id", {mention},
                            [&](const store::Row& r) {
                              e.mentions[index].statements.push_back({r.text(0), r.text(1), r.text(2), r.text(3)});
                              return true;
                            }));
  }
  ARIADNE_TRY(policy::audit_restricted_reads(db, caller, "entity.read", "contributions", restricted));
  return e;
}

Result<std::vector<std::pair<std::string, std::int64_t>>> entities_of_contribution(store::Database& db,
                                                                                   std::int64_t contribution) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  ARIADNE_TRY(
      db.for_each("SELECT m.local_id, em.entity FROM entity_mentions em JOIN mentions m ON m.id = em.mention "
                  "WHERE m.contribution = ? ORDER BY m.id",
                  {contribution}, [&](const store::Row& r) {
                    out.emplace_back(r.text(0), r.integer(1));
                    return true;
                  }));
  return out;
}

}  // namespace ariadne::analysis
