// `ariadne audit`: verify the chain (against signed checkpoints when given a
// key and an anchor), make signing keys and checkpoints, export the head.
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "store/audit_anchor.hpp"

namespace ariadne::cli {
namespace {

void print_checkpoint(const store::AuditCheckpoint& c) {
  std::cout << store::to_json(c).dump() << '\n';
}

int report(const store::AuditVerdict& v, bool anchored) {
  if (!v.intact) {
    if (v.first_bad_seq) {
      std::cerr << "audit chain broken at entry " << *v.first_bad_seq << ": " << v.reason << '\n';
    } else {
      std::cerr << "audit chain not intact: " << v.reason << '\n';
    }
    return 1;
  }
  std::cout << "audit chain intact: " << v.entries << " entries";
  if (v.checkpoints > 0 || anchored) std::cout << ", " << v.checkpoints << " checkpoints verified";
  std::cout << '\n';
  if (anchored) {
    std::cout << "anchored up to entry " << v.anchored << "; " << v.entries - v.anchored
              << " entries after the last checkpoint are not yet anchored\n";
  }
  return 0;
}

}  // namespace

int audit_verify(const AuditVerifyOptions& o) {
  const std::string command = "audit verify";
  if (o.anchor && !o.public_key) {
    return fail(command, Error::invalid("public-key", "--anchor is checked with --public-key"));
  }
  std::optional<store::AuditPublicKey> key;
  if (o.public_key) {
    auto parsed = store::parse_audit_public_key(*o.public_key);
    if (!parsed) return fail(command, parsed.error());
    key = *parsed;
  }
  std::optional<std::vector<store::AnchorLine>> anchor;
  if (o.anchor) {
    auto lines = store::read_anchor(*o.anchor);
    if (!lines) return fail(command, lines.error());
    anchor = std::move(lines).value();
  }
  auto db = store::open_database(o.db_url);
  if (!db) return fail(command, db.error());
  auto verdict = key ? store::audit_verify_anchored(**db, key, anchor) : store::audit_verify(**db);
  if (!verdict) return fail(command, verdict.error());
  return report(*verdict, anchor.has_value());
}

int audit_keygen(const std::string& key_path, const std::optional<std::string>& public_out) {
  auto key = store::audit_keygen(key_path);
  if (!key) return fail("audit keygen", key.error());
  auto hex = store::to_hex(key->public_key);
  if (public_out) {
    std::ofstream out(*public_out);
    out << hex << '\n';
    if (!out.flush()) return fail("audit keygen", Error::invalid("public-out", "cannot write " + *public_out));
  }
  std::cout << "secret key written to " << key_path << " (mode 0600; keep it outside the database's backups)\n";
  std::cout << "public key: " << hex << '\n';
  std::cout << "key id: " << store::audit_key_id(key->public_key) << '\n';
  return 0;
}

int audit_checkpoint(const std::string& db_url, const std::string& key_path,
                     const std::optional<std::string>& anchor_out) {
  auto key = store::load_audit_key(key_path);
  if (!key) return fail("audit checkpoint", key.error());
  auto db = open_ready(db_url);
  if (!db) return fail("audit checkpoint", db.error());
  auto made = store::audit_checkpoint(**db, *key, {anchor_out.value_or(""), false});
  if (!made) return fail("audit checkpoint", made.error());
  print_checkpoint(**made);
  return 0;
}

int audit_export_head(const std::string& db_url, const std::optional<std::string>& key_path) {
  const std::string command = "audit export-head";
  auto db = open_ready(db_url);
  if (!db) return fail(command, db.error());
  if (key_path) {
    auto key = store::load_audit_key(*key_path);
    if (!key) return fail(command, key.error());
    auto made = store::audit_checkpoint(**db, *key, {"", true});
    if (!made) return fail(command, made.error());
  }
  auto latest = store::latest_checkpoint(**db);
  if (!latest) return fail(command, latest.error());
  if (!*latest) {
    return fail(command, Error::not_found("no checkpoint yet: ariadne audit checkpoint, or export-head --key"));
  }
  print_checkpoint(**latest);
  return 0;
}

}  // namespace ariadne::cli
