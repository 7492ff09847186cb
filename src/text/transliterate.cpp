#include "text/transliterate.hpp"

namespace ariadne::text {

Transliterator::Transliterator(std::string_view id) {
  UErrorCode status = U_ZERO_ERROR;
  const auto name = icu::UnicodeString::fromUTF8(icu::StringPiece(id.data(), static_cast<int32_t>(id.size())));
  icu_.reset(icu::Transliterator::createInstance(name, UTRANS_FORWARD, status));
  if (U_FAILURE(status)) icu_.reset();
}

Transliterator::Transliterator(const Transliterator& other) : icu_(other.icu_ ? other.icu_->clone() : nullptr) {}

Transliterator::~Transliterator() = default;

void Transliterator::apply(icu::UnicodeString& text) {
  if (icu_) icu_->transliterate(text);
}

std::string Transliterator::apply(std::string_view utf8) {
  auto u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  apply(u);
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace ariadne::text
