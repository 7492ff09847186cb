#include "app/references.hpp"

#include "analysis/contributions.hpp"
#include "analysis/entities.hpp"
#include "notices/notices.hpp"
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

}  // namespace

exchange::ReferenceCheck reference_check(store::Database& db, const analysis::People* people) {
  return [&db, people](const policy::Caller& reader, const exchange::Reference& ref) -> Result<Label> {
    if (ref.kind == "document") {
      return visible<sltd::Document>(sltd::get_document(db, reader, DocumentId{ref.id}), [](const sltd::Document& d) {
        return d.issuing_state + " " + std::string(sltd::to_string(d.type)) + " " + d.number;
      });
    }
    if (ref.kind == "notice") {
      ARIADNE_ASSIGN(auto n, notices::find_notice(db, ref.id));
      if (!n || !notices::may_read(reader, *n)) return Label{};
      return Label{std::string(notices::to_string(n->type)) + " " + std::string(notices::to_string(n->kind)) + " " +
                   std::to_string(n->id)};
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
    return Error::internal("no reference check for records of kind " + ref.kind);
  };
}

}  // namespace ariadne::app
