// `ariadne check` (online against the store's index, or offline against a
// signed copy) and `ariadne snapshot export|pubkey`.
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/schema.hpp"
#include "cli/commands.hpp"
#include "common/json_fields.hpp"
#include "policy/roles.hpp"
#include "sltd/checks.hpp"
#include "sltd/snapshot.hpp"
#include "sltd/tally.hpp"

namespace ariadne::cli {

namespace {

using nlohmann::json;

Result<std::string> read_file(const std::string& path, const char* field) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::invalid(field, "cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void print(const json& j) {
  std::cout << j.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
}

// Reads JSON Lines travellers and prints one result per line; 2 when any line was bad.
int each_traveller(const std::string& input, const CheckOptions& options,
                   const std::function<Result<json>(const sltd::CheckRequest&)>& check) {
  std::ifstream file;
  if (!input.empty() && input != "-") {
    file.open(input);
    if (!file) return fail("check", Error::invalid("input", "cannot read " + input));
  }
  std::istream& in = file.is_open() ? static_cast<std::istream&>(file) : std::cin;
  sltd::CheckRequest defaults;
  defaults.location = options.location;
  defaults.lookup.near = options.near;
  int status = 0;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json out;
    auto body = parse_json_object(line);
    auto req = body ? sltd::parse_check_request(*body, &defaults) : Result<sltd::CheckRequest>(body.error());
    if (!req) {
      out = sltd::error_result(req.error());
      status = 2;
    } else {
      auto r = check(*req);
      if (!r) {
        if (r.error().code == ErrorCode::internal || r.error().code == ErrorCode::unavailable) {
          return fail("check", r.error());
        }
        out = sltd::error_result(r.error());
        status = 2;
      } else {
        out = std::move(r).value();
      }
    }
    out["line"] = number;
    print(out);
  }
  std::cout.flush();
  return status;
}

}  // namespace

int check(const CheckOptions& options) {
  if (options.offline) {
    std::optional<sltd::PublicKey> trusted;
    if (options.pubkey) {
      auto text = read_file(*options.pubkey, "pubkey");
      if (!text) return fail("check", text.error());
      auto key = sltd::public_key_from_hex(*text);
      if (!key) return fail("check", key.error());
      trusted = *key;
    } else {
      std::cerr << "ariadne check: no --pubkey: the copy is only checked against the key it carries\n";
    }
    auto bytes = read_file(*options.offline, "offline");
    if (!bytes) return fail("check", bytes.error());
    auto copy = sltd::decode_snapshot(*bytes, trusted);
    if (!copy) return fail("check", copy.error());
    sltd::Snapshot current = std::move(copy).value();
    for (const auto& path : options.deltas) {
      auto delta_bytes = read_file(path, "delta");
      if (!delta_bytes) return fail("check", delta_bytes.error());
      auto delta = sltd::decode_snapshot(*delta_bytes, trusted);
      if (!delta) return fail("check", delta.error());
      auto applied = sltd::apply_delta(current, *delta);
      if (!applied) return fail("check", applied.error());
      current = std::move(applied).value();
    }
    sltd::OfflineIndex index(std::move(current));
    return each_traveller(options.input, options, [&](const sltd::CheckRequest& req) -> Result<json> {
      json matches = json::array();
      bool hit = false;
      for (const auto& m : index.find(req.lookup)) {
        hit = hit || m.kind != sltd::MatchKind::near;
        if (m.kind == sltd::MatchKind::notice_document) {
          matches.push_back({{"match", "notice_document"},
                             {"confidence", 1.0},
                             {"reason", "the number is listed in a published notice's subject: check online"},
                             {"number", m.number}});
          continue;
        }
        matches.push_back({{"match", sltd::to_string(m.kind)},
                           {"confidence", m.kind == sltd::MatchKind::near ? 0.5 : 1.0},
                           {"status", sltd::to_string(m.status)},
                           {"issuing_state", m.state},
                           {"type", sltd::to_string(m.cls)},
                           {"number", m.number}});
      }
      json out = {{"hit", hit}, {"matches", matches}, {"offline_version", index.snapshot().seq}};
      if (req.mrz) out["mrz"] = sltd::to_json(*req.mrz);
      if (req.ref) out["ref"] = *req.ref;
      return out;
    });
  }
  if (options.db_url.empty()) return fail("check", Error::invalid("db", "give --db or --offline"));
  auto db = open_ready(options.db_url);
  if (!db) return fail("check", db.error());
  auto index = sltd::DocumentIndex::build(**db);
  if (!index) return fail("check", index.error());
  auto caller = policy::system_caller();
  caller.username = "cli";
  // Counted like the server's checks, for operations' reports.
  sltd::CheckTally tally;
  int status = each_traveller(options.input, options, [&](const sltd::CheckRequest& req) -> Result<json> {
    // The line number is added to each result: the CLI reads the text back.
    ARIADNE_ASSIGN(auto text, sltd::run_check(**db, **index, caller, req));
    if (req.checked_at) {
      tally.add(caller.member, 1, *req.checked_at / 60);
    } else {
      tally.add(caller.member, 1);
    }
    return json::parse(text);
  });
  if (auto flushed = tally.flush(**db); !flushed) return fail("check", flushed.error());
  return status;
}

int snapshot_export(const std::string& db_url, const std::string& out, std::optional<std::int64_t> since, int format) {
  auto db = open_ready(db_url);
  if (!db) return fail("snapshot export", db.error());
  auto keys = sltd::load_signing_keys(**db);
  if (!keys) return fail("snapshot export", keys.error());
  auto snap = sltd::export_snapshot(**db, since);
  if (!snap) return fail("snapshot export", snap.error());
  auto encoded =
      format == 1 ? sltd::encode_snapshot_v1(*snap, *keys) : Result<std::string>(sltd::encode_snapshot(*snap, *keys));
  if (!encoded) return fail("snapshot export", encoded.error());
  const std::string& bytes = *encoded;
  std::string tmp = out + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f) return fail("snapshot export", Error::invalid("out", "cannot write " + out));
  }
  std::rename(tmp.c_str(), out.c_str());
  std::cout << (snap->delta ? "delta" : "offline copy") << " VERSION " << snap->seq
            << (snap->delta ? " (since " + std::to_string(snap->base_seq) + ")" : "") << ": " << snap->hashes.size()
            << " entries, " << snap->removals.size() << " removals, " << bytes.size() << " bytes";
  if (snap->ranges_omitted) std::cout << "; " << snap->ranges_omitted << " stolen-blank ranges too wide to include";
  std::cout << "\n";
  return 0;
}

int snapshot_pubkey(const std::string& db_url, const std::string& out) {
  auto db = open_ready(db_url);
  if (!db) return fail("snapshot pubkey", db.error());
  auto keys = sltd::load_signing_keys(**db);
  if (!keys) return fail("snapshot pubkey", keys.error());
  std::string hex = sltd::to_hex(keys->public_key);
  if (out.empty()) {
    std::cout << hex << '\n';
  } else {
    std::ofstream(out) << hex << '\n';
  }
  return 0;
}

}  // namespace ariadne::cli
