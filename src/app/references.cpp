#include "app/references.hpp"

#include <map>
#include <memory>
#include <tuple>

#include "analysis/contributions.hpp"
#include "analysis/entities.hpp"
#include "notices/notices.hpp"
#include "operations/operations.hpp"
#include "sltd/documents.hpp"
#include "sltd/hits.hpp"

namespace ariadne::app {

namespace {

using Label = std::optional<std::string>;

// A record the reader may not see reads as absent: both give nullopt.
template <class T>
Result<Label> visible(Result<T> found, const std::function<std::string(const T&)>& label) {
  if (!found) {
    if (found.error().code == ErrorCode::not_found || found.error().code == ErrorCode::forbidden) return Label{};
    return found.take_error();
  }
  return Label{label(found.value())};
}

Result<Label> check_one(store::Database& db, const analysis::People* people, const policy::Caller& reader,
                        const exchange::Reference& ref) {
  if (ref.kind == "document") {
    return visible<sltd::Document>(sltd::get_document(db, reader, DocumentId{ref.id}), [](const sltd::Document& d) {
      return d.issuing_state + " " + std::string(sltd::to_string(d.type)) + " " + d.number;
    });
  }
  if (ref.kind == "notice") {  // the notice gate: the victim rule, the reader's role, audited restricted reads
    return visible<notices::NoticeView>(notices::get_notice(db, reader, ref.id), [](const notices::NoticeView& v) {
      return std::string(notices::to_string(v.notice.type)) + " " + std::string(notices::to_string(v.notice.kind)) +
             " " + std::to_string(v.notice.id);
    });
  }
  if (ref.kind == "hit") {
    return visible<sltd::Hit>(sltd::find_hit(db, reader, ref.id), [](const sltd::Hit& h) {
      return "hit " + std::to_string(h.id) + " (" + std::string(sltd::to_string(h.status)) + ")";
    });
  }
  if (ref.kind == "contribution") {
    return visible<analysis::Contribution>(
        analysis::get_contribution(db, reader, ref.id), [](const analysis::Contribution& c) {
          return "case " + c.info.case_ref + " of " + c.info.meta.owner + " (" + c.info.crime_type + ")";
        });
  }
  if (ref.kind == "entity") {
    return visible<analysis::Entity>(analysis::get_entity(db, reader, ref.id, people), [](const analysis::Entity& e) {
      return e.kind + " " + std::to_string(e.id) + (e.key.empty() ? "" : " " + e.key);
    });
  }
  if (ref.kind == "operation") {
    return visible<operations::Operation>(
        operations::get_operation(db, reader, ref.id), [](const operations::Operation& op) {
          return "operation " + std::to_string(op.id) + " \"" + op.name + "\" of " + op.coordinator;
        });
  }
  return Error::internal("no reference check for records of kind " + ref.kind);
}

}  // namespace

exchange::ReferenceCheck reference_check(store::Database& db, const analysis::People* people) {
  // Each (reader, record) once per check: a thread of messages referring to
  // one record reads it (and audits a restricted read) once.
  auto seen = std::make_shared<std::map<std::tuple<std::string, std::string, std::int64_t>, Label>>();
  return [&db, people, seen](const policy::Caller& reader, const exchange::Reference& ref) -> Result<Label> {
    auto key = std::make_tuple(reader.username + "@" + reader.member, ref.kind, ref.id);
    if (auto it = seen->find(key); it != seen->end()) return it->second;
    ARIADNE_ASSIGN(auto label, check_one(db, people, reader, ref));
    seen->emplace(std::move(key), label);
    return label;
  };
}

}  // namespace ariadne::app
