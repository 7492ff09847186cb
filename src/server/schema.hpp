// Building blocks of the OpenAPI document's JSON schemas, shared by the
// component schemas (openapi.cpp) and the schemas each group of routes adds.
#pragma once

#include <nlohmann/json.hpp>

namespace ariadne::server::schema {

nlohmann::json str(const char* description = nullptr);
nlohmann::json nullable_str();
nlohmann::json integer();
nlohmann::json nullable_integer();
nlohmann::json boolean();
nlohmann::json array_of(nlohmann::json items);
// An object whose other properties are allowed (answers that may grow).
nlohmann::json object(nlohmann::json properties, nlohmann::json required);
// An object with exactly these properties.
nlohmann::json closed_object(nlohmann::json properties, nlohmann::json required);

}  // namespace ariadne::server::schema
