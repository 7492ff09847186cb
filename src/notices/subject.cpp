#include "notices/subject.hpp"

#include <map>

#include <nlohmann/json.hpp>

#include "common/country.hpp"
#include "common/json_fields.hpp"
#include "common/time.hpp"
#include "common/utf8.hpp"
#include "text/normalise.hpp"

namespace ariadne::notices {

using nlohmann::json;

bool Subject::empty() const {
  return names.empty() && birth_dates.empty() && !sex && nationalities.empty() && documents.empty() && marks.empty();
}

Result<Subject> parse_subject(const json& value, const std::string& field) {
  if (!value.is_object()) return Error::invalid(field, "must be an object");
  JsonFields f(value, field);
  Subject s;
  if (const auto* names = f.any("names", false)) {
    if (!names->is_array() || names->size() > 50) {
      f.fail("names", "must be an array of at most 50 names");
    } else {
      for (std::size_t i = 0; i < names->size(); ++i) {
        std::string path = field + ".names[" + std::to_string(i) + "]";
        const auto& item = (*names)[i];
        if (!item.is_object()) {
          f.fail("names[" + std::to_string(i) + "]", "must be an object such as {\"full\": \"…\"}");
          continue;
        }
        JsonFields n(item, path);
        SubjectName name;
        if (auto full = n.string("full", true, 300)) {
          if (!valid_utf8(*full)) {
            n.fail("full", "is not valid UTF-8");
          } else {
            name.full = *full;
          }
        }
        auto script = n.string("script", false, 4);
        if (auto kind = n.string("kind", false, 16)) {
          if (*kind != "primary" && *kind != "alias" && *kind != "maiden") {
            n.fail("kind", "must be primary, alias or maiden");
          } else {
            name.kind = *kind;
          }
        }
        if (auto quality = n.string("quality", false, 8)) {
          if (*quality != "good" && *quality != "low") {
            n.fail("quality", "must be good or low");
          } else {
            name.weak = *quality == "low";
          }
        }
        name.given = n.string("given", false, 200);
        name.family = n.string("family", false, 200);
        name.script = script ? *script : text::detect_script(name.full);
        f.merge(n.finish());
        if (!name.full.empty()) s.names.push_back(std::move(name));
      }
    }
  }
  auto dates = [&](const char* key) {
    if (auto v = f.string_list(key, false, 10, 10)) {
      for (std::size_t i = 0; i < v->size(); ++i) {
        if (!parse_partial_date((*v)[i])) {
          f.fail(std::string(key) + "[" + std::to_string(i) + "]", "must be YYYY, YYYY-MM or YYYY-MM-DD");
        } else {
          s.birth_dates.push_back((*v)[i]);
        }
      }
    }
  };
  dates("birth_dates");
  if (auto one = f.string("birth_date", false, 10)) {
    if (!parse_partial_date(*one)) {
      f.fail("birth_date", "must be YYYY, YYYY-MM or YYYY-MM-DD");
    } else {
      s.birth_dates.insert(s.birth_dates.begin(), *one);
    }
  }
  if (auto sex = f.string("sex", false, 1)) {
    if (*sex != "M" && *sex != "F" && *sex != "X") {
      f.fail("sex", "must be M, F or X");
    } else {
      s.sex = *sex;
    }
  }
  if (auto nat = f.string_list("nationalities", false, 10, 3)) {
    for (std::size_t i = 0; i < nat->size(); ++i) {
      if (!is_iso_alpha3((*nat)[i])) {
        f.fail("nationalities[" + std::to_string(i) + "]", "must be an ISO 3166-1 alpha-3 code");
      }
    }
    s.nationalities = *nat;
  }
  if (auto v = f.string_list("places_of_birth", false, 10, 200)) s.places_of_birth = *v;
  if (auto v = f.string_list("marks", false, 20, 500)) s.marks = *v;
  if (auto v = f.string_list("languages", false, 20, 50)) s.languages = *v;
  if (auto v = f.string_list("photos", false, 20, 500)) s.photos = *v;
  if (auto v = f.boolean("victim", false)) s.victim = *v;
  if (const auto* docs = f.any("documents", false)) {
    if (!docs->is_array() || docs->size() > 20) {
      f.fail("documents", "must be an array of at most 20 documents");
    } else {
      for (std::size_t i = 0; i < docs->size(); ++i) {
        std::string path = field + ".documents[" + std::to_string(i) + "]";
        if (!(*docs)[i].is_object()) {
          f.fail("documents[" + std::to_string(i) + "]", "must be an object");
          continue;
        }
        JsonFields d((*docs)[i], path);
        SubjectDocument doc;
        if (auto n = d.string("number", true, 64)) doc.number = *n;
        if (auto st = d.string("issuing_state", false, 3)) {
          if (!is_iso_alpha3(*st)) d.fail("issuing_state", "must be an ISO 3166-1 alpha-3 code");
          doc.issuing_state = *st;
        }
        if (auto t = d.string("type", false, 32)) doc.type = *t;
        f.merge(d.finish());
        s.documents.push_back(std::move(doc));
      }
    }
  }
  ARIADNE_TRY(f.finish());
  return s;
}

json to_json(const Subject& s) {
  json names = json::array();
  for (const auto& n : s.names) {
    json j = {{"full", n.full}, {"script", n.script}, {"kind", n.kind}};
    if (n.weak) j["quality"] = "low";
    if (n.given) j["given"] = *n.given;
    if (n.family) j["family"] = *n.family;
    names.push_back(j);
  }
  json docs = json::array();
  for (const auto& d : s.documents) {
    // Absent parts stay absent: an empty issuing state would not read back.
    json doc = {{"number", d.number}};
    if (!d.issuing_state.empty()) doc["issuing_state"] = d.issuing_state;
    if (!d.type.empty()) doc["type"] = d.type;
    docs.push_back(std::move(doc));
  }
  json out = {{"names", names},
              {"birth_dates", s.birth_dates},
              {"nationalities", s.nationalities},
              {"places_of_birth", s.places_of_birth},
              {"documents", docs},
              {"marks", s.marks},
              {"languages", s.languages},
              {"photos", s.photos},
              {"victim", s.victim}};
  out["sex"] = s.sex ? json(*s.sex) : json(nullptr);
  return out;
}

}  // namespace ariadne::notices
