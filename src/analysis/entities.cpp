#include "analysis/entities.hpp"

#include <sodium.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "common/country.hpp"
#include "common/json_fields.hpp"
#include "ident/document_number.hpp"
#include "ident/identifiers.hpp"
#include "store/dialect.hpp"
#include "text/normalise.hpp"

namespace ariadne::analysis {

namespace {

std::string value(const Mention& m, std::string_view prop) {
  const auto* s = find_statement(m, prop);
  return s ? s->value : "";
}

// "prefix:[qualifier:]norm" when `prop` checked out.
std::optional<std::string> key_of(const Mention& m, std::string_view prop, const std::string& prefix,
                                  const std::string& qualifier = "") {
  const auto* s = find_statement(m, prop);
  if (!s || s->norm.empty()) return std::nullopt;
  return prefix + ":" + (qualifier.empty() ? "" : qualifier + ":") + s->norm;
}

// The links between a person's visible mentions, and whether they join them all.
void person_links(const People& people, const std::map<std::int64_t, std::size_t>& visible, Entity& e) {
  std::vector<std::int64_t> rows;
  for (const auto& [row, index] : visible) rows.push_back(row);
  std::vector<std::size_t> parent(e.mentions.size());
  for (std::size_t i = 0; i < parent.size(); ++i) parent[i] = i;
  const auto root = [&](std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::size_t groups = e.mentions.size();
  for (auto& l : people.links(rows)) {
    e.links.push_back({visible.at(l.a), visible.at(l.b), std::move(l.explanation)});
    const auto a = root(e.links.back().a), b = root(e.links.back().b);
    if (a != b) parent[a] = b, --groups;
  }
  e.connected = groups <= 1;
}

// The decisions about the entity's visible mentions.
Status add_decisions(store::Database& db, const policy::Caller& caller, Entity& e) {
  std::set<std::pair<std::int64_t, std::string>> visible;
  for (const auto& m : e.mentions) visible.emplace(m.contribution, m.local_id);
  std::int64_t last = 0;
  return db.for_each(
      "SELECT d.id, d.kind, d.reason, d.member, d.made_by, d.made_at, dm.contribution, dm.local_id "
      "FROM entity_decisions d JOIN decision_mentions dm ON dm.decision = d.id "
      "JOIN mentions m ON m.contribution = dm.contribution AND m.local_id = dm.local_id "
      "JOIN entity_mentions em ON em.mention = m.id WHERE em.entity = ? ORDER BY d.id",
      {e.id}, [&](const store::Row& r) {
        if (r.integer(0) == last || !visible.contains({r.integer(6), r.text(7)})) return true;
        last = r.integer(0);
        const bool ours = r.text(3) == caller.member;
        e.decisions.push_back({r.integer(0),
                               r.text(1) == "merge" ? DecisionKind::merge : DecisionKind::split,
                               {},
                               ours ? r.text(2) : "",
                               r.text(3),
                               ours ? r.text(4) : "",
                               r.text(5)});
        return true;
      });
}

// Legal forms that end a company's name, as text::normalise_name writes
// them ("S.A.R.L." and "Sàrl" both end in "sarl" once its letters are joined).
bool legal_form(std::string_view token) {
  static const std::set<std::string_view> kForms{
      "ab",          "ag",  "aps",     "as",   "asa",  "bhd", "bv",   "cia",  "cjsc", "co",  "company",      "corp",
      "corporation", "dd",  "doo",     "eood", "eurl", "fzc", "fzco", "fze",  "gmbh", "inc", "incorporated", "jsc",
      "kft",         "kg",  "limited", "llc",  "llp",  "lp",  "ltd",  "ltda", "nv",   "oao", "ohg",          "ojsc",
      "ooo",         "oy",  "pao",     "pjsc", "plc",  "pte", "pty",  "pvt",  "sa",   "sal", "sarl",         "sas",
      "sasu",        "sdn", "sl",      "spa",  "sro",  "srl", "tov",  "ug",   "wll",  "zao", "zrt"};
  return kForms.contains(token);
}

}  // namespace

std::string organization_name(std::string_view name) {
  std::vector<std::string> tokens;
  const std::string folded = text::normalise_name(text::fold_case(name));
  for (std::size_t i = 0; i < folded.size();) {
    const auto end = std::min(folded.find(' ', i), folded.size());
    if (end > i) tokens.emplace_back(folded.substr(i, end - i));
    i = end + 1;
  }
  // Trailing single letters are one abbreviation ("s a r l" → "sarl").
  std::size_t letters = tokens.size();
  while (letters > 0 && tokens[letters - 1].size() == 1) --letters;
  if (tokens.size() - letters >= 2) {
    std::string joined;
    for (std::size_t i = letters; i < tokens.size(); ++i) joined += tokens[i];
    tokens.resize(letters);
    tokens.push_back(std::move(joined));
  }
  while (tokens.size() > 1 && legal_form(tokens.back())) tokens.pop_back();
  if (tokens.size() == 1 && legal_form(tokens.back())) tokens.clear();
  std::string out;
  for (const auto& t : tokens) out += (out.empty() ? "" : " ") + t;
  return out;
}

std::optional<std::string> identifier_key(const Mention& m) {
  switch (m.kind) {
    case MentionKind::phone: return key_of(m, "number", "phone");
    case MentionKind::account:
      if (value(m, "type") == "crypto") return key_of(m, "number", "wallet");
      if (auto iban = key_of(m, "iban", "iban")) return iban;
      return key_of(m, "number", "account", value(m, "country"));
    case MentionKind::vehicle: return key_of(m, "plate", "plate", value(m, "country"));
    case MentionKind::document: return key_of(m, "number", "document", value(m, "issuing_state"));
    case MentionKind::organization: {
      // A registration number names a company in its country's register
      // only; without one, its name in its country does.
      const std::string country = value(m, "country");
      if (country.empty()) return std::nullopt;
      if (auto registration = key_of(m, "registration_number", "registration", country)) return registration;
      const auto* names = find_statement(m, "names");
      if (names == nullptr) return std::nullopt;
      const auto name = parse_json_object(names->value);
      if (!name || !name->contains("full") || !(*name)["full"].is_string()) return std::nullopt;
      const auto folded = organization_name((*name)["full"].get<std::string>());
      if (folded.empty()) return std::nullopt;
      return "name:" + country + ":" + folded;
    }
    default: return std::nullopt;
  }
}

std::int64_t random_entity_id() {
  std::uint64_t r = 0;
  randombytes_buf(&r, sizeof r);
  return static_cast<std::int64_t>((r & ((std::uint64_t{1} << 53) - 1)) | 1);  // 1 to 2^53 - 1
}

Result<std::int64_t> new_entity(store::Database& db, std::string_view kind, const store::Value& key) {
  // A fresh random id collides with a taken one about once in 2^53 / entities: tried again.
  for (int attempt = 0; attempt < 8; ++attempt) {
    const auto id = random_entity_id();
    ARIADNE_ASSIGN(auto rows, db.query("INSERT INTO entities (id, kind, key) VALUES (?, ?, ?) ON CONFLICT DO "
                                       "NOTHING RETURNING id",
                                       {id, std::string(kind), key}));
    if (!rows.empty()) return id;
    if (!std::holds_alternative<std::nullptr_t>(key)) {
      // The key itself may be the one taken (another writer's): its entity is the answer.
      ARIADNE_ASSIGN(auto found,
                     db.query("SELECT id FROM entities WHERE kind = ? AND key = ?", {std::string(kind), key}));
      if (!found.empty()) return found.front().integer(0);
    }
  }
  return Error::internal("no free entity id after 8 random draws");
}

std::optional<EntityKey> entity_key(const Mention& m, std::int64_t contribution) {
  if (m.kind == MentionKind::person) return std::nullopt;  // resolved (people.hpp)
  if (auto key = identifier_key(m)) return EntityKey{"identifier", std::move(*key)};
  if (m.kind == MentionKind::place) {
    const std::string country = value(m, "country");
    const std::string name = text::normalise_name(text::fold_case(value(m, "name")));
    if (!country.empty() && !name.empty()) {
      return EntityKey{"place", "place:" + country + ":" + name};
    }
  }
  return EntityKey{"own", "case:" + std::to_string(contribution) + ":" + m.local_id};
}

namespace {

Status link_mention(store::Database& db, const Mention& m, std::int64_t contribution, std::int64_t row) {
  const auto key = entity_key(m, contribution);
  if (!key) return {};
  const std::string kind(to_string(m.kind));
  // The entity of this key, created the first time it is met and never deleted.
  ARIADNE_ASSIGN(auto rows, db.query("SELECT id FROM entities WHERE kind = ? AND key = ?", {kind, key->key}));
  std::int64_t entity = 0;
  if (!rows.empty()) {
    entity = rows.front().integer(0);
  } else {
    ARIADNE_ASSIGN(entity, new_entity(db, kind, key->key));
  }
  ARIADNE_TRY(db.execute("INSERT INTO entity_mentions (mention, entity, how, reason) VALUES (?, ?, ?, ?)",
                         {row, entity, key->how, key->key}));
  return {};
}

}  // namespace

Status link_mentions(store::Database& db, std::int64_t contribution, const CasePackage& p,
                     const std::vector<std::int64_t>& mention_ids) {
  for (std::size_t i = 0; i < p.mentions.size() && i < mention_ids.size(); ++i) {
    ARIADNE_TRY(link_mention(db, p.mentions[i], contribution, mention_ids[i]));
  }
  return {};
}

Result<std::size_t> link_unlinked(store::Database& db) {
  // The mentions and their statements, in mention order.
  struct Unlinked {
    std::int64_t row = 0;
    std::int64_t contribution = 0;
    Mention mention;
  };
  std::vector<Unlinked> found;
  // Read and linked in one write transaction: another process doing the same
  // (or replacing the case) meanwhile waits.
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_TRY(db.for_each(
        "SELECT m.id, m.contribution, m.local_id, m.kind, s.prop, s.value, s.norm, s.flag FROM mentions m "
        "LEFT JOIN statements s ON s.mention = m.id WHERE m.kind <> 'person' AND NOT EXISTS "
        "(SELECT 1 FROM entity_mentions em WHERE em.mention = m.id) ORDER BY m.id, s.id",
        {}, [&](const store::Row& r) {
          if (found.empty() || found.back().row != r.integer(0)) {
            const auto kind = parse_mention_kind(r.text(3));
            found.push_back({r.integer(0), r.integer(1), Mention{r.text(2), kind.value_or(MentionKind::other), {}}});
          }
          if (!r.is_null(4)) found.back().mention.statements.push_back({r.text(4), r.text(5), r.text(6), r.text(7)});
          return true;
        }));
    for (const auto& u : found) ARIADNE_TRY(link_mention(db, u.mention, u.contribution, u.row));
    return {};
  }));
  return found.size();
}

