#include "common/json_fields.hpp"

#include <limits>
#include <optional>

namespace ariadne {

namespace {

using nlohmann::json;

// Builds the document with nlohmann's own DOM builder and keeps, beside it,
// the path to the value being read, so that a limit or an unreadable number
// can name its field. Every event is O(1): unlike a parser callback, nothing
// rescans a container when it closes, so a body of many small members parses
// in time linear in its size.
class BoundedSax {
 public:
  BoundedSax(json& out, int max_depth) : dom_(out, false), max_depth_(max_depth) {}

  bool null() { return value() && dom_.null(); }
  bool boolean(bool v) { return value() && dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return value() && dom_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return value() && dom_.number_unsigned(v); }
  bool number_float(json::number_float_t v, const json::string_t& s) { return value() && dom_.number_float(v, s); }
  bool string(json::string_t& v) { return value() && dom_.string(v); }
  bool binary(json::binary_t& v) { return value() && dom_.binary(v); }
  bool start_object(std::size_t n) { return open(false) && dom_.start_object(n); }
  bool key(json::string_t& k) {
    frames_.back().key = k;
    return dom_.key(k);
  }
  bool end_object() {
    frames_.pop_back();
    return dom_.end_object();
  }
  bool start_array(std::size_t n) { return open(true) && dom_.start_array(n); }
  bool end_array() {
    frames_.pop_back();
    return dom_.end_array();
  }
  bool parse_error(std::size_t, const std::string& token, const nlohmann::detail::exception& e) {
    if (!error_) {
      // 406: a number beyond what a double holds (1e400): the client's value, not malformed JSON.
      if (e.id == 406) {
        error_ = Error::invalid(path(), "the number " + token.substr(0, 40) + " is out of range");
      } else {
        error_ = Error::invalid("", std::string("malformed JSON: ") + e.what());
      }
    }
    return false;
  }

  const std::optional<Error>& error() const { return error_; }

 private:
  struct Frame {
    bool array = false;
    std::string key;
    std::int64_t index = -1;  // of the array element being read
  };

  // Every value, containers included, advances its array's index.
  bool value() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    return true;
  }

  bool open(bool array) {
    value();
    if (static_cast<int>(frames_.size()) >= max_depth_) {
      error_ = Error::invalid("", "JSON nested deeper than " + std::to_string(max_depth_) + " levels");
      return false;
    }
    frames_.push_back({array, {}, -1});
    return true;
  }

  // "subject.names[0].full" for the value being read (not yet counted in its array).
  std::string path() const {
    std::string out;
    for (const auto& f : frames_) {
      if (f.array) {
        out += "[" + std::to_string(f.index + (&f == &frames_.back() ? 1 : 0)) + "]";
      } else {
        if (!out.empty()) out += '.';
        out += f.key;
      }
    }
    return out;
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  std::vector<Frame> frames_;
  int max_depth_;
  std::optional<Error> error_;
};

}  // namespace

Result<nlohmann::json> parse_json_object(std::string_view text, int max_depth) {
  if (text.empty()) return Error::invalid("", "the request body is empty; a JSON object is expected");
  json doc;
  BoundedSax sax(doc, max_depth);
  bool ok = json::sax_parse(text.begin(), text.end(), &sax);
  if (sax.error()) return *sax.error();
  if (!ok || doc.is_discarded()) return Error::invalid("", "malformed JSON");
  if (!doc.is_object()) return Error::invalid("", "a JSON object is expected");
  return doc;
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
  // Above INT64_MAX nlohmann holds an unsigned value that would wrap to a negative one.
  constexpr auto kLargest = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  bool too_big = v->is_number_unsigned() && v->get<std::uint64_t>() > kLargest;
  auto n = too_big ? 0 : v->get<std::int64_t>();
  if (too_big || n < min || n > max) {
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
