#include "cli/commands.hpp"

#include <fstream>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "ident/mrz.hpp"
#include "ident/mrz_json.hpp"
#include "policy/accounts.hpp"
#include "server/schema.hpp"
#include "store/audit.hpp"

namespace ariadne::cli {

namespace {

int fail(const std::string& command, const Error& e) {
  std::cerr << "ariadne " << command << ": " << e.message << '\n';
  return exit_code(e.code);
}

// Opens an initialised database and brings its schema up to date.
Result<std::unique_ptr<store::Database>> open_ready(const std::string& url) {
  ARIADNE_ASSIGN(auto db, store::open_database(url));
  ARIADNE_TRY(server::require_initialised(*db));
  ARIADNE_TRY(store::migrate(*db, server::all_migrations()));
  return db;
}

Result<std::string> read_password(const std::optional<std::string>& file) {
  if (!file) return policy::random_password();
  std::ifstream in(*file);
  if (!in) return Error::invalid("password-file", "cannot read " + *file);
  std::string password;
  std::getline(in, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  ARIADNE_TRY(policy::validate_password(password));
  return password;
}

policy::Caller cli_caller() {
  auto c = policy::system_caller();
  c.username = "cli";
  return c;
}

}  // namespace

int init(const std::string& db_url, const std::string& admin_user, const std::optional<std::string>& password_file) {
  auto password = read_password(password_file);
  if (!password) return fail("init", password.error());
  if (auto v = policy::validate_username(admin_user); !v) return fail("init", v.error());
  auto db = store::open_database(db_url);
  if (!db) return fail("init", db.error());
  if (server::require_initialised(**db)) {
    return fail("init", Error::invalid("db", db_url + " is already initialised"));
  }
  auto done = (*db)->transaction([&]() -> Status {
    ARIADNE_TRY(store::migrate(**db, server::all_migrations()));
    ARIADNE_TRY(policy::add_member(**db, cli_caller(), std::string(policy::kSecretariat), "General Secretariat",
                                   policy::MemberKind::secretariat));
    ARIADNE_TRY(policy::add_user(**db, cli_caller(), std::string(policy::kSecretariat), policy::Role::admin, admin_user,
                                 *password));
    return {};
  });
  if (!done) return fail("init", done.error());
  std::cout << "initialised " << db_url << "\n";
  std::cout << "administrator: " << admin_user << " (member IPSG)\n";
  if (!password_file) std::cout << "password: " << *password << "\n";
  return 0;
}

int member_add(const std::string& db_url, const std::string& code, const std::string& name, const std::string& kind) {
  auto k = policy::parse_member_kind(kind);
  if (!k) return fail("member add", Error::invalid("kind", "must be ncb, secretariat or partner"));
  auto db = open_ready(db_url);
  if (!db) return fail("member add", db.error());
  auto member = policy::add_member(**db, cli_caller(), code, name, *k);
  if (!member) return fail("member add", member.error());
  std::cout << "member " << member->code << " (" << to_string(member->kind) << "): " << member->name << "\n";
  return 0;
}

int user_add(const std::string& db_url, const std::string& member, const std::string& role, const std::string& username,
             const std::optional<std::string>& password_file) {
  auto r = policy::parse_role(role);
  if (!r) {
    return fail("user add",
                Error::invalid("role", "must be officer, analyst, reviewer, coordinator, admin or partner"));
  }
  auto password = read_password(password_file);
  if (!password) return fail("user add", password.error());
  auto db = open_ready(db_url);
  if (!db) return fail("user add", db.error());
  auto user = policy::add_user(**db, cli_caller(), member, *r, username, *password);
  if (!user) return fail("user add", user.error());
  std::cout << "user " << user->username << " (" << to_string(user->role) << ", " << user->member << ")\n";
  if (!password_file) std::cout << "password: " << *password << "\n";
  return 0;
}

int serve(const server::ServerConfig& config) {
  return server::serve(config);
}

int audit_verify(const std::string& db_url) {
  auto db = store::open_database(db_url);
  if (!db) return fail("audit verify", db.error());
  auto verdict = store::audit_verify(**db);
  if (!verdict) return fail("audit verify", verdict.error());
  if (!verdict->intact) {
    std::cerr << "audit chain broken at entry " << *verdict->first_bad_seq << ": " << verdict->reason << '\n';
    return 1;
  }
  std::cout << "audit chain intact: " << verdict->entries << " entries\n";
  return 0;
}

int mrz_parse(const std::string& input) {
  std::ifstream file;
  if (!input.empty() && input != "-") {
    file.open(input);
    if (!file) return fail("mrz parse", Error::invalid("input", "cannot read " + input));
  }
  std::istream& in = file.is_open() ? static_cast<std::istream&>(file) : std::cin;
  int status = 0;
  std::string pending;           // lines of the MRZ being gathered
  std::size_t pending_line = 0;  // its first line number
  auto emit = [&](const std::string& text, std::size_t line_number) {
    auto parsed = ident::parse_mrz(text);
    if (!parsed) {
      std::cerr << "ariadne mrz parse: line " << line_number << ": " << parsed.error().message << '\n';
      status = 2;
      return;
    }
    auto out = ident::mrz_to_json(*parsed);
    out["line"] = line_number;
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  };
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    bool blank = line.find_first_not_of(" \t") == std::string::npos;
    if (line.find("\\n") != std::string::npos) {  // a whole MRZ with escaped line breaks
      if (!pending.empty()) {
        emit(pending, pending_line);
        pending.clear();
      }
      std::string text;
      for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == 'n') {
          text += '\n';
          ++i;
        } else {
          text += line[i];
        }
      }
      emit(text, number);
    } else if (blank) {
      if (!pending.empty()) {
        emit(pending, pending_line);
        pending.clear();
      }
    } else {
      if (pending.empty()) pending_line = number;
      pending += (pending.empty() ? "" : "\n") + line;
    }
  }
  if (!pending.empty()) emit(pending, pending_line);
  std::cout.flush();
  return status;
}

}  // namespace ariadne::cli