Status unlink_contribution(store::Database& db, std::int64_t contribution) {
  ARIADNE_TRY(db.execute(
      "DELETE FROM entity_mentions WHERE mention IN (SELECT id FROM mentions WHERE contribution = ?)", {contribution}));
  return {};
}

Result<Entity> get_entity(store::Database& db, const policy::Caller& caller, std::int64_t id, const People* people) {
  ARIADNE_TRY(policy::require(caller, policy::Action::case_read));
  const auto missing = Error::not_found("entity " + std::to_string(id));
  const std::int64_t asked = id;
  // An entity merged into another is the other now (a chain of merges is
  // followed; a cycle, which no sync writes, ends the walk).
  store::Rows found;
  for (int hops = 0; hops < 64; ++hops) {
    ARIADNE_ASSIGN(found, db.query("SELECT id, kind, key, merged_into FROM entities WHERE id = ?", {id}));
    if (found.empty()) return missing;
    if (found.front().is_null(3)) break;
    id = found.front().integer(3);
  }
  Entity e;
  e.id = id;
  e.kind = found.front().text(1);
  // A person's key only anchors its id; an entity of its own is its mention.
  if (e.kind != "person" && !found.front().text(2).starts_with("case:")) e.key = found.front().text(2);
  if (asked != id) e.redirected_from = asked;
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
  // Every statement of the entity's mentions at once; those of mentions the
  // caller may not see are skipped.
  ARIADNE_TRY(
      db.for_each("SELECT s.mention, s.prop, s.value, s.norm, s.flag FROM statements s "
                  "JOIN entity_mentions em ON em.mention = s.mention WHERE em.entity = ? ORDER BY s.id",
                  {id}, [&](const store::Row& r) {
                    if (const auto it = at.find(r.integer(0)); it != at.end()) {
                      e.mentions[it->second].statements.push_back({r.text(1), r.text(2), r.text(3), r.text(4)});
                    }
                    return true;
                  }));
  if (people != nullptr && e.kind == "person") person_links(*people, at, e);
  if (e.kind == "person") ARIADNE_TRY(add_decisions(db, caller, e));
  ARIADNE_TRY(policy::audit_restricted_reads(db, caller, "entity.read", "contributions", restricted));
  return e;
}

