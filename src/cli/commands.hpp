// The `ariadne` subcommands as plain functions: argument parsing stays in
// main.cpp, each command opens the store, calls the domain, prints, and
// returns the exit code (0 ok, 1 failure, 2 bad usage or input).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/schema.hpp"
#include "server/server.hpp"

namespace ariadne::cli {

// Shared by the command files: print "ariadne COMMAND: message" and return its exit code.
int fail(const std::string& command, const Error& e);
// The same about one input (a file, an option), each field's reason on a line of its own.
int fail_on(const std::string& command, const std::string& what, const Error& e);
using app::open_ready;  // an initialised database, its schema brought up to date
// A CSV field: quoted when it holds a comma, a quote or a line break.
// A double written so that reading it back gives the same value.
std::string exact_number(double v);
// Writes a command's whole answer to `path` (stdout when empty); the exit code.
int write_output(const std::string& command, const std::string& path, const std::string& text);

int init(const std::string& db_url, const std::string& admin_user, const std::optional<std::string>& password_file);
int member_add(const std::string& db_url, const std::string& code, const std::string& name, const std::string& kind);
int user_add(const std::string& db_url, const std::string& member, const std::string& role, const std::string& username,
             const std::optional<std::string>& password_file);
int serve(const server::ServerConfig& config);
// `ariadne audit …` (audit_commands.cpp). verify: the chain; with a public
// key also the stored checkpoints; with an anchor file also each of its
// checkpoints. Exit 0 intact, 1 naming the first inconsistency, 2 bad usage.
struct AuditVerifyOptions {
  std::string db_url;
  std::optional<std::string> anchor;
  std::optional<std::string> public_key;  // hex, or a file holding it
};
int audit_verify(const AuditVerifyOptions& options);
// Writes a new signing key to key_path (0600, never overwriting); prints the public key.
int audit_keygen(const std::string& key_path, const std::optional<std::string>& public_out);
// Signs the chain's head now; stores it, appends it to anchor_out, prints it.
int audit_checkpoint(const std::string& db_url, const std::string& key_path,
                     const std::optional<std::string>& anchor_out);
// Prints the newest stored checkpoint (after signing a new one when a key is given).
int audit_export_head(const std::string& db_url, const std::optional<std::string>& key_path);
// Runs the server's periodic job once (server/jobs.hpp) and prints its counts as JSON.
int remind(const std::string& db_url, std::chrono::seconds hit_overdue);
// Reads MRZs from `input` (a file, or stdin when empty or "-"): one MRZ per
// line with literal \n escapes between its lines, or its lines one per line
// with a blank line between MRZs. Writes one JSON result per MRZ.
int mrz_parse(const std::string& input);

struct ImportOptions {
  std::string db_url;
  std::string kind;  // documents, notices, watchlist or contribution
  std::string file;  // "-" for stdin
  std::string member;
  std::size_t batch_size = 1000;  // records (contributions: packages) a transaction
  std::string format;             // jsonl | csv; empty: from the file's extension (notices, contributions: jsonl)
  bool submit = false;            // notices: submit each draft for review
  std::string mapping;            // contribution from CSV: the column mapping (analysis/csv_import.hpp)
  // Contribution from FollowTheMoney (analysis/ftm.hpp): what every case of the file is.
  std::string case_ref;  // empty: each entity's dataset
  std::string crime_type;
  std::string reported_on;  // empty: today
  std::string restriction;  // all, owner, members:ITA,FRA, or a restriction's JSON
};
// Registers the file's records as the member's system user ("import"), all
// or nothing per batch. Per-line errors go to stderr as `line N: field:
// reason`, a progress bar too when stderr is a terminal; the summary to
// stdout. Exit 0 when every record was accepted, 2 when any was rejected
// (or the input is unusable), 1 when the store failed.
int import_records(const ImportOptions& options);

// `ariadne export contribution --member CODE`: the member's contributions (one
// case with --case) as case packages (jsonl) or FollowTheMoney entities (ftm),
// to `out` or stdout; victims are withheld from FtM, and counted on stderr.
struct ExportOptions {
  std::string db_url;
  std::string kind;  // contribution
  std::string member;
  std::string case_ref;
  std::string format = "jsonl";
  std::string out;
};
int export_records(const ExportOptions& options);

// `ariadne check` (check_commands.cpp): JSON Lines travellers from `input`
// (a file, or stdin) against the store's index (db_url; hits are stored) or an
// offline copy (offline, deltas applied in order, signatures verified against
// pubkey). One JSON result per line; 2 when a line was bad, 1 for a tampered copy.
struct CheckOptions {
  std::string db_url;
  std::optional<std::string> offline;
  std::vector<std::string> deltas;
  std::optional<std::string> pubkey;
  bool near = false;
  std::optional<std::string> location;
  std::string input;
};
int check(const CheckOptions& options);

struct ScreenOptions {
  std::string db_url;
  std::optional<std::string> as_user;  // act as this user (default: the General Secretariat's system caller)
  std::string input;
};
int screen(const ScreenOptions& options);

// `ariadne message send|inbox` (message_command.cpp), acting as a user.
struct MessageSendOptions {
  std::string db_url;
  std::string as_user;
  std::string input;  // JSON Lines, one message per line as POST /messages takes it (default: stdin)
  // Or one message from flags:
  std::optional<std::string> to;  // DEU,ITA or all
  std::optional<std::string> subject;
  std::optional<std::string> body;
  std::optional<std::string> body_file;
  std::optional<std::string> priority;
  std::optional<std::int64_t> reply_to;
};
int message_send(const MessageSendOptions& options);
struct MessageInboxOptions {
  std::string db_url;
  std::string as_user;
  std::optional<std::string> kind;
  bool unread = false;
  std::optional<std::string> priority;
  std::optional<std::string> from;
  std::optional<std::string> q;
  int limit = 50;
};
int message_inbox(const MessageInboxOptions& options);
// `ariadne operation replay DIR`: the operation week datagen simulated, run
// through the system and moved to end on `ends_on` (yesterday by default).
struct ReplayOptions {
  std::string db_url;
  std::string dir;
  std::optional<std::string> ends_on;
};
int operation_replay(const ReplayOptions& options);
// `ariadne operation report ID`: the report as the General Secretariat sees it (json or html).
struct OperationReportOptions {
  std::string db_url;
  std::int64_t id = 0;
  std::string format = "json";
};
int operation_report(const OperationReportOptions& options);
// format 1 writes whole hashes for readers that know no other format.
int snapshot_export(const std::string& db_url, const std::string& out, std::optional<std::int64_t> since, int format);
int snapshot_pubkey(const std::string& db_url, const std::string& out);

// `ariadne er` (er_command.cpp): resolves a CSV file of person records (or
// links two) with the entity resolution engine, no database involved.
// Writes `record_id,cluster_id` (linking: `record_id,cluster_id,file`, the
// cluster id then prefixed with its record's file, 1: or 2:) to `out` (stdout
// when empty); with `pairs`, the candidate pairs of probability ≥ 0.01
// instead (`record_id_l,record_id_r,probability,weight`, strongest first),
// or into `pairs_file` beside the clusters; `summary` gets the counts,
// timings and estimated model as JSON. Without a configuration the roles
// come from the header's column names (er/flat_file.hpp infer_config).
// `add` is a further file resolved incrementally after the others (its
// records against everything resolved, the model as estimated; er::Resolver),
// as the last file's records (linking: the second side).
struct ErOptions {
  std::string input;
  std::string id_column;
  std::optional<std::string> config;
  std::optional<std::string> link;
  std::optional<std::string> add;
  std::string out;
  bool pairs = false;
  std::optional<std::string> pairs_file;
  std::optional<std::string> summary;
  unsigned threads = 0;
};
int er(const ErOptions& options);

// `ariadne analyze` (analyze_command.cpp): graph measures on an edge list
// (`source,target[,weight]`, graph/edge_list.hpp), no database involved.
// `centrality` writes `node,value` for one measure (degree, betweenness,
// closeness, eigenvector, pagerank, coreness) or a column each with `all`;
// `components` `node,component`; `communities` `node,community` (Leiden or
// Louvain, the modularity on stderr); `paths` every shortest path from one
// node to another within `max_hops`, at most `limit`. Weights count (as
// strengths) with `weighted`, for degree, eigenvector, PageRank and
// communities.
struct AnalyzeOptions {
  std::string command;  // centrality | components | communities | paths
  std::string edges;
  std::string out;
  std::string measure = "all";
  bool weighted = false;
  std::string method = "leiden";
  double resolution = 1;
  std::uint64_t seed = 1;
  std::string from;
  std::string to;
  std::size_t max_hops = 6;
  std::size_t limit = 100;
};
int analyze(const AnalyzeOptions& options);

// `ariadne analyze networks|neighbourhood|path|key-players --db FILE`
// (analyze_file_command.cpp): the analysis file's link graph as `as_user`
// sees it (default: the General Secretariat's system caller, who sees
// everything). `networks` writes a JSON line per network with its
// entity_ids (the one of `entity` only, when given); `neighbourhood` the
// entities within `depth` of `entity` with their links (JSON); `path` the
// paths from `entity` to `to` (JSON); `key-players` `entity,kind,label,value`
// CSV for `measure` within the network of `entity` (0: the whole file).
struct AnalyzeFileOptions {
  std::string command;
  std::string db_url;
  std::optional<std::string> as_user;
  std::string out;
  std::int64_t entity = 0;
  std::int64_t to = 0;
  int depth = 1;
  std::size_t min_size = 2;
  std::size_t max_hops = 6;
  std::optional<std::size_t> limit;  // default: 10 paths, else 100
  bool all = false;
  std::string measure = "betweenness";
  // routes and trends
  std::int64_t person = 0;
  std::string from_date;
  std::string to_date;
  std::string country;
  std::string by = "month";
  double alpha = 0.001;
  std::string format = "graphml";      // export
  std::string report_format = "json";  // report: json or html
  std::vector<std::string> countries;  // a strategic report's region
};
int analyze_file(const AnalyzeFileOptions& options);

}  // namespace ariadne::cli
