// Records, comparison levels and blocking.
#include <gtest/gtest.h>

#include <algorithm>

#include "er/blocking.hpp"
#include "er/comparisons.hpp"
#include "er/model.hpp"

namespace ariadne::er {
namespace {

Schema person_schema() {
  Schema s;
  s.names = true;
  s.birth_date = true;
  s.sex = true;
  s.nationality = true;
  s.identifiers = true;
  return s;
}

PersonRecord person(std::string id, std::string name, std::string birth, std::string sex = "M",
                    std::string nationality = "SYR", std::vector<std::string> ids = {}) {
  PersonRecord r;
  r.id = std::move(id);
  r.names = {std::move(name)};
  r.birth_date = std::move(birth);
  r.sex = std::move(sex);
  r.nationality = std::move(nationality);
  r.identifiers = std::move(ids);
  return r;
}

// The level name a comparison reaches for a pair.
std::string level(const RecordTable& table, const std::vector<Comparison>& cs, const std::string& comparison,
                  std::uint32_t a, std::uint32_t b) {
  Comparer comparer(table, cs);
  const auto compared = comparer.compare(a, b);
  for (std::size_t c = 0; c < cs.size(); ++c) {
    if (cs[c].name == comparison) return cs[c].levels[level_of(compared.pattern, c)];
  }
  return "no such comparison";
}

TEST(BirthDate, ReadsTheFormsRecordsUse) {
  BirthDate d;
  ASSERT_TRUE(parse_birth_date("1987-03-09", d));
  EXPECT_EQ(d.year, 1987);
  EXPECT_EQ(d.month, 3);
  EXPECT_EQ(d.day, 9);
  ASSERT_TRUE(parse_birth_date("19870309", d));
  EXPECT_EQ(d.day, 9);
  ASSERT_TRUE(parse_birth_date("1987-03", d));
  EXPECT_FALSE(d.complete());
  ASSERT_TRUE(parse_birth_date("1987", d));
  EXPECT_EQ(d.month, 0);
  // Digits of an impossible day are kept: a typing error still says much.
  ASSERT_TRUE(parse_birth_date("19560231", d));
  for (const char* bad :
       {"", "87", "1987-13-01", "1987-00", "1987/03/09", "19871309", "198703091", "abcd", "1987-03-32", "0000"}) {
    EXPECT_FALSE(parse_birth_date(bad, d)) << bad;
  }
}

TEST(RecordTable, InternsValuesAndCountsHowCommonTheyAre) {
  RecordTable t(person_schema());
  t.add(person("1", "Mohammed Al-Hassan", "1980"));
  t.add(person("2", "MOHAMMED AL HASSAN", "1980"));
  t.add(person("3", "Omar Khalil", "1980", "M", "IRQ"));
  EXPECT_EQ(t[0].names, t[1].names) << "spellings that normalise alike are one name";
  EXPECT_NE(t[0].names, t[2].names);
  // Two records of one name and birth year are one person as far as the
  // name's frequency goes: a name-and-year holds 3/2 records on average.
  EXPECT_DOUBLE_EQ(t.name_frequency(t[0].names[0]), 1.5 / 3.0);
  EXPECT_DOUBLE_EQ(t.string_frequency(t[2].nationality), 1.0 / 3.0);
  // A birth date that is none is counted, and compared as unknown.
  t.add(person("4", "Omar Khalil", "next year"));
  EXPECT_EQ(t.bad_birth_dates(), 1U);
  EXPECT_FALSE(t[3].birth.known());
  // Born in other years, the same name is held by other people.
  t.add(person("5", "Mohammed Al-Hassan", "1990"));
  t.add(person("6", "Mohammed Al-Hassan", "2000"));
  // Five records with a birth year hold four names-and-years: 5/4 records each.
  EXPECT_DOUBLE_EQ(t.name_frequency(t[0].names[0]), 3 * 1.25 / 6.0);
}

TEST(RecordTable, AddingManyAtOnceGivesTheSameTable) {
  std::vector<PersonRecord> records;
  const char* names[] = {"Mohammed Al-Hassan", "محمد الحسن", "Сергей Иванов", "Sergei Ivanov", "王小明", "",
                         "Ana López"};
  for (int i = 0; i < 2000; ++i) records.push_back(person(std::to_string(i), names[i % 7], "1980"));
  RecordTable one(person_schema()), many(person_schema());
  for (const auto& r : records) one.add(r);
  many.add(records, 2);
  ASSERT_EQ(one.size(), many.size());
  for (std::uint32_t i = 0; i < one.size(); ++i) {
    ASSERT_EQ(one[i].names, many[i].names) << i;
    for (auto id : one[i].names) {
      EXPECT_EQ(one.name(id).text, many.name(id).text);
      EXPECT_EQ(one.name_frequency(id), many.name_frequency(id));
    }
  }
}

TEST(Comparisons, NameLevelsGoFromExactToDifferent) {
  RecordTable t(person_schema());
  t.add(person("1", "Mohammed Al-Hassan", ""));
  t.add(person("2", "Mohammed Al-Hassan", ""));
  t.add(person("3", "Muhammad Al Hasan", ""));
  t.add(person("4", "Sergei Ivanov", ""));
  t.add(person("5", "محمد الحسن", ""));
  PersonRecord nameless = person("6", "", "");
  nameless.names.clear();
  t.add(nameless);
  const auto cs = comparisons_for(t.schema());
  EXPECT_EQ(level(t, cs, "name", 0, 1), "exact");
  EXPECT_EQ(level(t, cs, "name", 0, 2), "close");
  EXPECT_EQ(level(t, cs, "name", 0, 3), "different");
  const auto arabic = level(t, cs, "name", 0, 4);
  EXPECT_TRUE(arabic == "close" || arabic == "similar") << arabic << ": across scripts";
  EXPECT_EQ(level(t, cs, "name", 0, 5), "null");
}

TEST(Comparisons, NamesSharingAWholeTokenReachTheTokenLevel) {
  RecordTable t(person_schema());
  t.add(person("1", "Ramatoulaye Diallo", ""));
  t.add(person("2", "Fatou Diallo", ""));  // an alias keeps the family name
  t.add(person("3", "S. Sylla", ""));
  t.add(person("4", "Oumar Sylla", ""));
  t.add(person("5", "Oumar Keita", ""));
  t.add(person("6", "O. K.", ""));
  t.add(person("7", "Karim Al-Jubouri", ""));
  t.add(person("8", "Ahmed Al-Shami", ""));
  t.add(person("9", "Hassan van der Berg", ""));
  t.add(person("10", "Pieter van Dijk", ""));
  const auto cs = comparisons_for(t.schema());
  EXPECT_EQ(level(t, cs, "name", 0, 1), "token");
  EXPECT_EQ(level(t, cs, "name", 2, 3), "token") << "an initial and the family name";
  EXPECT_EQ(level(t, cs, "name", 0, 2), "different");
  EXPECT_NE(level(t, cs, "name", 4, 5), "token") << "initials alone are no shared token";
  EXPECT_EQ(level(t, cs, "name", 6, 7), "different") << "the article alone is no shared name";
  EXPECT_EQ(level(t, cs, "name", 8, 9), "different") << "nor are particles";
}

TEST(Comparisons, ContextCountsSharedIdentifiersOtherThanTheRecordsOwn) {
  Schema s = person_schema();
  s.context = true;
  RecordTable t(s);
  auto with = [](std::string id, std::vector<std::string> own, std::vector<std::string> context) {
    auto r = person(std::move(id), "Ali Hassan", "", "M", "SYR", std::move(own));
    r.context = std::move(context);
    return r;
  };
  t.add(with("1", {"phone:+1"}, {"phone:+1", "phone:+2", "plate:FRA:AB1"}));
  t.add(with("2", {}, {"phone:+2", "plate:FRA:AB1"}));
  t.add(with("3", {}, {"phone:+2"}));
  t.add(with("4", {}, {"phone:+9"}));
  t.add(with("5", {}, {"phone:+1"}));
  t.add(with("6", {}, {}));
  EXPECT_EQ(t[0].context.size(), 2U) << "the record's own phone is compared as an identifier, not as context";
  const auto cs = comparisons_for(t.schema());
  EXPECT_EQ(level(t, cs, "context", 0, 1), "several");
  EXPECT_EQ(level(t, cs, "context", 0, 2), "shared");
  EXPECT_EQ(level(t, cs, "context", 0, 3), "different");
  EXPECT_EQ(level(t, cs, "context", 0, 4), "different") << "+1 is record 1's own";
  EXPECT_EQ(level(t, cs, "context", 0, 5), "null");
}

TEST(Comparisons, SplitNamesSwappedAreComparedCrosswise) {
  Schema s;
  s.split_names = true;
  RecordTable t(s);
  PersonRecord a, b, c;
  a.given_name = "kayla", a.surname = "harrington";
  b.given_name = "harrington", b.surname = "kayla";
  c.given_name = "kayla", c.surname = "harringtom";
  t.add(a), t.add(b), t.add(c);
  const auto cs = comparisons_for(s);
  EXPECT_EQ(level(t, cs, "given_name", 0, 1), "exact");
  EXPECT_EQ(level(t, cs, "surname", 0, 1), "exact");
  EXPECT_EQ(level(t, cs, "given_name", 0, 2), "exact");
  const auto typo = level(t, cs, "surname", 0, 2);
  EXPECT_TRUE(typo == "close" || typo == "similar" || typo == "typo") << typo;
}

TEST(Comparisons, BirthDateLevels) {
  RecordTable t(person_schema());
  for (const char* d : {"1980-03-09", "1980-03-09", "1980-09-03", "1980-03-08", "1980-03-21", "1980-03", "1980",
                        "1980-07-01", "1975-01-01", ""}) {
    t.add(person("x", "A B", d));
  }
  const auto cs = comparisons_for(t.schema());
  EXPECT_EQ(level(t, cs, "birth_date", 0, 1), "exact");
  EXPECT_EQ(level(t, cs, "birth_date", 0, 2), "typo") << "day and month transposed";
  EXPECT_EQ(level(t, cs, "birth_date", 0, 3), "typo") << "one digit";
  EXPECT_EQ(level(t, cs, "birth_date", 0, 4), "month");
  EXPECT_EQ(level(t, cs, "birth_date", 0, 5), "partial");
  EXPECT_EQ(level(t, cs, "birth_date", 0, 6), "partial");
  EXPECT_EQ(level(t, cs, "birth_date", 0, 7), "year");
  EXPECT_EQ(level(t, cs, "birth_date", 0, 8), "different");
  EXPECT_EQ(level(t, cs, "birth_date", 0, 9), "null");
  EXPECT_EQ(level(t, cs, "birth_date", 5, 7), "year") << "partial dates compare as far as they go";
}

TEST(Comparisons, IdentifiersSexNationalityAndAttributes) {
  Schema s = person_schema();
  s.attributes = {
      {"street", AttributeKind::text}, {"postcode", AttributeKind::code}, {"state", AttributeKind::category}};
  RecordTable t(s);
  auto with = [](PersonRecord r, std::vector<std::string> attributes) {
    r.attributes = std::move(attributes);
    return r;
  };
  t.add(with(person("1", "A B", "", "M", "SYR", {"phone:+963944123456"}), {"tullaroop street", "4011", "wa"}));
  t.add(with(person("2", "A B", "", "F", "IRQ", {"phone:+963944123456", "iban:X"}), {"tullaroop st", "4011", "nsw"}));
  t.add(with(person("3", "A B", "", "", "", {"phone:+963944123457"}), {"", "4012", ""}));
  t.add(with(person("4", "A B", "", "M", "SYR", {"phone:+33612345678"}), {"giblin street", "2776", "wa"}));
  t.add(with(person("5", "A B", "", "M", "SYR", {"passport:FRA:15AB12345"}), {"", "", ""}));
  const auto cs = comparisons_for(s);
  EXPECT_EQ(level(t, cs, "identifier", 0, 1), "shared");
  EXPECT_EQ(level(t, cs, "identifier", 0, 2), "typo");
  EXPECT_EQ(level(t, cs, "identifier", 0, 3), "different");
  EXPECT_EQ(level(t, cs, "identifier", 0, 4), "null") << "no kind in common";
  EXPECT_EQ(level(t, cs, "sex", 0, 1), "disagree");
  EXPECT_EQ(level(t, cs, "sex", 0, 2), "null");
  EXPECT_EQ(level(t, cs, "nationality", 0, 3), "agree");
  EXPECT_EQ(level(t, cs, "street", 0, 1), "close");
  EXPECT_EQ(level(t, cs, "street", 0, 3), "different");
  EXPECT_EQ(level(t, cs, "postcode", 0, 1), "exact");
  EXPECT_EQ(level(t, cs, "postcode", 0, 2), "typo");
  EXPECT_EQ(level(t, cs, "postcode", 0, 3), "different");
  EXPECT_EQ(level(t, cs, "state", 0, 1), "disagree");
  EXPECT_EQ(level(t, cs, "state", 0, 3), "agree");
  EXPECT_EQ(level(t, cs, "street", 0, 4), "null");
}

TEST(Comparisons, AgreeingOnARareCategoryWeighsMoreThanOnACommonOne) {
  Schema s;
  s.names = true;
  s.attributes = {{"role", AttributeKind::category}};
  RecordTable t(s);
  for (int i = 0; i < 20; ++i) {
    PersonRecord r;
    r.names = {"A B"};
    r.attributes = {i < 2 ? "boat_captain" : "migrant"};
    t.add(r);
  }
  Model model = initial_model(comparisons_for(s));
  model.u_random_exact = {0, 0.5};  // the role's agreement among random pairs
  ASSERT_EQ(model.comparisons[1].name, "role");
  Comparer comparer(t, model.comparisons);
  const auto captains = explain(model, t, comparer.compare(0, 1));
  const auto migrants = explain(model, t, comparer.compare(2, 3));
  EXPECT_EQ(captains.features[1].value, "boat_captain");
  EXPECT_DOUBLE_EQ(captains.features[1].tf_adjustment, std::log2(0.5 / 0.1));
  EXPECT_DOUBLE_EQ(migrants.features[1].tf_adjustment, std::log2(0.5 / 0.9));
  EXPECT_GT(captains.weight, migrants.weight);
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs_of(const std::vector<CandidatePair>& c) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  for (const auto& p : c) out.emplace_back(p.a, p.b);
  return out;
}

TEST(Blocking, RecordsSharingEveryKeyOfARuleArePaired) {
  RecordTable t(person_schema());
  t.add(person("0", "Omar Khalil", "1980-01-02"));
  t.add(person("1", "Khalil Omar", "1980-05-05"));   // same tokens, same year
  t.add(person("2", "Omar Khalil", "1990-01-02"));   // another year
  t.add(person("3", "Omar Kalil", "1980-01-02"));    // a typo: one token and the birth date
  t.add(person("4", "Nadia Haddad", "1980-01-02"));  // only the birth date
  const std::vector<BlockingRule> rules{{{"name_token_pair", "birth_year"}}, {{"name_token", "birth_date"}}};
  ASSERT_TRUE(check_rules(rules, t.schema()));
  BlockingStats stats;
  const auto pairs = candidate_pairs(t, rules, {}, stats);
  using P = std::pair<std::uint32_t, std::uint32_t>;
  EXPECT_EQ(pairs_of(pairs), (std::vector<P>{{0, 1}, {0, 3}}));
  EXPECT_EQ(pairs[0].rules, 1U);
  EXPECT_EQ(pairs[1].rules, 2U);
  ASSERT_EQ(stats.pairs_by_rule.size(), 2U);
  EXPECT_EQ(stats.pairs_by_rule[0], 1U);
  // Incremental: only pairs with a record from `first` on.
  BlockingStats s2;
  EXPECT_EQ(pairs_of(candidate_pairs(t, rules, {}, s2, 3)), (std::vector<P>{{0, 3}}));
  EXPECT_TRUE(candidate_pairs(t, rules, {}, s2, 4).empty());
}

TEST(Blocking, AnIndexPairsNewRecordsAsAFreshBlockingWould) {
  RecordTable t(person_schema());
  const char* names[] = {"Omar Khalil", "Khalil Omar", "Omar Kalil", "Nadia Haddad", "John Smith"};
  for (int i = 0; i < 300; ++i) {
    t.add(person(std::to_string(i), names[i % 5], "198" + std::to_string(i % 3) + "-01-0" + std::to_string(1 + i % 4)));
  }
  const auto rules = default_rules(t.schema());
  BlockingOptions options;
  options.max_block = 40;
  BlockingStats fresh_stats;
  const auto all = candidate_pairs(t, rules, options, fresh_stats);
  // The same pairs, whether indexed at once or in three steps.
  RecordTable grown(person_schema());
  BlockIndex index(rules, options);
  std::vector<CandidatePair> stepwise;
  for (int step = 0; step < 3; ++step) {
    for (int i = step * 100; i < (step + 1) * 100; ++i)
      grown.add(
          person(std::to_string(i), names[i % 5], "198" + std::to_string(i % 3) + "-01-0" + std::to_string(1 + i % 4)));
    BlockingStats stats;
    const auto pairs = index.add(grown, stats);
    for (const auto& p : pairs)
      EXPECT_GE(p.b, static_cast<std::uint32_t>(step * 100)) << "only pairs with a new record";
    stepwise.insert(stepwise.end(), pairs.begin(), pairs.end());
  }
  EXPECT_EQ(index.indexed(), 300U);
  std::sort(stepwise.begin(), stepwise.end(),
            [](const CandidatePair& x, const CandidatePair& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
  // Blocks that outgrew the cap late were paired while they were small: the
  // index keeps those pairs, a fresh blocking skips the whole block.
  std::size_t missing = 0;
  for (const auto& p : all) {
    missing += !std::binary_search(
        stepwise.begin(), stepwise.end(), p,
        [](const CandidatePair& x, const CandidatePair& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
  }
  EXPECT_EQ(missing, 0U);
  // Indexed at once, exactly the same pairs and rules.
  BlockIndex once(rules, options);
  BlockingStats stats;
  EXPECT_EQ(once.add(t, stats), all);
}

TEST(Blocking, RecordsWhoseCasesShareAnIdentifierArePairedByContext) {
  Schema s = person_schema();
  s.context = true;
  RecordTable t(s);
  // An alias: no name token, birth date or nationality in common, but their
  // cases hold the same phone.
  auto a = person("0", "Omar Khalil", "", "M", "SYR");
  a.context = {"phone:+963991234567", "iban:DE89370400440532013000"};
  auto b = person("1", "Abu Faris", "1981", "M", "IRQ");
  b.context = {"phone:+963991234567"};
  auto c = person("2", "Nadia Haddad", "1980", "F", "SYR");
  c.context = {"phone:+33612345678"};
  t.add(a), t.add(b), t.add(c);
  const std::vector<BlockingRule> rules{{{"context"}, 100}};
  ASSERT_TRUE(check_rules(rules, t.schema()));
  BlockingStats stats;
  using P = std::pair<std::uint32_t, std::uint32_t>;
  EXPECT_EQ(pairs_of(candidate_pairs(t, rules, {}, stats)), (std::vector<P>{{0, 1}}));
  EXPECT_EQ(compared_by(rules[0], t.schema()), std::vector<std::string>{"context"});
  // Without context in the schema the key is refused, naming the rule.
  RecordTable plain(person_schema());
  const auto refused = check_rules(rules, plain.schema());
  ASSERT_FALSE(refused);
  ASSERT_EQ(refused.error().fields.size(), 1U);
  EXPECT_EQ(refused.error().fields[0].field, "blocking[0]");
}

TEST(Blocking, AGroupLargerThanAContextBlockIsNotEvenIndexedByIt) {
  Schema s = person_schema();
  s.context = true;
  RecordTable t(s);
  // One case of 150 people sharing its phone, and a person of another case with that phone.
  for (int i = 0; i < 150; ++i) {
    auto r = person(std::to_string(i), "Person " + std::to_string(i), "1980");
    r.context = {"phone:+963991234567"};
    r.group = "big";
    t.add(r);
  }
  auto other = person("x", "Abu Faris", "1981");
  other.context = {"phone:+963991234567"};
  other.group = "small";
  t.add(other);
  EXPECT_EQ(t.records_with(t[0].group), 150U);
  BlockingStats stats;
  EXPECT_TRUE(candidate_pairs(t, {{{"context"}, 100}}, {}, stats).empty());
  EXPECT_EQ(stats.oversized_blocks, 0U) << "its records were never put in the block";
  // A cap above the group's size pairs the other case's person with each of them, and none within the case.
  BlockingStats wide;
  EXPECT_EQ(candidate_pairs(t, {{{"context"}, 200}}, {}, wide).size(), 150U);
}

TEST(Blocking, OversizedBlocksAreSkippedAndReported) {
  RecordTable t(person_schema());
  for (int i = 0; i < 6; ++i) t.add(person(std::to_string(i), "John Smith", "1970"));
  BlockingStats stats;
  BlockingOptions options;
  options.max_block = 5;
  EXPECT_TRUE(candidate_pairs(t, {{{"name_token_pair"}}}, options, stats).empty());
  EXPECT_EQ(stats.oversized_blocks, 1U);
  EXPECT_EQ(stats.largest_oversized_block, 6U);
  // A rule's own cap wins over the option.
  BlockingStats s2;
  EXPECT_EQ(candidate_pairs(t, {{{"name_token_pair"}, 10}}, options, s2).size(), 15U);
}

TEST(Blocking, LinkingPairsOnlyRecordsOfDifferentSources) {
  RecordTable t(person_schema());
  for (std::uint32_t i = 0; i < 4; ++i) {
    auto r = person(std::to_string(i), "John Smith", "1970");
    r.source = i % 2;
    t.add(r);
  }
  BlockingStats stats;
  BlockingOptions options;
  options.link_only = true;
  const auto pairs = candidate_pairs(t, {{{"name_token_pair"}}}, options, stats);
  ASSERT_EQ(pairs.size(), 4U);
  for (const auto& p : pairs) EXPECT_NE(t[p.a].source, t[p.b].source);
}

TEST(Blocking, RulesAreCheckedAgainstTheSchema) {
  Schema s;
  s.split_names = true;
  s.attributes = {{"postcode", AttributeKind::code}};
  EXPECT_TRUE(check_rules({{{"given_key", "attr:postcode"}}}, s));
  const auto bad = check_rules({{{"given_key"}}, {{"name_token"}}, {{"attr:suburb"}}, {{}}}, s);
  ASSERT_FALSE(bad);
  std::vector<std::string> fields;
  for (const auto& f : bad.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"blocking[1]", "blocking[2]", "blocking[3]"}));
  EXPECT_FALSE(check_rules({}, s));
  // What a rule blocks on, for training: a name also stands for sex and origin.
  EXPECT_EQ(compared_by({{"given_key", "attr:postcode"}}, s),
            (std::vector<std::string>{"given_name", "sex", "nationality", "postcode"}));
}

}  // namespace
}  // namespace ariadne::er
