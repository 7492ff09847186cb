// `ariadne`: parses the command line and hands over to one command function.
#include <CLI/CLI.hpp>

#include <iostream>
#include <optional>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  using namespace ariadne;
  CLI::App app{
      "Ariadne: secure exchange, travel-document checks, notices, screening and crime analysis\n"
      "between member countries fighting human trafficking and migrant smuggling."};
  app.require_subcommand(1);
  app.set_version_flag("--version", ARIADNE_VERSION);
  std::string db;
  auto add_db = [&db](CLI::App* cmd) {
    cmd->add_option("--db", db, "SQLite file (or postgresql://… URL)")->required()->envname("ARIADNE_DB");
  };
  int code = 0;

  auto* init = app.add_subcommand("init", "Create the schema, the General Secretariat member and an admin user");
  add_db(init);
  std::optional<std::string> admin_password_file;
  std::string admin_user = "admin";
  init->add_option("--admin-password-file", admin_password_file,
                   "File whose first line is the admin password "
                   "(otherwise one is generated and printed)");
  init->add_option("--admin-user", admin_user, "Administrator user name")->capture_default_str();
  init->callback([&] { code = cli::init(db, admin_user, admin_password_file); });

  auto* member = app.add_subcommand("member", "Manage members");
  member->require_subcommand(1);
  auto* member_add = member->add_subcommand("add", "Add a member: CODE \"NAME\"");
  add_db(member_add);
  std::string member_code, member_name, member_kind = "ncb";
  member_add->add_option("code", member_code, "ISO 3166-1 alpha-3, IPSG, or a partner code")->required();
  member_add->add_option("name", member_name, "Display name")->required();
  member_add->add_option("--kind", member_kind, "ncb | secretariat | partner")->capture_default_str();
  member_add->callback([&] { code = cli::member_add(db, member_code, member_name, member_kind); });

  auto* user = app.add_subcommand("user", "Manage users");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Add a user");
  add_db(user_add);
  std::string user_member, user_role, username;
  std::optional<std::string> user_password_file;
  user_add->add_option("--member", user_member, "Member code")->required();
  user_add->add_option("--role", user_role, "officer | analyst | reviewer | coordinator | admin | partner")->required();
  user_add->add_option("username", username, "User name (a-z, 0-9, . _ -)")->required();
  user_add->add_option("--password-file", user_password_file,
                       "File whose first line is the password (otherwise one is generated and printed)");
  user_add->callback([&] { code = cli::user_add(db, user_member, user_role, username, user_password_file); });

  auto* serve = app.add_subcommand("serve", "Serve the HTTP API");
  add_db(serve);
  server::ServerConfig config;
  std::size_t body_limit_mib = 10;
  long long session_hours = 8;
  serve->add_option("--port", config.port, "TCP port (0 picks a free one)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  serve->add_option("--bind", config.bind, "Address to listen on")->capture_default_str();
  serve->add_option("--tls-cert", config.tls_cert, "PEM certificate: serve HTTPS")->check(CLI::ExistingFile);
  serve->add_option("--tls-key", config.tls_key, "PEM private key for --tls-cert")->check(CLI::ExistingFile);
  serve->add_option("--threads", config.threads, "Worker threads")->capture_default_str()->check(CLI::Range(1, 256));
  serve->add_option("--body-limit-mib", body_limit_mib, "Largest request body in MiB")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  serve->add_option("--session-hours", session_hours, "Lifetime of a login token")
      ->capture_default_str()
      ->check(CLI::Range(1, 24 * 30));
  serve->add_option("--port-file", config.port_file, "Write the bound port to this file once listening");
  serve->callback([&] {
    config.db_url = db;
    config.body_limit = body_limit_mib * 1024 * 1024;
    config.session_lifetime = std::chrono::hours(session_hours);
    code = cli::serve(config);
  });

  auto* audit = app.add_subcommand("audit", "The audit chain");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "Exit 0 when the hash chain is intact, 1 naming the first bad entry");
  add_db(verify);
  verify->callback([&] { code = cli::audit_verify(db); });

  auto* mrz = app.add_subcommand("mrz", "Machine-readable zones (ICAO 9303)");
  mrz->require_subcommand(1);
  auto* mrz_parse = mrz->add_subcommand(
      "parse",
      "Parse MRZs (one per line with \\n escapes, or lines with a blank line between MRZs); one JSON result each");
  std::string mrz_input;
  mrz_parse->add_option("file", mrz_input, "Input file (default: stdin)");
  mrz_parse->callback([&] { code = cli::mrz_parse(mrz_input); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    (void)app.exit(e);
    return 2;
  }
  return code;
}
