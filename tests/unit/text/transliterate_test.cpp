#include "text/transliterate.hpp"
#include "text/normalise.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>

namespace ariadne::text {
namespace {

constexpr const char* kToAscii = "Any-Latin; Latin-ASCII; [:^ASCII:] Remove";

TEST(Scripts, AreDetected) {
  EXPECT_EQ(detect_script("محمد"), "Arab");
  EXPECT_EQ(detect_script("Владимир"), "Cyrl");
  EXPECT_EQ(detect_script("ተስፋልደት"), "Ethi");
  EXPECT_EQ(detect_script("Nguyễn Văn An"), "Latn");
  EXPECT_EQ(detect_script("王小明"), "Hani");
}

TEST(Transliterate, AppliesTheCompoundTransform) {
  Transliterator tr(kToAscii);
  ASSERT_TRUE(tr.valid());
  EXPECT_EQ(tr.apply(std::string_view("Müller")), "Muller");
  EXPECT_EQ(tr.apply(std::string_view("Đặng")), "Dang");
  EXPECT_EQ(tr.apply(std::string_view("Иван")), "Ivan");
  icu::UnicodeString in_place = icu::UnicodeString::fromUTF8("Ελένη");
  tr.apply(in_place);
  EXPECT_EQ(in_place, icu::UnicodeString("Elene"));
}

TEST(Transliterate, ACopyTransformsAsTheOriginal) {
  const Transliterator original(kToAscii);
  Transliterator copy(original);
  ASSERT_TRUE(copy.valid());
  EXPECT_EQ(copy.apply(std::string_view("Ŝćő Ñandú")), "Sco Nandu");
}

TEST(Transliterate, AnUnknownTransformLeavesTextAsItIs) {
  Transliterator tr("No-Such-Transform");
  EXPECT_FALSE(tr.valid());
  EXPECT_EQ(tr.apply(std::string_view("Müller")), "Müller");
  Transliterator copy(tr);
  EXPECT_FALSE(copy.valid());
}

TEST(Transliterate, EachThreadHasItsOwnCopy) {
  Transliterator* mine = &per_thread<&kToAscii>();
  EXPECT_EQ(mine, &per_thread<&kToAscii>());
  Transliterator* other = nullptr;
  std::string spelled;
  std::thread([&] {
    other = &per_thread<&kToAscii>();
    spelled = other->apply(std::string_view("Gödel"));
  }).join();
  EXPECT_NE(mine, other);
  EXPECT_EQ(spelled, "Godel");
}

}  // namespace
}  // namespace ariadne::text
