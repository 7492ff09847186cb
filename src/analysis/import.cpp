#include "analysis/import.hpp"

#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/contributions.hpp"
#include "common/json_fields.hpp"
#include "common/line_input.hpp"

namespace ariadne::analysis {

namespace {

struct Parsed {
  std::size_t line = 0;
  CasePackage package;
};

bool store_failed(const Error& e) {
  return e.code == ErrorCode::internal || e.code == ErrorCode::unavailable;
}

}  // namespace

Result<ContributionImportProgress> import_contributions(store::Database& db, const policy::Caller& caller,
                                                        std::istream& in, const ContributionImportOptions& o) {
  if (o.batch_size < 1 || o.batch_size > 10000) return Error::invalid("batch_size", "must be 1 to 10,000");
  ARIADNE_TRY(policy::require(caller, policy::Action::case_contribute));
  const auto members = policy::members_of(db);
  ContributionImportProgress progress;
  std::vector<Parsed> batch;

  // The batch in one transaction; when a package of it fails (not the store),
  // each package again in a transaction of its own, so only that one is lost.
  auto store_one = [&](const CasePackage& package) -> Status {
    ARIADNE_TRY(store_contribution(db, caller, package));
    return {};
  };
  auto flush = [&]() -> Status {
    if (batch.empty()) return {};
    auto all = db.transaction([&]() -> Status {
      for (const auto& p : batch) ARIADNE_TRY(store_one(p.package));
      return {};
    });
    if (!all && store_failed(all.error())) return all;
    for (const auto& p : batch) {
      auto one = all ? Status{} : store_one(p.package);
      if (!one && store_failed(one.error())) return one;
      if (one) {
        ++progress.accepted;
        progress.mentions += p.package.mentions.size();
        progress.warnings += p.package.warnings.size();
        for (const auto& w : p.package.warnings) {
          if (o.on_warning) o.on_warning({p.line, w.field, w.reason});
        }
      } else {
        ++progress.rejected;
        report_line_errors(p.line, one.error(), o.on_error);
      }
    }
    batch.clear();
    if (o.on_progress) o.on_progress(progress);
    return {};
  };

  LineInput input(in);
  std::string text;
  while (true) {
    const std::size_t line = input.line();
    const auto [complete, too_long] = input.read_line(text, kMaxPackageBytes);
    const bool blank = !too_long && text.find_first_not_of(" \t") == std::string::npos;
    if (!blank) {
      ++progress.packages;
      progress.bytes_read = input.consumed();
      Result<CasePackage> parsed = Error::invalid(
          "", "line over " + std::to_string(kMaxPackageBytes / (1024 * 1024)) + " MiB: split the case in packages");
      if (!too_long) {
        auto body = parse_json_object(text);
        parsed = body ? parse_package(*body, caller.member, members, o.today) : Result<CasePackage>(body.error());
      }
      if (parsed) {
        batch.push_back({line, std::move(parsed).value()});
      } else {
        ++progress.rejected;
        report_line_errors(line, parsed.error(), o.on_error);
      }
      if (batch.size() >= o.batch_size) ARIADNE_TRY(flush());
    }
    if (!complete) break;
  }
  if (in.bad()) return Error::invalid("file", "the input could not be read");
  progress.bytes_read = input.consumed();
  ARIADNE_TRY(flush());
  if (progress.packages == 0) return Error::invalid("file", "holds no case packages");
  if (o.on_progress) o.on_progress(progress);
  return progress;
}

}  // namespace ariadne::analysis
