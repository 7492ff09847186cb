#include "analysis/csv_import.hpp"

#include <algorithm>
#include <memory>
#include <set>
#include <unordered_map>

#include "analysis/contributions.hpp"
#include "common/csv.hpp"
#include "common/utf8.hpp"

namespace ariadne::analysis {

namespace {

// The kinds a row may hold, in the order their entities are written, with
// the relationship from the row's person to each.
struct RowKind {
  const char* kind;
  const char* relationship;  // null for the person
};
constexpr RowKind kRowKinds[] = {{"person", nullptr},
                                 {"phone", "uses"},
                                 {"account", "holds_account"},
                                 {"document", "holds_document"},
                                 {"vehicle", "drives"}};

constexpr std::size_t kMaxRowBytes = std::size_t{1} << 20;

Result<CsvMapping::Source> source(const nlohmann::json& mapping, const char* key, std::vector<FieldError>& errors) {
  if (!mapping.contains(key)) {
    errors.push_back({key, "is required: a column ({\"column\": NAME}) or a value"});
    return CsvMapping::Source{};
  }
  const auto& v = mapping[key];
  if (v.is_string() && !v.get<std::string>().empty()) return CsvMapping::Source{"", v.get<std::string>()};
  if (v.is_object() && v.size() == 1 && v.contains("column") && v["column"].is_string() &&
      !v["column"].get<std::string>().empty()) {
    return CsvMapping::Source{v["column"].get<std::string>(), ""};
  }
  errors.push_back({key, "must be a value or {\"column\": NAME}"});
  return CsvMapping::Source{};
}

// "entities[3].names[0].full" → 3 and "names"; false for another field.
bool entity_field(const std::string& field, std::size_t& index, std::string& prop) {
  if (!field.starts_with("entities[")) return false;
  const auto close = field.find(']');
  if (close == std::string::npos) return false;
  try {
    index = std::stoul(field.substr(9, close - 9));
  } catch (const std::exception&) {
    return false;
  }
  prop.clear();
  if (close + 1 < field.size() && field[close + 1] == '.') {
    prop = field.substr(close + 2);
    prop = prop.substr(0, prop.find_first_of(".["));
  }
  return true;
}

}  // namespace

const std::vector<std::string>& csv_targets() {
  static const std::vector<std::string> targets{"person.names",           "person.birth_date", "person.sex",
                                                "person.nationality",     "person.role",       "phone.number",
                                                "account.iban",           "account.number",    "account.country",
                                                "account.type",           "account.provider",  "document.number",
                                                "document.issuing_state", "document.type",     "vehicle.plate",
                                                "vehicle.country",        "vehicle.type",      "vehicle.make"};
  return targets;
}

Result<CsvMapping> parse_csv_mapping(const nlohmann::json& m) {
  if (!m.is_object()) return Error::invalid("mapping", "must be a JSON object");
  std::vector<FieldError> errors;
  static const std::set<std::string> kKnown{"case", "crime_type", "reported_on", "restriction", "columns", "constants"};
  for (const auto& [key, value] : m.items()) {
    if (!kKnown.contains(key)) errors.push_back({key, "is not a mapping field"});
  }
  CsvMapping out;
  out.case_ref = *source(m, "case", errors);
  out.crime_type = *source(m, "crime_type", errors);
  out.reported_on = *source(m, "reported_on", errors);
  if (!m.contains("restriction") || !m["restriction"].is_object()) {
    errors.push_back({"restriction", "is required, as a case package gives it ({\"scope\": \"all\"}, …)"});
  } else {
    out.restriction = m["restriction"];
  }
  const auto& targets = csv_targets();
  auto target_of = [&](const std::string& t) { return std::find(targets.begin(), targets.end(), t) != targets.end(); };
  if (!m.contains("columns") || !m["columns"].is_object() || m["columns"].empty()) {
    errors.push_back({"columns", "must map at least one column to what it holds (person.names, phone.number, …)"});
  } else {
    for (const auto& [column, target] : m["columns"].items()) {
      if (column.empty()) {
        errors.push_back({"columns", "a column's name may not be empty"});
        continue;
      }
      if (!target.is_string() || !target_of(target.get<std::string>())) {
        errors.push_back({"columns." + column, "must be one of person.names, person.birth_date, … (csv_targets)"});
        continue;
      }
      const auto t = target.get<std::string>();
      const auto dot = t.find('.');
      out.columns.push_back({column, t.substr(0, dot), t.substr(dot + 1)});
    }
  }
  if (m.contains("constants")) {
    if (!m["constants"].is_object()) {
      errors.push_back({"constants", "must map KIND.PROP to a value"});
    } else {
      for (const auto& [target, value] : m["constants"].items()) {
        if (!target_of(target) || target == "person.names" || !value.is_string()) {
          errors.push_back({"constants." + target, "must give a value of a field other than person.names"});
        } else {
          out.constants[target] = value.get<std::string>();
        }
      }
    }
  }
  if (!errors.empty()) return Error::invalid_fields(std::move(errors));
  return out;
}

Result<ContributionImportProgress> import_csv_contributions(store::Database& db, const policy::Caller& caller,
                                                            std::istream& in, const CsvMapping& mapping,
                                                            const ContributionImportOptions& o) {
  ARIADNE_TRY(policy::require(caller, policy::Action::case_contribute));
  CsvReader reader(in, kMaxRowBytes);
  CsvRecord header;
  if (!reader.next(header) || header.blank()) return Error::invalid("file", "has no header row");
  if (!header.error.empty()) return Error::invalid("header", header.error);
  std::unordered_map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < header.fields.size(); ++i) at.emplace(header.fields[i], i);
  // Every column the mapping names must be there before a row is read.
  std::vector<FieldError> absent;
  auto need = [&](const std::string& column, const std::string& field) {
    if (!column.empty() && !at.contains(column)) {
      absent.push_back({field, "names column '" + column + "', which the header lacks"});
    }
  };
  need(mapping.case_ref.column, "case");
  need(mapping.crime_type.column, "crime_type");
  need(mapping.reported_on.column, "reported_on");
  for (const auto& c : mapping.columns) need(c.column, "columns." + c.column);
  if (!absent.empty()) return Error::invalid_fields(std::move(absent));

