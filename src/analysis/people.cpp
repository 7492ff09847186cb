#include "analysis/people.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "analysis/entities.hpp"
#include "common/json_fields.hpp"
#include "common/mix.hpp"
#include "er/flat_file.hpp"
#include "store/change_log.hpp"
#include "text/matcher.hpp"

namespace ariadne::analysis {

extern const char* const kPeopleConfig;  // people_config.json, compiled in by CMake

namespace {

// FNV-1a, then splitmix64's finaliser (FNV alone keeps numbers that differ
// in their last digits close): a hash that is the same on every machine and
// run, as std::hash is not promised to be.
std::uint64_t stable_hash(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return splitmix_finalise(h);
}

using Clock = std::chrono::steady_clock;

// The configuration compiled in; checked by the tests, so it always parses.
const er::FlatConfig& people_config() {
  static const er::FlatConfig config = [] {
    auto parsed = er::parse_config(nlohmann::json::parse(kPeopleConfig));
    if (!parsed) throw std::logic_error("people_config.json: " + parsed.error().message);
    return std::move(parsed).value();
  }();
  return config;
}

// The relationships that make a thing's identifier a person's.
constexpr const char* kHeldBy = "('uses','holds_account','drives','holds_document')";

struct Loaded {
  std::vector<std::int64_t> mentions;  // rows, ascending
  std::vector<std::int64_t> contributions;
  std::vector<std::string> local_ids;
  std::vector<er::PersonRecord> records;
  std::vector<bool> victims;
};

// The person mentions of one contribution, or of every one (contribution 0).
Result<Loaded> load(store::Database& db, std::int64_t contribution) {
  Loaded out;
  // The role the member gives a person is compared when the configuration
  // lists it: a boat captain in one case is rarely a recruiter in another.
  const auto& attributes = people_config().schema.attributes;
  const auto role_at =
      std::find_if(attributes.begin(), attributes.end(), [](const er::Attribute& a) { return a.name == "role"; });
  const std::string only = contribution ? " AND m.contribution = ?" : "";
  store::Params params;
  if (contribution) params.emplace_back(contribution);
  ARIADNE_TRY(
      db.for_each("SELECT m.id, m.contribution, m.local_id, s.prop, s.value FROM mentions m "
                  "JOIN statements s ON s.mention = m.id WHERE m.kind = 'person' AND s.prop IN "
                  "('names', 'birth_date', 'sex', 'nationality', 'victim', 'role')" +
                      only + " ORDER BY m.id, s.id",
                  params, [&](const store::Row& r) {
                    const auto row = r.integer(0);
                    if (out.mentions.empty() || out.mentions.back() != row) {
                      out.mentions.push_back(row);
                      out.contributions.push_back(r.integer(1));
                      out.local_ids.push_back(r.text(2));
                      out.records.emplace_back();
                      out.records.back().id = std::to_string(row);
                      out.victims.push_back(false);
                    }
                    auto& rec = out.records.back();
                    const auto prop = r.text(3);
                    auto value = r.text(4);
                    if (prop == "names") {
                      // Stored as the package gave it: {full, script, family?, given?}.
                      auto name = parse_json_object(value);
                      if (name && name->contains("full") && (*name)["full"].is_string()) {
                        rec.names.push_back((*name)["full"].get<std::string>());
                      }
                    } else if (prop == "birth_date") {
                      rec.birth_date = std::move(value);
                    } else if (prop == "sex") {
                      rec.sex = std::move(value);
                    } else if (prop == "nationality") {
                      rec.nationality = std::move(value);
                    } else if (prop == "role") {
                      if (role_at != attributes.end()) {
                        rec.attributes.resize(attributes.size());
                        rec.attributes[static_cast<std::size_t>(role_at - attributes.begin())] = std::move(value);
                      }
                    } else if (prop == "victim") {
                      out.victims.back() = value == "true";
                    }
                    return true;
                  }));
  // The identifiers of what each person uses or holds, as their entities are keyed.
  std::unordered_map<std::int64_t, std::size_t> at;
  for (std::size_t i = 0; i < out.mentions.size(); ++i) at[out.mentions[i]] = i;
  const std::string only_links = contribution ? " AND ml.contribution = ?" : "";
  ARIADNE_TRY(db.for_each(std::string("SELECT ml.source, em.reason FROM mention_links ml JOIN entity_mentions em ON "
                                      "em.mention = ml.target WHERE em.how = 'identifier' AND ml.kind IN ") +
                              kHeldBy + only_links,
                          params, [&](const store::Row& r) {
                            if (auto it = at.find(r.integer(0)); it != at.end()) {
                              out.records[it->second].identifiers.push_back(r.text(1));
                            }
                            return true;
                          }));
  // What each case recorded alongside its people: the identifiers of all its
  // things; and each case is a group (it lists a person once).
  std::unordered_map<std::int64_t, std::vector<std::string>> context;
  const std::string only_case = contribution ? " AND m.contribution = ?" : "";
  ARIADNE_TRY(
      db.for_each("SELECT m.contribution, em.reason FROM mentions m JOIN entity_mentions em ON em.mention = "
                  "m.id WHERE em.how = 'identifier'" +
                      only_case,
                  params, [&](const store::Row& r) {
                    context[r.integer(0)].push_back(r.text(1));
                    return true;
                  }));
  // A case with more identifiers than kMaxContext keeps a sample of them: the
  // kMaxContext smallest by a fixed hash, so that two cases sharing many
  // identifiers keep some of the same ones (a bottom-k sketch), and a huge
  // case costs its people no more than a small one.
  for (auto& [c, ids] : context) ids = context_sketch(std::move(ids));
  for (std::size_t i = 0; i < out.records.size(); ++i) {
    out.records[i].group = std::to_string(out.contributions[i]);
    if (auto it = context.find(out.contributions[i]); it != context.end()) out.records[i].context = it->second;
  }
  return out;
}

std::string anchor_key(std::int64_t contribution, const std::string& local_id) {
  return "person:" + std::to_string(contribution) + ":" + local_id;
}

}  // namespace

std::vector<std::string> context_sketch(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.size() <= kMaxContext) return ids;
  auto by_hash = [](const std::string& x, const std::string& y) {
    const auto hx = stable_hash(x), hy = stable_hash(y);
    return hx != hy ? hx < hy : x < y;
  };
  std::nth_element(ids.begin(), ids.begin() + kMaxContext, ids.end(), by_hash);
  ids.resize(kMaxContext);
  std::sort(ids.begin(), ids.end());
  return ids;
}

