// Entities of the analysis file: what the mentions of every contribution are
// about. A phone, an account, a document or a vehicle is identified by its
// canonical identifier (a phone's E.164 number, an IBAN, an account number
// with its country, a plate with its country, a document number with its
// issuing state): mentions that share one are one entity, linked
// deterministically with the identifier as the explanation, whichever
// member contributed them; an organization is its registration number in
// its country, or its name there. An identifier kept as given because it
// did not check out links nothing. Entity ids are stable: an entity keeps its id
// while members add and withdraw contributions, and an identifier
// contributed again after every mention of it was withdrawn gets its old id
// back. People are resolved by entity resolution (er/), not here.
//
// Every view of an entity shows only the mentions, hence the statements,
// the caller may see; an entity none of whose mentions the caller may see
// does not exist for the caller.
//
// Thread-safety: as the Database given.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/decisions.hpp"
#include "analysis/package.hpp"
#include "analysis/people.hpp"
#include "common/result.hpp"
#include "policy/restriction.hpp"
#include "policy/roles.hpp"
#include "store/database.hpp"

namespace ariadne::analysis {

// The identifier that identifies a mention ("phone:+2348031234567",
// "document:FRA:15AB12345"), if it has one that checked out. An organization
// with a country is its registration number there ("registration:ROU:J131232015")
// or, without one, its first name there ("name:MLI:sahara trans").
std::optional<std::string> identifier_key(const Mention& m);
// A company's name as it keys an organization: case-folded, transliterated
// (text::normalise_name), without the legal form that ends it ("Sahara
// Trans S.A.R.L." → "sahara trans"); empty when nothing else is left.
std::string organization_name(std::string_view name);

// A new entity of `kind` under `key` (null for a person not anchored),
// inside the caller's transaction. Its id is random (1 to 2^53 - 1, safe in
// JSON for every client), not the next of a sequence: a member whose new
// mention joins an entity another member's restricted contribution holds
// must not learn from the id that the entity existed before.
Result<std::int64_t> new_entity(store::Database& db, std::string_view kind, const store::Value& key);

// How a mention other than a person's is linked to its entity: by its
// identifier (identifier_key); a place with a country by its name there
// ("place:NER:agadez": members' mentions of one town are one place,
// whatever type each gave it, a format like FollowTheMoney's knowing only
// addresses); anything else (an event, a boat, an
// identifier that did not check out) is an entity of its own, keyed by its
// contribution and local id, so that it keeps its id across the case's versions.
struct EntityKey {
  std::string how;  // identifier, place or own
  std::string key;
};
std::optional<EntityKey> entity_key(const Mention& m, std::int64_t contribution);

// Links the stored mentions of a package (`mention_ids` in package order) of
// contribution `contribution` to their entities; inside the caller's transaction.
Status link_mentions(store::Database& db, std::int64_t contribution, const CasePackage& package,
                     const std::vector<std::int64_t>& mention_ids);
// Links the stored mentions other than people's that have no entity (those
// stored before every mention had one); how many it linked.
Result<std::size_t> link_unlinked(store::Database& db);
// Unlinks every mention of a contribution (before its mentions go).
Status unlink_contribution(store::Database& db, std::int64_t contribution);

struct EntityMention {
  std::int64_t contribution = 0;
  std::string case_ref;
  std::string local_id;  // the mention's id in its package
  policy::RecordMeta meta;
  std::string how;     // identifier
  std::string reason;  // the identifier it shares
  std::vector<Statement> statements;
};

// A link between two mentions of an entity (indexes into Entity::mentions).
struct EntityLink {
  std::size_t a = 0;
  std::size_t b = 0;
  er::Explanation explanation;
};

struct Entity {
  std::int64_t id = 0;
  std::string kind;
  std::string key;                      // an identifier or place entity's key; empty for a person or one of its own
  std::int64_t redirected_from = 0;     // the id asked for, when that entity was merged into this one
  std::vector<EntityMention> mentions;  // those the caller may see, by member then contribution
  // A person: the resolution's links between the mentions the caller may see
  // (no link through a mention hidden from the caller is shown), and whether
  // they connect all of them (when not, what joins them is hidden from the caller).
  std::vector<EntityLink> links;
  bool connected = true;
  // Analysts' decisions about mentions of the entity the caller may see,
  // oldest first; the reason only to the deciding member's users.
  std::vector<Decision> decisions;
};

// not_found when absent or when the caller may see none of its mentions. An
// entity merged into another answers as the survivor. A person's links come
// from `people` (none without it).
Result<Entity> get_entity(store::Database& db, const policy::Caller& caller, std::int64_t id,
                          const People* people = nullptr);

struct EntityMatch {
  std::int64_t id = 0;
  std::string kind;
  std::string key;
  std::int64_t mentions = 0;  // those the caller may see
  double score = 0;           // a person found by name: how well its best visible name matched
};

// Entities whose identifier is `q` written any usual way: a phone number
// (a national one read as one of the caller's member's country), an IBAN, or
// a plate, account or document number of any country or issuing state; and,
// with `people`, the people with a name like `q` in any script (never by a
// victim's mention). Only entities the caller may see a mention of,
// identifiers first, then people best match first; at most `limit`.
Result<std::vector<EntityMatch>> find_entities(store::Database& db, const policy::Caller& caller, std::string_view q,
                                               int limit, const People* people = nullptr);

// The entity of each linked mention of a contribution (the caller has read
// it): the package's local id → entity id.
Result<std::vector<std::pair<std::string, std::int64_t>>> entities_of_contribution(store::Database& db,
                                                                                   std::int64_t contribution);

}  // namespace ariadne::analysis