  const auto members = policy::members_of(db);
  ContributionImportProgress progress;
  struct Pending {
    std::string case_ref;
    std::size_t line = 0;  // the case's first row
    nlohmann::json package;
    std::vector<std::size_t> lines;  // per entity: its row's line
    std::vector<std::string> kinds;  // per entity: its kind
  };
  Pending pending;
  std::map<std::string, std::size_t> seen;  // case → its first line

  // A package problem as the row and column it came from.
  auto locate = [&](const Pending& p, const FieldError& f) -> LineError {
    std::size_t index = 0;
    std::string prop;
    if (entity_field(f.field, index, prop) && index < p.lines.size()) {
      for (const auto& c : mapping.columns) {
        if (c.kind == p.kinds[index] && c.prop == prop) return {p.lines[index], c.column, f.reason};
      }
      return {p.lines[index], p.kinds[index] + "." + prop, f.reason};
    }
    for (const auto* s : {&mapping.case_ref, &mapping.crime_type, &mapping.reported_on}) {
      const char* name = s == &mapping.case_ref ? "case" : s == &mapping.crime_type ? "crime_type" : "reported_on";
      if (f.field == name) return {p.line, s->column.empty() ? std::string("mapping.") + name : s->column, f.reason};
    }
    return {p.line, f.field.empty() ? "" : "mapping." + f.field, f.reason};
  };
  PackageWriter writer(db, caller, o.batch_size, progress, [&] {
    if (o.on_progress) o.on_progress(progress);
  });
  auto flush = [&]() -> Status {
    if (pending.package.is_null()) return {};
    ++progress.packages;
    progress.bytes_read = reader.bytes_read();
    auto parsed = parse_package(pending.package, caller.member, members, o.today);
    // Where each entity came from outlives the package's JSON, for its outcome.
    auto from = std::make_shared<Pending>(std::move(pending));
    from->package = nullptr;
    pending = Pending{};
    auto refused = [&o, &locate, from](const Error& e) {
      if (!o.on_error) return;
      if (e.fields.empty()) o.on_error({from->line, "", e.message});
      for (const auto& f : e.fields) o.on_error(locate(*from, f));
    };
    if (!parsed) {
      ++progress.rejected;
      refused(parsed.error());
      if (o.on_progress) o.on_progress(progress);
      return {};
    }
    auto stored = [&o, &locate, from](const CasePackage& package) {
      for (const auto& w : package.warnings) {
        if (o.on_warning) o.on_warning(locate(*from, w));
      }
    };
    return writer.add(std::move(parsed).value(), {std::move(stored), std::move(refused)});
  };

