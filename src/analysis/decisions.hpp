// Analysts' decisions about people: two or more person entities are one
// (merge), or some mentions of an entity are someone else (split). Each is
// stored with its reason, who made it and when, and the mentions it was
// about by their contribution and local id (so it holds when a case is sent
// again in a new version), audited, and logged as a change, which the
// people's resolution (people.hpp) follows: decisions win over the
// algorithm, the later over the earlier, and survive every re-resolution.
//
// A caller decides only about what it may see: every entity named must have
// a mention the caller may see, and a split may only name such mentions.
// A merge joins the entities whole, mentions the caller may not see
// included (that they are one is the caller's decision); it widens nobody's
// view, since every view is of the mentions the viewer may see.
//
// Thread-safety: as the Database given; each decision is one transaction.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "policy/roles.hpp"
#include "store/database.hpp"

namespace ariadne::analysis {

// A mention as its contribution names it.
struct MentionRef {
  std::int64_t contribution = 0;
  std::string local_id;
  bool operator==(const MentionRef&) const = default;
};

enum class DecisionKind { merge, split };

struct Decision {
  std::int64_t id = 0;
  DecisionKind kind = DecisionKind::merge;
  // merge: the mentions of each entity joined; split: [0] the mentions split
  // off, [1] the rest of the entity then.
  std::vector<std::vector<MentionRef>> sides;
  std::string reason;
  std::string member;
  std::string made_by;
  std::string made_at;
};

// At most this many characters of reason.
inline constexpr std::size_t kMaxReason = 2000;

// Records that the person entities `entities` (two to 100, ids as the caller
// knows them: a redirected id counts as its survivor) are one.
Result<Decision> merge_entities(store::Database& db, const policy::Caller& caller,
                                const std::vector<std::int64_t>& entities, const std::string& reason);

// Records that `mentions` of person entity `entity` are someone else than
// the rest of it. The mentions must be the entity's, visible to the caller,
// and not all of it.
Result<Decision> split_entity(store::Database& db, const policy::Caller& caller, std::int64_t entity,
                              const std::vector<MentionRef>& mentions, const std::string& reason);

// Every decision, oldest first.
Result<std::vector<Decision>> load_decisions(store::Database& db);

// The entity a mention belongs to now (0 when none): the answer to a decision.
Result<std::int64_t> entity_of_mention(store::Database& db, const MentionRef& mention);

}  // namespace ariadne::analysis
