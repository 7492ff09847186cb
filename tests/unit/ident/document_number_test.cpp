#include "ident/document_number.hpp"

#include <gtest/gtest.h>

namespace ariadne::ident {
namespace {

TEST(DocumentNumbers, AreNormalised) {
  EXPECT_EQ(normalise_document_number(" 15ab-123.45<<"), "15AB12345");
  EXPECT_EQ(normalise_document_number("x/y z"), "XYZ");
  EXPECT_EQ(normalise_document_number("ab\t12"), "AB12");
}

// Only the separators people and MRZs write go: other characters are part of
// the number, so a number that holds one is not any number without it.
TEST(DocumentNumbers, KeepOtherCharacters) {
  EXPECT_EQ(normalise_document_number("ab#123"), "AB#123");
  EXPECT_EQ(normalise_document_number("AB_123,4"), "AB_123,4");
  EXPECT_NE(normalise_document_number("AB#123"), normalise_document_number("AB123"));
  EXPECT_EQ(normalise_document_number("№ 12"), "№12");
  EXPECT_EQ(normalise_document_number("- . / <"), "");
}

}  // namespace
}  // namespace ariadne::ident
