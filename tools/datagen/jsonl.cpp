#include "datagen/jsonl.hpp"

#include <cerrno>
#include <cstring>

namespace ariadne::datagen {

namespace {
constexpr std::size_t kBufferBytes = 1 << 20;
}

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

void JsonObject::key(std::string_view k) {
  if (!first_) out_ += ',';
  first_ = false;
  append_json_string(out_, k);
  out_ += ':';
}

JsonObject& JsonObject::str(std::string_view k, std::string_view value) {
  key(k);
  append_json_string(out_, value);
  return *this;
}

JsonObject& JsonObject::num(std::string_view k, std::int64_t value) {
  key(k);
  out_ += std::to_string(value);
  return *this;
}

JsonObject& JsonObject::boolean(std::string_view k, bool value) {
  key(k);
  out_ += value ? "true" : "false";
  return *this;
}

JsonObject& JsonObject::null(std::string_view k) {
  key(k);
  out_ += "null";
  return *this;
}

JsonObject& JsonObject::raw(std::string_view k, std::string_view json) {
  key(k);
  out_ += json;
  return *this;
}

JsonlFile::~JsonlFile() {
  (void)close();
}

Status JsonlFile::open(const std::string& path) {
  path_ = path;
  file_ = std::fopen(path.c_str(), "wb");
  if (file_ == nullptr) return Error::invalid("out", "cannot write " + path + ": " + std::strerror(errno));
  buffer_.reserve(kBufferBytes + 4096);
  return {};
}

void JsonlFile::write(std::string_view line) {
  if (file_ == nullptr) {
    failed_ = true;
    return;
  }
  buffer_ += line;
  buffer_ += '\n';
  ++lines_;
  if (buffer_.size() >= kBufferBytes) {
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) failed_ = true;
    buffer_.clear();
  }
}

Status JsonlFile::close() {
  if (file_ == nullptr) {
    if (!failed_) return {};
    failed_ = false;  // report once
    return Error::internal("writing " + path_ + " failed");
  }
  if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) failed_ = true;
  buffer_.clear();
  if (std::fclose(file_) != 0) failed_ = true;
  file_ = nullptr;
  if (failed_) return Error::internal("writing " + path_ + " failed");
  return {};
}

}  // namespace ariadne::datagen
