// Runs the `ariadne` binary under test (ARIADNE_BIN) with a shell command
// line and collects its exit code and output (stdout and stderr together).
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace ariadne::testing {

struct CommandResult {
  int code;
  std::string out;
};

inline CommandResult run_command(const std::string& command_line) {
  FILE* p = popen((command_line + " 2>&1").c_str(), "r");
  if (p == nullptr) return {-1, "popen failed"};
  std::string out;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace ariadne::testing
