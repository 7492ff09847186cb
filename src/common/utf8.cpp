#include "common/utf8.hpp"

#include <simdjson.h>

namespace ariadne {

bool valid_utf8(std::string_view text) {
  return simdjson::validate_utf8(text.data(), text.size());
}

}  // namespace ariadne
