// POST /documents/bulk and `ariadne import documents` with a JSONL body.
#include "bulk_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return ariadne::fuzz::import_bulk(data, size, ariadne::sltd::BulkFormat::jsonl);
}
