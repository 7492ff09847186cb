#include "text/phonetic.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <vector>

namespace ariadne::text {
namespace {

bool vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

}  // namespace

std::string phonetic_key(std::string_view t) {
  std::string out;
  auto put = [&out](char c) {
    if (out.empty() || out.back() != c) out += c;
  };
  std::size_t i = 0;
  if (!t.empty() && (vowel(t[0]) || t[0] == 'j' || t[0] == 'w') && !(t[0] == 'w' && t.size() > 1 && !vowel(t[1]))) {
    // An initial vowel (or the glide j/w/y before one) is kept as one marker:
    // Yusuf, Jusuf, Iosif, Joseph, Usama, Osama.
    if (t[0] == 'w') {
      put('v');
    } else {
      put('a');
    }
    i = 1;
  }
  for (; i < t.size(); ++i) {
    char c = t[i];
    char next = i + 1 < t.size() ? t[i + 1] : '\0';
    auto starts = [&](std::string_view s) { return t.substr(i, s.size()) == s; };
    if (starts("tsch")) {
      put('s');
      i += 3;
      continue;
    }
    if (starts("sch") || starts("tch")) {
      put('s');
      i += 2;
      continue;
    }
    if (next == 'h' && (c == 'k' || c == 's' || c == 'c' || c == 'z' || c == 'p' || c == 't' || c == 'd' || c == 'g')) {
      switch (c) {
        case 'k': put('h'); break;
        case 'p': put('f'); break;
        case 't':
        case 'd': put('t'); break;
        case 'g': put('k'); break;
        default: put('s'); break;  // sh, ch, zh
      }
      ++i;
      continue;
    }
    if (vowel(c) || c == 'w' || c == 'j') continue;
    switch (c) {
      case 'd': put('t'); break;
      case 'g':
      case 'q': put('k'); break;
      case 'c': put(next == 'e' || next == 'i' ? 's' : 'k'); break;
      case 'x':
        put('k');
        put('s');
        break;
      case 'z': put('s'); break;
      case 'v': put('f'); break;
      case 'b': put('p'); break;
      default: put(c); break;
    }
  }
  return out;
}

namespace {

// With a bound, stops once two rows in a row exceed it: every later cell
// then does too (a cell comes from the row above, or two above plus one),
// and bound + 1 is returned.
template <class View>
int osa_distance(View a, View b, int bound = std::numeric_limits<int>::max()) {
  const std::size_t n = a.size(), m = b.size();
  // Three rows; names are short, so they live on the stack unless very long.
  constexpr std::size_t kStack = 64;
  int stack[3][kStack];
  std::vector<int> heap;
  int* rows[3];
  if (m + 1 <= kStack) {
    for (int r = 0; r < 3; ++r) rows[r] = stack[r];
  } else {
    heap.resize(3 * (m + 1));
    for (int r = 0; r < 3; ++r) rows[r] = heap.data() + static_cast<std::size_t>(r) * (m + 1);
  }
  int* prev2 = rows[0];
  int* prev = rows[1];
  int* cur = rows[2];
  for (std::size_t j = 0; j <= m; ++j) prev[j] = static_cast<int>(j);
  bool prev_over = false;  // whether every cell of the row above exceeds the bound
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = static_cast<int>(i);
    int low = cur[0];
    for (std::size_t j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      low = std::min(low, cur[j]);
    }
    const bool over = low > bound;
    if (over && prev_over) return bound + 1;
    prev_over = over;
    int* spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  return prev[m];
}

}  // namespace

int edit_distance(std::string_view a, std::string_view b) {
  return osa_distance(a, b);
}
int edit_distance(std::u32string_view a, std::u32string_view b) {
  return osa_distance(a, b);
}

int edit_distance_within(std::string_view a, std::string_view b, int bound) {
  const auto la = static_cast<int>(a.size()), lb = static_cast<int>(b.size());
  if (std::abs(la - lb) > bound) return bound + 1;
  // Each edit changes the multiset of letters by at most one on each side
  // (a transposition not at all), so the letters only one string holds bound
  // the distance from below. Only the counts of letters the strings hold are
  // set and read: names are far shorter than the alphabet.
  int count[256];
  for (const char c : a) count[static_cast<unsigned char>(c)] = 0;
  for (const char c : b) count[static_cast<unsigned char>(c)] = 0;
  for (const char c : a) ++count[static_cast<unsigned char>(c)];
  for (const char c : b) --count[static_cast<unsigned char>(c)];
  int only_a = 0, only_b = 0;
  for (const char c : a) {
    auto& n = count[static_cast<unsigned char>(c)];
    if (n > 0) only_a += n;
    n = 0;
  }
  for (const char c : b) {
    auto& n = count[static_cast<unsigned char>(c)];
    if (n < 0) only_b -= n;
    n = 0;
  }
  if (std::max(only_a, only_b) > bound) return bound + 1;
  return std::min(osa_distance(a, b, bound), bound + 1);
}

double jaro_winkler(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return a == b ? 1.0 : 0.0;
  const int la = static_cast<int>(a.size()), lb = static_cast<int>(b.size());
  const int window = std::max(0, std::max(la, lb) / 2 - 1);
  std::vector<char> ma(a.size(), 0), mb(b.size(), 0);
  int matches = 0;
  for (int i = 0; i < la; ++i) {
    for (int j = std::max(0, i - window); j < std::min(lb, i + window + 1); ++j) {
      if (mb[j] || a[i] != b[j]) continue;
      ma[i] = mb[j] = 1;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  int transpositions = 0;
  for (int i = 0, j = 0; i < la; ++i) {
    if (!ma[i]) continue;
    while (!mb[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  const double m = matches;
  const double jaro = (m / la + m / lb + (m - transpositions / 2.0) / m) / 3.0;
  int prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix]) ++prefix;
  return jaro + prefix * 0.1 * (1.0 - jaro);
}

}  // namespace ariadne::text
