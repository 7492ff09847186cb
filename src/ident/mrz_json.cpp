#include "ident/mrz_json.hpp"

#include <nlohmann/json.hpp>

#include "common/json_fields.hpp"

namespace ariadne::ident {

namespace {

template <class T>
nlohmann::json or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json date_or_null(const std::optional<Date>& d) {
  return d ? nlohmann::json(d->iso()) : nlohmann::json(nullptr);
}

nlohmann::json issues(const std::vector<MrzIssue>& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const MrzIssue& i : list) {
    nlohmann::json item = {{"field", i.field}, {"reason", i.reason}};
    if (i.suggestion) item["suggestion"] = *i.suggestion;
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

nlohmann::json mrz_to_json(const MrzResult& r) {
  const MrzChecks& c = r.checks;
  return {
      {"valid", r.valid},
      {"format", r.format ? nlohmann::json(mrz_format_name(*r.format)) : nlohmann::json(nullptr)},
      {"document_code", or_null(r.document_code)},
      {"issuing_state", or_null(r.issuing_state)},
      {"surname", or_null(r.surname)},
      {"given_names", or_null(r.given_names)},
      {"document_number", or_null(r.document_number)},
      {"nationality", or_null(r.nationality)},
      {"birth_date", date_or_null(r.birth_date)},
      {"sex", or_null(r.sex)},
      {"expiry_date", date_or_null(r.expiry_date)},
      {"optional_data", or_null(r.optional_data)},
      {"optional_data_2", or_null(r.optional_data_2)},
      {"issue_date", date_or_null(r.issue_date)},
      {"checks",
       {{"document_number", or_null(c.document_number)},
        {"birth_date", or_null(c.birth_date)},
        {"expiry_date", or_null(c.expiry_date)},
        {"optional_data", or_null(c.optional_data)},
        {"composite", or_null(c.composite)}}},
      {"errors", issues(r.errors)},
      {"warnings", issues(r.warnings)},
      {"raw", r.raw},
      {"suggested_lines", or_null(r.suggested_lines)},
  };
}

Result<MrzRequest> parse_mrz_request(const nlohmann::json& body) {
  JsonFields f(body);
  auto mrz = f.string("mrz", true, kMaxMrzInputBytes);
  ARIADNE_TRY(f.finish());
  return MrzRequest{std::move(*mrz)};
}

}  // namespace ariadne::ident
