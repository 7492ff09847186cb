#include "operations/operations.hpp"

#include <algorithm>
#include <limits>
#include <set>

#include "common/country.hpp"
#include "common/json_fields.hpp"
#include "common/time.hpp"
#include "exchange/notifications.hpp"
#include "policy/accounts.hpp"
#include "store/audit.hpp"

namespace ariadne::operations {

using nlohmann::json;

std::vector<store::Migration> operations_migrations() {
  return {{"operations", 1, R"sql(
CREATE TABLE operations (
  id {{id}},
  name TEXT NOT NULL,
  coordinator TEXT NOT NULL REFERENCES members(code),
  focus TEXT NOT NULL CHECK (focus IN ('trafficking','smuggling','both')),
  region TEXT,
  description TEXT,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT ({{now}})
);
CREATE TABLE operation_participants (
  operation_id INTEGER NOT NULL REFERENCES operations(id),
  member TEXT NOT NULL REFERENCES members(code),
  position INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('invited','accepted','declined')),
  answered_by TEXT,
  answered_at TEXT,
  share_small_counts INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (operation_id, member)
);
CREATE INDEX operation_participants_member ON operation_participants(member, operation_id);
CREATE TABLE operation_locations (
  operation_id INTEGER NOT NULL REFERENCES operations(id),
  position INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('border_crossing','airport','seaport','hotspot','other')),
  name TEXT NOT NULL,
  country TEXT,
  latitude REAL,
  longitude REAL,
  PRIMARY KEY (operation_id, position)
);
CREATE TABLE operation_outcomes (
  id {{id}},
  operation_id INTEGER NOT NULL REFERENCES operations(id),
  member TEXT NOT NULL REFERENCES members(code),
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL DEFAULT ({{now}}),
  occurred_at TEXT NOT NULL,
  country TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('arrest','victim','migrant','document_seized','cash_seized','asset_seized',
                                     'investigation')),
  count INTEGER NOT NULL CHECK (count > 0),
  offence TEXT,
  age_band TEXT,
  sex TEXT,
  nationality TEXT,
  exploitation TEXT,
  amount INTEGER,
  currency TEXT,
  description TEXT,
  location TEXT
);
CREATE INDEX operation_outcomes_operation ON operation_outcomes(operation_id, member);
)sql"}};
}

namespace {

constexpr std::string_view kFocuses[] = {"trafficking", "smuggling", "both"};
constexpr std::string_view kLocationKinds[] = {"border_crossing", "airport", "seaport", "hotspot", "other"};
constexpr std::string_view kOutcomeKinds[] = {"arrest",      "victim",       "migrant",      "document_seized",
                                              "cash_seized", "asset_seized", "investigation"};
constexpr std::string_view kAgeBands[] = {"0-11", "12-17", "18-25", "26-35", "36-50", "51+", "unknown"};
constexpr std::string_view kSexes[] = {"F", "M", "X", "unknown"};
constexpr std::string_view kExploitations[] = {
    "sexual", "labour", "forced_criminality", "organ_removal", "forced_marriage", "begging", "other", "unknown"};
constexpr std::size_t kMaxParticipants = 200;
constexpr std::size_t kMaxLocations = 500;
constexpr std::size_t kMaxOutcomes = 10'000;
constexpr std::int64_t kMaxWindowSeconds = 366LL * 86400;

template <std::size_t N>
bool one_of(const std::string_view (&list)[N], std::string_view s) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

template <std::size_t N>
std::string listed(const std::string_view (&list)[N]) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) out += (i == 0 ? "" : i + 1 == N ? " or " : ", ") + std::string(list[i]);
  return out;
}

std::string operation_name(std::int64_t id) {
  return "operation " + std::to_string(id);
}

void read_code(JsonFields& f, std::string_view key, bool required, std::optional<std::string>& out) {
  out = f.string(key, required, 3);
  if (out && !is_iso_alpha3(*out)) f.fail(key, "must be an ISO 3166-1 alpha-3 code");
}

