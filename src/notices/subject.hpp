// The person a notice or diffusion is about: names in their original script
// beside any Latin form, partial birth dates, nationalities, documents and
// marks. A victim's subject is never returned by broad searches.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"

namespace ariadne::notices {

struct SubjectName {
  std::string full;
  std::string script;            // ISO 15924 code (Latn, Arab, Cyrl, Ethi, …), detected when not given
  std::string kind = "primary";  // primary | alias | maiden
  std::optional<std::string> given;
  std::optional<std::string> family;
  // A name its list marks as of low quality (the UN list's alias quality
  // "Low"): screening never matches on it alone. JSON "quality": "low".
  bool weak = false;
};

struct SubjectDocument {
  std::string number;
  std::string issuing_state;
  std::string type;
};

struct Subject {
  std::vector<SubjectName> names;
  std::vector<std::string> birth_dates;  // YYYY, YYYY-MM or YYYY-MM-DD
  std::optional<std::string> sex;        // M | F | X
  std::vector<std::string> nationalities;
  std::vector<std::string> places_of_birth;
  std::vector<SubjectDocument> documents;
  std::vector<std::string> marks;
  std::vector<std::string> languages;
  std::vector<std::string> photos;
  bool victim = false;

  bool empty() const;
};

Result<Subject> parse_subject(const nlohmann::json& value, const std::string& field = "subject");
nlohmann::json to_json(const Subject& s);

}  // namespace ariadne::notices
