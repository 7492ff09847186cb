// A stream read in 64 KiB chunks, by byte or by line, counting the bytes
// and lines consumed; a UTF-8 byte-order mark at its start is skipped. The
// CSV reader and bulk import's JSON Lines reader both read through it.
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <string_view>

namespace ariadne {

class LineInput {
 public:
  explicit LineInput(std::istream& in) : in_(in) {}

  // The next byte, -1 at the end.
  int peek() {
    if (pos_ == buf_.size() && !refill()) return -1;
    return static_cast<unsigned char>(buf_[pos_]);
  }
  int get() {
    int c = peek();
    if (c < 0) return c;
    ++pos_;
    ++consumed_;
    last_ = c;
    if (c == '\n') ++line_;
    return c;
  }
  // Consumes the rest of the line and its line feed, handing `take` each
  // piece of it without the line feed; false when the input ended first.
  template <typename Take>
  bool take_line(Take&& take) {
    while (true) {
      if (pos_ == buf_.size() && !refill()) return false;
      std::string_view rest(buf_.data() + pos_, buf_.size() - pos_);
      const std::size_t nl = rest.find('\n');
      const std::size_t n = nl == std::string_view::npos ? rest.size() : nl;
      take(rest.substr(0, n));
      const std::size_t step = n + (nl == std::string_view::npos ? 0 : 1);
      pos_ += step;
      consumed_ += step;
      last_ = static_cast<unsigned char>(buf_[pos_ - 1]);
      if (nl != std::string_view::npos) {
        ++line_;
        return true;
      }
    }
  }

  // A line of at most `max` bytes into `text` (without its line feed and a
  // carriage return before it); a longer one is consumed whole and leaves
  // `text` empty with `too_long` set, so memory stays bounded.
  struct Line {
    bool complete = false;  // false when the input ended before a line feed
    bool too_long = false;
  };
  Line read_line(std::string& text, std::size_t max) {
    text.clear();
    Line out;
    out.complete = take_line([&](std::string_view piece) {
      if (out.too_long || text.size() + piece.size() > max) {
        out.too_long = true;
        text.clear();
        return;
      }
      text.append(piece);
    });
    if (!text.empty() && text.back() == '\r') text.pop_back();
    return out;
  }

  std::size_t consumed() const { return consumed_; }
  std::size_t line() const { return line_; }  // 1-based: the line the next byte is on
  int last() const { return last_; }          // the last byte consumed, -1 before the first

 private:
  static constexpr std::size_t kChunk = std::size_t{64} * 1024;

  bool refill() {
    if (eof_) return false;
    buf_.resize(kChunk);
    in_.read(buf_.data(), static_cast<std::streamsize>(kChunk));
    buf_.resize(static_cast<std::size_t>(in_.gcount()));
    pos_ = 0;
    if (buf_.empty()) {
      eof_ = true;
      return false;
    }
    if (!started_) {
      started_ = true;
      if (buf_.compare(0, 3, "\xEF\xBB\xBF") == 0) {
        pos_ = consumed_ = 3;
        if (pos_ == buf_.size()) return refill();
      }
    }
    return true;
  }

  std::istream& in_;
  std::string buf_;
  std::size_t pos_ = 0;
  std::size_t consumed_ = 0;
  std::size_t line_ = 1;
  int last_ = -1;
  bool eof_ = false;
  bool started_ = false;
};

}  // namespace ariadne