Result<std::optional<Operation>> load(store::Database& db, std::int64_t id) {
  ARIADNE_ASSIGN(auto rows, db.query("SELECT id, name, coordinator, focus, region, description, starts_at, ends_at, "
                                     "created_by, created_at FROM operations WHERE id = ?",
                                     {id}));
  if (rows.empty()) return std::optional<Operation>{};
  const auto& r = rows.front();
  Operation op{r.integer(0), r.text(1), r.text(2), r.text(3), r.opt_text(4), r.opt_text(5), r.text(6), r.text(7),
               r.text(8),    r.text(9), {},        {}};
  ARIADNE_TRY(
      db.for_each("SELECT member, status, answered_by, answered_at, share_small_counts FROM "
                  "operation_participants WHERE operation_id = ? ORDER BY position",
                  {id}, [&](const store::Row& p) {
                    op.participants.push_back({p.text(0), p.text(1), p.opt_text(2), p.opt_text(3), p.integer(4) != 0});
                    return true;
                  }));
  ARIADNE_TRY(
      db.for_each("SELECT kind, name, country, latitude, longitude FROM operation_locations WHERE "
                  "operation_id = ? ORDER BY position",
                  {id}, [&](const store::Row& l) {
                    Location loc{l.text(0), l.text(1), l.opt_text(2), std::nullopt, std::nullopt};
                    if (!l.is_null(3)) loc.latitude = l.real(3);
                    if (!l.is_null(4)) loc.longitude = l.real(4);
                    op.locations.push_back(std::move(loc));
                    return true;
                  }));
  return std::optional<Operation>{std::move(op)};
}

const Participant* participant(const Operation& op, const std::string& member) {
  for (const auto& p : op.participants) {
    if (p.member == member) return &p;
  }
  return nullptr;
}

// The operation, when the caller's member takes part in it or is the General Secretariat.
Result<Operation> visible(store::Database& db, const policy::Caller& caller, std::int64_t id) {
  ARIADNE_TRY(policy::require(caller, policy::Action::operation_read));
  ARIADNE_ASSIGN(auto op, load(db, id));
  if (!op || (participant(*op, caller.member) == nullptr && !caller.secretariat())) {
    return Error::not_found(operation_name(id));
  }
  return std::move(*op);
}

std::vector<Location> read_locations(JsonFields& f) {
  std::vector<Location> out;
  const json* list = f.any("locations", false);
  if (list == nullptr) return out;
  if (!list->is_array() || list->size() > kMaxLocations) {
    f.fail("locations", "must be a list of at most " + std::to_string(kMaxLocations) + " places");
    return out;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string field = "locations[" + std::to_string(i) + "]";
    if (!(*list)[i].is_object()) {
      f.fail(field, "must be an object {kind, name, country?, latitude?, longitude?}");
      continue;
    }
    JsonFields l((*list)[i], field);
    Location loc;
    auto kind = l.string("kind", true, 32);
    auto name = l.string("name", true, 200);
    read_code(l, "country", false, loc.country);
    const json* lat = l.any("latitude", false);
    const json* lon = l.any("longitude", false);
    if (kind && !one_of(kLocationKinds, *kind)) l.fail("kind", "must be " + listed(kLocationKinds));
    if (lat != nullptr) {
      if (!lat->is_number() || lat->get<double>() < -90 || lat->get<double>() > 90) {
        l.fail("latitude", "must be a number from -90 to 90");
      } else {
        loc.latitude = lat->get<double>();
      }
    }
    if (lon != nullptr) {
      if (!lon->is_number() || lon->get<double>() < -180 || lon->get<double>() > 180) {
        l.fail("longitude", "must be a number from -180 to 180");
      } else {
        loc.longitude = lon->get<double>();
      }
    }
    if (loc.latitude.has_value() != loc.longitude.has_value()) l.fail("latitude", "comes with longitude");
    auto done = l.finish();
    f.merge(done);
    if (done && kind && name) {
      loc.kind = *kind;
      loc.name = *name;
      out.push_back(std::move(loc));
    }
  }
  return out;
}

// A UTC date or time; `end_of_day` makes a date mean the end of that day.
std::optional<std::int64_t> read_time(JsonFields& f, std::string_view key, bool end_of_day) {
  auto text = f.string(key, true, 40);
  if (!text) return std::nullopt;
  auto at = parse_iso_time(*text);
  if (!at) {
    f.fail(key, "must be a UTC date (2026-11-02) or time (2026-11-02T06:00:00Z)");
    return std::nullopt;
  }
  return *at + (end_of_day && text->size() == 10 ? 86400 : 0);
}

