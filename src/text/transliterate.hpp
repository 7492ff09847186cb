// ICU transliteration ("Any-Latin; Latin-ASCII" and the like): the one
// wrapper around icu::Transliterator that name normalisation and the
// synthetic world generator share.
//
// Thread-safety: a Transliterator is for one thread at a time (ICU's
// transforms are not thread-safe). per_thread() gives each thread its own
// copy of a transform built once per process: building a transform is
// expensive, copying one (ICU's clone) is cheap.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <unicode/translit.h>
#include <unicode/unistr.h>

namespace ariadne::text {

class Transliterator {
 public:
  // An ICU transform id, compound ids included ("Any-Latin; Latin-ASCII;
  // [:^ASCII:] Remove"). When ICU cannot build it, valid() is false and the
  // transform leaves text as it is.
  explicit Transliterator(std::string_view id);
  Transliterator(const Transliterator& other);  // a copy of the built transform
  Transliterator& operator=(const Transliterator&) = delete;
  ~Transliterator();

  bool valid() const { return icu_ != nullptr; }
  // Transliterates the text in place.
  void apply(icu::UnicodeString& text);
  // UTF-8 in, UTF-8 out.
  std::string apply(std::string_view utf8);

 private:
  std::unique_ptr<icu::Transliterator> icu_;
};

// The calling thread's copy of the transform *Id names, which must be a
// constant with static storage:
//   constexpr const char* kToAscii = "Latin-ASCII";
//   text::per_thread<&kToAscii>().apply(word);
template <const char* const* Id>
Transliterator& per_thread() {
  static const Transliterator prototype(*Id);
  thread_local Transliterator mine(prototype);
  return mine;
}

}  // namespace ariadne::text
