#include "sltd/document_rows.hpp"

namespace ariadne::sltd::rows {

namespace {

constexpr const char* kKeyColumns = "id, number, issuing_state, type, status, series_end, review_on";

DocumentKey key_from(const store::Row& r) {
  return DocumentKey{DocumentId{r.integer(0)},
                     r.text(1),
                     r.text(2),
                     parse_document_type(r.text(3)).value_or(DocumentType::other),
                     parse_document_status(r.text(4)).value_or(DocumentStatus::stolen),
                     r.opt_text(5),
                     r.text(6)};
}

policy::RecordMeta meta_from(const store::Row& r, std::size_t first) {
  return policy::RecordMeta{r.text(first), policy::Restriction::from_stored(r.text(first + 1), r.text(first + 2))};
}

// The row of record `id` in `columns`, decoded by `decode`.
template <typename T, typename Decode>
Result<std::optional<T>> find_one(store::Database& db, const std::string& sql, std::int64_t id, Decode decode) {
  ARIADNE_ASSIGN(auto found, db.query(sql, {id}));
  if (found.empty()) return std::optional<T>{};
  return std::optional<T>{decode(found.front())};
}

}  // namespace

const char* const kDocumentColumns =
    "id, number, issuing_state, type, status, reporting_country, issued_on, expires_on, stolen_on, reported_on, "
    "national_reference, series_end, remarks, review_on, owner, scope, scope_members, created_at, updated_at";

Document document_from(const store::Row& r) {
  Document d;
  d.id = DocumentId{r.integer(0)};
  d.number = r.text(1);
  d.issuing_state = r.text(2);
  d.type = parse_document_type(r.text(3)).value_or(DocumentType::other);
  d.status = parse_document_status(r.text(4)).value_or(DocumentStatus::stolen);
  d.reporting_country = r.opt_text(5);
  d.issued_on = r.opt_text(6);
  d.expires_on = r.opt_text(7);
  d.stolen_on = r.opt_text(8);
  d.reported_on = r.opt_text(9);
  d.national_reference = r.opt_text(10);
  d.series_end = r.opt_text(11);
  d.remarks = r.opt_text(12);
  d.review_on = r.text(13);
  d.meta = meta_from(r, 14);
  d.created_at = r.text(17);
  d.updated_at = r.text(18);
  return d;
}

Result<std::optional<Document>> find_document(store::Database& db, DocumentId id) {
  return find_one<Document>(db, std::string("SELECT ") + kDocumentColumns + " FROM documents WHERE id = ?", id.value,
                            document_from);
}

Result<std::optional<DocumentKey>> find_key(store::Database& db, DocumentId id) {
  return find_one<DocumentKey>(db, std::string("SELECT ") + kKeyColumns + " FROM documents WHERE id = ?", id.value,
                               key_from);
}

Result<std::optional<GatedKey>> find_gated_key(store::Database& db, DocumentId id) {
  return find_one<GatedKey>(
      db, std::string("SELECT ") + kKeyColumns + ", owner, scope, scope_members FROM documents WHERE id = ?", id.value,
      [](const store::Row& r) {
        return GatedKey{key_from(r), meta_from(r, 7)};
      });
}

Result<std::optional<policy::RecordMeta>> find_meta(store::Database& db, DocumentId id) {
  return find_one<policy::RecordMeta>(db, "SELECT owner, scope, scope_members FROM documents WHERE id = ?", id.value,
                                      [](const store::Row& r) { return meta_from(r, 0); });
}

Result<std::optional<RemovedKey>> find_removed(store::Database& db, DocumentId id) {
  return find_one<RemovedKey>(
      db, "SELECT issuing_state, type, number, series_end FROM sltd_removed WHERE record_id = ?", id.value,
      [](const store::Row& r) {
        return RemovedKey{r.text(0), parse_document_type(r.text(1)).value_or(DocumentType::other), r.text(2),
                          r.opt_text(3)};
      });
}

Result<std::int64_t> count_documents(store::Database& db) {
  ARIADNE_ASSIGN(auto rows, db.query("SELECT COUNT(*) FROM documents"));
  return rows.front().integer(0);
}

Status for_each_key(store::Database& db, const std::function<bool(const DocumentKey&)>& fn,
                    const std::optional<std::string>& review_before) {
  std::string sql = std::string("SELECT ") + kKeyColumns + " FROM documents";
  store::Params params;
  if (review_before) {
    sql += " WHERE review_on < ?";
    params.push_back(*review_before);
  }
  return db.for_each(sql, params, [&](const store::Row& r) { return fn(key_from(r)); });
}

}  // namespace ariadne::sltd::rows