json opt(const std::optional<std::string>& v) {
  return v ? json(*v) : json(nullptr);
}

}  // namespace

bool counts_people(const std::string& kind) {
  return kind == "arrest" || kind == "victim" || kind == "migrant";
}

Result<NewOperation> parse_new_operation(const json& body) {
  JsonFields f(body);
  NewOperation out;
  auto name = f.string("name", true, 200);
  auto participants = f.string_list("participants", true, kMaxParticipants, 16);
  auto start = read_time(f, "start", false);
  auto end = read_time(f, "end", true);
  auto focus = f.string("focus", true, 16);
  out.region = f.string("region", false, 100);
  out.description = f.string("description", false, 4000);
  out.share_small_counts = f.boolean("share_small_counts", false).value_or(false);
  out.locations = read_locations(f);
  if (name && name->find_first_not_of(" \t\r\n") == std::string::npos) f.fail("name", "must not be blank");
  if (focus && !one_of(kFocuses, *focus)) f.fail("focus", "must be " + listed(kFocuses));
  if (participants && participants->empty()) f.fail("participants", "names no member");
  if (start && end) {
    if (*end <= *start) {
      f.fail("end", "must come after start");
    } else if (*end - *start > kMaxWindowSeconds) {
      f.fail("end", "an operation lasts a year at most");
    }
  }
  ARIADNE_TRY(f.finish());
  out.name = std::move(*name);
  out.participants = std::move(*participants);
  out.starts_at = iso_time_ms(*start);
  out.ends_at = iso_time_ms(*end);
  out.focus = std::move(*focus);
  return out;
}

Result<Operation> create_operation(store::Database& db, const policy::Caller& caller, const NewOperation& in) {
  ARIADNE_TRY(policy::require(caller, policy::Action::operation_coordinate));
  std::int64_t id = 0;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    std::vector<FieldError> errors;
    std::set<std::string> seen{caller.member};
    for (std::size_t i = 0; i < in.participants.size(); ++i) {
      const std::string field = "participants[" + std::to_string(i) + "]";
      const auto& code = in.participants[i];
      if (code == caller.member) {
        errors.push_back({field, "is your own member, the coordinator"});
        continue;
      }
      ARIADNE_ASSIGN(auto member, policy::find_member(db, code));
      if (!member) {
        errors.push_back({field, "no member " + code});
      } else if (!seen.insert(code).second) {
        errors.push_back({field, "lists " + code + " again"});
      }
    }
    if (!errors.empty()) return Error::invalid_fields(std::move(errors));
    ARIADNE_ASSIGN(auto rows, db.query("INSERT INTO operations (name, coordinator, focus, region, description, "
                                       "starts_at, ends_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                       {in.name, caller.member, in.focus, store::nullable(in.region),
                                        store::nullable(in.description), in.starts_at, in.ends_at, caller.username}));
    id = rows.front().integer(0);
    ARIADNE_TRY(
        db.execute("INSERT INTO operation_participants (operation_id, member, position, status, answered_by, "
                   "answered_at, share_small_counts) VALUES (?, ?, 0, 'accepted', ?, ?, ?)",
                   {id, caller.member, caller.username, iso_now_ms(), std::int64_t{in.share_small_counts ? 1 : 0}}));
    const std::string object = "operation:" + std::to_string(id);
    for (std::size_t i = 0; i < in.participants.size(); ++i) {
      const auto& code = in.participants[i];
      ARIADNE_TRY(
          db.execute("INSERT INTO operation_participants (operation_id, member, position, status) VALUES "
                     "(?, ?, ?, 'invited')",
                     {id, code, static_cast<std::int64_t>(i + 1)}));
      ARIADNE_TRY(exchange::notify(db, code, "operation.invitation", object,
                                   caller.member + " invites you to operation " + std::to_string(id) + " \"" + in.name +
                                       "\" (" + in.focus + ") from " + in.starts_at.substr(0, 10) + " to " +
                                       in.ends_at.substr(0, 10) + ": accept it (POST /operations/" +
                                       std::to_string(id) + "/accept) or decline it."));
    }
    for (std::size_t i = 0; i < in.locations.size(); ++i) {
      const auto& l = in.locations[i];
      ARIADNE_TRY(db.execute(
          "INSERT INTO operation_locations (operation_id, position, kind, name, country, latitude, longitude) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)",
          {id, static_cast<std::int64_t>(i), l.kind, l.name, store::nullable(l.country),
           l.latitude ? store::Value{*l.latitude} : store::Value{},
           l.longitude ? store::Value{*l.longitude} : store::Value{}}));
    }
    ARIADNE_TRY(store::audit_append(db, {caller.username, caller.member, "operation.create", object, "ok",
                                         std::to_string(in.participants.size()) + " invited"}));
    return {};
  }));
  return get_operation(db, caller, id);
}

