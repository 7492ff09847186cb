// The API server: the state its handlers share, the route table, and the
// serve loop with graceful shutdown. What runs besides HTTP (the database,
// the indexes and their followers, the periodic jobs) is app::Runtime's.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "exchange/attachments.hpp"
#include "policy/accounts.hpp"
#include "server/router.hpp"
#include "store/database.hpp"

namespace ariadne::sltd {
class DocumentIndex;
class CheckTally;
}  // namespace ariadne::sltd
namespace ariadne::screen {
class ScreeningIndex;
}

namespace ariadne::app {
class AuditCheckpoints;
}
namespace ariadne::analysis {
class People;
class LinkGraph;
}  // namespace ariadne::analysis

namespace ariadne::server {

struct ServerConfig {
  std::string db_url;
  std::string bind = "127.0.0.1";
  int port = 8080;  // 0 picks a free port
  std::string tls_cert;
  std::string tls_key;
  std::size_t body_limit = std::size_t{10} * 1024 * 1024;
  int threads = 8;
  // The connection front (server/front.hpp; its limits in docs/architecture.md, "The connection front").
  std::chrono::seconds head_timeout{10};   // a request head, from its first byte
  std::chrono::seconds body_timeout{30};   // a request body, once its head is in
  std::chrono::seconds keep_alive{2};      // an idle connection between requests
  std::chrono::seconds write_timeout{10};  // a response (or a live stream) the client takes nothing of
  int max_connections = 10'000;
  int max_connections_per_address = 256;
  std::size_t max_buffered = std::size_t{256} * 1024 * 1024;  // request bodies buffered at once, in all
  std::chrono::seconds session_lifetime{8 * 3600};
  std::chrono::milliseconds stream_interval{100};            // how often live inbox streams look for new items
  std::size_t max_stream_backlog = std::size_t{256} * 1024;  // unread bytes before a stream's client is dropped
  std::string port_file;                                     // when set, the bound port is written there once listening
  std::chrono::seconds remind_interval{3600};                // how often expiries and reminders run (app/jobs.hpp)
  std::chrono::seconds hit_overdue{24 * 3600};  // a hit pending this long is overdue (listed, its owner reminded)
  std::string audit_key;                        // checkpoint signing key file; none: no checkpoints
  std::chrono::seconds audit_checkpoint_interval{300};
  std::string audit_anchor_out;  // anchor file the checkpoints are appended to
  std::string attachment_key;    // attachments' key file (created when missing); none: no attachments
};

// What handlers share. The database is thread-safe; the limiter locks itself.
struct AppState {
  store::Database& db;
  policy::LoginLimiter& limiter;
  policy::SessionOptions sessions;
  sltd::DocumentIndex* index = nullptr;                     // document checks; they answer 503 without one
  screen::ScreeningIndex* screening = nullptr;              // person screening; it answers 503 without one
  app::AuditCheckpoints* checkpoints = nullptr;             // audit checkpoints; absent without --audit-key
  analysis::People* people = nullptr;                       // the analysis file's people; not resolved without
  analysis::LinkGraph* links = nullptr;                     // its link graph; the /graph routes answer 503 without
  std::chrono::seconds hit_overdue{24 * 3600};              // GET /hits?overdue=true
  sltd::CheckTally* check_tally = nullptr;                  // checks counted for operations' reports; none: not counted
  const exchange::AttachmentKey* attachment_key = nullptr;  // seals attachments; none: they answer 503
};

void add_core_routes(Router& router, AppState& app);
void add_document_routes(Router& router, AppState& app);
void add_mrz_routes(Router& router);
void add_notice_routes(Router& router, AppState& app);     // notices and diffusions (routes_notices.cpp)
void add_check_routes(Router& router, AppState& app);      // document checks and hits (routes_checks.cpp)
void add_screen_routes(Router& router, AppState& app);     // person screening (routes_screen.cpp)
void add_analysis_routes(Router& router, AppState& app);   // the analysis file (routes_analysis.cpp)
void add_graph_routes(Router& router, AppState& app);      // its link graph (routes_graph.cpp)
void add_exchange_routes(Router& router, AppState& app);   // messages and the inbox (routes_exchange.cpp)
void add_group_routes(Router& router, AppState& app);      // expert groups (routes_groups.cpp)
void add_operation_routes(Router& router, AppState& app);  // operations and their reports (routes_operations.cpp)
// Fills `router` (which must outlive the server: routes refer to it).
void build_router(Router& router, AppState& app);

// Serves until SIGTERM or SIGINT; in-flight requests finish before the
// database is closed. Returns the process exit code.
int serve(const ServerConfig& config);

}  // namespace ariadne::server
