// Stolen, lost, revoked, invalidated and stolen-blank travel document records.
// The record holds no holder identity: a number, the issuing state, a type, a
// status and dated circumstances. Visibility goes through policy's gate.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/ids.hpp"
#include "common/result.hpp"
#include "policy/restriction.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ariadne::sltd {

std::vector<store::Migration> sltd_migrations();

enum class DocumentType { passport, identity_card, visa, residence_permit, other };
enum class DocumentStatus { stolen, lost, revoked, invalidated, stolen_blank };

std::optional<DocumentType> parse_document_type(std::string_view s);  // names or ICAO codes (P, I, V, …)
std::string_view to_string(DocumentType t);
std::optional<DocumentStatus> parse_document_status(std::string_view s);
std::string_view to_string(DocumentStatus s);

struct Document {
  DocumentId id;
  std::string number;  // normalised
  std::string issuing_state;
  DocumentType type = DocumentType::passport;
  DocumentStatus status = DocumentStatus::stolen;
  std::optional<std::string> reporting_country;
  std::optional<std::string> issued_on;
  std::optional<std::string> expires_on;
  std::optional<std::string> stolen_on;
  std::optional<std::string> reported_on;
  std::optional<std::string> national_reference;
  std::optional<std::string> series_end;  // last number of a stolen-blank range; number is the first
  std::optional<std::string> remarks;
  std::string review_on;
  policy::RecordMeta meta;
  std::string created_at;
  std::string updated_at;
};

nlohmann::json to_json(const Document& d);

// Parses a registration body. Validation errors name every bad field.
Result<Document> parse_new_document(const nlohmann::json& body, store::Database& db, const policy::Caller& caller);
// The same, with the members known to `is_member` (the store is not read).
Result<Document> parse_new_document(const nlohmann::json& body, const policy::MemberLookup& is_member,
                                    const policy::Caller& caller);

struct DocumentQuery {
  std::optional<std::string> number;  // exact, normalised
  std::optional<std::string> issuing_state;
  std::optional<DocumentStatus> status;
  std::optional<std::string> owner;
  std::int64_t after_id = 0;
  int limit = 100;
};

// Registers a document for the caller's member (or, for the General
// Secretariat, on behalf of the issuing state).
Result<Document> create_document(store::Database& db, const policy::Caller& caller, Document doc);
// Why `doc` cannot be registered when its key is taken. The stored record may
// be one the caller may not see: the reason says only that one exists (as a
// check would tell it), never its id, owner or anything else of it.
std::string duplicate_reason(const Document& doc);
// not_found when absent or invisible; a read of a restricted record is audited.
Result<Document> get_document(store::Database& db, const policy::Caller& caller, DocumentId id);
// Applies a JSON merge patch of the mutable fields; owner only.
Result<Document> update_document(store::Database& db, const policy::Caller& caller, DocumentId id,
                                 const nlohmann::json& patch);
Status delete_document(store::Database& db, const policy::Caller& caller, DocumentId id);
Result<std::vector<Document>> list_documents(store::Database& db, const policy::Caller& caller,
                                             const DocumentQuery& query);

}  // namespace ariadne::sltd
