#include "analysis/leads.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "common/json_fields.hpp"
#include "exchange/notifications.hpp"
#include "policy/accounts.hpp"
#include "policy/restriction.hpp"
#include "store/change_log.hpp"

namespace ariadne::analysis {

namespace {

// What a lead matches on: people as resolved and the identifiers that name
// one thing (an organization only by its registration number).
constexpr const char* kMatchable =
    "(e.kind IN ('person', 'phone', 'account', 'document', 'vehicle') OR (e.kind = 'organization' AND e.key LIKE "
    "'registration:%'))";

struct CaseOf {
  std::string owner;
  std::string case_ref;
  policy::RecordMeta meta;
};

// The identifier a key names, as a notification words it: "phone +33612345678".
std::string identifier_words(const std::string& kind, const std::string& key) {
  const auto colon = key.find(':');
  if (colon == std::string::npos) return kind;
  const std::string scheme = key.substr(0, colon);
  const std::string rest = key.substr(colon + 1);
  const auto second = rest.find(':');
  if (scheme == "iban") return "account " + rest;
  if (scheme == "wallet") return "wallet " + rest;
  if (second == std::string::npos) return kind + " " + rest;
  // account:ITA:123, document:FRA:15AB12345, plate:FRA:AB-123-CD, registration:MLI:R123
  return kind + " " + rest.substr(second + 1) + " (" + rest.substr(0, second) + ")";
}

// The member a lead's notification goes to, as the gate knows it.
Result<policy::Caller> member_caller(store::Database& db, std::map<std::string, policy::Caller>& known,
                                     const std::string& code) {
  if (const auto it = known.find(code); it != known.end()) return it->second;
  ARIADNE_ASSIGN(const auto member, policy::find_member(db, code));
  policy::Caller c{UserId{0}, "system", code, member ? member->kind : policy::MemberKind::ncb, policy::Role::analyst};
  known.emplace(code, c);
  return c;
}

// What the case `contribution` calls `entity`: a person by the name it gives, an identifier by its canonical form.
Result<LeadMatch> lead_match(store::Database& db, std::int64_t contribution, std::int64_t entity) {
  ARIADNE_ASSIGN(const auto rows,
                 db.query("SELECT e.kind, e.key, (SELECT s.value FROM statements s WHERE s.mention = m.id AND s.prop "
                          "= 'names' ORDER BY s.id LIMIT 1), (SELECT COUNT(*) FROM statements s WHERE s.mention = m.id "
                          "AND ((s.prop = 'victim' AND s.value = 'true') OR (s.prop = 'role' AND s.value = 'victim'))) "
                          "FROM entity_mentions em JOIN mentions m ON m.id = em.mention JOIN entities e ON e.id = "
                          "em.entity WHERE m.contribution = ? AND em.entity = ? ORDER BY m.id LIMIT 1",
                          {contribution, entity}));
  LeadMatch out{entity, "", ""};
  if (rows.empty()) return out;  // the case no longer names it (a later version)
  out.kind = rows.front().text(0);
  if (out.kind == "person" && rows.front().integer(3) > 0) {
    out.what = "a victim of your case";  // never a victim's name: not in an inbox, not in a printed report
  } else if (out.kind == "person") {
    const auto name = parse_json_object(rows.front().text(2));
    out.what =
        name && name->contains("full") && (*name)["full"].is_string() ? (*name)["full"].get<std::string>() : "a person";
    out.what = "the person " + out.what;
  } else {
    out.what = identifier_words(out.kind, rows.front().text(1));
  }
  return out;
}

}  // namespace

nlohmann::json to_json(const LeadRun& r) {
  return {{"leads", r.leads}, {"matches", r.matches}, {"notifications", r.notifications}};
}

Result<LeadRun> raise_leads(store::Database& db) {
  LeadRun run;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(const auto mark, db.query("SELECT seq FROM lead_watermark WHERE id = 1"));
    const std::int64_t since = mark.empty() ? -1 : mark.front().integer(0);
    // The contributions stored, sent again or withdrawn since, from the change log.
    std::vector<std::pair<std::int64_t, std::int64_t>> changed;  // seq, contribution (not withdrawn)
    std::int64_t last = since;
    for (;;) {
      ARIADNE_ASSIGN(const auto changes, store::changes_since(db, last));
      if (changes.empty()) break;
      for (const auto& c : changes) {
        if (c.table == "contributions" && c.op != "delete") changed.emplace_back(c.seq, std::stoll(c.record_id));
      }
      last = changes.back().seq;
    }
    // The people whose mentions changed without their cases changing.
    std::set<std::int64_t> pending;
    ARIADNE_TRY(db.for_each("SELECT entity FROM lead_pending", {}, [&](const store::Row& r) {
      pending.insert(r.integer(0));
      return true;
    }));
    if (last == since && pending.empty()) return {};  // nothing changed: nothing to look at
    // A case whose people are not all resolved yet waits for the next run:
    // the watermark stays before its change.
    std::int64_t upto = last;
    std::vector<std::int64_t> ids;
    for (const auto& [seq, id] : changed) ids.push_back(id);
    std::set<std::int64_t> unresolved;
    constexpr std::size_t kChunk = 500;
    const auto in_list = [](std::size_t n) {
      std::string out;
      for (std::size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
      return out;
    };
    for (std::size_t at = 0; at < ids.size(); at += kChunk) {
      const auto end = std::min(ids.size(), at + kChunk);
      const store::Params params(ids.begin() + static_cast<std::ptrdiff_t>(at),
                                 ids.begin() + static_cast<std::ptrdiff_t>(end));
      ARIADNE_TRY(
          db.for_each("SELECT DISTINCT m.contribution FROM mentions m LEFT JOIN entity_mentions em ON "
                      "em.mention = m.id WHERE m.kind = 'person' AND em.mention IS NULL AND m.contribution IN (" +
                          in_list(end - at) + ")",
                      params, [&](const store::Row& r) {
                        unresolved.insert(r.integer(0));
                        return true;
                      }));
    }
    std::set<std::int64_t> ready;
    for (const auto& [seq, id] : changed) {
      if (unresolved.contains(id)) {
        upto = seq - 1;
        break;
      }
      ready.insert(id);
    }
    // The entities the changed cases name.
    std::vector<std::int64_t> touched;
    const std::vector<std::int64_t> ready_ids(ready.begin(), ready.end());
    for (std::size_t at = 0; at < ready_ids.size(); at += kChunk) {
      const auto end = std::min(ready_ids.size(), at + kChunk);
      const store::Params params(ready_ids.begin() + static_cast<std::ptrdiff_t>(at),
                                 ready_ids.begin() + static_cast<std::ptrdiff_t>(end));
      ARIADNE_TRY(db.for_each(std::string("SELECT em.entity FROM mentions m JOIN entity_mentions em ON em.mention = "
                                          "m.id JOIN entities e ON e.id = em.entity WHERE ") +
                                  kMatchable + " AND m.contribution IN (" + in_list(end - at) + ")",
                              params, [&](const store::Row& r) {
                                touched.push_back(r.integer(0));
                                return true;
                              }));
    }
    touched.insert(touched.end(), pending.begin(), pending.end());
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    // Every case each of them is in.
    std::unordered_map<std::int64_t, CaseOf> cases;
    std::map<std::int64_t, std::set<std::int64_t>> in_cases;  // entity → contributions
    for (std::size_t at = 0; at < touched.size(); at += kChunk) {
      std::string sql =
          "SELECT em.entity, c.id, c.owner, c.case_ref, c.scope, c.scope_members FROM entity_mentions em JOIN "
          "mentions m ON m.id = em.mention JOIN contributions c ON c.id = m.contribution WHERE em.entity IN (";
      store::Params params;
      for (auto i = at; i < std::min(touched.size(), at + kChunk); ++i) {
        sql += i == at ? "?" : ", ?";
        params.emplace_back(touched[i]);
      }
      ARIADNE_TRY(db.for_each(sql + ")", params, [&](const store::Row& r) {
        in_cases[r.integer(0)].insert(r.integer(1));
        cases.try_emplace(
            r.integer(1),
            CaseOf{r.text(2), r.text(3), {r.text(2), policy::Restriction::from_stored(r.text(4), r.text(5))}});
        return true;
      }));
    }
    // Each pair of two members' cases sharing an entity: a lead, and the entity a match of it.
    std::map<std::int64_t, std::vector<std::int64_t>> new_matches;  // lead → entities newly shared
    // Only pairs with a changed case: the others were paired when they changed (a phone in
    // thousands of cases costs a run one pair per case, not one per pair of cases). A
    // person whose mentions changed pairs all its cases: some may share it only now.
    for (const auto& [entity, contributions] : in_cases) {
      const bool all = pending.contains(entity);
      for (const auto changed_case : contributions) {
        if (!all && !ready.contains(changed_case)) continue;
        for (const auto other : contributions) {
          if (other == changed_case || ((all || ready.contains(other)) && other < changed_case)) continue;  // once
          if (cases.at(changed_case).owner == cases.at(other).owner) continue;
          const auto a = std::min(changed_case, other), b = std::max(changed_case, other);
          ARIADNE_ASSIGN(auto made, db.query("INSERT INTO leads (first, second) VALUES (?, ?) ON CONFLICT (first, "
                                             "second) DO NOTHING RETURNING id",
                                             {a, b}));
          std::int64_t lead = 0;
          if (made.empty()) {
            ARIADNE_ASSIGN(auto found, db.query("SELECT id FROM leads WHERE first = ? AND second = ?", {a, b}));
            lead = found.front().integer(0);
          } else {
            lead = made.front().integer(0);
            ++run.leads;
          }
          // A person the lead holds under the id it had before a merge is the same match, renamed.
          ARIADNE_ASSIGN(const auto before,
                         db.query("SELECT lm.entity FROM lead_matches lm JOIN entities e ON e.id = lm.entity WHERE "
                                  "lm.lead = ? AND e.merged_into = ?",
                                  {lead, entity}));
          for (const auto& old : before) {
            ARIADNE_TRY(db.execute("DELETE FROM lead_matches WHERE lead = ? AND entity = ?", {lead, old.integer(0)}));
          }
          ARIADNE_ASSIGN(const auto added,
                         db.execute("INSERT INTO lead_matches (lead, entity) VALUES (?, ?) ON CONFLICT (lead, entity) "
                                    "DO NOTHING",
                                    {lead, entity}));
          if (added > 0 && before.empty()) {
            new_matches[lead].push_back(entity);
            ++run.matches;
          }
        }
      }
    }
    // Each owner told, as far as the other case lets it see.
    std::map<std::string, policy::Caller> members;
    for (const auto& [lead, entities] : new_matches) {
      ARIADNE_ASSIGN(const auto pair, db.query("SELECT first, second FROM leads WHERE id = ?", {lead}));
      const std::int64_t ends[2] = {pair.front().integer(0), pair.front().integer(1)};
      for (int side = 0; side < 2; ++side) {
        const auto& own = cases.at(ends[side]);
        const auto& other = cases.at(ends[1 - side]);
        ARIADNE_ASSIGN(const auto told, member_caller(db, members, own.owner));
        std::vector<std::string> what;
        for (const auto entity : entities) {
          ARIADNE_ASSIGN(const auto match, lead_match(db, ends[side], entity));
          what.push_back(match.what);
        }
        std::string list;
        for (std::size_t i = 0; i < what.size(); ++i) list += (i == 0 ? "" : ", ") + what[i];
        const std::string text =
            policy::can_read(told, other.meta)
                ? "Your case " + own.case_ref + " shares " + list + " with " + other.owner + "'s case " +
                      other.case_ref + " (contribution " + std::to_string(ends[1 - side]) + ")"
                : "Another member holds information on " + list + " of your case " + own.case_ref +
                      "; ask it through the General Secretariat, quoting lead " + std::to_string(lead);
        ARIADNE_TRY(exchange::notify(db, own.owner, "lead", "lead:" + std::to_string(lead), text));
        ++run.notifications;
      }
    }
    // The people looked at leave the list, a chunk per statement; any added
    // since (a merge after this read) stay for the next run.
    const std::vector<std::int64_t> done(pending.begin(), pending.end());
    for (std::size_t at = 0; at < done.size(); at += kChunk) {
      const auto end = std::min(done.size(), at + kChunk);
      ARIADNE_TRY(db.execute("DELETE FROM lead_pending WHERE entity IN (" + in_list(end - at) + ")",
                             store::Params(done.begin() + static_cast<std::ptrdiff_t>(at),
                                           done.begin() + static_cast<std::ptrdiff_t>(end))));
    }
    if (upto != since) {
      ARIADNE_TRY(
          db.execute("INSERT INTO lead_watermark (id, seq) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET seq = "
                     "excluded.seq",
                     {upto}));
    }
    return {};
  }));
  return run;
}