  CsvRecord row;
  bool skipping = false;  // the rest of a case refused at its first row
  std::string skipped;
  while (reader.next(row)) {
    if (row.blank()) continue;
    auto cell = [&](const std::string& column) -> std::string {
      const auto i = at.at(column);
      return i < row.fields.size() ? row.fields[i] : std::string();
    };
    auto value = [&](const CsvMapping::Source& s) { return s.column.empty() ? s.constant : cell(s.column); };
    if (!row.error.empty()) {
      // A row that cannot be read takes its case with it (the case it was
      // to be part of is the one being read, as far as anyone can tell).
      ++progress.packages;
      ++progress.rejected;
      if (o.on_error) {
        o.on_error({row.line, "",
                    row.error + (pending.package.is_null() ? ""
                                                           : "; case '" + pending.case_ref + "' (from line " +
                                                                 std::to_string(pending.line) + ") is not stored")});
      }
      if (!pending.package.is_null()) {
        skipping = true;
        skipped = pending.case_ref;
        pending = Pending{};
      }
      continue;
    }
    // Text that is not UTF-8 cannot be stored nor shown: the row's case is refused.
    const std::string* bad_column = nullptr;
    for (const auto* c : {&mapping.case_ref.column, &mapping.crime_type.column, &mapping.reported_on.column}) {
      if (!c->empty() && !valid_utf8(cell(*c))) bad_column = c;
    }
    for (const auto& c : mapping.columns) {
      if (!valid_utf8(cell(c.column))) bad_column = &c.column;
    }
    if (bad_column != nullptr && !mapping.case_ref.column.empty() && !valid_utf8(cell(mapping.case_ref.column))) {
      // Whose case the row is cannot be told: counted alone.
      ++progress.packages;
      ++progress.rejected;
      if (o.on_error) o.on_error({row.line, mapping.case_ref.column, "is not valid UTF-8"});
      continue;
    }
    const auto case_ref = value(mapping.case_ref);
    if (skipping && case_ref == skipped) continue;
    skipping = false;
    if (pending.package.is_null() || case_ref != pending.case_ref) {
      ARIADNE_TRY(flush());
      if (auto it = seen.find(case_ref); it != seen.end()) {
        // Stored already: these rows would replace it as its next version.
        ++progress.packages;
        ++progress.rejected;
        if (o.on_error) {
          o.on_error({row.line, mapping.case_ref.column.empty() ? "mapping.case" : mapping.case_ref.column,
                      "case '" + case_ref + "' began at line " + std::to_string(it->second) +
                          ": the rows of a case must follow one another"});
        }
        skipping = true;
        skipped = case_ref;
        continue;
      }
      seen.emplace(case_ref, row.line);
      pending.case_ref = case_ref;
      pending.line = row.line;
      pending.package = {{"case", case_ref},
                         {"member", caller.member},
                         {"crime_type", value(mapping.crime_type)},
                         {"reported_on", value(mapping.reported_on)},
                         {"restriction", mapping.restriction},
                         {"entities", nlohmann::json::array()},
                         {"relationships", nlohmann::json::array()},
                         {"events", nlohmann::json::array()}};
    }
    if (bad_column != nullptr) {
      ++progress.packages;
      ++progress.rejected;
      if (o.on_error) {
        o.on_error({row.line, *bad_column,
                    "is not valid UTF-8; case '" + case_ref + "' (from line " + std::to_string(pending.line) +
                        ") is not stored"});
      }
      skipping = true;
      skipped = case_ref;
      pending = Pending{};
      continue;
    }
    std::string person;  // the row's person's local id
    for (const auto& k : kRowKinds) {
      nlohmann::json e;
      for (const auto& c : mapping.columns) {
        if (c.kind != k.kind) continue;
        auto v = cell(c.column);
        if (v.empty()) continue;
        if (c.prop == "names") {
          e["names"].push_back({{"full", std::move(v)}});
        } else {
          e[c.prop] = std::move(v);
        }
      }
      if (e.is_null()) continue;
      for (const auto& [target, v] : mapping.constants) {
        if (target.starts_with(std::string(k.kind) + ".") && !e.contains(target.substr(target.find('.') + 1))) {
          e[target.substr(target.find('.') + 1)] = v;
        }
      }
      const std::string id = "r" + std::to_string(row.line) + (k.relationship ? std::string("-") + k.kind : "");
      e["id"] = id;
      e["kind"] = k.kind;
      pending.package["entities"].push_back(std::move(e));
      pending.lines.push_back(row.line);
      pending.kinds.push_back(k.kind);
      if (!k.relationship) {
        person = id;
      } else if (!person.empty()) {
        pending.package["relationships"].push_back({{"from", person}, {"to", id}, {"kind", k.relationship}});
      }
    }
    // A case larger than a package may be is refused as soon as it is, and
    // its further rows skipped: memory stays bounded whatever the file.
    if (pending.package["entities"].size() > kMaxEntities) {
      ++progress.packages;
      ++progress.rejected;
      if (o.on_error) {
        o.on_error({pending.line, mapping.case_ref.column.empty() ? "mapping.case" : mapping.case_ref.column,
                    "case '" + pending.case_ref + "' has more than " + std::to_string(kMaxEntities) +
                        " entities (reached at line " + std::to_string(row.line) + "): split it in several cases"});
      }
      skipping = true;
      skipped = pending.case_ref;
      pending = Pending{};
    }
  }
  ARIADNE_TRY(flush());
  ARIADNE_TRY(writer.flush());
  if (in.bad()) return Error::invalid("file", "the input could not be read");
  progress.bytes_read = reader.bytes_read();
  if (progress.packages == 0) return Error::invalid("file", "holds no rows");
  return progress;
}

}  // namespace ariadne::analysis
