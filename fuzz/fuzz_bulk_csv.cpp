// POST /documents/bulk and `ariadne import documents` with a CSV body:
// import_documents reads it record by record (BulkReader), validates each as
// a registration and writes the batches (rolled back after each input).
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "sltd/bulk.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ariadne::sltd::BulkOptions options;
  options.format = ariadne::sltd::BulkFormat::csv;
  options.batch_size = 4;  // several batches, some committed and some rolled back
  options.max_errors = 20;
  ariadne::fuzz::rolled_back([&](ariadne::store::Database& db) {
    ariadne::fuzz::handled(
        ariadne::sltd::import_documents(db, ariadne::fuzz::officer(), ariadne::fuzz::text_of(data, size), options));
  });
  return 0;
}
