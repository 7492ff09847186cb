// The documents table as the sltd module reads it: every projection of its
// rows and their decoding, in one place beside the table's owner
// (documents.cpp, whose migration creates it). Internal to sltd: other
// modules go through documents.hpp, checks.hpp and index.hpp.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "common/ids.hpp"
#include "common/result.hpp"
#include "policy/restriction.hpp"
#include "sltd/documents.hpp"
#include "store/database.hpp"

namespace ariadne::sltd::rows {

// What matching needs of a record: its key and its state, without the
// details (the index reads this for every record at start).
struct DocumentKey {
  DocumentId id;
  std::string number;
  std::string issuing_state;
  DocumentType type = DocumentType::other;
  DocumentStatus status = DocumentStatus::stolen;
  std::optional<std::string> series_end;
  std::string review_on;
};

// A key and the gate's view of the record (owner and restriction).
struct GatedKey {
  DocumentKey key;
  policy::RecordMeta meta;
};

// The key of a deleted record, kept (by a trigger) in sltd_removed so that
// followers and offline copies can drop it.
struct RemovedKey {
  std::string issuing_state;
  DocumentType type = DocumentType::other;
  std::string number;
  std::optional<std::string> series_end;
};

// The whole record: the columns in document_from's order, for SELECT and RETURNING.
extern const char* const kDocumentColumns;
Document document_from(const store::Row& r);

// Loads without any visibility decision: callers apply the gate.
Result<std::optional<Document>> find_document(store::Database& db, DocumentId id);
Result<std::optional<DocumentKey>> find_key(store::Database& db, DocumentId id);
Result<std::optional<GatedKey>> find_gated_key(store::Database& db, DocumentId id);
Result<std::optional<policy::RecordMeta>> find_meta(store::Database& db, DocumentId id);
Result<std::optional<RemovedKey>> find_removed(store::Database& db, DocumentId id);
Result<std::int64_t> count_documents(store::Database& db);
// Every record's key (those whose review date is before `review_before`
// only, when given); fn returns false to stop.
Status for_each_key(store::Database& db, const std::function<bool(const DocumentKey&)>& fn,
                    const std::optional<std::string>& review_before = std::nullopt);

}  // namespace ariadne::sltd::rows
