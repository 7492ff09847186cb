#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "support/name_match.hpp"
#include "text/matcher.hpp"
#include "text/normalise.hpp"
#include "text/phonetic.hpp"
#include "text/variants.hpp"

namespace ariadne::text {
namespace {

using testing::how;
using testing::score;

TEST(Normalise, FoldsCaseAndNothingElse) {
  EXPECT_EQ(fold_case("Müller Logistik GmbH"), "müller logistik gmbh");
  EXPECT_EQ(fold_case("ООО ВОСТОК"), "ооо восток");
  EXPECT_EQ(fold_case("STRASSE Straße"), "strasse strasse");
  EXPECT_EQ(fold_case(""), "");
  // normalise_name splits a camel-case join; folded first, the word stays whole.
  EXPECT_EQ(normalise_name("GmbH"), "gmb h");
  EXPECT_EQ(normalise_name(fold_case("GmbH")), "gmbh");
}

TEST(Normalise, TransliteratesEveryScriptToLowerCaseLatin) {
  EXPECT_EQ(normalise_name("Владимир Путин"), "vladimir putin");
  EXPECT_EQ(normalise_name("Κυριάκος Μητσοτάκης"), "kyriakos mitsotakis");
  EXPECT_EQ(normalise_name("ተስፋልደት ገብረመድህን"), "tesfaldet gebremedhn");
  EXPECT_EQ(normalise_name("王小明"), "wangxiaoming");  // one Han word stays one token
  EXPECT_EQ(normalise_name("Nguyễn Đặng Văn Ngữ"), "nguyen dang van ngu");
  EXPECT_EQ(normalise_name("ＭＵＬＬＥＲ Straße"), "muller strasse");  // fullwidth, ß
  EXPECT_EQ(normalise_name("محمد"), "mhmd");
  EXPECT_EQ(normalise_name("নরেন্দ্র"), "narendra");
  EXPECT_EQ(normalise_name("မောင်မောင်"), "maungmaung");
  EXPECT_FALSE(normalise_name("สมชาย").empty());
}

TEST(Normalise, ArabicWordFinalVowelLettersAreTheVowelLatinSpellingsWrite) {
  EXPECT_EQ(normalise_name("عائشة"), "aaysha");
  EXPECT_EQ(normalise_name("فاطمة"), "fatma");
  EXPECT_GE(score("Aisha Al-Jubouri", "عائشة الجبوري"), kDefaultThreshold);
  // So is a word-final alif maqsura, which ICU writes as y.
  EXPECT_EQ(normalise_name("ليلى"), "lyla");
  EXPECT_GE(score("Layla Al-Khatib", "ليلى الخطيب"), kDefaultThreshold);
}

TEST(Normalise, ScriptsWhoseVowelsIcuSpellsOtherwiseMatchOnTheirSkeleton) {
  // Bengali's inherent vowels (হক "haka").
  EXPECT_GE(score("Karim Haque", "করিম হক"), kDefaultThreshold);
  EXPECT_EQ(how("Karim Haque", "করিম হক", "haque"), "transliteration");
  EXPECT_EQ(normalise_name("ทองดี"), "thongdi");
  EXPECT_GE(score("Thongdee", "ทองดี"), kDefaultThreshold);
}

TEST(Normalise, ThaiAndBurmeseAreSpelledAsTheirUsualRomanisations) {
  // RTGS from the syllables: unwritten vowels, finals, silent letters.
  EXPECT_EQ(normalise_name("สมชาย ใจดี"), "somchai chaidi");
  EXPECT_EQ(normalise_name("พรทิพย์"), "phonthip");
  EXPECT_EQ(normalise_name("ธนากร"), "thanakon");
  EXPECT_EQ(normalise_name("แก้วมณี"), "kaeomani");
  EXPECT_EQ(normalise_name("สุขสวัสดิ์"), "suksawat");
  // Myanmar names as passports write them.
  EXPECT_EQ(normalise_name("ခင် နှင်း"), "khin hnin");
  EXPECT_EQ(normalise_name("အောင် မြင့်"), "aung myint");
  EXPECT_EQ(normalise_name("စန္ဒာ ကျော်"), "sanda kyaw");
}

TEST(Matcher, ThaiAndBurmeseMatchTheUsualVariantsOfTheirRomanisation) {
  EXPECT_GE(score("Somchai Jaidee", "สมชาย ใจดี"), kDefaultThreshold);
  EXPECT_GE(score("Pornthip Chaimongkol", "พรทิพย์ ชัยมงคล"), kDefaultThreshold);
  EXPECT_GE(score("Kyaw Htun", "ကျော် ထွန်း"), kDefaultThreshold);
  EXPECT_GE(score("Moe Tun", "မိုး ထွန်း"), kDefaultThreshold);
  EXPECT_GE(score("Thidar Mar", "သီတာ မာ"), kDefaultThreshold);
  // ICU's letter-by-letter spelling, which machine-made records carry.
  EXPECT_GE(score("Smchay Cidi", "สมชาย ใจดี"), kDefaultThreshold);
  // Other names stay apart.
  EXPECT_LT(score("Somsak Jaidee", "สมชาย บุญมา"), kDefaultThreshold);
  EXPECT_LT(score("Khin Aye", "မိုး ထွန်း"), kDefaultThreshold);
}

TEST(Normalise, SplitsCamelCaseHyphensAndKeepsApostropheWords) {
  EXPECT_EQ(normalise_name("RamiMakhlouf"), "rami makhlouf");
  EXPECT_EQ(normalise_name("Abd al-Aziz"), "abd al aziz");
  EXPECT_EQ(normalise_name("ABU BAKAR BA'ASYIR"), "abu bakar baasyir");
  EXPECT_EQ(normalise_name("AT&T"), "at and t");
  auto tokens = tokenize_name("Mohammed محمد");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_FALSE(tokens[0].transliterated);
  EXPECT_TRUE(tokens[1].transliterated);
  EXPECT_TRUE(tokens[1].abjad);
}

// ASCII names skip ICU; the shortcut must tokenise exactly as ICU does.
TEST(Normalise, TheAsciiShortcutTokenisesAsIcuDoes) {
  const std::vector<std::string> names = {"PEDRO SANCHEZ GARCIA",
                                          "Jean-Pierre O'Neil",
                                          "RamiMakhlouf",
                                          "McDonald  ab2cD",
                                          "AT&T Inc.",
                                          "Ba'asyir, Abu `Bakar",
                                          "A.B.C. Smith",
                                          "x\tY\nz  _-_ 123abc",
                                          "&&''``",
                                          "",
                                          "van der BERG-Smith (jr)",
                                          "al-Hassan/Mohammed;Abdullah"};
  for (const auto& name : names) {
    auto fast = tokenize_name(name);
    auto icu = tokenize_name_unicode(name);
    ASSERT_EQ(fast.size(), icu.size()) << name;
    for (std::size_t i = 0; i < fast.size(); ++i) {
      EXPECT_EQ(fast[i].text, icu[i].text) << name;
      EXPECT_EQ(fast[i].transliterated, icu[i].transliterated) << name;
      EXPECT_EQ(fast[i].abjad, icu[i].abjad) << name;
      EXPECT_EQ(fast[i].original, icu[i].original) << name;
      EXPECT_EQ(fast[i].script, icu[i].script) << name;
    }
  }
  // Every printable ASCII character, alone and between letters.
  for (int code = 1; code < 128; ++code) {
    const char c = static_cast<char>(code);
    for (const std::string& name : {std::string(1, c), std::string("ab") + c + "Cd", std::string("aB") + c + c + "x"}) {
      auto fast = tokenize_name(name);
      auto icu = tokenize_name_unicode(name);
      ASSERT_EQ(fast.size(), icu.size()) << static_cast<int>(c);
      for (std::size_t i = 0; i < fast.size(); ++i) EXPECT_EQ(fast[i].text, icu[i].text) << static_cast<int>(c);
    }
  }
}

TEST(Normalise, IsSafeFromManyThreads) {
  std::vector<std::thread> threads;
  std::vector<std::string> out(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&out, i] {
      for (int k = 0; k < 50; ++k) out[i] = normalise_name("Сергей Лавров 王小明 محمد");
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& s : out) EXPECT_EQ(s, "sergej lavrov wangxiaoming mhmd");
}

TEST(Phonetic, SpellingsOfOneNameShareAKey) {
  EXPECT_EQ(phonetic_key("mohammed"), "mhmt");
  EXPECT_EQ(phonetic_key("muhammad"), "mhmt");
  EXPECT_EQ(phonetic_key("mehmet"), "mhmt");
  EXPECT_EQ(phonetic_key("mhmd"), "mhmt");
  EXPECT_EQ(phonetic_key("hussein"), phonetic_key("husayn"));
  EXPECT_EQ(phonetic_key("hsyn"), phonetic_key("hossein"));
  EXPECT_EQ(phonetic_key("yusuf"), phonetic_key("jusuf"));
  EXPECT_EQ(phonetic_key("schmidt"), phonetic_key("shmit"));
  EXPECT_NE(phonetic_key("hans"), phonetic_key("frank"));
}

TEST(Phonetic, EditDistancesCountTypingErrors) {
  EXPECT_EQ(edit_distance("scholz", "scholze"), 1);
  EXPECT_EQ(edit_distance("vajiralongkorn", "vajiralongkron"), 1);  // a transposition is one edit
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3);
  EXPECT_EQ(edit_distance(std::u32string(U"高市"), std::u32string(U"高石")), 1);
  EXPECT_NEAR(jaro_winkler("martha", "marhta"), 0.961, 0.001);
  EXPECT_DOUBLE_EQ(jaro_winkler("abc", "abc"), 1.0);
  EXPECT_DOUBLE_EQ(jaro_winkler("abc", "xyz"), 0.0);
}

TEST(Phonetic, BoundedEditDistanceAgreesWithTheFullOne) {
  // Strings over a small alphabet, so that near and far pairs both occur.
  std::uint64_t seed = 1;
  auto next = [&seed] {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<unsigned>(seed >> 33);
  };
  auto word = [&] {
    std::string w(next() % 12, 'a');
    for (auto& c : w) c = static_cast<char>('a' + next() % 4);
    return w;
  };
  for (int i = 0; i < 5000; ++i) {
    const auto a = word(), b = word();
    const int bound = static_cast<int>(next() % 9);
    EXPECT_EQ(edit_distance_within(a, b, bound), std::min(edit_distance(a, b), bound + 1)) << a << " / " << b;
  }
}

TEST(NameScorerTest, ScoresAndExplainsAsMatchNamesDoes) {
  // Joins (word splitting, initials, Han syllables) and weights exercised
  // against one query, several times over so that remembered work is reused.
  TokenWeights weights;
  const std::vector<std::string> names = {
      "Xiao Ming Wang",        "Xiaoming Wang",     "J. A. Hoffmann", "Jan Anton Hoffmann",
      "Abdul Karim Al Hassan", "Abdelkarim Hassan", "Mohammed Ali",   "Muhammad Ali Khan",
      "A.B.C. Company",        "ABC Company",       "王小明",         "Wang Xiao Ming",
      "Mary Anne Smith",       "Maryanne Smyth",    "Jonh Smith",     "John Smith"};
  std::vector<PreparedName> prepared;
  for (const auto& n : names) prepared.push_back(prepare_name(n));
  for (const auto& n : prepared) weights.add(n);
  auto pointers = [](const PreparedName& n) {
    std::vector<const PreparedToken*> out;
    for (const auto& t : n.tokens) out.push_back(&t);
    return out;
  };
  for (const auto& q : prepared) {
    const auto query = pointers(q);
    NameScorer scorer(query, weights);
    for (int round = 0; round < 2; ++round) {
      for (const auto& c : prepared) {
        const auto candidate = pointers(c);
        EXPECT_EQ(scorer.score(candidate), name_score(query, candidate, weights)) << q.original << " / " << c.original;
        const auto explained = scorer.match(candidate), expected = match_names(q, c, weights);
        EXPECT_EQ(explained.score, expected.score);
        ASSERT_EQ(explained.reasons.size(), expected.reasons.size());
        for (std::size_t i = 0; i < expected.reasons.size(); ++i) {
          EXPECT_EQ(explained.reasons[i].query, expected.reasons[i].query);
          EXPECT_EQ(explained.reasons[i].candidate, expected.reasons[i].candidate);
          EXPECT_EQ(explained.reasons[i].similarity, expected.reasons[i].similarity);
        }
      }
    }
  }
}

TEST(NameTableTest, ReadsTheCompiledTable) {
  const auto& t = name_table();
  EXPECT_GT(t.variant_count(), 300u);
  EXPECT_EQ(t.canonical("mohamed"), t.canonical("muhammad"));
  EXPECT_EQ(t.canonical("ivanoff"), "ivanov");
  EXPECT_EQ(t.canonical("ivanow"), "ivanov");
  EXPECT_EQ(t.canonical("zelenskyy"), t.canonical("zelensky"));
  EXPECT_EQ(t.classify("bin"), TokenClass::particle);
  EXPECT_EQ(t.classify("sheikh"), TokenClass::honorific);
  EXPECT_EQ(t.classify("ltd"), TokenClass::common_word);
  EXPECT_EQ(t.classify("vladimirovich"), TokenClass::patronymic);
  EXPECT_EQ(t.classify("putin"), TokenClass::name);
  EXPECT_EQ(t.split_prefix("abdulkarim"), (std::pair<std::string, std::string>{"abd", "karim"}));
  EXPECT_EQ(t.prefix_of("abdel"), "abd");
}

TEST(NameTableTest, RejectsMalformedText) {
  NameTable t;
  auto bad_section = t.load("[colours]\nred blue\n");
  ASSERT_FALSE(bad_section.ok());
  EXPECT_EQ(bad_section.error().code, ErrorCode::invalid_input);
  NameTable u;
  EXPECT_FALSE(u.load("[variants]\nlonely\n").ok());
  NameTable v;
  EXPECT_FALSE(v.load("[suffixes]\na b c\n").ok());
  NameTable x;
  EXPECT_FALSE(x.load("[variants]\njon john\njohn juan\n").ok());  // one spelling, two groups
  NameTable w;
  ASSERT_TRUE(w.load("# comment\n[variants]\njon john # trailing comment\n").ok());
  EXPECT_EQ(w.canonical("john"), "jon");
}

TEST(Matcher, IdenticalNamesScoreOne) {
  EXPECT_DOUBLE_EQ(score("Olaf Scholz", "olaf SCHOLZ"), 1.0);
  EXPECT_EQ(how("Olaf Scholz", "Olaf Scholz", "olaf"), "exact");
}

TEST(Matcher, ArabicScriptMatchesLatinVariantInAnyOrder) {
  const std::string arabic = "محمد عبد الله الحسن";
  double s = score("Al-Hassan Mohamed Abdallah", arabic);
  EXPECT_GE(s, kDefaultThreshold);
  EXPECT_EQ(how("Al-Hassan Mohamed Abdallah", arabic, "mohamed"), "transliteration");
  EXPECT_LT(score("Ivan Petrov", arabic), 0.3);
}

TEST(Matcher, VariantTablesUnifyWhatTransliterationMisses) {
  EXPECT_GE(score("Yusuf Ahmed", "Joseph Ahmad"), kDefaultThreshold);
  EXPECT_EQ(how("Yusuf Ahmed", "Joseph Ahmad", "yusuf"), "variant");
  EXPECT_GE(score("Aleksandr Ivanoff", "Alexander Ivanov"), kDefaultThreshold);
  EXPECT_GE(score("Abdul Karim Hussein", "Abdelkarim Husayn"), kDefaultThreshold);
  EXPECT_GE(score("Abd al-Karim Husayn", "Abdulkarim Hossein"), kDefaultThreshold);
}

TEST(Matcher, TyposPhoneticsAndInitialsAreNamed) {
  EXPECT_EQ(how("Olaf Scholt", "Olaf Scholz", "scholt"), "typo");
  EXPECT_GE(score("Olaf Scholt", "Olaf Scholz"), kDefaultThreshold);
  EXPECT_EQ(how("Michel Obama", "Michelle Obama", "michel"), "phonetic");
  EXPECT_EQ(how("J Smith", "John Smith", "j"), "initial");
  EXPECT_GE(score("J Smith", "John Smith"), kDefaultThreshold);
  EXPECT_LT(score("Hans O Friedrich", "Hans Joachim Friedrich"), score("Hans J Friedrich", "Hans Joachim Friedrich"));
}

TEST(Matcher, InitialsStaySeparateUnlessTheOtherNameWritesThemWhole) {
  // A person's initials each stand for a name ("A R" was once read as the particle "ar").
  EXPECT_GE(score("A R Abdullah", "Ahmad Rashid Abdullah"), kDefaultThreshold);
  EXPECT_EQ(how("A R Abdullah", "Ahmad Rashid Abdullah", "r"), "initial");
  EXPECT_GE(score("J. A. Hoffmann", "Johann Anton Hoffmann"), kDefaultThreshold);
  EXPECT_GE(score("Abdulla A. R.", "Ahmad Rashid Abdullah"), kDefaultThreshold);
  // The same letters are one abbreviation when the other name writes it whole.
  EXPECT_GE(score("A.B.C. Company", "ABC Company"), kDefaultThreshold);
  EXPECT_EQ(how("A.B.C. Company", "ABC Company", "a b c"), "exact");
  // Two abbreviations compare whole, in order.
  EXPECT_LT(score("C.B.A. Company", "A.B.C. Company"), kDefaultThreshold);
  EXPECT_GE(score("BP p.l.c.", "BP P.L.C."), kDefaultThreshold);
  // An initial is paired last: "M" must not take the Martin that "Mratin" spells.
  TokenWeights weights;
  // Michel (a Michael) common, Martin rarer: the initial's tie would go to the heavier Martin.
  for (int i = 0; i < 100; ++i) weights.add(prepare_name("Michael Name" + std::to_string(i)));
  for (int i = 0; i < 3; ++i) weights.add(prepare_name("Martin"));
  EXPECT_GE(match_names(prepare_name("M Mratin"), prepare_name("Michel Martin"), weights).score, kDefaultThreshold);
  auto runs = letter_runs(prepare_name("J. A. Hoffmann K.").tokens);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0], (std::pair<std::size_t, std::size_t>{0, 2}));
}

