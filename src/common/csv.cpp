#include "common/csv.hpp"

#include <cstring>
#include <string_view>
#include <utility>

namespace ariadne {

namespace {

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

CsvReader::CsvReader(std::istream& in, std::size_t max_record_bytes)
    : input_(in), max_record_bytes_(max_record_bytes) {}

// The line a record that ends here ends on (not the next one, after its line feed).
std::size_t CsvReader::last_line(const CsvRecord& r) const {
  return std::max(r.line, input_.last() == '\n' ? input_.line() - 1 : input_.line());
}

bool CsvReader::fail(CsvRecord& r, std::string reason, bool skip) {
  r.error = std::move(reason);
  if (skip) input_.take_line([](std::string_view) {});
  r.last_line = last_line(r);
  return true;
}

bool CsvReader::next(CsvRecord& r) {
  r.fields.clear();
  r.error.clear();
  if (input_.peek() < 0) return false;
  r.line = input_.line();
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
    if (c == '\r' && input_.peek() == '\n') input_.get();
    end_field();
    r.last_line = last_line(r);
    return true;
  };
  while (true) {
    int c = input_.get();
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
          quote_line = input_.line();
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
          if (input_.peek() == '"') {
            input_.get();
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

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_text(std::string_view s) {
  const auto number_like = [](std::string_view rest) {
    return rest.find_first_not_of("0123456789 ()-./+") == std::string_view::npos;
  };
  if (!s.empty() && (s[0] == '=' || s[0] == '@' || s[0] == '\t' || s[0] == '\r' ||
                     ((s[0] == '+' || s[0] == '-') && !number_like(s.substr(1))))) {
    return csv_field("'" + std::string(s));
  }
  return csv_field(s);
}

}  // namespace ariadne