er::Settings people_settings() {
  return people_config().settings;
}

er::Schema people_schema() {
  return people_config().schema;
}

nlohmann::json to_json(const PeopleSync& s) {
  return {{"from_scratch", s.from_scratch}, {"resolved", s.resolved},     {"removed", s.removed},
          {"reassigned", s.reassigned},     {"redirected", s.redirected}, {"mentions", s.mentions},
          {"entities", s.entities},         {"seconds", s.seconds}};
}

struct People::State {
  std::unique_ptr<er::Resolver> resolver;
  std::int64_t seq = -1;           // the change log read up to here
  std::size_t estimated_on = 0;    // records when the model was last estimated
  std::vector<std::int64_t> rows;  // per record: its mention row
  std::vector<std::int64_t> contributions;
  std::vector<std::string> local_ids;
  std::vector<bool> victims;
  std::vector<bool> gone;  // per record: taken out (its contribution withdrawn)
  std::size_t gone_count = 0;
  std::vector<std::int64_t> entity;                              // per record: its entity as stored (0: none yet)
  std::unordered_map<std::int64_t, std::uint32_t> record_of;     // mention row → record
  std::unordered_map<std::string, std::uint32_t> record_by_ref;  // "contribution:local id" → record
  std::set<std::int64_t> loaded;                                 // contributions resolved
  std::vector<Decision> decisions;                               // analysts', oldest first

  void index(std::uint32_t record) {
    record_of[rows[record]] = record;
    record_by_ref[std::to_string(contributions[record]) + ":" + local_ids[record]] = record;
  }
  std::vector<std::uint32_t> records_of(const std::vector<MentionRef>& refs) const {
    std::vector<std::uint32_t> out;
    for (const auto& r : refs) {
      if (auto it = record_by_ref.find(std::to_string(r.contribution) + ":" + r.local_id); it != record_by_ref.end()) {
        out.push_back(it->second);
      }
    }
    return out;
  }
};

