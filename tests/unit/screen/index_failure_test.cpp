// A search that fails midway (an allocation refused at any point) leaves the
// thread's scratch as it found it: the next search answers as a fresh one.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>

#include "screen/index.hpp"
#include "support/screen_record.hpp"

namespace {

// Allocations left before one fails on this thread; negative: never fails.
thread_local long allocations_left = -1;

}  // namespace

void* operator new(std::size_t size) {
  if (allocations_left == 0) {
    allocations_left = -1;
    throw std::bad_alloc();
  }
  if (allocations_left > 0) --allocations_left;
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}

// The library's nothrow allocations (std::stable_sort's buffer) go through
// the same counter, so every delete below frees what malloc gave.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return ::operator new(size);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}

// The replacement operator new above allocates with malloc, so free is its
// match; GCC cannot see that once the default new is inlined elsewhere.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept {
  std::free(p);
}

void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
#pragma GCC diagnostic pop

namespace ariadne::screen {
namespace {

using testing::person;

std::vector<std::pair<std::int64_t, double>> answer(const std::vector<Hit>& hits) {
  std::vector<std::pair<std::int64_t, double>> out;
  for (const auto& h : hits) out.emplace_back(h.record.id, h.match.score);
  return out;
}

TEST(ScreeningIndexFailure, AFailedSearchLeavesNoStaleVotesOrMarks) {
  // Votes choose the one candidate scored: 150 "Zorbax Quentor…", 1,000
  // other Zorbaxes (a long list, gathered last) and one "Zorbax Milbank".
  // Votes a failed search for "Zorbax Quentorab" left behind would put that
  // spelling ahead of Milbank in the next search, for Milbank.
  ScreeningIndex index;
  std::vector<ScreenRecord> batch;
  std::int64_t id = 0;
  auto letters = [](int i) {
    return std::string{static_cast<char>('a' + i % 26), static_cast<char>('a' + i / 26 % 26)};
  };
  for (int i = 0; i < 150; ++i) batch.push_back(person(++id, "Zorbax Quentor" + letters(i)));
  for (int i = 0; i < 1000; ++i) batch.push_back(person(++id, "Zorbax " + letters(i) + "lind" + letters(i / 7)));
  batch.push_back(person(++id, "Zorbax Milbank"));
  index.upsert_all(std::move(batch));
  const auto caller = policy::system_caller();
  const auto query = text::prepare_name("Zorbax Quentorab"), other = text::prepare_name("Zorbax Milbank");
  auto search = [&](const text::PreparedName& name) { return answer(index.search(name, caller, 1, 0.4, 1)); };
  const auto expected = search(query);
  const auto expected_other = search(other);
  ASSERT_EQ(expected.size(), 1u);
  ASSERT_FALSE(expected_other.empty());
  bool completed = false;
  for (long fail_at = 0; !completed && fail_at < 100000; ++fail_at) {
    allocations_left = fail_at;
    try {
      auto hits = search(query);
      completed = true;
      allocations_left = -1;
      EXPECT_EQ(hits, expected);
    } catch (const std::bad_alloc&) {
      allocations_left = -1;
      // The thread's next searches count from zero and mark nothing twice.
      EXPECT_EQ(ScreeningIndex::pending_votes(), 0u) << "after a failure at allocation " << fail_at;
      EXPECT_EQ(search(other), expected_other) << "after a failure at allocation " << fail_at;
      EXPECT_EQ(search(query), expected) << "after a failure at allocation " << fail_at;
    }
  }
  EXPECT_TRUE(completed);
}

}  // namespace
}  // namespace ariadne::screen
