#include "common/enum_names.hpp"

#include <gtest/gtest.h>

namespace ariadne {
namespace {

enum class Colour { red, green, blue };
constexpr EnumName<Colour> kColours[] = {{Colour::red, "red"}, {Colour::green, "green"}, {Colour::blue, "blue"}};

TEST(EnumNames, EveryValueReadsBackFromItsName) {
  for (const auto& [value, name] : kColours) {
    EXPECT_EQ(enum_to_name(kColours, value), name);
    EXPECT_EQ(enum_from_name(kColours, name), value);
  }
  static_assert(enum_to_name(kColours, Colour::blue) == "blue");
  static_assert(enum_from_name(kColours, "green") == Colour::green);
}

TEST(EnumNames, UnknownNamesAreNotValues) {
  for (const char* bad : {"", "Red", "RED", " red", "red ", "purple"}) {
    EXPECT_FALSE(enum_from_name(kColours, bad)) << '"' << bad << '"';
  }
}

TEST(EnumNames, AValueMissingFromTheTableIsWrittenAsTheFirstEntry) {
  EXPECT_EQ(enum_to_name(kColours, static_cast<Colour>(7)), "red");
}

}  // namespace
}  // namespace ariadne
