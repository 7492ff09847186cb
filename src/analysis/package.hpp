// A case package: what one member contributes about one case (the people and
// things it identified, how they relate, what happened), in the format of
// docs/data-model.md "Case packages". parse_package validates a package
// completely before anything is stored and turns it into mentions (one per
// entity or event), their statements (one per property value) and links
// (relationships, and events to their participants and places), which is
// how the analysis file stores and resolves it. to_json gives the package
// back from that form.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"
#include "common/time.hpp"
#include "policy/restriction.hpp"

namespace ariadne::analysis {

// `organization`: a company, gang or other body; `other`: an entity of a kind
// Ariadne does not read (an unknown FollowTheMoney schema), kept as given.
enum class MentionKind { person, organization, phone, account, vehicle, boat, document, place, other, event };
std::string_view to_string(MentionKind k);
std::optional<MentionKind> parse_mention_kind(std::string_view s);

// One property value as the member gave it. A person's name is stored as its
// JSON object ({"full", "script", "family"?, "given"?}); numbers and booleans
// as their JSON text. An identifier (a phone's number, an account's IBAN, a
// document's number, a vehicle's plate) also has its canonical form (ident/),
// the one entities are linked on; when it does not check out, `norm` is empty
// and `flag` says why, and the value is kept as given.
struct Statement {
  std::string prop;
  std::string value;
  std::string norm;
  std::string flag;
};

struct Mention {
  std::string local_id;  // the package's own id: e1, v1, …
  MentionKind kind = MentionKind::person;
  std::vector<Statement> statements;  // in the package's field order; a list property repeats its prop
};

// The first statement of `m` about `prop`, if any.
const Statement* find_statement(const Mention& m, std::string_view prop);

// A relationship between two entities, or an event's `participant` or `place`.
struct Link {
  std::string from;  // local ids
  std::string to;
  std::string kind;
  std::string details;  // a relationship's `extra` as JSON text ({"startDate": ["2019"]}), or empty
};

struct CasePackage {
  std::string case_ref;
  std::string member;
  std::string crime_type;
  std::string reported_on;
  policy::Restriction restriction;
  std::vector<Mention> mentions;     // entities, then events
  std::vector<Link> links;           // relationships in package order, then each event's place and participants
  std::vector<FieldError> warnings;  // identifiers kept as given, each with its field and why
};

// Whether `value` is one of the choices of field `prop` of a `kind` (an
// account's type, an event's kind, …): for readers of other formats, which
// keep what does not fit as given rather than guess.
bool is_choice(MentionKind kind, std::string_view prop, std::string_view value);
// The choices of field `prop` of a `kind`, in a fixed order; empty for a field that is not a choice.
std::span<const std::string_view> choices_of(MentionKind kind, std::string_view prop);

// A kind of link as the file stores one: a relationship's kind, or an
// event's `participant` or `place`.
bool is_link_kind(std::string_view kind);

// A local id as a package may use one: 1 to 128 letters, digits, -, _ or .
bool valid_local_id(std::string_view id);

// Limits of one package (a larger case is several packages).
inline constexpr std::size_t kMaxPackageBytes = std::size_t{16} * 1024 * 1024;
inline constexpr std::size_t kMaxEntities = 20000;
inline constexpr std::size_t kMaxRelationships = 100000;
inline constexpr std::size_t kMaxEvents = 20000;

// Validates a package. `member` is the contributing member (the caller's, or
// the one an import names; a national phone number is read as one of its
// country); `members` tells which codes exist (the restriction's list); dates
// may not be after `today`. Every problem is reported at once, each naming its
// field ("entities[3].names[0].full"). An identifier that does not check out
// is no error: it is kept, flagged, and listed in `warnings`.
Result<CasePackage> parse_package(const nlohmann::json& body, std::string_view member,
                                  const policy::MemberLookup& members, const Date& today);

// The package as the member gave it (field order aside).
nlohmann::json to_json(const CasePackage& package);

}  // namespace ariadne::analysis