Result<Operation> get_operation(store::Database& db, const policy::Caller& caller, std::int64_t id) {
  return visible(db, caller, id);
}

Result<std::vector<Operation>> list_operations(store::Database& db, const policy::Caller& caller) {
  ARIADNE_TRY(policy::require(caller, policy::Action::operation_read));
  std::vector<std::int64_t> ids;
  auto collect = [&](const store::Row& r) {
    ids.push_back(r.integer(0));
    return true;
  };
  if (caller.secretariat()) {
    ARIADNE_TRY(db.for_each("SELECT id FROM operations ORDER BY id DESC LIMIT 1000", {}, collect));
  } else {
    ARIADNE_TRY(
        db.for_each("SELECT operation_id FROM operation_participants WHERE member = ? ORDER BY operation_id "
                    "DESC LIMIT 1000",
                    {caller.member}, collect));
  }
  std::vector<Operation> out;
  for (auto id : ids) {
    ARIADNE_ASSIGN(auto op, load(db, id));
    if (op) out.push_back(std::move(*op));
  }
  return out;
}

Result<Operation> answer_invitation(store::Database& db, const policy::Caller& caller, std::int64_t id, bool accept,
                                    bool share_small_counts) {
  ARIADNE_TRY(policy::require(caller, policy::Action::operation_take_part));
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto op, visible(db, caller, id));
    const Participant* p = participant(op, caller.member);
    if (p == nullptr) return Error::forbidden("only an invited member answers the invitation");
    if (caller.member == op.coordinator) return Error::conflict("the coordinator takes part in its own operation");
    if (p->status == "accepted") return Error::conflict(operation_name(id) + " was already accepted");
    if (!accept && p->status == "declined") return Error::conflict(operation_name(id) + " was already declined");
    const std::string status = accept ? "accepted" : "declined";
    ARIADNE_TRY(db.execute(
        "UPDATE operation_participants SET status = ?, answered_by = ?, answered_at = ?, "
        "share_small_counts = ? WHERE operation_id = ? AND member = ?",
        {status, caller.username, iso_now_ms(), std::int64_t{share_small_counts ? 1 : 0}, id, caller.member}));
    const std::string object = "operation:" + std::to_string(id);
    ARIADNE_TRY(
        exchange::notify(db, op.coordinator, "operation." + status, object,
                         caller.member + " " + status + " operation " + std::to_string(id) + " \"" + op.name + "\"."));
    ARIADNE_TRY(store::audit_append(db, {caller.username, caller.member, "operation." + status, object, "ok",
                                         share_small_counts ? "shares small counts" : ""}));
    return {};
  }));
  return get_operation(db, caller, id);
}

json to_json(const Operation& op) {
  json participants = json::array();
  for (const auto& p : op.participants) {
    participants.push_back({{"member", p.member},
                            {"status", p.status},
                            {"answered_at", opt(p.answered_at)},
                            {"share_small_counts", p.share_small_counts}});
  }
  json locations = json::array();
  for (const auto& l : op.locations) {
    json loc = {{"kind", l.kind}, {"name", l.name}, {"country", opt(l.country)}};
    loc["latitude"] = l.latitude ? json(*l.latitude) : json(nullptr);
    loc["longitude"] = l.longitude ? json(*l.longitude) : json(nullptr);
    locations.push_back(std::move(loc));
  }
  return {{"id", op.id},
          {"name", op.name},
          {"coordinator", op.coordinator},
          {"focus", op.focus},
          {"region", opt(op.region)},
          {"description", opt(op.description)},
          {"start", op.starts_at},
          {"end", op.ends_at},
          {"created_by", op.created_by},
          {"created_at", op.created_at},
          {"participants", participants},
          {"locations", locations}};
}