nlohmann::json to_json(const Lead& l) {
  auto matches = nlohmann::json::array();
  for (const auto& m : l.matches) matches.push_back({{"entity", m.entity}, {"kind", m.kind}, {"what", m.what}});
  nlohmann::json out{{"id", l.id},         {"contribution", l.contribution},
                     {"case", l.case_ref}, {"restricted", l.restricted},
                     {"matches", matches}, {"created_at", l.created_at}};
  out["other"] = l.restricted ? nlohmann::json()
                              : nlohmann::json{{"member", *l.other_member},
                                               {"contribution", *l.other_contribution},
                                               {"case", *l.other_case_ref}};
  return out;
}

Result<std::vector<Lead>> list_leads(store::Database& db, const policy::Caller& caller, std::size_t limit) {
  if (limit < 1 || limit > 1000) return Error::invalid("limit", "must be 1 to 1000");
  ARIADNE_TRY(policy::require(caller, policy::Action::case_read));
  std::vector<Lead> out;
  std::vector<std::pair<std::int64_t, std::int64_t>> sides;  // own, other contribution
  ARIADNE_TRY(db.for_each(
      "SELECT l.id, l.first, l.second, l.created_at, a.owner FROM leads l JOIN contributions a ON a.id = l.first JOIN "
      "contributions b ON b.id = l.second WHERE a.owner = ? OR b.owner = ? ORDER BY l.id DESC LIMIT ?",
      {caller.member, caller.member, static_cast<std::int64_t>(limit)}, [&](const store::Row& r) {
        const bool first_is_own = r.text(4) == caller.member;
        Lead l;
        l.id = r.integer(0);
        l.created_at = r.text(3);
        out.push_back(std::move(l));
        sides.emplace_back(first_is_own ? r.integer(1) : r.integer(2), first_is_own ? r.integer(2) : r.integer(1));
        return true;
      }));
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& l = out[i];
    const auto [own, other] = sides[i];
    l.contribution = own;
    ARIADNE_ASSIGN(const auto cases,
                   db.query("SELECT id, owner, case_ref, scope, scope_members FROM contributions WHERE id IN (?, ?)",
                            {own, other}));
    l.restricted = true;  // until the other case is read (it may have been withdrawn meanwhile)
    for (const auto& c : cases) {
      if (c.integer(0) == own) {
        l.case_ref = c.text(2);
        continue;
      }
      const policy::RecordMeta meta{c.text(1), policy::Restriction::from_stored(c.text(3), c.text(4))};
      l.restricted = !policy::can_read(caller, meta);
      if (!l.restricted) {
        l.other_member = c.text(1);
        l.other_contribution = c.integer(0);
        l.other_case_ref = c.text(2);
      }
    }
    ARIADNE_TRY(
        db.for_each("SELECT entity FROM lead_matches WHERE lead = ? ORDER BY entity", {l.id}, [&](const store::Row& r) {
          l.matches.push_back({r.integer(0), "", ""});
          return true;
        }));
    for (auto& m : l.matches) {
      ARIADNE_ASSIGN(m, lead_match(db, own, m.entity));
    }
    // What the member's own case no longer names (a later version) is not shown: its id could be
    // known only from the other, restricted case.
    std::erase_if(l.matches, [](const LeadMatch& m) { return m.kind.empty(); });
  }
  return out;
}

}  // namespace ariadne::analysis
