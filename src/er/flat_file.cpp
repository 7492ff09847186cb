#include "er/flat_file.hpp"

#include <map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "common/csv.hpp"

namespace ariadne::er {

namespace {

constexpr std::size_t kMaxRecordBytes = std::size_t{1} << 20;

std::optional<Role> parse_role(const std::string& s, std::string& kind, AttributeKind& attribute) {
  static const std::map<std::string, Role, std::less<>> kRoles{
      {"name", Role::name},       {"given_name", Role::given_name},
      {"surname", Role::surname}, {"birth_date", Role::birth_date},
      {"sex", Role::sex},         {"nationality", Role::nationality},
      {"context", Role::context}, {"group", Role::group},
      {"ignore", Role::ignore}};
  if (auto it = kRoles.find(s); it != kRoles.end()) return it->second;
  if (s.starts_with("identifier:") && s.size() > 11) {
    kind = s.substr(11);
    return Role::identifier;
  }
  for (auto k : {AttributeKind::text, AttributeKind::code, AttributeKind::category}) {
    if (s == to_string(k)) {
      attribute = k;
      return Role::attribute;
    }
  }
  return std::nullopt;
}

std::optional<double> number(const nlohmann::json& config, const char* key, double lo, double hi,
                             std::vector<FieldError>& errors) {
  if (!config.contains(key)) return std::nullopt;
  const auto& v = config[key];
  if (!v.is_number() || v.get<double>() < lo || v.get<double>() > hi) {
    errors.push_back({key, "must be a number from " + nlohmann::json(lo).dump() + " to " + nlohmann::json(hi).dump()});
    return std::nullopt;
  }
  return v.get<double>();
}

// A list of rules, each a list of key names ("blocking", "training").
void read_rules(const nlohmann::json& config, const std::string& key, std::vector<BlockingRule>& rules,
                std::vector<FieldError>& errors) {
  if (!config.contains(key)) return;
  const auto& b = config[key];
  if (!b.is_array()) {
    errors.push_back({key, "must be a list of rules, each a list of keys"});
    return;
  }
  for (std::size_t i = 0; i < b.size(); ++i) {
    const std::string field = key + "[" + std::to_string(i) + "]";
    // A rule is a list of keys, or {"keys": [...], "max_block": N}.
    const nlohmann::json* keys = &b[i];
    BlockingRule rule;
    if (b[i].is_object()) {
      keys = b[i].contains("keys") ? &b[i]["keys"] : nullptr;
      for (const auto& [k, v] : b[i].items()) {
        if (k == "max_block") {
          if (v.is_number_integer() && v.get<std::int64_t>() >= 2 && v.get<std::int64_t>() <= 1000000) {
            rule.max_block = v.get<std::size_t>();
          } else {
            errors.push_back({field + ".max_block", "must be an integer from 2 to 1000000"});
          }
        } else if (k != "keys") {
          errors.push_back({field + "." + k, "is not a rule field"});
        }
      }
    }
    if (!keys || !keys->is_array()) {
      errors.push_back({field, "must be a list of keys, or {\"keys\": [...], \"max_block\": N}"});
      continue;
    }
    for (const auto& k : *keys) {
      if (k.is_string())
        rule.keys.push_back(k.get<std::string>());
      else
        errors.push_back({field, "keys must be strings"});
    }
    rules.push_back(std::move(rule));
  }
}

std::string sex_of(std::string_view v) {
  std::string s;
  for (char c : v) s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (s == "m" || s == "male") return "M";
  if (s == "f" || s == "female") return "F";
  if (s == "x") return "X";
  return {};
}

}  // namespace

Result<FlatConfig> parse_config(const nlohmann::json& config) {
  std::vector<FieldError> errors;
  if (!config.is_object()) return Error::invalid("config", "must be a JSON object");
  FlatConfig out;
  for (const auto& [key, _] : config.items()) {
    static const std::unordered_set<std::string> kKnown{"columns",
                                                        "blocking",
                                                        "threshold",
                                                        "max_block",
                                                        "random_pairs",
                                                        "exclusive_identifiers",
                                                        "estimate_u",
                                                        "training",
                                                        "merge_threshold",
                                                        "prior",
                                                        "estimate_from",
                                                        "prior_matches",
                                                        "far_birth_dates_contradict",
                                                        "collective"};
    if (!kKnown.contains(key)) errors.push_back({key, "is not a configuration field"});
  }
  if (!config.contains("columns") || !config["columns"].is_object() || config["columns"].empty()) {
    errors.push_back({"columns", "must map at least one column to its role"});
  } else {
    for (const auto& [column, role] : config["columns"].items()) {
      const std::string field = "columns." + column;
      std::string kind;
      AttributeKind attribute = AttributeKind::text;
      const auto r = role.is_string() ? parse_role(role.get<std::string>(), kind, attribute) : std::nullopt;
      if (!r) {
        errors.push_back({field,
                          "must be name, given_name, surname, birth_date, sex, nationality, identifier:KIND, "
                          "context, group, text, code, category or ignore"});
        continue;
      }
      ColumnRole c{column, *r, kind, 0};
      switch (*r) {
        case Role::name: out.schema.names = true; break;
        case Role::given_name:
        case Role::surname: out.schema.split_names = true; break;
        case Role::birth_date: out.schema.birth_date = true; break;
        case Role::sex: out.schema.sex = true; break;
        case Role::nationality: out.schema.nationality = true; break;
        case Role::identifier: out.schema.identifiers = true; break;
        case Role::context: out.schema.context = true; break;
        case Role::group: break;
        case Role::attribute:
          c.attribute = out.schema.attributes.size();
          out.schema.attributes.push_back({column, attribute});
          break;
        case Role::ignore: break;
      }
      out.columns.push_back(std::move(c));
    }
    int singles[3] = {0, 0, 0};
    for (const auto& c : out.columns) {
      if (c.role == Role::given_name || c.role == Role::surname || c.role == Role::birth_date) {
        ++singles[c.role == Role::given_name ? 0 : c.role == Role::surname ? 1 : 2];
      }
    }
    for (int i = 0; i < 3; ++i) {
      if (singles[i] > 1) {
        errors.push_back({"columns", std::string(i == 0   ? "given_name"
                                                 : i == 1 ? "surname"
                                                          : "birth_date") +
                                         " may be the role of one column only"});
      }
    }
    if (out.schema.split_names && (singles[0] == 0 || singles[1] == 0)) {
      errors.push_back({"columns", "given_name and surname go together (use name for a full name)"});
    }
  }
  read_rules(config, "blocking", out.settings.rules, errors);
  read_rules(config, "training", out.settings.training_rules, errors);
  if (auto t = number(config, "threshold", 0.000001, 0.999999, errors)) out.settings.threshold = *t;
  if (auto t = number(config, "merge_threshold", 0.000001, 0.999999, errors)) out.settings.merge_threshold = *t;
  if (auto m = number(config, "max_block", 2, 1e6, errors))
    out.settings.blocking.max_block = static_cast<std::size_t>(*m);
  if (auto r = number(config, "random_pairs", 1000, 1e8, errors)) {
    out.settings.random_pairs = static_cast<std::size_t>(*r);
  }
  if (config.contains("estimate_u")) {
    if (config["estimate_u"].is_boolean())
      out.settings.estimate.estimate_u = config["estimate_u"].get<bool>();
    else
      errors.push_back({"estimate_u", "must be true or false"});
  }
  if (config.contains("far_birth_dates_contradict")) {
    if (config["far_birth_dates_contradict"].is_boolean())
      out.settings.far_birth_dates_contradict = config["far_birth_dates_contradict"].get<bool>();
    else
      errors.push_back({"far_birth_dates_contradict", "must be true or false"});
  }
  if (config.contains("collective")) {
    if (config["collective"].is_boolean())
      out.settings.collective = config["collective"].get<bool>();
    else
      errors.push_back({"collective", "must be true or false"});
  }
  if (config.contains("exclusive_identifiers")) {
    const auto& e = config["exclusive_identifiers"];
    if (!e.is_array() || !std::all_of(e.begin(), e.end(), [](const auto& k) { return k.is_string(); })) {
      errors.push_back({"exclusive_identifiers", "must be a list of identifier kinds"});
    } else {
      for (const auto& k : e) out.settings.exclusive_kinds.push_back(k.get<std::string>());
    }
  }
  if (errors.empty() && !out.settings.rules.empty()) {
    if (auto s = check_rules(out.settings.rules, out.schema); !s) return s.error();
  }
  if (errors.empty() && !out.settings.training_rules.empty()) {
    if (auto s = check_rules(out.settings.training_rules, out.schema); !s) {
      Error e = s.error();
      for (auto& f : e.fields) f.field.replace(0, 8, "training");
      return e;
    }
  }
  if (auto n = number(config, "estimate_from", 0, 1e9, errors)) {
    out.settings.estimate_from = static_cast<std::size_t>(*n);
  }
  if (auto n = number(config, "prior_matches", 0.001, 1000, errors)) out.settings.prior_matches = *n;
  if (config.contains("prior") && errors.empty()) {
    auto prior = model_from_json(config["prior"], comparisons_for(out.schema));
    if (!prior) {
      for (auto f : prior.error().fields) errors.push_back({"prior." + f.field, f.reason});
    } else {
      out.settings.prior = std::make_shared<const Model>(std::move(*prior));
    }
  }
  if (errors.empty() && out.settings.rules.empty() && default_rules(out.schema).empty()) {
    errors.push_back({"blocking", "no default rule suits these columns: name the rules"});
  }
  if (!errors.empty()) return Error::invalid_fields(std::move(errors));
  return out;
}

Result<nlohmann::json> infer_config(std::istream& header) {
  static const std::map<std::string, std::string, std::less<>> kRoles{{"name", "name"},
                                                                      {"fullname", "name"},
                                                                      {"givenname", "given_name"},
                                                                      {"givennames", "given_name"},
                                                                      {"firstname", "given_name"},
                                                                      {"forename", "given_name"},
                                                                      {"surname", "surname"},
                                                                      {"lastname", "surname"},
                                                                      {"familyname", "surname"},
                                                                      {"birthdate", "birth_date"},
                                                                      {"dateofbirth", "birth_date"},
                                                                      {"dob", "birth_date"},
                                                                      {"sex", "sex"},
                                                                      {"gender", "sex"},
                                                                      {"nationality", "nationality"},
                                                                      {"citizenship", "nationality"},
                                                                      {"phone", "identifier:phone"},
                                                                      {"phonenumber", "identifier:phone"},
                                                                      {"email", "identifier:email"},
                                                                      {"iban", "identifier:iban"},
                                                                      {"passport", "identifier:passport"},
                                                                      {"passportnumber", "identifier:passport"}};
  CsvReader reader(header, kMaxRecordBytes);
  CsvRecord row;
  if (!reader.next(row) || row.blank()) return Error::invalid("input", "is empty: a header row is expected");
  if (!row.error.empty()) return Error::invalid("line 1", row.error);
  nlohmann::json columns = nlohmann::json::object();
  for (const auto& field : row.fields) {
    std::string key;
    for (char c : field) {
      if (std::isalnum(static_cast<unsigned char>(c)))
        key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (auto it = kRoles.find(key); it != kRoles.end()) columns[field] = it->second;
  }
  bool person = false;
  for (const auto& [_, role] : columns.items()) {
    person = person || role == "name" || role == "given_name" || role == "surname";
  }
  if (!person) {
    return Error::invalid("config",
                          "none given, and no column of the header is a name (name, full_name, "
                          "given_name, first_name, surname, last_name): name the columns' roles in a "
                          "configuration");
  }
  return nlohmann::json{{"columns", std::move(columns)}};
}

Result<std::vector<PersonRecord>> read_csv(std::istream& in, const FlatConfig& config, const std::string& id_column,
                                           std::uint32_t source, const std::function<void(const LineError&)>& warn) {
  CsvReader reader(in, kMaxRecordBytes);
  CsvRecord row;
  if (!reader.next(row) || row.blank()) return Error::invalid("input", "is empty: a header row is expected");
  if (!row.error.empty()) return Error::invalid("line " + std::to_string(row.line), row.error);
  // Where each mapped column is.
  std::map<std::string, std::size_t, std::less<>> position;
  for (std::size_t i = 0; i < row.fields.size(); ++i) position.emplace(row.fields[i], i);
  std::vector<FieldError> missing;
  const auto id_at = position.find(id_column);
  if (id_at == position.end()) missing.push_back({id_column, "the id column is not in the header"});
  std::vector<std::size_t> at;
  for (const auto& c : config.columns) {
    const auto it = position.find(c.column);
    if (it == position.end()) missing.push_back({"columns." + c.column, "is not in the header"});
    at.push_back(it == position.end() ? 0 : it->second);
  }
  if (!missing.empty()) return Error::invalid_fields(std::move(missing));
  const std::size_t width = row.fields.size();

  std::vector<PersonRecord> out;
  std::unordered_set<std::string> ids;
  while (reader.next(row)) {
    if (row.blank()) continue;
    const std::string line = "line " + std::to_string(row.line);
    if (!row.error.empty()) return Error::invalid(line, row.error);
    if (row.fields.size() != width) {
      return Error::invalid(
          line, "has " + std::to_string(row.fields.size()) + " fields, the header " + std::to_string(width));
    }
    PersonRecord r;
    r.source = source;
    r.id = row.fields[id_at->second];
    if (r.id.empty()) return Error::invalid(line, "the id column is empty");
    if (!ids.insert(r.id).second) return Error::invalid(line, "id '" + r.id + "' appears twice");
    r.attributes.resize(config.schema.attributes.size());
    for (std::size_t k = 0; k < config.columns.size(); ++k) {
      const auto& c = config.columns[k];
      const std::string& v = row.fields[at[k]];
      if (v.empty()) continue;
      switch (c.role) {
        case Role::name: r.names.push_back(v); break;
        case Role::given_name: r.given_name = v; break;
        case Role::surname: r.surname = v; break;
        case Role::birth_date: {
          BirthDate d;
          if (parse_birth_date(v, d))
            r.birth_date = v;
          else
            warn({row.line, c.column, "'" + v + "' is not a birth date; compared as unknown"});
          break;
        }
        case Role::sex:
          r.sex = sex_of(v);
          if (r.sex.empty()) warn({row.line, c.column, "'" + v + "' is not M, F or X; compared as unknown"});
          break;
        case Role::nationality: r.nationality = v; break;
        case Role::identifier: r.identifiers.push_back(c.identifier_kind + ":" + v); break;
        case Role::context:
          for (std::size_t at = 0; at <= v.size();) {
            const auto bar = std::min(v.find('|', at), v.size());
            if (bar > at) r.context.push_back(v.substr(at, bar - at));
            at = bar + 1;
          }
          break;
        case Role::group: r.group = v; break;
        case Role::attribute: r.attributes[c.attribute] = v; break;
        case Role::ignore: break;
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace ariadne::er
