#include "common/json_fields.hpp"

namespace ariadne {

namespace {
struct TooDeep {};
}  // namespace

Result<nlohmann::json> parse_json_object(std::string_view text, int max_depth) {
  if (text.empty()) return Error::invalid("", "the request body is empty; a JSON object is expected");
  nlohmann::json::parser_callback_t guard = [max_depth](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    if (depth > max_depth) throw TooDeep{};
    return true;
  };
  try {
    auto doc = nlohmann::json::parse(text.begin(), text.end(), guard);
    if (!doc.is_object()) return Error::invalid("", "a JSON object is expected");
    return doc;
  } catch (const TooDeep&) {
    return Error::invalid("", "JSON nested deeper than " + std::to_string(max_depth) + " levels");
  } catch (const nlohmann::json::parse_error& e) {
    return Error::invalid("", std::string("malformed JSON: ") + e.what());
  }
}

JsonFields::JsonFields(const nlohmann::json& obj, std::string prefix) : obj_(obj), prefix_(std::move(prefix)) {}

std::string JsonFields::path(std::string_view key) const {
  if (prefix_.empty()) return std::string(key);
  return prefix_ + "." + std::string(key);
}

void JsonFields::fail(std::string_view key, std::string reason) {
  errors_.push_back({path(key), std::move(reason)});
}

void JsonFields::merge(const Status& nested) {
  if (nested.ok()) return;
  for (const auto& f : nested.error().fields) errors_.push_back(f);
  if (nested.error().fields.empty()) errors_.push_back({prefix_, nested.error().message});
}

bool JsonFields::has(std::string_view key) const {
  auto it = obj_.find(key);
  return it != obj_.end() && !it->is_null();
}

const nlohmann::json* JsonFields::lookup(std::string_view key, bool required) {
  known_.emplace(key);
  auto it = obj_.find(key);
  if (it == obj_.end() || it->is_null()) {
    if (required) fail(key, "is required");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> JsonFields::string(std::string_view key, bool required, std::size_t max_len) {
  const auto* v = lookup(key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    fail(key, "must be a string");
    return std::nullopt;
  }
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > max_len) {
    fail(key, "is longer than " + std::to_string(max_len) + " bytes");
    return std::nullopt;
  }
  if (required && s.empty()) {
    fail(key, "must not be empty");
    return std::nullopt;
  }
  return s;
}

std::optional<std::int64_t> JsonFields::integer(std::string_view key, bool required, std::int64_t min,
                                                std::int64_t max) {
  const auto* v = lookup(key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number_integer()) {
    fail(key, "must be an integer");
    return std::nullopt;
  }
  auto n = v->get<std::int64_t>();
  if (n < min || n > max) {
    fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<bool> JsonFields::boolean(std::string_view key, bool required) {
  const auto* v = lookup(key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    fail(key, "must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::vector<std::string>> JsonFields::string_list(std::string_view key, bool required,
                                                                std::size_t max_items, std::size_t max_len) {
  const auto* v = lookup(key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_array()) {
    fail(key, "must be an array of strings");
    return std::nullopt;
  }
  if (v->size() > max_items) {
    fail(key, "has more than " + std::to_string(max_items) + " items");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const auto& item = (*v)[i];
    std::string item_key = std::string(key) + "[" + std::to_string(i) + "]";
    if (!item.is_string()) {
      fail(item_key, "must be a string");
      return std::nullopt;
    }
    if (item.get_ref<const std::string&>().size() > max_len) {
      fail(item_key, "is longer than " + std::to_string(max_len) + " bytes");
      return std::nullopt;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

const nlohmann::json* JsonFields::object(std::string_view key, bool required) {
  const auto* v = lookup(key, required);
  if (v == nullptr) return nullptr;
  if (!v->is_object()) {
    fail(key, "must be an object");
    return nullptr;
  }
  return v;
}

const nlohmann::json* JsonFields::any(std::string_view key, bool required) {
  return lookup(key, required);
}

Status JsonFields::finish() {
  for (const auto& [k, _] : obj_.items()) {
    if (known_.find(k) == known_.end()) errors_.push_back({path(k), "is not a known field"});
  }
  if (errors_.empty()) return {};
  return Error::invalid_fields(std::move(errors_));
}

}  // namespace ariadne
