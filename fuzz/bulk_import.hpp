// The bulk registration targets (CSV and JSON Lines): POST /documents/bulk and
// `ariadne import documents` read the body record by record (BulkReader),
// validate each as a registration and write the batches, rolled back after
// each input.
#pragma once

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "sltd/bulk.hpp"

namespace ariadne::fuzz {

inline int import_bulk(const std::uint8_t* data, std::size_t size, sltd::BulkFormat format) {
  sltd::BulkOptions options;
  options.format = format;
  options.batch_size = 4;  // several batches, some committed and some rolled back
  options.max_errors = 20;
  rolled_back(
      [&](store::Database& db) { handled(sltd::import_documents(db, officer(), text_of(data, size), options)); });
  return 0;
}

}  // namespace ariadne::fuzz
