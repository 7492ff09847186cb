// `ariadne`: parses the command line and hands over to one command function.
#include <CLI/CLI.hpp>

#include <iostream>
#include <optional>

#include "cli/commands.hpp"
#include "cli/datagen_command.hpp"
#include "common/country.hpp"
#include "common/time.hpp"

namespace {

const CLI::Validator is_date(
    [](const std::string& s) { return ariadne::parse_date(s) ? std::string() : "must be a date YYYY-MM-DD"; }, "DATE");
const CLI::Validator is_country(
    [](const std::string& s) {
      return ariadne::is_iso_alpha3(s) ? std::string() : "must be an ISO 3166-1 alpha-3 country code";
    },
    "ALPHA3");

}  // namespace

int main(int argc, char** argv) {
  using namespace ariadne;
  CLI::App app{
      "Ariadne: secure exchange, travel-document checks, notices, screening and crime analysis\n"
      "between member countries fighting human trafficking and migrant smuggling."};
  app.require_subcommand(1);
  app.set_version_flag("--version", ARIADNE_VERSION);
  std::string db;
  auto add_db = [&db](CLI::App* cmd) { cmd->add_option("--db", db, "SQLite file")->required()->envname("ARIADNE_DB"); };
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
  long long head_timeout_s = config.head_timeout.count();
  long long body_timeout_s = config.body_timeout.count();
  long long keep_alive_s = config.keep_alive.count();
  serve->add_option("--head-timeout-s", head_timeout_s, "Seconds a client has to send a request head")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  serve->add_option("--body-timeout-s", body_timeout_s, "Seconds a client has to send a request body")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  long long write_timeout_s = config.write_timeout.count();
  serve
      ->add_option("--write-timeout-s", write_timeout_s,
                   "Seconds a client may take nothing of a response (or of a live stream) before it is closed")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  serve->add_option("--keep-alive-s", keep_alive_s, "Seconds an idle connection stays open between requests")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  serve->add_option("--max-connections", config.max_connections, "Open connections in all")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000));
  serve
      ->add_option("--max-connections-per-address", config.max_connections_per_address,
                   "Open connections from one client IP address")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000));
  std::size_t max_buffered_mib = config.max_buffered / (1024 * 1024);
  serve->add_option("--max-buffered-mib", max_buffered_mib, "Request bodies buffered at once, in all, in MiB")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024 * 1024));
  std::size_t stream_backlog_kib = config.max_stream_backlog / 1024;
  serve
      ->add_option("--stream-backlog-kib", stream_backlog_kib,
                   "KiB pushed to a live inbox stream and not yet read after which its client is dropped")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024 * 1024));
  serve->add_option("--port-file", config.port_file, "Write the bound port to this file once listening");
  long long remind_seconds = 3600;
  serve->add_option("--remind-interval-s", remind_seconds, "Seconds between runs of expiries and reminders")
      ->capture_default_str()
      ->check(CLI::Range(1, 7 * 24 * 3600));
  long long hit_overdue_seconds = 24 * 3600;
  serve
      ->add_option("--hit-overdue-s", hit_overdue_seconds,
                   "Seconds after which a hit its owner has not confirmed or rejected is overdue")
      ->capture_default_str()
      ->check(CLI::Range(1LL, 365LL * 24 * 3600));
  auto* audit_key_option = serve->add_option("--audit-key", config.audit_key,
                                             "Sign checkpoints of the audit chain with this key (audit keygen)");
  long long checkpoint_seconds = 300;
  serve->add_option("--audit-checkpoint-interval", checkpoint_seconds, "Seconds between audit checkpoints")
      ->capture_default_str()
      ->check(CLI::Range(1, 7 * 24 * 3600));
  serve
      ->add_option("--audit-anchor-out", config.audit_anchor_out,
                   "Append each checkpoint to this anchor file (JSON Lines), kept outside the database")
      ->needs(audit_key_option);
  serve->add_option("--attachment-key", config.attachment_key,
                    "Key file attachments are sealed with (64 hex digits; created, mode 0600, when missing). "
                    "Keep it outside the database's backups. Without it messages carry no attachments");
  serve->callback([&] {
    config.db_url = db;
    config.audit_checkpoint_interval = std::chrono::seconds(checkpoint_seconds);
    config.remind_interval = std::chrono::seconds(remind_seconds);
    config.hit_overdue = std::chrono::seconds(hit_overdue_seconds);
    config.body_limit = body_limit_mib * 1024 * 1024;
    config.session_lifetime = std::chrono::hours(session_hours);
    config.head_timeout = std::chrono::seconds(head_timeout_s);
    config.body_timeout = std::chrono::seconds(body_timeout_s);
    config.keep_alive = std::chrono::seconds(keep_alive_s);
    config.write_timeout = std::chrono::seconds(write_timeout_s);
    config.max_buffered = max_buffered_mib * 1024 * 1024;
    config.max_stream_backlog = stream_backlog_kib * 1024;
    code = cli::serve(config);
  });

  auto* remind = app.add_subcommand("remind",
                                    "Expire notices and remind owners of documents due for review, notices near "
                                    "expiry and overdue hits (for cron)");
  add_db(remind);
  long long remind_overdue_seconds = 24 * 3600;
  remind->add_option("--hit-overdue-s", remind_overdue_seconds, "Seconds after which a pending hit is overdue")
      ->capture_default_str()
      ->check(CLI::Range(1LL, 365LL * 24 * 3600));
  remind->callback([&] { code = cli::remind(db, std::chrono::seconds(remind_overdue_seconds)); });

  auto* audit = app.add_subcommand("audit", "The audit chain");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand(
      "verify", "Exit 0 when the hash chain (and the checkpoints given) are intact, 1 naming the first inconsistency");
  add_db(verify);
  cli::AuditVerifyOptions verify_options;
  verify->add_option("--anchor", verify_options.anchor,
                     "Anchor file (JSON Lines of signed checkpoints) the database must agree with");
  verify->add_option("--public-key", verify_options.public_key,
                     "Public key the checkpoints verify with: 64 hex digits or a file (audit keygen)");
  verify->callback([&] {
    verify_options.db_url = db;
    code = cli::audit_verify(verify_options);
  });
  auto* keygen =
      audit->add_subcommand("keygen", "Write a new checkpoint signing key (mode 0600) and print its public key");
  std::string audit_key;
  std::optional<std::string> public_out;
  keygen->add_option("--key", audit_key, "Secret key file to create (never overwritten; not in the database)")
      ->required();
  keygen->add_option("--public-out", public_out, "Also write the public key (hex) to this file");
  keygen->callback([&] { code = cli::audit_keygen(audit_key, public_out); });
  auto* checkpoint = audit->add_subcommand("checkpoint", "Sign the chain's head now, store it and print it");
  add_db(checkpoint);
  std::optional<std::string> anchor_out;
  checkpoint->add_option("--key", audit_key, "Secret key file (audit keygen)")->required();
  checkpoint->add_option("--anchor-out", anchor_out, "Append the checkpoint to this anchor file (JSON Lines)");
  checkpoint->callback([&] { code = cli::audit_checkpoint(db, audit_key, anchor_out); });
  auto* export_head =
      audit->add_subcommand("export-head", "Print the newest signed checkpoint: a witness for members to keep");
  add_db(export_head);
  std::optional<std::string> export_key;
  export_head->add_option("--key", export_key, "Sign the head first when it moved since the last checkpoint");
  export_head->callback([&] { code = cli::audit_export_head(db, export_key); });

  auto* mrz = app.add_subcommand("mrz", "Machine-readable zones (ICAO 9303)");
  mrz->require_subcommand(1);
  auto* mrz_parse = mrz->add_subcommand(
      "parse",
      "Parse MRZs (one per line with \\n escapes, or lines with a blank line between MRZs); one JSON result each");
  std::string mrz_input;
  mrz_parse->add_option("file", mrz_input, "Input file (default: stdin)");
  mrz_parse->callback([&] { code = cli::mrz_parse(mrz_input); });

  auto* import_cmd = app.add_subcommand(
      "import", "Register records from a file: import documents|notices|contribution FILE --member CODE");
  add_db(import_cmd);
  cli::ImportOptions import_options;
  import_cmd->add_option("kind", import_options.kind, "documents | notices | watchlist | contribution")->required();
  import_cmd->add_option("file", import_options.file, "JSON Lines or CSV file ('-' for stdin with --format)")
      ->required();
  import_cmd->add_option("--member", import_options.member,
                         "Member the records come from (acts as its system user); not for watchlist");
  import_cmd->add_option("--batch-size", import_options.batch_size, "Records (contribution: packages) a transaction")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  import_cmd->add_option(
      "--format", import_options.format,
      "jsonl | csv | ftm (default: from the file's extension); watchlist: un-xml or ofac-csv (sdn.csv, "
      "with alt.csv beside it)");
  import_cmd->add_flag("--submit", import_options.submit, "notices: submit each draft for review");
  import_cmd->add_option("--mapping", import_options.mapping,
                         "contribution from CSV: the JSON file saying which column holds what (docs/api.md)");
  import_cmd->add_option("--case", import_options.case_ref,
                         "contribution from FtM: the case of every entity (default: each entity's dataset)");
  import_cmd->add_option("--crime-type", import_options.crime_type,
                         "contribution from FtM: migrant_smuggling or trafficking_in_human_beings");
  import_cmd->add_option("--reported-on", import_options.reported_on, "contribution from FtM: YYYY-MM-DD (today)");
  import_cmd->add_option("--restriction", import_options.restriction,
                         "contribution from FtM: who may see it: all, owner or members:CODE,CODE");
  import_cmd->callback([&] {
    import_options.db_url = db;
    code = cli::import_records(import_options);
  });

  auto* export_cmd = app.add_subcommand(
      "export", "Write a member's records out: export contribution --member CODE [--case REF] [--format ftm]");
  add_db(export_cmd);
  cli::ExportOptions export_options;
  export_cmd->add_option("kind", export_options.kind, "contribution")->required();
  export_cmd->add_option("--member", export_options.member, "Member whose contributions to write")->required();
  export_cmd->add_option("--case", export_options.case_ref, "Only this case");
  export_cmd->add_option("--format", export_options.format, "jsonl (case packages) | ftm (FollowTheMoney)")
      ->capture_default_str();
  export_cmd->add_option("--out", export_options.out, "Output file (default: stdout)");
  export_cmd->callback([&] {
    export_options.db_url = db;
    code = cli::export_records(export_options);
  });

  auto* datagen = app.add_subcommand("datagen", "Write the synthetic world (JSON Lines with truth files) to a folder");
  std::string datagen_out, datagen_scale = "small";
  std::uint64_t datagen_seed = 1;
  datagen->add_option("--out", datagen_out, "Output folder (created when missing)")->required();
  datagen->add_option("--seed", datagen_seed, "Seed: the same seed and scale give identical files")
      ->capture_default_str();
  datagen->add_option("--scale", datagen_scale, "small | medium | large")
      ->capture_default_str()
      ->check(CLI::IsMember({"small", "medium", "large"}));
  datagen->callback([&] { code = cli::datagen(datagen_out, datagen_seed, datagen_scale); });

  auto* screen_cmd = app.add_subcommand("screen", "Screen persons (JSON Lines queries) against notices and diffusions");
  cli::ScreenOptions screen_options;
  screen_cmd->add_option("--db", screen_options.db_url, "SQLite file")->envname("ARIADNE_DB")->required();
  screen_cmd->add_option("--as", screen_options.as_user, "Act as this user: see what that user's member may see");
  screen_cmd->add_option("input", screen_options.input, "Input file (default: stdin)");
  screen_cmd->callback([&] { code = cli::screen(screen_options); });

  auto* message = app.add_subcommand("message", "The exchange from scripts: send messages, read the inbox");
  message->require_subcommand(1);
  auto* message_send = message->add_subcommand(
      "send", "Send messages as a user: one from --to/--subject/--body, or JSON Lines (all or nothing)");
  cli::MessageSendOptions send_options;
  message_send->add_option("--db", send_options.db_url, "SQLite file")->envname("ARIADNE_DB")->required();
  message_send->add_option("--as", send_options.as_user, "Send as this user (its member is the sender)")->required();
  message_send->add_option("--to", send_options.to, "Member codes (DEU,ITA) or all");
  message_send->add_option("--subject", send_options.subject, "Subject");
  auto* body_option = message_send->add_option("--body", send_options.body, "Body text");
  message_send->add_option("--body-file", send_options.body_file, "Read the body from this file")
      ->excludes(body_option);
  message_send->add_option("--priority", send_options.priority, "routine, urgent or immediate");
  message_send->add_option("--reply-to", send_options.reply_to, "Id of the message this one answers");
  message_send->add_option("input", send_options.input, "JSON Lines of messages (default: stdin)");
  message_send->callback([&] { code = cli::message_send(send_options); });
  auto* message_inbox = message->add_subcommand("inbox", "The user's member's inbox, newest first (JSON Lines)");
  cli::MessageInboxOptions inbox_options;
  message_inbox->add_option("--db", inbox_options.db_url, "SQLite file")->envname("ARIADNE_DB")->required();
  message_inbox->add_option("--as", inbox_options.as_user, "Read as this user")->required();
  message_inbox->add_option("--kind", inbox_options.kind, "message, notification or one notification kind");
  message_inbox->add_flag("--unread", inbox_options.unread, "Only unread items");
  message_inbox->add_option("--priority", inbox_options.priority, "Messages of this priority");
  message_inbox->add_option("--from", inbox_options.from, "Messages from this member");
  message_inbox->add_option("--q", inbox_options.q, "Words in a message or notification");
  message_inbox->add_option("--limit", inbox_options.limit, "At most this many items")
      ->capture_default_str()
      ->check(CLI::Range(1, 500));
  message_inbox->callback([&] { code = cli::message_inbox(inbox_options); });

  auto* operation = app.add_subcommand("operation", "Operations from scripts: replay a simulated week, print a report");
  operation->require_subcommand(1);
  auto* replay = operation->add_subcommand(
      "replay", "Run the operation week `ariadne datagen` simulated (DIR/operation) through the system");
  cli::ReplayOptions replay_options;
  replay->add_option("--db", replay_options.db_url, "SQLite file")->envname("ARIADNE_DB")->required();
  replay->add_option("dir", replay_options.dir, "The world `ariadne datagen` wrote")->required();
  replay->add_option("--ends-on", replay_options.ends_on, "The week's last day, YYYY-MM-DD (default: yesterday)");
  replay->callback([&] { code = cli::operation_replay(replay_options); });
  auto* operation_report =
      operation->add_subcommand("report", "An operation's report, as the General Secretariat sees it");
  cli::OperationReportOptions report_options;
  operation_report->add_option("--db", report_options.db_url, "SQLite file")->envname("ARIADNE_DB")->required();
  operation_report->add_option("id", report_options.id, "The operation's id")->required();
  operation_report->add_option("--format", report_options.format, "json or html")
      ->capture_default_str()
      ->check(CLI::IsMember({"json", "html"}));
  operation_report->callback([&] { code = cli::operation_report(report_options); });

  auto* er_cmd = app.add_subcommand(
      "er", "Resolve a CSV file of person records: which records are the same person (or link two files)");
  cli::ErOptions er_options;
  er_cmd->add_option("--input", er_options.input, "CSV file with a header row")->required();
  er_cmd->add_option("--id-column", er_options.id_column, "Column holding each record's id")->required();
  er_cmd->add_option("--config", er_options.config,
                     "JSON file mapping columns to roles (docs/entity-resolution.md); default: from the header");
  er_cmd->add_option("--link", er_options.link, "A second CSV file: link its records to the first file's");
  er_cmd->add_option("--add", er_options.add,
                     "A further CSV file resolved incrementally after the others, against everything resolved");
  er_cmd->add_option("--out", er_options.out, "Write record_id,cluster_id here (default: stdout)");
  er_cmd->add_flag("--pairs", er_options.pairs, "Write the pairs with their match probabilities instead of clusters");
  er_cmd->add_option("--pairs-file", er_options.pairs_file, "Also write the pairs with their probabilities here");
  er_cmd->add_option("--summary", er_options.summary, "Write counts, timings and the estimated model (JSON) here");
  er_cmd->add_option("--threads", er_options.threads, "Threads comparing pairs (default: one per core)");
  er_cmd->callback([&] { code = cli::er(er_options); });

  auto* analyze = app.add_subcommand(
      "analyze", "Graph measures on an edge list (source,target[,weight] CSV), or of the analysis file's link graph");
  analyze->require_subcommand(1);
  cli::AnalyzeOptions analyze_options;
  auto analyze_sub = [&](const char* name, const char* what) {
    auto* sub = analyze->add_subcommand(name, what);
    sub->add_option("--edges", analyze_options.edges, "CSV with source and target columns (and weight)")->required();
    sub->add_option("--out", analyze_options.out, "Write the result here (default: stdout)");
    sub->callback([&, name] {
      analyze_options.command = name;
      code = cli::analyze(analyze_options);
    });
    return sub;
  };
  auto* centrality = analyze_sub("centrality", "node,value per node for a measure (or every measure: all)");
  centrality
      ->add_option("--measure", analyze_options.measure,
                   "degree, betweenness, closeness, eigenvector, pagerank, coreness, constraint (Burt's), bridging "
                   "(betweenness between Leiden communities) or all")
      ->check(CLI::IsMember({"degree", "betweenness", "closeness", "eigenvector", "pagerank", "coreness", "constraint",
                             "bridging", "all"}));
  centrality->add_flag("--weighted", analyze_options.weighted, "Weights as strengths (degree, eigenvector, pagerank)");
  analyze_sub("components", "node,component: the connected components");
  auto* communities = analyze_sub("communities", "node,community: modularity communities (Leiden or Louvain)");
  communities->add_option("--method", analyze_options.method, "leiden (default) or louvain")
      ->check(CLI::IsMember({"leiden", "louvain"}));
  communities->add_option("--resolution", analyze_options.resolution, "Modularity resolution (default 1)");
  communities->add_option("--seed", analyze_options.seed, "Seed of the random order (default 1)");
  communities->add_flag("--weighted", analyze_options.weighted, "Weights as strengths");
  auto* paths = analyze_sub("paths", "Every shortest path between two nodes, within --max-hops");
  paths->add_option("--from", analyze_options.from, "First node")->required();
  paths->add_option("--to", analyze_options.to, "Last node")->required();
  paths->add_option("--max-hops", analyze_options.max_hops, "At most this many edges (1 to 20, default 6)");
  paths->add_option("--limit", analyze_options.limit, "At most this many paths (default 100)");

  // The same questions of the analysis file's link graph, as one user sees it.
  cli::AnalyzeFileOptions file_options;
  auto file_sub = [&](const char* name, const char* what) {
    auto* sub = analyze->add_subcommand(name, what);
    add_db(sub);
    sub->add_option("--as", file_options.as_user, "Act as this user: see what that user's member may see");
    sub->add_option("--out", file_options.out, "Write the result here (default: stdout)");
    sub->callback([&, name] {
      file_options.command = name;
      file_options.db_url = db;
      code = cli::analyze_file(file_options);
    });
    return sub;
  };
  auto* networks = file_sub("networks", "The analysis file's networks, a JSON line each with its entity ids");
  networks->add_option("--entity", file_options.entity, "Only the network of this entity");
  networks->add_option("--min-size", file_options.min_size, "At least this many entities (default 2)");
  networks->add_option("--limit", file_options.limit, "At most this many networks, largest first (default 100)");
  auto* neighbourhood =
      file_sub("neighbourhood", "The entities within --depth links of an entity, with the links (JSON)");
  neighbourhood->add_option("--entity", file_options.entity, "The entity")->required();
  neighbourhood->add_option("--depth", file_options.depth, "1 to 4 (default 1)");
  auto* path = file_sub("path", "The shortest (or --all short) paths between two entities, with their links (JSON)");
  path->add_option("--from", file_options.entity, "First entity")->required();
  path->add_option("--to", file_options.to, "Last entity")->required();
  path->add_option("--max-hops", file_options.max_hops, "1 to 8 (default 6)");
  path->add_option("--limit", file_options.limit, "1 to 100 paths (default 10)");
  path->add_flag("--all", file_options.all, "Every path without a repeated entity within --max-hops");
  auto* players = file_sub("key-players", "entity,kind,label,value: the entities ranked by a centrality measure");
  players->add_option("--network", file_options.entity, "An entity of the network (default: the whole file)");
  players
      ->add_option("--measure", file_options.measure,
                   "degree, betweenness (default), closeness, eigenvector, pagerank or coreness")
      ->check(CLI::IsMember({"degree", "betweenness", "closeness", "eigenvector", "pagerank", "coreness"}));
  players->add_option("--limit", file_options.limit, "At most this many (default 100)");
  auto* brokers =
      file_sub("brokers", "entity,kind,label,bridging,constraint,communities: brokers between Leiden communities");
  brokers->add_option("--network", file_options.entity, "An entity of the network (default: the whole file)");
  brokers->add_option("--limit", file_options.limit, "At most this many (default 100)");
  const auto add_route_scope = [&](CLI::App* sub) {
    sub->add_option("--network", file_options.entity, "Only the crossings of this entity's network");
    sub->add_option("--person", file_options.person, "Only this person's crossings");
    sub->add_option("--from", file_options.from_date, "Crossings dated before are left out (YYYY-MM-DD)")
        ->check(is_date);
    sub->add_option("--to", file_options.to_date, "Crossings dated after are left out (YYYY-MM-DD)")->check(is_date);
    sub->add_option("--country", file_options.country, "Only crossings out of, into or in this country (alpha-3)")
        ->check(is_country);
  };
  add_route_scope(file_sub("routes",
                           "Corridors, borders crossed, journeys (with --network or --person) and a map's places "
                           "(JSON)"));
  auto* trends = file_sub("trends", "Monthly counts, each month tested against its history (JSON)");
  add_route_scope(trends);
  trends
      ->add_option("--by", file_options.by,
                   "month (default), route, crossing_point, nationality, crime_type or exploitation")
      ->check(CLI::IsMember({"month", "route", "crossing_point", "nationality", "crime_type", "exploitation"}));
  auto* report = file_sub("report",
                          "A network's operational report (--network) or a region's strategic report (--countries, "
                          "--from, --to): JSON, or --format html for print");
  report->add_option("--network", file_options.entity, "An entity of the network: its operational report");
  report->add_option("--countries", file_options.countries, "The region (alpha-3 codes; default: everywhere)")
      ->delimiter(',')
      ->check(is_country);
  report->add_option("--from", file_options.from_date, "The period's first day (YYYY-MM-DD)")->check(is_date);
  report->add_option("--to", file_options.to_date, "The period's last day")->check(is_date);
  report->add_option("--format", file_options.report_format, "json (default) or html")
      ->check(CLI::IsMember({"json", "html"}));
  auto* export_graph = file_sub("export",
                                "The link graph for chart tools: GraphML, GEXF, CSV of nodes or edges, or FtM "
                                "JSON Lines; victims' names withheld");
  export_graph->add_option("--format", file_options.format, "graphml (default), gexf, csv-nodes, csv-edges or ftm")
      ->check(CLI::IsMember({"graphml", "gexf", "csv-nodes", "csv-edges", "ftm"}));
  export_graph->add_option("--network", file_options.entity, "An entity of the network (default: the whole file)");
  trends->add_option("--alpha", file_options.alpha, "Flag a month whose p-value is below (default 0.001)")
      ->check(CLI::Range(1e-12, 0.1));

  auto* check =
      app.add_subcommand("check", "Check travellers' documents (JSON Lines) against the index or an offline copy");
  cli::CheckOptions check_options;
  check->add_option("--db", check_options.db_url, "SQLite file")->envname("ARIADNE_DB");
  check->add_option("--offline", check_options.offline, "Signed offline copy (ariadne snapshot export)");
  check->add_option("--delta", check_options.deltas, "Delta files to apply to the offline copy, oldest first");
  check->add_option("--pubkey", check_options.pubkey, "File with the hex Ed25519 public key (ariadne snapshot pubkey)");
  check->add_flag("--near", check_options.near, "Also flag numbers one OCR confusion away");
  check->add_option("--location", check_options.location, "Where the checks happen (stored with hits)");
  check->add_option("input", check_options.input, "Input file (default: stdin)");
  check->callback([&] { code = cli::check(check_options); });

  auto* snapshot = app.add_subcommand("snapshot", "Signed offline copies of the document index");
  snapshot->require_subcommand(1);
  auto* snapshot_export = snapshot->add_subcommand("export", "Write an offline copy, or a delta with --since VERSION");
  add_db(snapshot_export);
  std::string snapshot_out;
  std::optional<std::int64_t> snapshot_since;
  snapshot_export->add_option("--out", snapshot_out, "Output file")->required();
  snapshot_export->add_option("--since", snapshot_since, "VERSION of the copy to bring up to date");
  int snapshot_format = 2;
  snapshot_export->add_option("--format", snapshot_format, "File format: 2, or 1 for readers that know no other")
      ->capture_default_str()
      ->check(CLI::Range(1, 2));
  snapshot_export->callback([&] { code = cli::snapshot_export(db, snapshot_out, snapshot_since, snapshot_format); });
  auto* snapshot_pubkey =
      snapshot->add_subcommand("pubkey", "Print (or --out) the public key offline copies verify with");
  add_db(snapshot_pubkey);
  std::string pubkey_out;
  snapshot_pubkey->add_option("--out", pubkey_out, "Write the key to this file");
  snapshot_pubkey->callback([&] { code = cli::snapshot_pubkey(db, pubkey_out); });

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
