// Bulk registration into SQLite: JSON Lines (and CSV) through the same
// validation as POST /documents, batches of 1000 in group transactions as
// `ariadne import` writes a file, with a change-log row per document and an
// audit entry per batch.
#include <benchmark/benchmark.h>

#include <string>

#include "app/schema.hpp"
#include "policy/accounts.hpp"
#include "sltd/bulk.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace ariadne;

constexpr int kDocumentsPerRun = 20000;

struct ImportWorld {
  testing::TempDir dir;
  std::unique_ptr<store::Database> db;
  policy::Caller fra{UserId{1}, "import", "FRA", policy::MemberKind::ncb, policy::Role::admin};
  ImportWorld() {
    db = store::open_database(dir.file("import.db")).value();
    (void)store::migrate(*db, app::all_migrations()).value();
    auto sys = policy::system_caller();
    (void)policy::add_member(*db, sys, "IPSG", "GS", policy::MemberKind::secretariat).value();
    (void)policy::add_member(*db, sys, "FRA", "France", policy::MemberKind::ncb).value();
  }
};

std::string body(sltd::BulkFormat format, int run) {
  static const char* kTypes[] = {"passport", "identity_card", "visa"};
  static const char* kStatuses[] = {"stolen", "lost", "revoked"};
  std::string out;
  out.reserve(static_cast<std::size_t>(kDocumentsPerRun) * 160);
  if (format == sltd::BulkFormat::csv) out += "number,issuing_state,type,status,reported_on,remarks\n";
  for (int i = 0; i < kDocumentsPerRun; ++i) {
    std::string number = "R" + std::to_string(run) + "X" + std::to_string(i);
    const char* type = kTypes[i % 3];
    const char* status = kStatuses[i % 3];
    if (format == sltd::BulkFormat::csv) {
      out += number + ",FRA," + type + "," + status + ",2025-03-14,reported at the border\n";
    } else {
      out += R"({"number":")" + number + R"(","issuing_state":"FRA","type":")" + type + R"(","status":")" + status +
             R"(","reported_on":"2025-03-14","remarks":"reported at the border"})" + "\n";
    }
  }
  return out;
}

void run_import(benchmark::State& state, sltd::BulkFormat format) {
  ImportWorld w;
  sltd::BulkOptions options;
  options.format = format;
  options.batch_size = sltd::kDefaultBatchSize;
  options.group_records = sltd::kGroupRecords;  // as `ariadne import` reads a file
  int run = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::string text = body(format, run++);
    state.ResumeTiming();
    auto report = sltd::import_documents(*w.db, w.fra, std::string_view(text), options).value();
    if (report.accepted != kDocumentsPerRun) state.SkipWithError("documents were rejected");
  }
  state.SetItemsProcessed(state.iterations() * kDocumentsPerRun);
}

void BM_ImportDocumentsJsonl(benchmark::State& state) {
  run_import(state, sltd::BulkFormat::jsonl);
}
BENCHMARK(BM_ImportDocumentsJsonl)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

void BM_ImportDocumentsCsv(benchmark::State& state) {
  run_import(state, sltd::BulkFormat::csv);
}
BENCHMARK(BM_ImportDocumentsCsv)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

}  // namespace
