// Names of enum values from one table per enum, so that writing a value and
// reading it back cannot disagree:
//
//   constexpr EnumName<Role> kRoles[] = {{Role::officer, "officer"}, ...};
//   std::string_view to_string(Role r) { return enum_to_name(kRoles, r); }
//   std::optional<Role> parse_role(std::string_view s) { return enum_from_name(kRoles, s); }
//
// A table lists every value of its enum once (the first entry is what a value
// missing from it would be written as). Everything here is constexpr and
// thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace ariadne {

template <typename E>
struct EnumName {
  E value;
  std::string_view name;
};

template <typename E, std::size_t N>
constexpr std::string_view enum_to_name(const EnumName<E> (&table)[N], E value) {
  for (const auto& entry : table) {
    if (entry.value == value) return entry.name;
  }
  return table[0].name;
}

template <typename E, std::size_t N>
constexpr std::optional<E> enum_from_name(const EnumName<E> (&table)[N], std::string_view name) {
  for (const auto& entry : table) {
    if (entry.name == name) return entry.value;
  }
  return std::nullopt;
}

}  // namespace ariadne
