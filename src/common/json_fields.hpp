// Strict reading of JSON request bodies: every field is named, typed and
// bounded; unknown fields and all problems are reported together as
// field-level reasons, so a caller learns everything wrong in one answer.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace ariadne {

// Parses a JSON document (object expected), rejecting nesting deeper than max_depth.
Result<nlohmann::json> parse_json_object(std::string_view text, int max_depth = 32);

class JsonFields {
 public:
  // obj must be an object; prefix names nested fields in reasons ("subject.names[0]").
  explicit JsonFields(const nlohmann::json& obj, std::string prefix = "");

  std::optional<std::string> string(std::string_view key, bool required, std::size_t max_len = 1000);
  std::optional<std::int64_t> integer(std::string_view key, bool required, std::int64_t min, std::int64_t max);
  std::optional<bool> boolean(std::string_view key, bool required);
  std::optional<std::vector<std::string>> string_list(std::string_view key, bool required, std::size_t max_items,
                                                      std::size_t max_len = 200);
  // Returns the raw value of an object-valued field, for a nested reader.
  const nlohmann::json* object(std::string_view key, bool required);
  // Marks a field as known without reading it (nested readers report their own errors).
  const nlohmann::json* any(std::string_view key, bool required);

  void fail(std::string_view key, std::string reason);
  void merge(const Status& nested);
  bool has(std::string_view key) const;

  // Reports unknown fields and everything that failed so far.
  Status finish();
  std::string path(std::string_view key) const;

 private:
  const nlohmann::json* lookup(std::string_view key, bool required);

  const nlohmann::json& obj_;
  std::string prefix_;
  std::set<std::string, std::less<>> known_;
  std::vector<FieldError> errors_;
};

}  // namespace ariadne
