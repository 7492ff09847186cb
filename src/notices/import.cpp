#include "notices/import.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/json_fields.hpp"
#include "notices/notices.hpp"

namespace ariadne::notices {

using nlohmann::json;

namespace {

struct Line {
  std::size_t number = 0;
  Notice notice;  // validated, not yet written
};

// The batch's notices in one transaction; the first failure names its line and rolls everything back.
Status write_batch(store::Database& db, const policy::Caller& caller, const std::vector<Line>& lines, bool submit,
                   std::vector<std::int64_t>& ids, ImportLineError& failed) {
  std::vector<std::int64_t> created;
  auto status = db.transaction([&]() -> Status {
    for (const auto& l : lines) {
      failed.line = l.number;
      ARIADNE_ASSIGN(auto n, create_notice(db, caller, l.notice));
      if (submit) ARIADNE_TRY(submit_notice(db, caller, n.id));
      created.push_back(n.id);
    }
    return {};
  });
  if (status) ids.insert(ids.end(), created.begin(), created.end());
  return status;
}

}  // namespace

Result<ImportReport> import_notices(store::Database& db, const policy::Caller& caller, std::istream& in,
                                    const ImportOptions& o) {
  if (o.batch_size < 1 || o.batch_size > 10000) return Error::invalid("batch_size", "must be 1 to 10,000");
  ImportReport report;
  ImportProgress progress;
  std::vector<Line> batch;
  bool batch_bad = false;
  std::size_t in_batch = 0;  // records of the batch, bad ones included
  auto flush = [&]() -> Status {
    if (in_batch == 0) return {};
    in_batch = 0;
    ++report.batches;
    bool committed = false;
    if (!batch_bad) {
      ImportLineError failed;
      auto written = write_batch(db, caller, batch, o.submit, report.ids, failed);
      if (!written) {
        auto code = written.error().code;
        if (code == ErrorCode::internal || code == ErrorCode::unavailable) return written;  // the store failed
        report_line_errors(failed.line, written.error(), o.on_error);
        ++progress.rejected;  // the failing line; the rest are counted below as rolled back
        batch.erase(std::remove_if(batch.begin(), batch.end(), [&](const Line& l) { return l.number == failed.line; }),
                    batch.end());
      } else {
        committed = true;
      }
    }
    if (committed) {
      report.accepted += batch.size();
      progress.accepted += batch.size();
    } else {
      ++report.batches_rolled_back;
      progress.rejected += batch.size();
    }
    batch.clear();
    batch_bad = false;
    if (o.on_progress) o.on_progress(progress);
    return {};
  };

  std::string text;
  std::size_t number = 0;
  while (std::getline(in, text)) {
    ++number;
    if (number == 1 && text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // a UTF-8 byte-order mark
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.find_first_not_of(" \t") == std::string::npos) continue;
    ++progress.records;
    ++in_batch;
    Result<Notice> parsed = Error::invalid("", "line over " + std::to_string(kMaxNoticeLineBytes / 1024) + " KiB");
    if (text.size() <= kMaxNoticeLineBytes) {
      // The route's reader and validation, before any write.
      auto body = parse_json_object(text);
      parsed = body ? parse_notice(*body, db, caller, Kind::notice) : Result<Notice>(body.error());
    }
    if (!parsed) {
      report_line_errors(number, parsed.error(), o.on_error);
      ++progress.rejected;
      batch_bad = true;
    } else {
      batch.push_back({number, std::move(parsed).value()});
    }
    if (in_batch >= o.batch_size) ARIADNE_TRY(flush());
  }
  if (in.bad()) return Error::invalid("file", "the input could not be read");
  ARIADNE_TRY(flush());
  if (progress.records == 0) return Error::invalid("file", "holds no notices");
  report.rejected = progress.rejected;
  return report;
}

}  // namespace ariadne::notices