Result<std::vector<Outcome>> parse_outcomes(const json& body) {
  const bool many = body.is_object() && body.contains("outcomes");
  if (many && !body["outcomes"].is_array()) return Error::invalid("outcomes", "must be a list of outcomes");
  if (many && body.size() > 1) return Error::invalid("outcomes", "comes alone: put every field in its outcomes");
  const json single = json::array({body});
  const json& list = many ? body["outcomes"] : single;
  if (list.empty()) return Error::invalid("outcomes", "lists no outcome");
  if (list.size() > kMaxOutcomes) {
    return Error{ErrorCode::too_large, "at most " + std::to_string(kMaxOutcomes) + " outcomes at once", {}};
  }
  std::vector<FieldError> errors;
  std::vector<Outcome> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string prefix = many ? "outcomes[" + std::to_string(i) + "]" : "";
    if (!list[i].is_object()) {
      errors.push_back({prefix, "must be an object"});
      continue;
    }
    JsonFields f(list[i], prefix);
    Outcome o;
    auto kind = f.string("kind", true, 32);
    auto at = read_time(f, "occurred_at", false);
    std::optional<std::string> country;
    read_code(f, "country", false, country);
    o.location = f.string("location", false, 200);
    auto count = f.integer("count", false, 1, 1'000'000);
    if (kind && !one_of(kOutcomeKinds, *kind)) f.fail("kind", "must be " + listed(kOutcomeKinds));
    const std::string k = kind.value_or("");
    if (k == "arrest") o.offence = f.string("offence", true, 200);
    if (k == "victim") {
      o.age_band = f.string("age_band", true, 16);
      o.sex = f.string("sex", true, 8);
      read_code(f, "nationality", true, o.nationality);
      o.exploitation = f.string("exploitation", true, 32);
      if (o.age_band && !one_of(kAgeBands, *o.age_band)) f.fail("age_band", "must be " + listed(kAgeBands));
      if (o.sex && !one_of(kSexes, *o.sex)) f.fail("sex", "must be " + listed(kSexes));
      if (o.exploitation && !one_of(kExploitations, *o.exploitation)) {
        f.fail("exploitation", "must be " + listed(kExploitations));
      }
      if (count && *count != 1) f.fail("count", "a victim is one person: record each");
    }
    if (k == "migrant") read_code(f, "nationality", true, o.nationality);
    if (k == "cash_seized" || k == "asset_seized") {
      const bool cash = k == "cash_seized";
      o.amount = f.integer("amount", cash, 0, std::numeric_limits<std::int64_t>::max() / 2);
      o.currency = f.string("currency", cash || o.amount.has_value(), 3);
      if (o.currency && (o.currency->size() != 3 || !std::all_of(o.currency->begin(), o.currency->end(),
                                                                 [](char c) { return c >= 'A' && c <= 'Z'; }))) {
        f.fail("currency", "must be an ISO 4217 code (EUR)");
      }
      if (!cash) o.description = f.string("description", true, 500);
    }
    auto done = f.finish();
    if (!done) {
      errors.insert(errors.end(), done.error().fields.begin(), done.error().fields.end());
      continue;
    }
    o.kind = k;
    o.occurred_at = iso_time_ms(*at);
    o.country = country.value_or("");
    o.count = count.value_or(1);
    out.push_back(std::move(o));
  }
  if (!errors.empty()) return Error::invalid_fields(std::move(errors));
  return out;
}