namespace {

// `s` for a LIKE pattern with '\\' as its escape character.
std::string like_escaped(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// The person entities of the visible, non-victim mentions named like `q`, best first.
Result<std::vector<EntityMatch>> people_named(store::Database& db, const People& people, const policy::SqlFilter& gate,
                                              std::string_view q, int limit) {
  std::vector<EntityMatch> out;
  const auto found = people.find(q, 1000);
  if (found.empty()) return out;
  const std::string joins =
      " FROM entity_mentions em JOIN mentions m ON m.id = em.mention JOIN contributions c ON c.id = m.contribution ";
  std::unordered_map<std::int64_t, double> score_of;
  store::Params params;
  for (const auto& [row, score] : found) {
    score_of.emplace(row, score);
    params.emplace_back(row);
  }
  params.insert(params.end(), gate.params.begin(), gate.params.end());
  std::map<std::int64_t, double> best;  // entity → its best matching mention's score
  ARIADNE_TRY(db.for_each("SELECT em.mention, em.entity" + joins + "WHERE em.mention IN (" +
                              store::placeholders(found.size()) + ") AND (" + gate.sql + ")",
                          params, [&](const store::Row& r) {
                            auto& b = best[r.integer(1)];
                            b = std::max(b, score_of.at(r.integer(0)));
                            return true;
                          }));
  if (best.empty()) return out;
  params.clear();
  for (const auto& [entity, score] : best) params.emplace_back(entity);
  params.insert(params.end(), gate.params.begin(), gate.params.end());
  ARIADNE_TRY(db.for_each("SELECT em.entity, COUNT(*)" + joins + "WHERE em.entity IN (" +
                              store::placeholders(best.size()) + ") AND (" + gate.sql + ") GROUP BY em.entity",
                          params, [&](const store::Row& r) {
                            out.push_back({r.integer(0), "person", "", r.integer(1), best.at(r.integer(0))});
                            return true;
                          }));
  std::stable_sort(out.begin(), out.end(), [](const EntityMatch& x, const EntityMatch& y) {
    return x.score != y.score ? x.score > y.score : x.id < y.id;
  });
  if (std::cmp_greater(out.size(), limit)) out.resize(static_cast<std::size_t>(limit));
  return out;
}

}  // namespace

Result<std::vector<EntityMatch>> find_entities(store::Database& db, const policy::Caller& caller, std::string_view q,
                                               int limit, const People* people) {
  ARIADNE_TRY(policy::require(caller, policy::Action::case_read));
  // Each reading of q that checks out, as the keys it would be stored under.
  std::vector<std::string> exact;     // "kind\tkey"
  std::vector<std::string> suffixes;  // "kind\tprefix" for keys prefix:COUNTRY:value
  const auto phone = ident::normalise_phone(q, is_iso_alpha3(caller.member) ? caller.member : std::string_view());
  if (phone.valid) exact.push_back("phone\tphone:" + phone.canonical);
  const auto iban = ident::normalise_iban(q);
  if (iban.valid) exact.push_back("account\tiban:" + iban.canonical);
  const auto wallet = ident::classify_wallet(q);
  if (wallet.valid) exact.push_back("account\twallet:" + wallet.canonical);
  const auto plate = ident::normalise_plate(q, "");
  std::string sql =
      "SELECT e.id, e.kind, e.key, COUNT(*) FROM entities e JOIN entity_mentions em ON em.entity = e.id "
      "JOIN mentions m ON m.id = em.mention JOIN contributions c ON c.id = m.contribution WHERE (0";
  store::Params params;
  for (const auto& k : exact) {
    sql += " OR (e.kind = ? AND e.key = ?)";
    params.emplace_back(k.substr(0, k.find('\t')));
    params.emplace_back(k.substr(k.find('\t') + 1));
  }
  auto any_country = [&](const char* kind, const char* prefix, const std::string& value) {
    if (value.empty()) return;
    sql += " OR (e.kind = ? AND e.key LIKE ? ESCAPE '\\')";
    params.emplace_back(std::string(kind));
    params.emplace_back(std::string(prefix) + ":%:" + like_escaped(value));
  };
  if (plate.valid) any_country("vehicle", "plate", plate.canonical);
  const auto number = ident::normalise_document_number(q);
  any_country("document", "document", number);
  any_country("account", "account", number);
  any_country("organization", "registration", number);
  any_country("organization", "name", organization_name(q));
  auto gate = policy::visible_sql(caller, "c.");
  sql += ") AND (" + gate.sql + ") GROUP BY e.id, e.kind, e.key ORDER BY e.kind, e.key, e.id LIMIT ?";
  params.insert(params.end(), gate.params.begin(), gate.params.end());
  params.emplace_back(static_cast<std::int64_t>(limit));
  std::vector<EntityMatch> out;
  ARIADNE_TRY(db.for_each(sql, params, [&](const store::Row& r) {
    out.push_back({r.integer(0), r.text(1), r.text(2), r.integer(3)});
    return true;
  }));
  if (people != nullptr && std::cmp_less(out.size(), limit)) {
    ARIADNE_ASSIGN(auto named, people_named(db, *people, gate, q, limit - static_cast<int>(out.size())));
    out.insert(out.end(), named.begin(), named.end());
  }
  return out;
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