TEST(Matcher, AMistypedPrefixWrittenApartStillJoinsItsName) {
  EXPECT_EQ(name_table().prefix_of("abeul"), "abd");
  EXPECT_EQ(name_table().prefix_of("ebdul"), "");  // the first letters are kept
  EXPECT_EQ(name_table().prefix_of("abel"), "");   // a name of its own
  EXPECT_EQ(name_table().prefix_of("abtol"), "");  // a spelling of its own (Abtol Rahman), not a typo
  EXPECT_GE(score("ABEUL MANAN AGHA", "Abdul Manan Agha"), kDefaultThreshold);
  EXPECT_EQ(how("Abeul Hakim Murad", "Abdelhakim Murad", "abdhakim"), "exact");
}

TEST(Matcher, JoinsSplitWordsAndKeepsParticlesLight) {
  EXPECT_GE(score("Xiao Ming Wang", "Wang Xiaoming"), kDefaultThreshold);
  EXPECT_GE(score("Osama bin Laden", "Usama ibn Laden"), kDefaultThreshold);
  // A shared particle alone is no match.
  EXPECT_DOUBLE_EQ(score("Ahmed bin Khalid", "Ivan bin Petrov"), 0.0);
}

TEST(Matcher, AMachineTransliterationWithoutVowelsMatchesTheNameItSpells) {
  // ICU writes عبدالرحمن يوسف as "bdalrhmn ywsf": no short vowels, no ʿayn.
  EXPECT_EQ(consonant_skeleton("ywsf"), "ysf");
  EXPECT_EQ(consonant_skeleton("youssef"), "ysf");
  EXPECT_EQ(consonant_skeleton("bdalrhmn"), "bdrhmn");
  EXPECT_EQ(consonant_skeleton("abdrahman"), "bdrhmn");
  EXPECT_EQ(consonant_skeleton("abdullah"), "bdlh");  // too short to hold a glued al-
  EXPECT_TRUE(vowel_poor("bdalrhmn"));
  EXPECT_TRUE(vowel_poor("ywsf"));
  EXPECT_FALSE(vowel_poor("youssef"));
  EXPECT_FALSE(vowel_poor("smith"));
  EXPECT_FALSE(vowel_poor("al"));
  EXPECT_GE(score("Bdalrhmn Ywsf", "Youssef Abdelrahman"), kDefaultThreshold);
  EXPECT_GE(score("Bdalrhmn Ywsf", "يوسف عبدالرحمن"), kDefaultThreshold);
  EXPECT_EQ(how("Ywsf Alhrby", "Yusuf Al-Harbi", "ywsf"), "phonetic");  // the phonetic key already agrees
  EXPECT_EQ(how("Bdalrhmn Ywsf", "Youssef Abdelrahman", "bdalrhmn"), "transliteration");
  // Other consonants are another name.
  EXPECT_LT(score("Bdalkrm Ywsf", "Youssef Abdelrahman"), kDefaultThreshold);
}