Result<std::vector<Outcome>> record_outcomes(store::Database& db, const policy::Caller& caller, std::int64_t id,
                                             std::vector<Outcome> outcomes) {
  ARIADNE_TRY(policy::require(caller, policy::Action::operation_take_part));
  const bool many = outcomes.size() > 1;
  ARIADNE_TRY(db.transaction([&]() -> Status {
    ARIADNE_ASSIGN(auto op, visible(db, caller, id));
    const Participant* p = participant(op, caller.member);
    if (p == nullptr || p->status != "accepted") {
      return Error::forbidden("only a member that accepted " + operation_name(id) + " records its outcomes");
    }
    std::vector<FieldError> errors;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      const std::string prefix = many ? "outcomes[" + std::to_string(i) + "]." : std::string();
      if (outcomes[i].occurred_at < op.starts_at || outcomes[i].occurred_at >= op.ends_at) {
        errors.push_back(
            {prefix + "occurred_at", "is outside the operation's window (" + op.starts_at + " to " + op.ends_at + ")"});
      }
      if (outcomes[i].country.empty() && !is_iso_alpha3(caller.member)) {
        errors.push_back({prefix + "country", "is required: " + caller.member + " is no country"});
      }
    }
    if (!errors.empty()) return Error::invalid_fields(std::move(errors));
    for (auto& o : outcomes) {
      o.member = caller.member;
      o.recorded_by = caller.username;
      if (o.country.empty()) o.country = caller.member;  // a member country records what happened on its soil
      ARIADNE_ASSIGN(
          auto rows,
          db.query("INSERT INTO operation_outcomes (operation_id, member, recorded_by, occurred_at, "
                   "country, kind, count, offence, age_band, sex, nationality, exploitation, amount, "
                   "currency, description, location) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                   "?, ?) RETURNING id, recorded_at",
                   {id, o.member, o.recorded_by, o.occurred_at, o.country, o.kind, o.count, store::nullable(o.offence),
                    store::nullable(o.age_band), store::nullable(o.sex), store::nullable(o.nationality),
                    store::nullable(o.exploitation), o.amount ? store::Value{*o.amount} : store::Value{},
                    store::nullable(o.currency), store::nullable(o.description), store::nullable(o.location)}));
      o.id = rows.front().integer(0);
      o.recorded_at = rows.front().text(1);
    }
    ARIADNE_TRY(store::audit_append(
        db, {caller.username, caller.member, "operation.outcomes", "operation:" + std::to_string(id), "ok",
             std::to_string(outcomes.size()) + " recorded"}));
    return {};
  }));
  return outcomes;
}

namespace {

constexpr const char* kOutcomeColumns =
    "id, member, recorded_by, recorded_at, occurred_at, country, kind, count, offence, age_band, sex, nationality, "
    "exploitation, amount, currency, description, location";

Result<std::vector<Outcome>> outcomes_where(store::Database& db, const std::string& where, const store::Params& p) {
  std::vector<Outcome> out;
  ARIADNE_TRY(
      db.for_each(std::string("SELECT ") + kOutcomeColumns + " FROM operation_outcomes WHERE " + where + " ORDER BY id",
                  p, [&](const store::Row& r) {
                    Outcome o;
                    o.id = r.integer(0);
                    o.member = r.text(1);
                    o.recorded_by = r.text(2);
                    o.recorded_at = r.text(3);
                    o.occurred_at = r.text(4);
                    o.country = r.text(5);
                    o.kind = r.text(6);
                    o.count = r.integer(7);
                    o.offence = r.opt_text(8);
                    o.age_band = r.opt_text(9);
                    o.sex = r.opt_text(10);
                    o.nationality = r.opt_text(11);
                    o.exploitation = r.opt_text(12);
                    if (!r.is_null(13)) o.amount = r.integer(13);
                    o.currency = r.opt_text(14);
                    o.description = r.opt_text(15);
                    o.location = r.opt_text(16);
                    out.push_back(std::move(o));
                    return true;
                  }));
  return out;
}

}  // namespace

Result<std::vector<Outcome>> own_outcomes(store::Database& db, const policy::Caller& caller, std::int64_t id) {
  ARIADNE_ASSIGN(auto op, visible(db, caller, id));
  return outcomes_where(db, "operation_id = ? AND member = ?", {op.id, caller.member});
}

Result<std::vector<Outcome>> all_outcomes(store::Database& db, std::int64_t id) {
  return outcomes_where(db, "operation_id = ?", {id});
}

json to_json(const Outcome& o) {
  json out = {{"id", o.id},
              {"member", o.member},
              {"recorded_by", o.recorded_by},
              {"recorded_at", o.recorded_at},
              {"occurred_at", o.occurred_at},
              {"country", o.country},
              {"kind", o.kind},
              {"count", o.count}};
  auto add = [&](const char* key, const std::optional<std::string>& v) {
    if (v) out[key] = *v;
  };
  add("offence", o.offence);
  add("age_band", o.age_band);
  add("sex", o.sex);
  add("nationality", o.nationality);
  add("exploitation", o.exploitation);
  if (o.amount) out["amount"] = *o.amount;
  add("currency", o.currency);
  add("description", o.description);
  add("location", o.location);
  return out;
}

}  // namespace ariadne::operations
