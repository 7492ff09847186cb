#include "ident/document_number.hpp"

namespace ariadne::ident {

std::string normalise_document_number(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (char c : raw) {
    if (c == ' ' || c == '-' || c == '.' || c == '/' || c == '<' || c == '\t') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

}  // namespace ariadne::ident