TEST(Matcher, AThreeLetterNameTakesOneTypo) {
  // "Sw" for Sow, "Aii" for Ali: a short name mistyped is a weak match, not a conflict.
  EXPECT_EQ(how("Cheikh Sw", "Cheikh Sow", "sw"), "typo");
  EXPECT_EQ(how("Aii Ozturk", "Ali Öztürk", "aii"), "typo");
  EXPECT_GT(score("Cheikh Sw", "Cheikh Sow"), score("Cheikh Sw", "Cheikh Diop"));
  // Two letters leave no room for one.
  EXPECT_EQ(how("Li Wei", "Lu Wei", "li"), "");
}

TEST(Matcher, RomanisationsOfOneNameAcrossLanguagesAreVariants) {
  // Cantonese and Pinyin spellings of one family name, Somali and West
  // African spellings of Arabic names, a Greek name's everyday form.
  EXPECT_EQ(how("Jing Chow", "Jing Zhou", "chow"), "variant");
  EXPECT_EQ(how("Mei Lam", "Mei Lin", "lam"), "variant");
  EXPECT_EQ(how("Cumar Xasan", "Omar Hassan", "cumar"), "variant");
  EXPECT_EQ(how("Cumar Xasan", "Omar Hassan", "xasan"), "variant");
  EXPECT_EQ(how("Seydou Jallow", "Seydou Diallo", "jallow"), "variant");
  EXPECT_EQ(how("Abdoulaye Sow", "Abdullahi Sow", "abdoulaye"), "variant");
  EXPECT_EQ(how("Kostas Georgiou", "Konstantinos Georgiou", "kostas"), "variant");
  EXPECT_GE(score("Caasha Maxamed", "Aisha Mohamed"), kDefaultThreshold);
}

