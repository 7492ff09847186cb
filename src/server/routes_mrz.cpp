// Machine-readable zones: parse and validate without storing anything.
#include <nlohmann/json.hpp>

#include "ident/mrz.hpp"
#include "ident/mrz_json.hpp"
#include "server/server.hpp"

namespace ariadne::server {

void add_mrz_routes(Router& router) {
  router.add({.method = "POST",
              .path = "/mrz/parse",
              .summary = "Parse and validate an ICAO 9303 machine-readable zone",
              .tag = "documents",
              .request_schema = schema_ref("MrzRequest"),
              .response_schema = schema_ref("MrzResult"),
              .handler = [](Context& ctx) -> Result<Reply> {
                ARIADNE_ASSIGN(auto body, ctx.json_body());
                ARIADNE_ASSIGN(auto request, ident::parse_mrz_request(body));
                ARIADNE_ASSIGN(auto parsed, ident::parse_mrz(request.mrz));
                return Reply{200, ident::mrz_to_json(parsed)};
              }});
}

}  // namespace ariadne::server
