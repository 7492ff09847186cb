// The name knowledge real names need: nicknames, the Korean, Japanese and
// Cantonese readings of Han characters, Hangul, names inverted around a
// comma and the swapped letters of real lists. The cases are public
// figures' names as their own countries write them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/name_match.hpp"
#include "text/matcher.hpp"
#include "text/readings.hpp"
#include "text/variants.hpp"

namespace ariadne::text {
namespace {

using testing::how;
using testing::score;

TEST(Nicknames, AGivenNameMatchesItsNicknames) {
  // Every pair here is a row of the nickname table (nicknames_en.csv).
  for (const auto& [full, nick] :
       std::vector<std::pair<std::string, std::string>>{{"William Jefferson Clinton", "Bill Jefferson Clinton"},
                                                        {"Robert Mueller", "Bob Mueller"},
                                                        {"Margaret Thatcher", "Maggie Thatcher"},
                                                        {"Elizabeth Warren", "Liz Warren"},
                                                        {"Edward Kennedy", "Ted Kennedy"},
                                                        {"Richard Nixon", "Dick Nixon"},
                                                        {"Christopher Dodd", "Chris Dodd"}}) {
    EXPECT_GE(score(full, nick), kDefaultThreshold) << full << " / " << nick;
    EXPECT_GE(score(nick, full), kDefaultThreshold) << nick << " / " << full;
    const auto given = nick.substr(0, nick.find(' '));
    EXPECT_EQ(how(nick, full, text::prepare_name(given).tokens[0].text), "nickname") << nick;
  }
}

TEST(Nicknames, TwoNamesSharingANicknameAreNotOneName) {
  // Ron is Aaron's and Ronald's; Aaron is not Ronald.
  EXPECT_EQ(how("Ron Weber", "Aaron Weber", "ron"), "nickname");
  EXPECT_EQ(how("Ron Weber", "Ronald Weber", "ron"), "nickname");
  EXPECT_LT(score("Aaron Weber", "Ronald Weber"), kDefaultThreshold);
  // Two nicknames of one name (Bill, Billy) are related; a name and itself is exact.
  EXPECT_EQ(how("Billy Weber", "Bill Weber", "billy"), "nickname");
  EXPECT_EQ(how("William Weber", "William Weber", "william"), "exact");
}

TEST(Nicknames, AVariantOfTheGivenNameSharesItsNicknames) {
  // Mikhail and Michael are one variant group; Mike shortens Michael.
  EXPECT_EQ(how("Mike Gorbachev", "Mikhail Gorbachev", "mike"), "nickname");
}

TEST(Nicknames, AMalformedTableLineIsNamed) {
  NameTable t;
  ASSERT_TRUE(t.load("[variants]\nmichael mikhail\n"));
  auto bad = t.load_nicknames("canonical,nickname\nanthony,tony\nrobert\n");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields.at(0).field, "nicknames:3");
  NameTable upper;
  auto caps = upper.load_nicknames("canonical,nickname\nAnthony,Tony\n");
  ASSERT_FALSE(caps);
  EXPECT_EQ(caps.error().fields.at(0).field, "nicknames:2");
  NameTable self;
  EXPECT_FALSE(self.load_nicknames("canonical,nickname\ntony,tony\n"));
  NameTable good;
  ASSERT_TRUE(good.load("[variants]\nmichael mikhail\n"));
  ASSERT_TRUE(good.load_nicknames("canonical,nickname\nmichael,mike\n"));
  EXPECT_EQ(good.nickname_count(), 1u);
  ASSERT_NE(good.given_name_ids("mike"), nullptr);
  ASSERT_NE(good.given_name_ids("mikhail"), nullptr);
  ASSERT_NE(good.given_name_ids("michael"), nullptr);
  EXPECT_TRUE(NameTable::nickname_related(*good.given_name_ids("mike"), *good.given_name_ids("mikhail")));
  EXPECT_FALSE(NameTable::nickname_related(*good.given_name_ids("mikhail"), *good.given_name_ids("michael")));
  EXPECT_EQ(good.given_name_ids("tony"), nullptr);
}

TEST(Readings, TheFoldUnitesTheRomanisations) {
  // Korean: Revised Romanisation, McCune-Reischauer and passport spellings.
  EXPECT_EQ(cjk_fold("Gim Jeong-eun"), cjk_fold("Kim Jong Un"));
  EXPECT_EQ(cjk_fold("Jung"), cjk_fold("Jeong"));
  // Japanese long vowels: Tarō (Latin-ASCII gives taro), Tarou, Taroh.
  EXPECT_EQ(cjk_fold("tarou"), cjk_fold("taro"));
  EXPECT_EQ(cjk_fold("ohno"), cjk_fold("ono"));
  EXPECT_EQ(cjk_fold("homma"), cjk_fold("honma"));
  // Chinese: Wade-Giles against pinyin.
  EXPECT_EQ(cjk_fold("Hsu"), cjk_fold("Xu"));
  EXPECT_EQ(cjk_fold("Tsai"), cjk_fold("Cai"));
  EXPECT_NE(cjk_fold("Kim"), cjk_fold("Lim"));
}

TEST(Readings, HanReadsInKoreanJapaneseAndCantonese) {
  EXPECT_GT(reading_table_size(), 20000u);
  EXPECT_TRUE(reads_as(U"金正恩", cjk_fold("kimjongun")));             // Korean
  EXPECT_TRUE(reads_as(U"金大中", cjk_fold("kimdaejung")));            // Korean
  EXPECT_TRUE(reads_as(U"潘基文", cjk_fold("bankimoon")));             // Korean
  EXPECT_TRUE(reads_as(U"小泉純一郎", cjk_fold("koizumijunichiro")));  // Japanese
  EXPECT_TRUE(reads_as(U"岸田文雄", cjk_fold("kishidafumio")));        // Japanese, with rendaku (ta → da)
  EXPECT_TRUE(reads_as(U"李嘉誠", cjk_fold("likashing")));             // Cantonese, Hong Kong spelling
  EXPECT_TRUE(reads_as(U"梁振英", cjk_fold("leungchunying")));         // Cantonese
  EXPECT_TRUE(reads_as(U"曾蔭權", cjk_fold("tsangyamkuen")));          // Cantonese
  EXPECT_TRUE(reads_as(U"习近平", cjk_fold("xijinping")));             // Mandarin
  EXPECT_TRUE(reads_as(U"문재인", cjk_fold("moonjaein")));             // Hangul
  EXPECT_TRUE(reads_as(U"이명박", cjk_fold("leemyungbak")));           // Hangul, a family name's customary spelling
  EXPECT_TRUE(reads_as(U"박근혜", cjk_fold("parkgeunhye")));
  // One reading per character, all of them, in order.
  EXPECT_FALSE(reads_as(U"金正恩", cjk_fold("kimjongnam")));
  EXPECT_FALSE(reads_as(U"金正恩", cjk_fold("kimjong")));
  EXPECT_FALSE(reads_as(U"金正恩", cjk_fold("jongunkim")));
  EXPECT_FALSE(reads_as(U"金正恩", ""));
  EXPECT_FALSE(reads_as(U"", "kim"));
  // Characters without readings (a Latin letter, a symbol) read as nothing.
  EXPECT_FALSE(reads_as(U"金a", "kima"));
}

TEST(Readings, KeysCoverTheWordsParts) {
  auto keys = reading_keys(U"金正恩", 48);
  for (const auto* part : {"kim", "jonk", "un", "kimjonkun"}) {
    EXPECT_NE(std::find(keys.begin(), keys.end(), part), keys.end()) << part;
  }
  EXPECT_LE(reading_keys(U"金正恩金正恩金正", 48).size(), 48u);
  EXPECT_TRUE(reading_keys(U"金正恩金正恩金正恩", 48).empty());  // longer than kMaxReadChars
}

TEST(Readings, HanAndHangulNamesMatchTheirLatinSpellings) {
  for (const auto& [native, latin] :
       std::vector<std::pair<std::string, std::string>>{{"金正恩", "Kim Jong Un"},
                                                        {"김정은", "Kim Jong-un"},
                                                        {"潘基文", "Ban Ki-moon"},
                                                        {"반기문", "Ban Ki Moon"},
                                                        {"小泉純一郎", "Junichiro Koizumi"},
                                                        {"岸田文雄", "Fumio Kishida"},
                                                        {"李嘉誠", "Li Ka-shing"},
                                                        {"梁振英", "Leung Chun-ying"},
                                                        {"金大中", "Kim Dae-jung"}}) {
    EXPECT_GE(score(native, latin), kDefaultThreshold) << native << " / " << latin;
    EXPECT_GE(score(latin, native), kDefaultThreshold) << latin << " / " << native;
  }
  // The Korean reading of Hanja against the same name in Hangul.
  EXPECT_GE(score("金正恩", "김정은"), kDefaultThreshold);
  // Another person of the same family name is no match.
  EXPECT_LT(score("金正恩", "Kim Jong Nam"), kDefaultThreshold);
  EXPECT_LT(score("김정은", "Kim Dae-jung"), kDefaultThreshold);
}

TEST(ListConventions, NamesInvertedAroundACommaReadInOrder) {
  EXPECT_EQ(uninvert_name("HAKIM MURAD, ABDUL"), "ABDUL HAKIM MURAD");
  EXPECT_EQ(uninvert_name("Олланд, Франсуа"), "Франсуа Олланд");
  // A qualifier after the comma, or more than one comma: left as written.
  EXPECT_EQ(uninvert_name("John Smith, Jr."), "John Smith, Jr.");
  EXPECT_EQ(uninvert_name("Hugh Smith, 6th Baronet"), "Hugh Smith, 6th Baronet");
  EXPECT_EQ(uninvert_name("Smith, John, Jr."), "Smith, John, Jr.");
  EXPECT_EQ(uninvert_name("Hugh Smith, Baronet"), "Hugh Smith, Baronet");
  EXPECT_EQ(uninvert_name("RAUF, Hafiz Abdur"), "Hafiz Abdur RAUF");  // a title beside a name
  EXPECT_EQ(uninvert_name("Smith,"), "Smith,");
  EXPECT_EQ(uninvert_name(", John"), ", John");
  // The glued prefix joins the name it belongs to once the order is restored.
  EXPECT_DOUBLE_EQ(score("HAKIM MURAD, ABDUL", "Abdul Hakim Murad"), 1.0);
}

TEST(ListConventions, AGluedPrefixWithTwoLettersSwappedIsStillThePrefix) {
  EXPECT_GE(score("Abudl Rahman Yasin", "Abdul Rahman Yasin"), kDefaultThreshold);
  EXPECT_GE(score("Adbul Rahman Yasin", "Abdul Rahman Yasin"), kDefaultThreshold);
  EXPECT_EQ(name_table().prefix_of("abudl"), "abd");
  EXPECT_EQ(name_table().prefix_of("adbul"), "abd");
  EXPECT_EQ(name_table().prefix_of("abdlu"), "abd");  // the last two swapped
  // Letters moved further than one place: a name.
  EXPECT_EQ(name_table().prefix_of("bauld"), "");
}

TEST(RealNames, ANisbaEndingIsPartOfTheName) {
  // Persian and Arabic family names ending in -i (ی, ي) are other names than
  // the given names they come from: Mohammadi is not Muhammad, Hasani not Hasan.
  EXPECT_LT(score("یوسف محمدی", "Yusuf Muhammad"), kDefaultThreshold);
  EXPECT_LT(score("حسین حسنی", "Hussein Hasan"), kDefaultThreshold);
  EXPECT_GE(score("یوسف محمدی", "Yusuf Mohammadi"), kDefaultThreshold);
  EXPECT_GE(score("حسین حسنی", "Hossein Hasani"), kDefaultThreshold);
  // A machine's vowel-less spelling writes no ending either.
  EXPECT_GE(score("خالد الشمري", "Khald Alshmry"), kDefaultThreshold);
}

TEST(RealNames, AnAbjadWordIsWrittenByItsLettersNotJustItsSkeleton) {
  // Each letter by one of its usual Latin renderings, vowels anywhere between.
  EXPECT_TRUE(abjad_reads(U"يوسف", "youssef"));
  EXPECT_TRUE(abjad_reads(U"يوسف", "yusuf"));
  EXPECT_TRUE(abjad_reads(U"محمد", "mohammed"));        // the doubled m of a shadda
  EXPECT_TRUE(abjad_reads(U"الجبوري", "jubouri"));      // the article, split off, left out
  EXPECT_TRUE(abjad_reads(U"عبدالرحمن", "abdrahman"));  // and inside a compound name
  EXPECT_TRUE(abjad_reads(U"דוד", "david"));            // Hebrew vav as v
  EXPECT_TRUE(abjad_reads(U"יוסף", "yosef"));           // and as a vowel
  EXPECT_TRUE(abjad_reads(U"גון", "jon"));              // ג'ון: gimel, its geresh dropped with the punctuation
  // Consonants a phonetic key merges are not the letters: ب is no p, و no z.
  EXPECT_FALSE(abjad_reads(U"بديري", "petro"));
  EXPECT_FALSE(abjad_reads(U"وسيم", "zima"));
  EXPECT_TRUE(abjad_reads(U"يوسف", "yusufa"));  // a vowel may stand anywhere …
  EXPECT_FALSE(abjad_reads(U"يوسف", "yusk"));   // … a letter of another sound may not
  EXPECT_FALSE(abjad_reads(U"", "a"));
  EXPECT_FALSE(abjad_reads(U"abc", "abc"));  // no Arabic or Hebrew letters
  // Such a pair no longer matches on the skeleton alone.
  EXPECT_LT(score("وسيم البديري", "Zima Petro"), kDefaultThreshold);
  EXPECT_GE(score("يوسف البديري", "Youssef Al-Badiri"), kDefaultThreshold);
}

TEST(RealNames, TwoHanSyllablesDoNotMeetAnotherNameByTheirConsonants) {
  // 楚成 (Chu Cheng) and Shi Zhang share a phonetic key, not a reading.
  EXPECT_LT(score("楚成", "Shi Zhang"), kDefaultThreshold);
  EXPECT_GE(score("楚成", "Chu Cheng"), kDefaultThreshold);
}

TEST(RealNames, SinhalaIsTransliteratedThroughTheDevanagariItParallels) {
  // Mahinda Rajapaksa and Margaret Thatcher as Sinhala writes them.
  EXPECT_GE(score("මහින්ද රාජපක්ෂ", "Mahinda Rajapaksa"), kDefaultThreshold);
  EXPECT_GE(score("Mahinda Rajapaksa", "මහින්ද රාජපක්ෂ"), kDefaultThreshold);
  EXPECT_LT(score("මහින්ද රාජපක්ෂ", "Margaret Thatcher"), 0.5);
  auto t = prepare_name("මහින්ද").tokens;
  ASSERT_EQ(t.size(), 1u);
  EXPECT_TRUE(t[0].transliterated);
  EXPECT_EQ(t[0].text.find_first_not_of("abcdefghijklmnopqrstuvwxyz"), std::string::npos) << t[0].text;
}

TEST(BadNames, InvisibleCharactersAndStrayMarksChangeNothing) {
  auto texts = [](const std::string& name) {
    std::vector<std::string> out;
    for (const auto& t : prepare_name(name).tokens) out.push_back(t.text);
    return out;
  };
  const std::vector<std::string> plain{"john", "smith"};
  EXPECT_EQ(texts("Jo\u200Dhn Sm\u200Bith"), plain);              // zero-width joiner and space
  EXPECT_EQ(texts("\u202EJohn\u202C \u2067Smith\u2069"), plain);  // bidi controls
  EXPECT_EQ(texts("\u0301\u0301John Smith"), plain);              // combining marks without a base
  EXPECT_EQ(texts("John\uFEFF Smith"), plain);                    // a byte-order mark
  // A word mixing scripts is one word, transliterated whole.
  EXPECT_EQ(texts("Ива\u200Dnov").size(), 1u);
  EXPECT_GE(score("Ива\u200Dnov", "Ivanov"), kDefaultThreshold);
  // A name of a thousand words prepares, and matches only what it holds.
  std::string long_name;
  for (int i = 0; i < 1000; ++i) long_name += (i ? " " : "") + std::string(i % 2 ? "Anna" : "Maria");
  EXPECT_EQ(prepare_name(long_name).tokens.size(), 1000u);
  EXPECT_LT(score(long_name, "Anna Maria Weber"), kDefaultThreshold);
  // Han words longer than readings are looked for have no reading keys.
  EXPECT_TRUE(reading_keys(std::u32string(40, U'金'), 48).empty());
  EXPECT_FALSE(reads_as(std::u32string(40, U'金'), std::string(40 * 3, 'k')));
}

}  // namespace
}  // namespace ariadne::text