TEST(Matcher, ATitleWordAfterAnArticleOrLastIsAFamilyName) {
  // "Sayed", "Molla", "Sheikh" are titles before a name and family names
  // after an article or at the end: the match may rest on them.
  EXPECT_GE(score("F Al-Sayed", "Faisal Mohammed Al-Sayed"), kDefaultThreshold);
  EXPECT_GE(score("A. Molla", "Abdul Molla"), kDefaultThreshold);
  EXPECT_LT(score("F Al-Sayed", "Faisal Mohammed Al-Amin"), kDefaultThreshold);
  // In front it stays a title: two different people who share it do not match.
  EXPECT_LT(score("Sheikh Hassan", "Sheikh Omar"), 0.3);
  // A generational suffix is no family name.
  EXPECT_LT(score("R. Jr", "Robert Jr"), kDefaultThreshold);
}

TEST(Matcher, ACandidateWithAMistypedPartScoresNoLowerThanOneWithoutIt) {
  // "Kim Hypk Chol" (Hyok mistyped) is more likely Kim Hyok Chol than a
  // listed "Kim Chol": one typing error must not cost more than the part.
  TokenWeights weights;
  for (const char* n : {"Kim Chol", "Kim Hyok Chol", "Kim Yong Chol", "Kim Tong Chol", "Kim Sok Chol", "Jo Chol"}) {
    for (int i = 0; i < 20; ++i) weights.add(prepare_name(n));
  }
  auto s = [&](const std::string& a, const std::string& b) {
    return match_names(prepare_name(a), prepare_name(b), weights).score;
  };
  EXPECT_GE(s("Kim Hypk Chol", "Kim Hyok Chol"), s("Kim Hypk Chol", "Kim Chol"));
  EXPECT_GE(s("Kim Toog Chol", "Kim Tong Chol"), s("Kim Toog Chol", "Kim Chol"));
  // One error in three letters is another name too: Don Smith is no Jon Smith
  // (Rob and Bob are both Robert: nicknames, not a typing error).
  EXPECT_LT(score("Don Smith", "Jon Smith"), kDefaultThreshold);
  // Two errors in a short part are another name: no such floor.
  EXPECT_LT(s("Viktor Orbach", "Viktor Orban"), s("Viktor Orbach", "Viktor"));
  EXPECT_LT(score("Viktor Orbach", "Viktor Orban"), kDefaultThreshold);
}

