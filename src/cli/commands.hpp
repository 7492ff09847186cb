// The `ariadne` subcommands as plain functions: argument parsing stays in
// main.cpp, each command opens the store, calls the domain, prints, and
// returns the exit code (0 ok, 1 failure, 2 bad usage or input).
#pragma once

#include <optional>
#include <string>

#include "server/app.hpp"

namespace ariadne::cli {

int init(const std::string& db_url, const std::string& admin_user, const std::optional<std::string>& password_file);
int member_add(const std::string& db_url, const std::string& code, const std::string& name, const std::string& kind);
int user_add(const std::string& db_url, const std::string& member, const std::string& role, const std::string& username,
             const std::optional<std::string>& password_file);
int serve(const server::ServerConfig& config);
int audit_verify(const std::string& db_url);
// Reads MRZs from `input` (a file, or stdin when empty or "-"): one MRZ per
// line with literal \n escapes between its lines, or its lines one per line
// with a blank line between MRZs. Writes one JSON result per MRZ.
int mrz_parse(const std::string& input);

}  // namespace ariadne::cli
