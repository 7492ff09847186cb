#include "common/hex.hpp"

#include <gtest/gtest.h>

#include <array>

namespace ariadne {
namespace {

TEST(Hex, EncodesLowerCase) {
  const unsigned char bytes[] = {0x00, 0x01, 0xab, 0xff};
  EXPECT_EQ(hex_encode(bytes, sizeof bytes), "0001abff");
  EXPECT_EQ(hex_encode(bytes, 0), "");
}

TEST(Hex, DecodesExactlyTheBytesAskedFor) {
  std::array<unsigned char, 4> out{};
  ASSERT_TRUE(hex_decode("0001abff", out.data(), out.size()));
  EXPECT_EQ(out, (std::array<unsigned char, 4>{0x00, 0x01, 0xab, 0xff}));
  ASSERT_TRUE(hex_decode("0001ABFF", out.data(), out.size())) << "either case";
  EXPECT_EQ(out[2], 0xab);
}

TEST(Hex, RefusesAnythingButExactlyTwoDigitsAByte) {
  std::array<unsigned char, 4> out{};
  for (const char* bad : {"", "0001abf", "0001abff00", "0001abfg", "0001abf ", " 001abff", "0x01abff"}) {
    EXPECT_FALSE(hex_decode(bad, out.data(), out.size())) << '"' << bad << '"';
  }
}

}  // namespace
}  // namespace ariadne