TEST(Matcher, DifferentPeopleScoreLow) {
  EXPECT_LT(score("Boris Abramovich", "Roman Abramovich"), kDefaultThreshold);
  EXPECT_LT(score("Angela Merkel", "Olaf Scholz"), 0.1);
  // Same-script names compare as written: these homophones are different names.
  EXPECT_LT(score("高石早苗", "高市早苗"), kDefaultThreshold);
}

TEST(Matcher, ExtraMiddleNamesCostLessThanConflictingNames) {
  double extra = score("Dost Mohammad Haqqani", "Dost Mohammad Khan Haqqani");
  double conflict = score("Dost Mohammad Haqqani", "Dost Mohammad Zadran");
  EXPECT_GT(extra, conflict);
  EXPECT_GE(extra, kDefaultThreshold);
}

TEST(Matcher, RareTokensWeighMoreThanCommonOnes) {
  TokenWeights weights;
  for (int i = 0; i < 200; ++i) weights.add(prepare_name("Mohammed Name" + std::to_string(i)));
  weights.add(prepare_name("Mohammed Zarkari"));
  auto common = prepare_token("mohammed", {});
  auto rare = prepare_token("zarkari", {});
  EXPECT_LT(weights.weight(common), 0.6);
  EXPECT_GT(weights.weight(rare), 0.95);
  // Sharing only the common name is weaker than sharing only the rare one.
  double shares_common =
      match_names(prepare_name("Mohammed Zarkari"), prepare_name("Mohammed Yusufzai"), weights).score;
  double shares_rare = match_names(prepare_name("Mohammed Zarkari"), prepare_name("Ahmad Zarkari"), weights).score;
  EXPECT_LT(shares_common, shares_rare);
  weights.remove(prepare_name("Mohammed Zarkari"));
  EXPECT_EQ(weights.names(), 200u);
}

TEST(Matcher, ScoresStayWithinZeroAndOne) {
  const std::vector<std::string> names = {"", "A", "A.B.C. Company", "Mohammed", "محمد", "王小明", "J J J", "al al al"};
  for (const auto& a : names) {
    for (const auto& b : names) {
      double s = score(a, b);
      EXPECT_GE(s, 0.0) << a << " / " << b;
      EXPECT_LE(s, 1.0) << a << " / " << b;
    }
  }
}

}  // namespace
}  // namespace ariadne::text
