#include "common/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ariadne {
namespace {

TEST(Utf8, AcceptsWellFormedText) {
  for (const char* good : {"", "ASCII only", "Müller", "Ζαχαρίας", "محمد", "李小龍", "emoji \xF0\x9F\x98\x80",
                           "\xEF\xBF\xBD", "\xF4\x8F\xBF\xBF" /* U+10FFFF */, "\xED\x9F\xBF" /* U+D7FF */}) {
    EXPECT_TRUE(valid_utf8(good)) << good;
  }
  EXPECT_TRUE(valid_utf8(std::string("nul\0inside", 10)));
}

TEST(Utf8, RefusesOverlongSurrogatesAndOutOfRangeCodePoints) {
  for (const char* bad : {"\xC0\xAF", "\xC1\xBF", "\xE0\x80\xAF", "\xE0\x9F\xBF", "\xF0\x80\x80\xAF",
                          "\xF0\x8F\xBF\xBF", "\xED\xA0\x80" /* U+D800 */, "\xED\xBF\xBF" /* U+DFFF */,
                          "\xF4\x90\x80\x80" /* U+110000 */, "\xF5\x80\x80\x80", "\xFF", "\xFE"}) {
    EXPECT_FALSE(valid_utf8(bad)) << testing::PrintToString(bad);
  }
}

TEST(Utf8, RefusesTruncatedAndStraySequences) {
  for (const char* bad : {"\xC3", "ab\xC3", "\xE2\x82", "\xF0\x9F\x98", "\x80", "a\xBFz", "\xC3\x28", "\xE2\x28\xA1",
                          "caf\xE9 latin-1"}) {
    EXPECT_FALSE(valid_utf8(bad)) << testing::PrintToString(bad);
  }
}

}  // namespace
}  // namespace ariadne
