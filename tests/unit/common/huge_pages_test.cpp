#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <vector>

#include "common/huge_pages.hpp"

namespace ariadne {
namespace {

TEST(HugePageAllocator, LargeBlocksStartOnAHugePageAndHoldTheirValues) {
  std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> large(3 * kHugePageBytes / 8 + 5);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(large.data()) % kHugePageBytes, 0U);
  std::iota(large.begin(), large.end(), 1);
  EXPECT_EQ(large.back(), large.size());
  large.resize(large.size() * 2, 7);  // moved into a new block, the old one freed
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(large.data()) % kHugePageBytes, 0U);
  EXPECT_EQ(large[41], 42U);
  EXPECT_EQ(large.back(), 7U);
}

TEST(HugePageAllocator, SmallBlocksComeFromTheUsualAllocator) {
  std::vector<int, HugePageAllocator<int>> small(10, 3);
  small.shrink_to_fit();
  EXPECT_EQ(std::accumulate(small.begin(), small.end(), 0), 30);
  // Growing across the threshold moves it from one kind of block to the other.
  small.resize(kHugePageBytes / sizeof(int) + 1, 1);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(small.data()) % kHugePageBytes, 0U);
  EXPECT_EQ(small[9], 3);
}

}  // namespace
}  // namespace ariadne
