// Buffered JSON Lines output for the generator: one object per line, built
// in place (no DOM), strings escaped as JSON requires, UTF-8 passed through.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace ariadne::datagen {

// Appends one JSON object to a string: open with begin(), add members, end().
class JsonObject {
 public:
  explicit JsonObject(std::string& out) : out_(out) { out_ += '{'; }
  JsonObject& str(std::string_view key, std::string_view value);
  JsonObject& num(std::string_view key, std::int64_t value);
  JsonObject& boolean(std::string_view key, bool value);
  JsonObject& null(std::string_view key);
  // value must already be valid JSON.
  JsonObject& raw(std::string_view key, std::string_view json);
  // Closes the object (no newline).
  void end() { out_ += '}'; }

 private:
  void key(std::string_view k);
  std::string& out_;
  bool first_ = true;
};

void append_json_string(std::string& out, std::string_view s);

// A file of JSON Lines with a large write buffer; counts its lines.
class JsonlFile {
 public:
  JsonlFile() = default;
  ~JsonlFile();
  JsonlFile(const JsonlFile&) = delete;
  JsonlFile& operator=(const JsonlFile&) = delete;

  Status open(const std::string& path);
  // Writes line and a '\n'.
  void write(std::string_view line);
  Status close();
  std::uint64_t lines() const { return lines_; }
  const std::string& path() const { return path_; }

 private:
  std::FILE* file_ = nullptr;
  std::string path_;
  std::string buffer_;
  std::uint64_t lines_ = 0;
  bool failed_ = false;
};

}  // namespace ariadne::datagen
