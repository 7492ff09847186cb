#include "analysis/import.hpp"

#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/contributions.hpp"
#include "common/json_fields.hpp"
#include "common/line_input.hpp"

namespace ariadne::analysis {

namespace {

bool store_failed(const Error& e) {
  return e.code == ErrorCode::internal || e.code == ErrorCode::unavailable;
}

}  // namespace

PackageWriter::PackageWriter(store::Database& db, const policy::Caller& caller, std::size_t batch_size,
                             ContributionImportProgress& progress, std::function<void()> after_batch)
    : db_(db),
      caller_(caller),
      batch_size_(std::max<std::size_t>(batch_size, 1)),
      progress_(progress),
      after_batch_(std::move(after_batch)) {}

Status PackageWriter::add(CasePackage package, Outcome outcome) {
  batch_.push_back({std::move(package), std::move(outcome)});
  if (batch_.size() >= batch_size_) return flush();
  return {};
}

Status PackageWriter::flush() {
  if (batch_.empty()) return {};
  auto store_one = [&](const CasePackage& package) -> Status {
    ARIADNE_TRY(store_contribution(db_, caller_, package));
    return {};
  };
  auto all = db_.transaction([&]() -> Status {
    for (const auto& p : batch_) ARIADNE_TRY(store_one(p.package));
    return {};
  });
  if (!all && store_failed(all.error())) return all;
  for (const auto& p : batch_) {
    auto one = all ? Status{} : store_one(p.package);
    if (!one && store_failed(one.error())) return one;
    if (one) {
      ++progress_.accepted;
      progress_.mentions += p.package.mentions.size();
      progress_.warnings += p.package.warnings.size();
      if (p.outcome.stored) p.outcome.stored(p.package);
    } else {
      ++progress_.rejected;
      if (p.outcome.refused) p.outcome.refused(one.error());
    }
  }
  batch_.clear();
  if (after_batch_) after_batch_();
  return {};
}

Result<ContributionImportProgress> import_contributions(store::Database& db, const policy::Caller& caller,
                                                        std::istream& in, const ContributionImportOptions& o) {
  if (o.batch_size < 1 || o.batch_size > 10000) return Error::invalid("batch_size", "must be 1 to 10,000");
  ARIADNE_TRY(policy::require(caller, policy::Action::case_contribute));
  const auto members = policy::members_of(db);
  ContributionImportProgress progress;
  LineInput input(in);
  PackageWriter writer(db, caller, o.batch_size, progress, [&] {
    if (o.on_progress) o.on_progress(progress);
  });
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
        ARIADNE_TRY(writer.add(std::move(parsed).value(),
                               {[&o, line](const CasePackage& p) {
                                  for (const auto& w : p.warnings) {
                                    if (o.on_warning) o.on_warning({line, w.field, w.reason});
                                  }
                                },
                                [&o, line](const Error& e) { report_line_errors(line, e, o.on_error); }}));
      } else {
        ++progress.rejected;
        report_line_errors(line, parsed.error(), o.on_error);
      }
    }
    if (!complete) break;
  }
  if (in.bad()) return Error::invalid("file", "the input could not be read");
  progress.bytes_read = input.consumed();
  ARIADNE_TRY(writer.flush());
  if (progress.packages == 0) return Error::invalid("file", "holds no case packages");
  if (o.on_progress) o.on_progress(progress);
  return progress;
}

}  // namespace ariadne::analysis
