#include "common/csv.hpp"

#include <cstring>
#include <string_view>
#include <utility>

namespace ariadne {

namespace {

constexpr std::size_t kChunk = std::size_t{64} * 1024;

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

CsvReader::CsvReader(std::istream& in, std::size_t max_record_bytes) : in_(in), max_record_bytes_(max_record_bytes) {}

bool CsvReader::refill() {
  if (eof_) return false;
  buf_.resize(kChunk);
  in_.read(buf_.data(), static_cast<std::streamsize>(kChunk));
  buf_.resize(static_cast<std::size_t>(in_.gcount()));
  pos_ = 0;
  if (buf_.empty()) eof_ = true;
  return !eof_;
}

int CsvReader::peek() {
  if (pos_ == buf_.size() && !refill()) return -1;
  return static_cast<unsigned char>(buf_[pos_]);
}

int CsvReader::get() {
  int c = peek();
  if (c < 0) return c;
  ++pos_;
  ++consumed_;
  last_ = c;
  if (c == '\n') ++line_;
  return c;
}

void CsvReader::skip_line() {
  while (true) {
    if (pos_ == buf_.size() && !refill()) return;
    const char* start = buf_.data() + pos_;
    std::size_t avail = buf_.size() - pos_;
    const void* nl = std::memchr(start, '\n', avail);
    std::size_t n = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - start) + 1 : avail;
    pos_ += n;
    consumed_ += n;
    last_ = static_cast<unsigned char>(buf_[pos_ - 1]);
    if (nl) {
      ++line_;
      return;
    }
  }
}

bool CsvReader::fail(CsvRecord& r, std::string reason, bool skip) {
  r.error = std::move(reason);
  if (skip) skip_line();
  r.last_line = std::max(r.line, last_ == '\n' ? line_ - 1 : line_);
  return true;
}

bool CsvReader::next(CsvRecord& r) {
  r.fields.clear();
  r.error.clear();
  if (!started_) {
    started_ = true;
    if (peek() >= 0 && buf_.compare(0, 3, "\xEF\xBB\xBF") == 0) {
      pos_ = 3;
      consumed_ = 3;
    }
  }
  if (peek() < 0) return false;
  r.line = line_;
  enum class State { start, unquoted, quoted, after_quote } state = State::start;
  std::string field;
  bool quoted_field = false;
  std::size_t quote_line = 0;
  std::size_t bytes = 0;
  auto end_field = [&] {
    r.fields.push_back(quoted_field ? std::move(field) : trimmed(field));
    field.clear();
    quoted_field = false;
    state = State::start;
  };
  auto end_record = [&](int c) {  // after \n, or \r with an optional \n
    if (c == '\r' && peek() == '\n') get();
    end_field();
    r.last_line = std::max(r.line, last_ == '\n' ? line_ - 1 : line_);
    return true;
  };
  while (true) {
    int c = get();
    if (c < 0) {
      if (state == State::quoted) {
        return fail(r, "the quoted field opened on line " + std::to_string(quote_line) + " is never closed", false);
      }
      return end_record(c);
    }
    if (++bytes > max_record_bytes_) {
      std::string reason = "the record is longer than " + std::to_string(max_record_bytes_) + " bytes";
      if (state == State::quoted) {
        reason += "; the quote opened on line " + std::to_string(quote_line) + " is perhaps never closed";
      }
      return fail(r, std::move(reason), c != '\n');
    }
    switch (state) {
      case State::start:
        if (c == '"') {
          state = State::quoted;
          quoted_field = true;
          quote_line = line_;
          break;
        }
        state = State::unquoted;
        [[fallthrough]];
      case State::unquoted:
        if (c == ',') {
          end_field();
        } else if (c == '\n' || c == '\r') {
          return end_record(c);
        } else if (c == '"') {
          return fail(r, "a quote inside an unquoted field (quote the whole field and double the quote)", true);
        } else {
          field += static_cast<char>(c);
        }
        break;
      case State::quoted:
        if (c == '"') {
          if (peek() == '"') {
            get();
            field += '"';
          } else {
            state = State::after_quote;
          }
        } else {
          field += static_cast<char>(c);
        }
        break;
      case State::after_quote:
        if (c == ',') {
          end_field();
        } else if (c == '\n' || c == '\r') {
          return end_record(c);
        } else {
          return fail(r,
                      "a character after the closing quote of the field opened on line " + std::to_string(quote_line) +
                          " (a quote inside a quoted field must be doubled)",
                      true);
        }
        break;
    }
  }
}

}  // namespace ariadne
