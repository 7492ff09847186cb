#include "fuzz_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>

#include "common/json_fields.hpp"
#include "support/store.hpp"

namespace ariadne::fuzz {

namespace {

struct Scratch {
  testing::TempDir dir;
  std::unique_ptr<store::Database> db = testing::member_store(dir, "fuzz.db", {"FRA", "DEU", "GBR", "USA"}, {"EUPL"});
};

Scratch& scratch() {
  static Scratch s;
  return s;
}

policy::Caller fra(policy::Role role) {
  return {UserId{2}, "fra-" + std::string(policy::to_string(role)), "FRA", policy::MemberKind::ncb, role};
}

}  // namespace

store::Database& scratch_store() {
  return *scratch().db;
}

void rolled_back(const std::function<void(store::Database&)>& fn) {
  auto& db = scratch_store();
  auto done = db.transaction([&]() -> Status {
    // The transaction would turn an exception into an error: here it is a finding.
    try {
      fn(db);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "exception escaped: %s\n", e.what());
      std::abort();
    }
    return Error::invalid("", "rolled back");
  });
  if (done.ok()) std::abort();  // the transaction must not commit
}

std::optional<ConfigAndCsv> config_and_csv(std::string_view text) {
  const std::string_view separator = "\n%%CSV%%\n";
  const auto at = text.find(separator);
  if (at == std::string_view::npos) return std::nullopt;
  auto json = parse_json_object(text.substr(0, at));
  if (!json) return std::nullopt;
  return ConfigAndCsv{std::move(*json), std::string(text.substr(at + separator.size()))};
}

void fail_on_internal(const Error& e) {
  if (e.code != ErrorCode::internal) return;
  std::fprintf(stderr, "internal error: %s\n", e.message.c_str());
  std::abort();
}

policy::Caller officer() {
  return fra(policy::Role::officer);
}
policy::Caller coordinator() {
  return fra(policy::Role::coordinator);
}

policy::Caller secretariat() {
  return {UserId{1}, "ipsg-admin", "IPSG", policy::MemberKind::secretariat, policy::Role::admin};
}

}  // namespace ariadne::fuzz
