// Strong id types: a DocumentId cannot be passed where a UserId is expected.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace ariadne {

template <class Tag>
struct Id {
  std::int64_t value = 0;
  auto operator<=>(const Id&) const = default;
};

using UserId = Id<struct UserTag>;
using SessionId = Id<struct SessionTag>;
using DocumentId = Id<struct DocumentTag>;

}  // namespace ariadne

template <class Tag>
struct std::hash<ariadne::Id<Tag>> {
  std::size_t operator()(const ariadne::Id<Tag>& id) const noexcept { return std::hash<std::int64_t>{}(id.value); }
};
