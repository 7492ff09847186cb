// The audit verifier (`ariadne audit verify`, GET /audit/verify) and the
// audit listing over a log whose rows come from the input: a verifier must
// report any log, however damaged, without failing itself.
//
// One row per line, fields separated by tabs: seq, at, user, member, action,
// object, outcome, detail, prev_hash, hash. A prev_hash or hash left out or
// given as "=" is the correct one for a chain of the rows so far, so inputs
// reach past the first hash check; "HEAD\tSEQ\tHASH" sets the chain head
// (which otherwise records the last row). The log is rolled back after each input.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "store/audit.hpp"

namespace store = ariadne::store;

namespace {

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    auto tab = line.find('\t', start);
    out.push_back(line.substr(start, tab - start));
    if (tab == std::string::npos) return out;
    start = tab + 1;
  }
}

// A number of at most 18 digits, or `fallback`.
std::int64_t number(const std::string& s, std::int64_t fallback) {
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789-") != std::string::npos) return fallback;
  try {
    return std::stoll(s);
  } catch (const std::exception&) {
    return fallback;
  }
}

std::string field(const std::vector<std::string>& f, std::size_t i) {
  return i < f.size() ? f[i] : "";
}

void write_log(store::Database& db, const std::string& text) {
  (void)db.execute("DELETE FROM audit_log");
  (void)db.execute("DELETE FROM audit_head");
  std::istringstream in(text);
  std::string line, prev = std::string(64, '0');
  std::int64_t seq = 0, head_seq = 0;
  std::string head_hash = prev;
  bool head_given = false;
  while (std::getline(in, line)) {
    auto f = split(line);
    if (f[0] == "HEAD") {
      head_seq = number(field(f, 1), 0);
      head_hash = field(f, 2);
      head_given = true;
      continue;
    }
    seq = number(f[0], seq + 1);
    std::string at = field(f, 1);
    store::AuditRecord r{field(f, 2), field(f, 3), field(f, 4), field(f, 5), field(f, 6), field(f, 7)};
    std::string prev_hash = f.size() > 8 && f[8] != "=" ? f[8] : prev;
    std::string hash =
        f.size() > 9 && f[9] != "=" ? f[9] : store::audit_hash(prev_hash, store::audit_canonical(seq, at, r));
    (void)db.execute(
        "INSERT OR IGNORE INTO audit_log (seq, at, username, member, action, object, outcome, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {seq, at, r.username, r.member, r.action, r.object, r.outcome, r.detail, prev_hash, hash});
    prev = hash;
    if (!head_given) {
      head_seq = seq;
      head_hash = hash;
    }
  }
  (void)db.execute("INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?)", {head_seq, head_hash});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16384) return 0;
  const std::string text(ariadne::fuzz::text_of(data, size));
  ariadne::fuzz::rolled_back([&](store::Database& db) {
    write_log(db, text);
    ariadne::fuzz::handled(store::audit_verify(db));
    // Listing by object reads the stored id lists ("document:5,7-9").
    auto all = store::audit_list(db, {});
    if (!all) return;
    for (const auto& e : *all) {
      store::AuditQuery q;
      q.object = e.record.object;
      (void)store::audit_list(db, q);
    }
  });
  return 0;
}