People::People(er::Settings settings) : settings_(std::move(settings)) {
  settings_.stop = stop_;
}

People::~People() {
  stop();  // a first resolution under way ends at its next step
  if (starter_.joinable()) starter_.join();
}

void People::start(store::Database& db, std::function<void(const Result<PeopleSync>&)> done) {
  std::promise<void> finished;
  started_ = finished.get_future().share();
  starter_ = std::thread([this, &db, done = std::move(done), finished = std::move(finished)]() mutable {
    auto outcome = sync_now(db);
    finished.set_value();
    if (done) done(outcome);
  });
}

bool People::started() const {
  return !started_.valid() || started_.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

void People::wait_started() const {
  if (started_.valid()) started_.wait();
}

void People::stop() {
  stop_->store(true);
}

Result<PeopleSync> People::sync(store::Database& db) {
  wait_started();
  if (stop_->load()) return Error{ErrorCode::unavailable, "stopping: the people are not synced", {}};
  return sync_now(db);
}

Result<PeopleSync> People::sync_now(store::Database& db) {
  std::lock_guard lock(mu_);
  auto done = sync_locked(db);
  // A sync that failed half way (the store refused a read or a write) leaves
  // the memory and the store apart: the next one starts from scratch.
  if (!done) state_.reset();
  return done;
}

Result<PeopleSync> People::sync_locked(store::Database& db) {
  const auto start = Clock::now();
  PeopleSync out;
  bool scratch = state_ == nullptr;
  std::vector<std::int64_t> added;
  std::set<std::int64_t> taken_out;  // contributions whose mentions as resolved leave
  bool decided = false;              // an analyst decided since
  std::int64_t seq = state_ ? state_->seq : -1;
  if (!scratch) {
    // What changed since: contributions added are resolved incrementally; one
    // withdrawn takes its mentions out; a new version does both.
    for (;;) {
      ARIADNE_ASSIGN(auto changes, store::changes_since(db, seq));
      if (changes.empty()) break;
      for (const auto& c : changes) {
        decided = decided || c.table == "entity_decisions";
        if (c.table != "contributions") continue;
        const auto id = std::stoll(c.record_id);
        if (c.op != "insert" && state_->loaded.contains(id)) taken_out.insert(id);
        // (An id withdrawn may come back for another contribution.)
        if (c.op != "delete" && std::find(added.begin(), added.end(), id) == added.end() &&
            (c.op == "update" || !state_->loaded.contains(id) || taken_out.contains(id))) {
          added.push_back(id);
        }
      }
      seq = changes.back().seq;
    }
    if (added.empty() && taken_out.empty() && !decided) {
      state_->seq = seq;
      out.mentions = state_->rows.size() - state_->gone_count;
      return out;
    }
  }
  if (!scratch && decided) {
    ARIADNE_ASSIGN(state_->decisions, load_decisions(db));
    state_->seq = seq;
  }
  std::vector<std::uint32_t> touched;
  if (!scratch && !taken_out.empty()) {
    const auto before = state_->gone_count;
    remove(taken_out, touched);
    out.removed = state_->gone_count - before;
    // Memory that holds more mentions taken out than in is built again.
    if (state_->gone_count > std::max<std::size_t>(state_->rows.size() - state_->gone_count, 500)) scratch = true;
    state_->seq = seq;
  }
  if (!scratch && !added.empty()) {
    const auto before = state_->rows.size();
    ARIADNE_TRY(add(db, added, out, touched));
    // A file that has doubled since its model was estimated is estimated again.
    if (state_->rows.size() >= 2 * std::max<std::size_t>(state_->estimated_on, 500) && before < state_->rows.size()) {
      scratch = true;
    } else {
      state_->seq = seq;
    }
  }
  if (scratch) {
    ARIADNE_TRY(rebuild(db, out));
  }
  // After an increment alone, only what it touched is assigned again.
  ARIADNE_TRY(assign(db, out, scratch || decided ? nullptr : &touched));
  out.mentions = state_->rows.size() - state_->gone_count;
  out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  generation_.fetch_add(1, std::memory_order_release);
  return out;
}

std::uint64_t People::generation() const {
  wait_started();
  return generation_.load(std::memory_order_acquire);
}

Status People::rebuild(store::Database& db, PeopleSync& out) {
  out.from_scratch = true;
  auto state = std::make_unique<State>();
  // The log's end first: what is written while loading is read again next time.
  ARIADNE_ASSIGN(state->seq, store::last_change_seq(db));
  ARIADNE_ASSIGN(auto loaded, load(db, 0));
  ARIADNE_TRY(db.for_each("SELECT id FROM contributions", {}, [&](const store::Row& r) {
    state->loaded.insert(r.integer(0));
    return true;
  }));
  state->resolver = std::make_unique<er::Resolver>(people_schema(), settings_);
  state->resolver->table().add(loaded.records, settings_.threads);
  state->rows = std::move(loaded.mentions);
  state->contributions = std::move(loaded.contributions);
  state->local_ids = std::move(loaded.local_ids);
  state->victims = std::move(loaded.victims);
  state->gone.assign(state->rows.size(), false);
  state->entity.assign(state->rows.size(), 0);
  for (std::uint32_t i = 0; i < state->rows.size(); ++i) state->index(i);
  ARIADNE_ASSIGN(state->decisions, load_decisions(db));
  ARIADNE_TRY(
      db.for_each("SELECT em.mention, em.entity FROM entity_mentions em JOIN mentions m ON m.id = em.mention "
                  "WHERE m.kind = 'person'",
                  {}, [&](const store::Row& r) {
                    if (auto it = state->record_of.find(r.integer(0)); it != state->record_of.end()) {
                      state->entity[it->second] = r.integer(1);
                    }
                    return true;
                  }));
  if (!state->rows.empty() && state->resolver->resolve().stopped) {
    return Error{ErrorCode::unavailable, "stopped before the people were resolved", {}};
  }
  state->estimated_on = state->rows.size();
  out.resolved = state->rows.size();
  state_ = std::move(state);
  return {};
}

Status People::add(store::Database& db, const std::vector<std::int64_t>& contributions, PeopleSync& out,
                   std::vector<std::uint32_t>& touched) {
  auto& s = *state_;
  const auto first = static_cast<std::uint32_t>(s.rows.size());
  for (const auto id : contributions) {
    ARIADNE_ASSIGN(auto loaded, load(db, id));
    s.loaded.insert(id);
    if (loaded.records.empty()) continue;
    s.resolver->table().add(loaded.records, settings_.threads);
    for (std::size_t i = 0; i < loaded.mentions.size(); ++i) {
      s.rows.push_back(loaded.mentions[i]);
      s.contributions.push_back(loaded.contributions[i]);
      s.local_ids.push_back(std::move(loaded.local_ids[i]));
      s.victims.push_back(loaded.victims[i]);
      s.gone.push_back(false);
      s.entity.push_back(0);
      s.index(static_cast<std::uint32_t>(s.rows.size() - 1));
    }
    out.resolved += loaded.records.size();
  }
  touched.clear();
  if (s.estimated_on == 0) {
    // Nothing was resolved yet: this is the first resolution.
    if (!s.rows.empty()) s.resolver->resolve();
    s.estimated_on = s.rows.size();
    for (std::uint32_t i = 0; i < s.rows.size(); ++i) touched.push_back(i);
  } else {
    // What changed: the new records, and the clusters that absorbed others.
    const auto increment = s.resolver->update();
    for (auto i = first; i < s.rows.size(); ++i) touched.push_back(i);
    for (const auto& [from, to] : increment.redirects) touched.push_back(to);
  }
  return {};
}

// The mentions of `contributions` leave: they no longer name a record, and
// the clusters that held them are clustered again without them.
void People::remove(const std::set<std::int64_t>& contributions, std::vector<std::uint32_t>& touched) {
  auto& s = *state_;
  std::vector<std::uint32_t> records;
  for (std::uint32_t i = 0; i < s.rows.size(); ++i) {
    if (s.gone[i] || !contributions.contains(s.contributions[i])) continue;
    s.gone[i] = true;
    ++s.gone_count;
    s.record_of.erase(s.rows[i]);
    s.record_by_ref.erase(std::to_string(s.contributions[i]) + ":" + s.local_ids[i]);
    records.push_back(i);
  }
  for (const auto id : contributions) s.loaded.erase(id);
  if (records.empty()) return;
  const auto removal = s.resolver->remove(records);
  touched.insert(touched.end(), removal.reclustered.begin(), removal.reclustered.end());
  for (const auto& [from, to] : removal.redirects) touched.push_back(to);
}

// The resolution's clusters as analysts decided them, decision by decision:
// a merge makes every cluster holding a mention it names one; a split takes
// the mentions it split off out of any cluster they share with the rest.
// Each cluster stays named by one of its records (the smallest).
std::vector<std::uint32_t> People::decided(const State& s) {
  auto of = s.resolver->resolution().clusters.of;
  if (s.decisions.empty()) return of;
  // Each cluster's records, so that a decision touches its clusters only.
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> members;
  for (std::uint32_t i = 0; i < of.size(); ++i) members[of[i]].push_back(i);
  for (const auto& d : s.decisions) {
    if (d.kind == DecisionKind::merge) {
      std::set<std::uint32_t> clusters;
      for (const auto& side : d.sides) {
        for (auto r : s.records_of(side)) clusters.insert(of[r]);
      }
      if (clusters.size() < 2) continue;
      const auto into = *clusters.begin();  // the smallest record of them all
      auto& joined = members[into];
      for (const auto c : clusters) {
        if (c == into) continue;
        for (const auto r : members[c]) of[r] = into;
        joined.insert(joined.end(), members[c].begin(), members[c].end());
        members.erase(c);
      }
      continue;
    }
    if (d.sides.size() < 2) continue;
    const auto off = s.records_of(d.sides[0]);
    std::set<std::uint32_t> shared;  // clusters holding both sides
    for (auto r : s.records_of(d.sides[1])) shared.insert(of[r]);
    const std::set<std::uint32_t> leaving(off.begin(), off.end());
    for (const auto cluster : shared) {
      std::vector<std::uint32_t> stay, go;
      for (const auto r : members[cluster]) (leaving.contains(r) ? go : stay).push_back(r);
      if (go.empty() || stay.empty()) continue;
      // Each part is named by its smallest record.
      const auto go_name = *std::min_element(go.begin(), go.end());
      const auto stay_name = *std::min_element(stay.begin(), stay.end());
      for (const auto r : go) of[r] = go_name;
      for (const auto r : stay) of[r] = stay_name;
      members.erase(cluster);
      members[go_name] = std::move(go);
      members[stay_name] = std::move(stay);
    }
  }
  return of;
}

Status People::assign(store::Database& db, PeopleSync& out, const std::vector<std::uint32_t>* touched) {
  auto& s = *state_;
  const auto n = static_cast<std::uint32_t>(s.rows.size());
  if (n == 0) return {};
  const auto of = decided(s);
  // The records whose entity may change: all of them, or after an increment
  // those of the clusters it touched (an increment only merges clusters, so
  // the entities of the others stay where they are).
  std::vector<std::uint32_t> records;
  {
    std::vector<char> affected(n, touched == nullptr ? 1 : 0);
    if (touched != nullptr) {
      for (const auto r : *touched) affected[of[r]] = 1;
    }
    std::vector<char> named(n, 0);
    out.entities = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
      if (s.gone[i]) continue;  // its mention is no more
      if (affected[of[i]]) records.push_back(i);
      if (!named[of[i]]) named[of[i]] = 1, ++out.entities;
    }
  }
  // Each stored entity goes to the cluster holding most of its mentions
  // (ties: the cluster holding the mention it was created for, its anchor,
  // else the smaller cluster name); each cluster keeps, of the entities it
  // won, the one most of its mentions hold (ties: the smaller id); the other
  // entities it won redirect to that one. Ids are random, so no tie may
  // rest on their order alone where an anchor can decide: two people a
  // bridge joined and its withdrawal parts get their own ids back.
  std::map<std::pair<std::int64_t, std::uint32_t>, std::uint32_t> held;  // (entity, cluster) → mentions
  for (const auto i : records) {
    if (s.entity[i] != 0) ++held[{s.entity[i], of[i]}];
  }
  std::map<std::int64_t, std::pair<std::uint32_t, std::uint32_t>> winner;  // entity → (cluster, mentions)
  std::set<std::int64_t> tied;
  for (const auto& [key, count] : held) {
    auto [it, fresh] = winner.try_emplace(key.first, key.second, count);
    if (fresh) continue;
    if (count > it->second.second) {
      it->second = {key.second, count};  // ties: clusters ascend
      tied.erase(key.first);
    } else if (count == it->second.second) {
      tied.insert(key.first);
    }
  }
  for (const auto entity : tied) {
    ARIADNE_ASSIGN(auto rows, db.query("SELECT key FROM entities WHERE id = ? AND key IS NOT NULL", {entity}));
    if (rows.empty()) continue;
    const std::string anchor = rows.front().text(0);
    const auto count = winner.at(entity).second;
    for (const auto i : records) {
      if (s.entity[i] == entity && anchor_key(s.contributions[i], s.local_ids[i]) == anchor &&
          held.at({entity, of[i]}) == count) {
        winner.at(entity).first = of[i];
        break;
      }
    }
  }
  std::unordered_map<std::uint32_t, std::pair<std::int64_t, std::uint32_t>> chosen;  // cluster → (entity, mentions)
  for (const auto& [entity, won] : winner) {
    auto [it, fresh] = chosen.try_emplace(won.first, entity, won.second);
    if (!fresh && won.second > it->second.second) it->second = {entity, won.second};  // ties: ids ascend
  }
  std::set<std::int64_t> in_use;
  for (const auto& [entity, won] : winner) in_use.insert(entity);
  std::vector<std::pair<std::int64_t, std::int64_t>> redirects;  // (entity, into)
  for (const auto& [entity, won] : winner) {
    const auto into = chosen.at(won.first).first;
    if (into != entity) redirects.emplace_back(entity, into);
  }
  std::vector<std::pair<std::uint32_t, std::int64_t>> assigned;  // (record, entity) once stored
  ARIADNE_TRY(db.transaction([&]() -> Status {
    assigned.clear();
    // Clusters without an entity: one once created for one of their
    // mentions and free now, else a new one named after the first.
    std::unordered_map<std::uint32_t, std::int64_t> entity_of;  // cluster → entity
    for (const auto& [cluster, c] : chosen) entity_of[cluster] = c.first;
    std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> homeless;  // cluster → its records
    std::size_t homeless_records = 0;
    for (const auto i : records) {
      if (!entity_of.contains(of[i])) homeless[of[i]].push_back(i), ++homeless_records;
    }
    // The anchors that may serve: all of them for a whole assignment, else
    // those of the few records without an entity, each if no mention holds
    // it now (an entity outside the touched clusters is in use).
    std::unordered_map<std::string, std::int64_t> anchors;  // key → entity
    if (touched == nullptr && homeless_records > 0) {
      ARIADNE_TRY(db.for_each("SELECT id, key FROM entities WHERE kind = 'person' AND key IS NOT NULL", {},
                              [&](const store::Row& r) {
                                anchors.emplace(r.text(1), r.integer(0));
                                return true;
                              }));
    } else {
      for (const auto& [cluster, members] : homeless) {
        for (const auto j : members) {
          const auto key = anchor_key(s.contributions[j], s.local_ids[j]);
          ARIADNE_ASSIGN(auto rows,
                         db.query("SELECT e.id, EXISTS (SELECT 1 FROM entity_mentions em WHERE em.entity = e.id) "
                                  "FROM entities e WHERE e.kind = 'person' AND e.key = ?",
                                  {key}));
          if (rows.empty()) continue;
          anchors.emplace(key, rows.front().integer(0));
          if (rows.front().integer(1) != 0) in_use.insert(rows.front().integer(0));
        }
      }
    }
    std::vector<std::uint32_t> order;  // clusters by name: ids are handed out in a deterministic order
    for (const auto& [cluster, records] : homeless) order.push_back(cluster);
    std::sort(order.begin(), order.end());
    for (const auto cluster : order) {
      const auto& records = homeless.at(cluster);
      std::int64_t entity = 0;
      for (const auto j : records) {
        const auto it = anchors.find(anchor_key(s.contributions[j], s.local_ids[j]));
        if (it != anchors.end() && !in_use.contains(it->second)) {
          entity = it->second;
          ARIADNE_TRY(
              db.execute("UPDATE entities SET merged_into = NULL WHERE id = ? AND merged_into IS NOT NULL", {entity}));
          break;
        }
      }
      if (entity == 0) {
        const auto key = anchor_key(s.contributions[records.front()], s.local_ids[records.front()]);
        const bool taken = anchors.contains(key);
        ARIADNE_ASSIGN(entity, new_entity(db, "person", taken ? store::Value{nullptr} : store::Value{key}));
        if (!taken) anchors.emplace(key, entity);
      }
      in_use.insert(entity);
      entity_of[cluster] = entity;
    }
    for (const auto& [cluster, c] : chosen) {
      ARIADNE_TRY(
          db.execute("UPDATE entities SET merged_into = NULL WHERE id = ? AND merged_into IS NOT NULL", {c.first}));
    }
    for (const auto& [entity, into] : redirects) {
      ARIADNE_TRY(db.execute("UPDATE entities SET merged_into = ? WHERE id = ?", {into, entity}));
    }
    out.redirected = redirects.size();
    for (const auto i : records) {
      const auto entity = entity_of.at(of[i]);
      if (entity == s.entity[i]) continue;
      ARIADNE_TRY(
          db.execute("INSERT INTO entity_mentions (mention, entity, how, reason) VALUES (?, ?, 'resolution', "
                     "'entity resolution') ON CONFLICT (mention) DO UPDATE SET entity = excluded.entity",
                     {s.rows[i], entity}));
      // A mention of a case already resolved joins another entity: that
      // entity's cases are paired again for leads (leads.hpp), which only
      // look at cases changed since.
      if (s.entity[i] != 0) {
        ARIADNE_TRY(
            db.execute("INSERT INTO lead_pending (entity) VALUES (?) ON CONFLICT (entity) DO NOTHING", {entity}));
      }
      assigned.emplace_back(i, entity);
    }
    return {};
  }));
  // The in-memory copy follows once the transaction stood.
  for (const auto& [record, entity] : assigned) s.entity[record] = entity;
  out.reassigned = assigned.size();
  return {};
}

