// `ariadne screen`: person queries (JSON Lines) → ranked candidates, one line each.
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "common/json_fields.hpp"
#include "policy/accounts.hpp"
#include "screen/screening.hpp"
#include "sltd/checks.hpp"

namespace ariadne::cli {

int screen(const ScreenOptions& options) {
  auto db = open_ready(options.db_url);
  if (!db) return fail("screen", db.error());
  auto caller = policy::system_caller();
  caller.username = "cli";
  if (options.as_user) {
    auto as = policy::caller_for_user(**db, *options.as_user);
    if (!as) return fail("screen", as.error());
    caller = *as;
  }
  auto index = screen::ScreeningIndex::build(**db);
  if (!index) return fail("screen", index.error());

  std::ifstream file;
  if (!options.input.empty() && options.input != "-") {
    file.open(options.input);
    if (!file) return fail("screen", Error::invalid("input", "cannot read " + options.input));
  }
  std::istream& in = file.is_open() ? static_cast<std::istream&>(file) : std::cin;
  int status = 0;
  std::size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json out;
    auto body = parse_json_object(line);
    auto query = body ? screen::parse_query(*body) : Result<screen::ScreenQuery>(body.error());
    auto answer = query ? screen::screen(**db, **index, caller, *query) : Result<nlohmann::json>(query.error());
    if (answer) {
      out = std::move(answer).value();
    } else {
      if (answer.error().code == ErrorCode::internal) return fail("screen", answer.error());
      out = sltd::error_result(answer.error());
      status = 2;
    }
    out["line"] = number;
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  std::cout.flush();
  return status;
}

}  // namespace ariadne::cli
