#include "server/schema.hpp"

namespace ariadne::server::schema {

using nlohmann::json;

json str(const char* description) {
  json j = {{"type", "string"}};
  if (description) j["description"] = description;
  return j;
}
json nullable_str() {
  return {{"type", json::array({"string", "null"})}};
}
json integer() {
  return {{"type", "integer"}};
}
json nullable_integer() {
  return {{"type", json::array({"integer", "null"})}};
}
json boolean() {
  return {{"type", "boolean"}};
}
json array_of(json items) {
  return {{"type", "array"}, {"items", std::move(items)}};
}
json object(json properties, json required) {
  return {{"type", "object"}, {"properties", std::move(properties)}, {"required", std::move(required)}};
}
json closed_object(json properties, json required) {
  json out = object(std::move(properties), std::move(required));
  out["additionalProperties"] = false;
  return out;
}

}  // namespace ariadne::server::schema