std::vector<PersonLink> People::links(const std::vector<std::int64_t>& mentions) const {
  wait_started();
  std::lock_guard lock(mu_);
  std::vector<PersonLink> out;
  if (!state_ || !state_->resolver) return out;
  std::vector<std::pair<std::uint32_t, std::int64_t>> records;
  for (auto m : mentions) {
    if (auto it = state_->record_of.find(m); it != state_->record_of.end()) records.emplace_back(it->second, m);
  }
  std::sort(records.begin(), records.end());
  // An entity seen by one caller is small; a huge one is explained through
  // its first mentions only.
  constexpr std::size_t kMaxExplained = 64;
  if (records.size() > kMaxExplained) records.resize(kMaxExplained);
  const auto& table = state_->resolver->table();
  const auto& res = state_->resolver->resolution();
  for (std::size_t i = 0; i < records.size(); ++i) {
    for (std::size_t j = i + 1; j < records.size(); ++j) {
      auto e = er::explain_pair(res, table, records[i].first, records[j].first);
      if (e.probability >= settings_.threshold) out.push_back({records[i].second, records[j].second, std::move(e)});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const PersonLink& x, const PersonLink& y) {
    return x.explanation.weight > y.explanation.weight;
  });
  return out;
}

std::vector<std::pair<std::int64_t, double>> People::find(std::string_view name, std::size_t limit) const {
  wait_started();
  std::lock_guard lock(mu_);
  std::vector<std::pair<std::int64_t, double>> out;
  if (!state_ || !state_->resolver || limit == 0) return out;
  const auto query = text::prepare_name(name);
  if (query.tokens.empty()) return out;
  std::vector<const text::PreparedToken*> tokens;
  for (const auto& t : query.tokens) tokens.push_back(&t);
  const auto& table = state_->resolver->table();
  text::NameScorer scorer(tokens, table.token_weights());
  std::unordered_map<er::ValueId, double> scores;  // each distinct name scored once
  constexpr double kMatch = 0.80;                  // the resolution's "similar" names
  for (std::uint32_t i = 0; i < table.size(); ++i) {
    if (state_->victims[i] || state_->gone[i]) continue;  // victims are never found by a broad search
    double best = 0;
    for (auto id : table[i].names) {
      auto [it, fresh] = scores.try_emplace(id, 0.0);
      if (fresh) it->second = scorer.score(table.name(id).tokens);
      best = std::max(best, it->second);
    }
    if (best >= kMatch) out.emplace_back(state_->rows[i], best);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace ariadne::analysis
