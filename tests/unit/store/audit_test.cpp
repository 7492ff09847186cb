#include "store/audit.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <functional>
#include <thread>

#include "store/audit_anchor.hpp"
#include "store/migrations.hpp"
#include "support/temp_dir.hpp"

namespace ariadne::store {
// GCC says __SANITIZE_ADDRESS__, clang __has_feature(address_sanitizer).
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

namespace {

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = open_database(dir_.file("audit.db")).value();
    ASSERT_TRUE(migrate(*db_, store_migrations()).ok());
    for (int i = 1; i <= 6; ++i) {
      auto e = audit_append(*db_, {"alice", "FRA", "document.create", "document:" + std::to_string(i), "ok", ""});
      ASSERT_TRUE(e.ok());
      ASSERT_EQ(e->seq, i);
    }
  }
  AuditVerdict verify() {
    auto v = audit_verify(*db_);
    EXPECT_TRUE(v.ok());
    return *v;
  }
  void sql(const std::string& s) { ASSERT_TRUE(db_->execute_script(s).ok()) << s; }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(AuditTest, IntactChainVerifies) {
  auto v = verify();
  EXPECT_TRUE(v.intact) << v.reason;
  EXPECT_EQ(v.entries, 6);
  EXPECT_FALSE(v.first_bad_seq);
}

TEST(AuditObjects, IdListsNameEveryIdInRanges) {
  EXPECT_EQ(object_ids("document", {7}), "document:7");
  EXPECT_EQ(object_ids("document", {5, 7, 8, 9, 12}), "document:5,7-9,12");
  EXPECT_TRUE(object_names("document:5,7-9,12", "document:8"));
  EXPECT_TRUE(object_names("document:5,7-9,12", "document:12"));
  EXPECT_TRUE(object_names("document:5,7-9,12", "document:5"));
  EXPECT_FALSE(object_names("document:5,7-9,12", "document:6"));
  EXPECT_FALSE(object_names("document:5,7-9,12", "document:13"));
  EXPECT_FALSE(object_names("document:5,7-9,12", "notice:8"));
  EXPECT_FALSE(object_names("document:7-9", "document:"));
  EXPECT_TRUE(object_names("user:alice", "user:alice"));
  EXPECT_FALSE(object_names("user:alice", "user:bob"));
}

TEST_F(AuditTest, AnEntryForManyRecordsIsFoundByEachOfThem) {
  ASSERT_TRUE(
      audit_append(*db_, {"bob", "DEU", "document.bulk_create", "document:100-120,130", "ok", "22 documents"}).ok());
  ASSERT_TRUE(audit_append(*db_, {"bob", "DEU", "document.read", "document:110", "ok", ""}).ok());
  AuditQuery q;
  q.object = "document:110";
  auto entries = audit_list(*db_, q).value();
  ASSERT_EQ(entries.size(), 2U);
  EXPECT_EQ(entries[0].record.action, "document.bulk_create");
  EXPECT_EQ(entries[1].record.action, "document.read");
  q.limit = 1;  // the limit counts matching entries
  ASSERT_EQ(audit_list(*db_, q)->size(), 1U);
  q.limit = 100;
  q.object = "document:130";
  EXPECT_EQ(audit_list(*db_, q)->size(), 1U);
  q.object = "document:125";
  EXPECT_TRUE(audit_list(*db_, q)->empty());
  q.object = "document:3";  // one of the single entries, not the list
  ASSERT_EQ(audit_list(*db_, q)->size(), 1U);
  EXPECT_EQ(audit_list(*db_, q)->front().seq, 3);
  EXPECT_TRUE(verify().intact);
}

TEST_F(AuditTest, EmptyChainVerifies) {
  testing::TempDir dir;
  auto db = open_database(dir.file("empty.db")).value();
  ASSERT_TRUE(migrate(*db, store_migrations()).ok());
  auto v = audit_verify(*db);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->intact);
  EXPECT_EQ(v->entries, 0);
}

TEST_F(AuditTest, EditedEntryIsNamed) {
  sql("UPDATE audit_log SET username = 'mallory' WHERE seq = 3");
  auto v = verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_seq, 3);
  EXPECT_NE(v.reason.find("altered"), std::string::npos) << v.reason;
}

TEST_F(AuditTest, DeletedEntryIsNamed) {
  sql("DELETE FROM audit_log WHERE seq = 4");
  auto v = verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_seq, 4);
  EXPECT_NE(v.reason.find("missing"), std::string::npos) << v.reason;
}

TEST_F(AuditTest, InsertedEntryIsNamed) {
  // A forged entry slotted between 2 and 3: later entries renumbered to make room.
  sql("UPDATE audit_log SET seq = seq + 100 WHERE seq >= 3; UPDATE audit_log SET seq = seq - 99 WHERE seq >= 103;"
      "INSERT INTO audit_log SELECT 3, at, 'mallory', member, action, 'document:99', outcome, detail, hash, "
      "hash FROM audit_log WHERE seq = 2");
  auto v = verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_seq, 3);
}

TEST_F(AuditTest, ReorderedEntriesAreNamed) {
  sql("UPDATE audit_log SET seq = -1 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 5;"
      "UPDATE audit_log SET seq = 5 WHERE seq = -1");
  auto v = verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_seq, 2);
}

TEST_F(AuditTest, TruncatedTailIsDetectedThroughTheHead) {
  sql("DELETE FROM audit_log WHERE seq >= 5");
  auto v = verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_seq, 5);
}

TEST_F(AuditTest, AppendedForgeryIsDetected) {
  sql("INSERT INTO audit_log SELECT 7, at, username, member, action, object, outcome, detail, hash, "
      "'0000' FROM audit_log WHERE seq = 6");
  auto v = verify();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_seq, 7);
}

// Review finding: the head was read after the walk, so an entry appended
// meanwhile read as "entries ... are missing". Appends during a verification
// are not tampering.
TEST_F(AuditTest, EntriesAppendedDuringTheWalkAreNoTampering) {
  AuditWalk walk;
  int appended = 0;
  walk.visit = [&](const AuditEntry&) {
    if (appended++ < 2) {
      EXPECT_TRUE(audit_append(*db_, {"bob", "DEU", "document.read", "document:9", "ok", "meanwhile"}).ok());
    }
  };
  auto v = audit_verify(*db_, walk);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_TRUE(v->intact) << v->reason;
  EXPECT_TRUE(audit_verify(*db_)->intact);
}

TEST_F(AuditTest, EntryRollsBackWithItsTransaction) {
  (void)db_->transaction([&]() -> Status {
    EXPECT_TRUE(audit_append(*db_, {"bob", "DEU", "document.delete", "document:1", "ok", ""}).ok());
    return Error::invalid("", "the change failed");
  });
  auto v = verify();
  EXPECT_TRUE(v.intact) << v.reason;
  EXPECT_EQ(v.entries, 6);
}

TEST_F(AuditTest, CanonicalFormAndHashAreStable) {
  AuditRecord r{"alice", "FRA", "login", "user:alice", "ok", "x"};
  auto canonical = audit_canonical(1, "2026-01-01T00:00:00.000Z", r);
  EXPECT_EQ(canonical,
            R"({"action":"login","at":"2026-01-01T00:00:00.000Z","detail":"x","member":"FRA","object":"user:alice",)"
            R"("outcome":"ok","seq":1,"user":"alice"})");
  EXPECT_EQ(audit_hash("", "abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(AuditTest, ListFilters) {
  AuditQuery q;
  q.object = "document:2";
  auto entries = audit_list(*db_, q);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1U);
  EXPECT_EQ(entries->front().seq, 2);
  q = AuditQuery{};
  q.after_seq = 4;
  EXPECT_EQ(audit_list(*db_, q)->size(), 2U);
}

}  // namespace
}  // namespace ariadne::store

namespace ariadne::store {
namespace {

// A chain of 8 entries with checkpoints after entries 3 and 6 (stored and in
// an anchor file); entries 7 and 8 are not yet anchored.
class AnchoredAuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = open_database(dir_.file("audit.db")).value();
    ASSERT_TRUE(migrate(*db_, store_migrations()).ok());
    key_ = audit_keygen(dir_.file("audit.key")).value();
    for (int i = 1; i <= 8; ++i) {
      ASSERT_TRUE(audit_append(*db_, {"alice", "FRA", "document.create", "document:" + std::to_string(i), "ok",
                                      "entry " + std::to_string(i)})
                      .ok());
      if (i == 3 || i == 6) {
        ASSERT_TRUE(audit_checkpoint(*db_, key_, {anchor(), false}).ok());
      }
    }
  }
  std::string anchor() const { return dir_.file("anchor.jsonl"); }
  AuditVerdict verify_anchored(const AuditKey& key) {
    auto lines = read_anchor(anchor());
    EXPECT_TRUE(lines.ok()) << lines.error().message;
    auto v = audit_verify_anchored(*db_, key.public_key, *lines);
    EXPECT_TRUE(v.ok()) << v.error().message;
    return *v;
  }
  AuditVerdict verify_anchored() { return verify_anchored(key_); }
  void sql(const std::string& s) { ASSERT_TRUE(db_->execute_script(s).ok()) << s; }
  // What an attacker with the file does after changing entries: renumber
  // them 1..n, recompute every hash and set the head to the last one.
  void rewrite(const std::function<void(std::vector<AuditEntry>&)>& change) {
    AuditQuery all;
    all.limit = 1000;
    auto entries = audit_list(*db_, all).value();
    change(entries);
    sql("DELETE FROM audit_log; DELETE FROM audit_head");
    std::string prev = kAuditGenesis;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      auto& e = entries[i];
      e.seq = static_cast<std::int64_t>(i + 1);
      e.hash = audit_hash(prev, audit_canonical(e.seq, e.at, e.record));
      ASSERT_TRUE(db_->execute("INSERT INTO audit_log (seq, at, username, member, action, object, outcome, detail, "
                               "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               {e.seq, e.at, e.record.username, e.record.member, e.record.action, e.record.object,
                                e.record.outcome, e.record.detail, prev, e.hash})
                      .ok());
      prev = e.hash;
    }
    ASSERT_TRUE(db_->execute("INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?)",
                             {static_cast<std::int64_t>(entries.size()), prev})
                    .ok());
  }
  std::size_t stored_checkpoints() {
    return static_cast<std::size_t>(db_->query("SELECT COUNT(*) FROM audit_checkpoints").value().front().integer(0));
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
  AuditKey key_;
};

TEST_F(AnchoredAuditTest, UntamperedChainVerifiesAndSaysWhatIsNotYetAnchored) {
  auto v = verify_anchored();
  EXPECT_TRUE(v.intact) << v.reason;
  EXPECT_EQ(v.entries, 8);
  EXPECT_EQ(v.anchored, 6);
  EXPECT_EQ(v.checkpoints, 4);  // two anchor lines, two stored
  auto stored_only = audit_verify_anchored(*db_, key_.public_key, std::nullopt);
  ASSERT_TRUE(stored_only.ok());
  EXPECT_TRUE(stored_only->intact) << stored_only->reason;
  EXPECT_EQ(stored_only->checkpoints, 2);
  auto lines = read_anchor(anchor()).value();
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[1].checkpoint.seq, 6);
  EXPECT_EQ(lines[1].line, 2U);
  EXPECT_TRUE(checkpoint_signed_by(lines[1].checkpoint, key_.public_key));
}

using Entries = std::vector<AuditEntry>;
struct Tamper {
  const char* name;
  std::string sql;                        // a raw edit, or
  std::function<void(Entries&)> rewrite;  // a change, then the chain recomputed
  bool chain_alone_detects;
};

void PrintTo(const Tamper& t, std::ostream* os) {
  *os << t.name;
}

class AuditTamperTest : public AnchoredAuditTest, public ::testing::WithParamInterface<Tamper> {};

// Every way to rewrite the file, each over anchored entries: the chain alone
// misses those that recompute it; the anchor catches them all.
TEST_P(AuditTamperTest, IsDetectedByTheAnchor) {
  const auto& t = GetParam();
  ASSERT_TRUE(verify_anchored().intact);
  if (!t.sql.empty()) sql(t.sql);
  if (t.rewrite) rewrite(t.rewrite);
  auto chain = audit_verify(*db_);
  EXPECT_EQ(!chain.ok() || !chain->intact, t.chain_alone_detects);
  auto v = verify_anchored();
  EXPECT_FALSE(v.intact);
  EXPECT_FALSE(v.reason.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Kinds, AuditTamperTest,
    ::testing::ValuesIn(std::vector<Tamper>{
        {"EditDetail", "UPDATE audit_log SET detail = 'nothing' WHERE seq = 2", nullptr, true},
        {"EditDetailRecompute", "", [](Entries& e) { e[1].record.detail = "nothing"; }, false},
        {"DeleteFirst", "DELETE FROM audit_log WHERE seq = 1", nullptr, true},
        {"DeleteFirstRecompute", "", [](Entries& e) { e.erase(e.begin()); }, false},
        {"DeleteMiddle", "DELETE FROM audit_log WHERE seq = 4", nullptr, true},
        {"DeleteMiddleRecompute", "", [](Entries& e) { e.erase(e.begin() + 3); }, false},
        {"DeleteLastAnchored", "DELETE FROM audit_log WHERE seq = 6", nullptr, true},
        {"DeleteLastAnchoredRecompute", "", [](Entries& e) { e.erase(e.begin() + 5); }, false},
        {"DeleteLast", "DELETE FROM audit_log WHERE seq = 8", nullptr, true},
        {"Insert",
         "UPDATE audit_log SET seq = seq + 100 WHERE seq >= 3; UPDATE audit_log SET seq = seq - 99 WHERE seq >= 103;"
         "INSERT INTO audit_log SELECT 3, at, 'mallory', member, action, 'document:99', outcome, detail, hash, hash "
         "FROM audit_log WHERE seq = 2",
         nullptr, true},
        {"InsertRecompute", "", [](Entries& e) { e.insert(e.begin() + 2, e[0]); }, false},
        {"Reorder",
         "UPDATE audit_log SET seq = -1 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 5;"
         "UPDATE audit_log SET seq = 5 WHERE seq = -1",
         nullptr, true},
        {"ReorderRecompute", "", [](Entries& e) { std::swap(e[1], e[4]); }, false},
        {"TruncateTail", "DELETE FROM audit_log WHERE seq >= 5", nullptr, true},
        {"TruncateTailAndHead", "", [](Entries& e) { e.resize(4); }, false},
        {"ForgeAppendedEntry", "",
         [](Entries& e) {
           e.resize(5);
           e.push_back(e[4]);
           e.back().record.detail = "forged";
         },
         false},
        {"DeleteLogAndHead", "DELETE FROM audit_log; DELETE FROM audit_head", nullptr, false},
        {"DeleteLogHeadCheckpointsAndIdentity",
         "DELETE FROM audit_log; DELETE FROM audit_head; DELETE FROM audit_checkpoints; DELETE FROM audit_chain",
         nullptr, false},
        {"DropTheTables",
         "DROP TABLE audit_log; DROP TABLE audit_head; DROP TABLE audit_checkpoints; DROP TABLE audit_chain", nullptr,
         true},
    }),
    [](const ::testing::TestParamInfo<Tamper>& info) { return std::string(info.param.name); });

TEST_F(AnchoredAuditTest, RecomputedChainNamesTheCheckpointAndTheRange) {
  rewrite([](std::vector<AuditEntry>& e) { e[4].record.detail = "nothing"; });
  EXPECT_TRUE(audit_verify(*db_)->intact);
  auto v = verify_anchored();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_seq, 4);
  EXPECT_NE(v.reason.find("anchor line 2"), std::string::npos) << v.reason;
  EXPECT_NE(v.reason.find("from 4 to 6 was rewritten"), std::string::npos) << v.reason;
}

TEST_F(AnchoredAuditTest, TruncationWithItsHeadIsNamed) {
  rewrite([](std::vector<AuditEntry>& e) { e.resize(5); });
  auto v = verify_anchored();
  EXPECT_FALSE(v.intact);
  EXPECT_EQ(v.first_bad_seq, 6);
  EXPECT_NE(v.reason.find("covers 6 entries, but the chain ends at entry 5"), std::string::npos) << v.reason;
}

TEST_F(AnchoredAuditTest, DeletedStoredCheckpointIsNamedByItsAnchorLine) {
  sql("DELETE FROM audit_checkpoints WHERE seq = 3");
  auto v = verify_anchored();
  EXPECT_FALSE(v.intact);
  EXPECT_NE(v.reason.find("anchor line 1"), std::string::npos) << v.reason;
  EXPECT_NE(v.reason.find("not among the database's stored checkpoints"), std::string::npos) << v.reason;
}

TEST_F(AnchoredAuditTest, AlteredStoredCheckpointFailsWithTheKey) {
  sql("UPDATE audit_checkpoints SET seq = 2 WHERE seq = 3");
  auto v = audit_verify_anchored(*db_, key_.public_key, std::nullopt);
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->intact);
  EXPECT_NE(v->reason.find("stored checkpoint 1: the signature does not verify"), std::string::npos) << v->reason;
}

TEST_F(AnchoredAuditTest, CheckpointSignedByAnotherKeyFails) {
  auto other = audit_keygen(dir_.file("other.key")).value();
  auto v = verify_anchored(other);
  EXPECT_FALSE(v.intact);
  EXPECT_NE(v.reason.find("anchor line 1: the signature does not verify"), std::string::npos) << v.reason;
  // A line another key signed, among genuine ones.
  ASSERT_TRUE(audit_checkpoint(*db_, other, {anchor(), false}).ok());
  v = verify_anchored();
  EXPECT_FALSE(v.intact);
  EXPECT_NE(v.reason.find("anchor line 3"), std::string::npos) << v.reason;
}

TEST_F(AnchoredAuditTest, AnchorOfAnotherDatabaseFails) {
  testing::TempDir other_dir;
  auto other = open_database(other_dir.file("other.db")).value();
  ASSERT_TRUE(migrate(*other, store_migrations()).ok());
  for (int i = 1; i <= 8; ++i) ASSERT_TRUE(audit_append(*other, {"bob", "DEU", "login", "user:bob", "ok", ""}).ok());
  auto v = audit_verify_anchored(*other, key_.public_key, read_anchor(anchor()).value());
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->intact);
  EXPECT_NE(v->reason.find("this database's chain is gone"), std::string::npos) << v->reason;
}

TEST_F(AnchoredAuditTest, CorruptedOrMissingAnchorLinesAreNamed) {
  auto lines = [&] {
    std::ifstream in(anchor());
    std::vector<std::string> out;
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
  }();
  auto write = [&](const std::vector<std::string>& content) {
    std::ofstream out(anchor(), std::ios::trunc);
    for (const auto& l : content) out << l << '\n';
  };
  write({lines[0], "{\"chain\": \"half a line", lines[1]});
  auto r = read_anchor(anchor());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::integrity);
  EXPECT_NE(r.error().message.find("line 2: not JSON"), std::string::npos) << r.error().message;
  write({lines[0], "", lines[1]});
  r = read_anchor(anchor());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("line 2: empty"), std::string::npos) << r.error().message;
  auto j = nlohmann::json::parse(lines[1]);
  j.erase("head");
  write({lines[0], j.dump()});
  r = read_anchor(anchor());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("line 2: not a checkpoint: head"), std::string::npos) << r.error().message;
  write({});
  EXPECT_FALSE(read_anchor(anchor()).ok());
  r = read_anchor(dir_.file("absent.jsonl"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
}

// Kibibytes of memory the process holds locked (VmLck of /proc/self/status).
long locked_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmLck:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

TEST_F(AnchoredAuditTest, TheLoadedSecretIsLockedInMemoryAndReadOnly) {
  const long before = locked_kib();
  ASSERT_GE(before, 0);
  auto loaded = load_audit_key(dir_.file("audit.key"));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  if (!kAddressSanitizer) {  // AddressSanitizer turns mlock into a no-op
    EXPECT_GT(locked_kib(), before) << "the secret is in memory that is never swapped out";
  }
  AuditKey moved = std::move(loaded).value();
  EXPECT_EQ(moved.public_key, key_.public_key);
  EXPECT_DEATH(moved.writable_secret()[0] ^= 1, "") << "sealed: a stray write faults instead of changing the key";
}

TEST_F(AnchoredAuditTest, KeyFileIsPrivateAndNeverOverwritten) {
  struct stat st {};
  ASSERT_EQ(::stat(dir_.file("audit.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  auto again = audit_keygen(dir_.file("audit.key"));
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("never overwritten"), std::string::npos);
  auto loaded = load_audit_key(dir_.file("audit.key"));
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->public_key, key_.public_key);
  ASSERT_EQ(::chmod(dir_.file("audit.key").c_str(), 0644), 0);
  auto open_key = load_audit_key(dir_.file("audit.key"));
  ASSERT_FALSE(open_key.ok());
  EXPECT_EQ(open_key.error().code, ErrorCode::invalid_input);
  EXPECT_NE(open_key.error().message.find("has mode 0644"), std::string::npos) << open_key.error().message;
  ASSERT_EQ(::chmod(dir_.file("audit.key").c_str(), 0620), 0);
  EXPECT_FALSE(load_audit_key(dir_.file("audit.key")).ok());
  // The database never holds the secret.
  std::string secret;
  std::getline(std::ifstream(dir_.file("audit.key")), secret);
  ASSERT_EQ(secret.size(), 128U);
  for (const auto& table : {"audit_checkpoints", "audit_chain", "audit_log"}) {
    auto rows = db_->query(std::string("SELECT * FROM ") + table).value();
    for (const auto& row : rows) {
      for (std::size_t i = 0; i < row.size(); ++i) EXPECT_EQ(row.text(i).find(secret.substr(0, 64)), std::string::npos);
    }
  }
}

TEST_F(AnchoredAuditTest, BrokenChainIsNeverSigned) {
  sql("UPDATE audit_log SET detail = 'nothing' WHERE seq = 7");
  auto c = audit_checkpoint(*db_, key_, {anchor(), false});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::integrity);
  EXPECT_NE(c.error().message.find("entry 7 was altered"), std::string::npos) << c.error().message;
  EXPECT_EQ(stored_checkpoints(), 2U);
  EXPECT_EQ(read_anchor(anchor())->size(), 2U);
}

// The anchor line is written once the checkpoint is stored, so a failed
// commit never leaves the anchor naming a checkpoint the database lacks; a
// failed append says so and leaves a stored, unanchored checkpoint that verifies.
TEST_F(AnchoredAuditTest, FailedAnchorAppendLeavesAStoredCheckpointThatVerifies) {
  auto c = audit_checkpoint(*db_, key_, {dir_.file("absent/anchor.jsonl"), false});  // the append fails
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("stored but not anchored"), std::string::npos) << c.error().message;
  EXPECT_EQ(stored_checkpoints(), 3U);
  EXPECT_TRUE(verify_anchored().intact);
  // The next checkpoint goes on from it.
  ASSERT_TRUE(audit_append(*db_, {"alice", "FRA", "document.read", "document:9", "ok", ""}).ok());
  ASSERT_TRUE(audit_checkpoint(*db_, key_, {anchor(), false}).ok());
  EXPECT_TRUE(verify_anchored().intact);
}

// Review finding: a checkpoint was held against the chain by its entry
// number only, so a second, genuine signature over a rewritten chain at the
// same entry excused the anchored one. Each checkpoint is compared on its own.
TEST_F(AnchoredAuditTest, ARewrittenChainSignedAtTheSameEntryDoesNotExcuseTheAnchoredCheckpoint) {
  ASSERT_TRUE(audit_checkpoint(*db_, key_, {anchor(), false}).ok());  // anchor line 3, entry 8
  sql("CREATE TABLE saved AS SELECT chain, seq, head, at, key_id, sig FROM audit_checkpoints");
  rewrite([](std::vector<AuditEntry>& e) { e[6].record.detail = "nothing"; });  // entry 7
  // The key is made to sign the rewritten chain at entry 8 too, and the old checkpoints are put back.
  sql("DELETE FROM audit_checkpoints");
  auto forged = audit_checkpoint(*db_, key_, {"", false});
  ASSERT_TRUE(forged.ok()) << forged.error().message;
  ASSERT_TRUE(forged->has_value());
  EXPECT_EQ((*forged)->seq, 8);
  std::ofstream(anchor(), std::ios::app) << to_json(**forged).dump() << '\n';
  sql("INSERT INTO audit_checkpoints (chain, seq, head, at, key_id, sig) SELECT * FROM saved; DROP TABLE saved");
  auto v = verify_anchored();
  EXPECT_FALSE(v.intact);
  EXPECT_NE(v.reason.find("anchor line 3"), std::string::npos) << v.reason;
  EXPECT_NE(v.reason.find("from 7 to 8 was rewritten"), std::string::npos) << v.reason;
}

// Review finding: a planted row that did not verify made the signer start
// from the genesis and sign whatever chain the file held.
TEST_F(AnchoredAuditTest, APlantedCheckpointRowStopsSigning) {
  rewrite([](std::vector<AuditEntry>& e) { e[1].record.detail = "nothing"; });
  sql("INSERT INTO audit_checkpoints (chain, seq, head, at, key_id, sig) SELECT chain, 9, head, at, key_id, "
      "'00' FROM audit_checkpoints WHERE seq = 6");
  auto c = audit_checkpoint(*db_, key_, {"", false});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::integrity);
  EXPECT_NE(c.error().message.find("newest stored checkpoint"), std::string::npos) << c.error().message;
  EXPECT_EQ(stored_checkpoints(), 3U);
}

// With the stored checkpoints removed, the signer holds the chain against the
// anchor it writes to, and signs nothing the anchor contradicts.
TEST_F(AnchoredAuditTest, RemovedStoredCheckpointsStopSigningIntoTheAnchor) {
  rewrite([](std::vector<AuditEntry>& e) { e[1].record.detail = "nothing"; });
  sql("DELETE FROM audit_checkpoints");
  auto c = audit_checkpoint(*db_, key_, {anchor(), false});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::integrity);
  EXPECT_NE(c.error().message.find("anchor's last checkpoint (line 2, entry 6)"), std::string::npos)
      << c.error().message;
  EXPECT_EQ(stored_checkpoints(), 0U);
  EXPECT_EQ(read_anchor(anchor())->size(), 2U);
}

// The walk before the write transaction ends where its read ended; entries
// appended meanwhile are walked inside it, so no checkpoint fails for them.
TEST_F(AnchoredAuditTest, CheckpointsWhileEntriesAreAppended) {
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < 400; ++i) {
      EXPECT_TRUE(audit_append(*db_, {"bob", "DEU", "document.read", "document:" + std::to_string(i), "ok", ""}).ok());
    }
    done = true;
  });
  int made = 0;
  while (!done) {
    auto c = audit_checkpoint(*db_, key_, {anchor(), true});
    ASSERT_TRUE(c.ok()) << c.error().message;
    made += c->has_value() ? 1 : 0;
  }
  writer.join();
  ASSERT_TRUE(audit_checkpoint(*db_, key_, {anchor(), true}).ok());
  auto v = verify_anchored();
  EXPECT_TRUE(v.intact) << v.reason;
  EXPECT_EQ(v.anchored, 408) << made << " checkpoints while writing";
}

TEST_F(AuditTest, AWalkWithoutTheHeadEndsAtTheLastEntryItRead) {
  sql("UPDATE audit_head SET seq = 7");  // as when an entry was appended after the walk's read
  EXPECT_FALSE(verify().intact);
  AuditWalk walk;
  walk.check_head = false;
  auto v = audit_verify(*db_, walk);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->intact) << v->reason;
  EXPECT_EQ(v->entries, 6);
}

TEST_F(AnchoredAuditTest, PeriodicCheckpointSkipsAnUnchangedHead) {
  auto first = audit_checkpoint(*db_, key_, {anchor(), true}).value();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->seq, 8);
  EXPECT_FALSE(audit_checkpoint(*db_, key_, {anchor(), true}).value());
  EXPECT_EQ(stored_checkpoints(), 3U);
  auto on_demand = audit_checkpoint(*db_, key_, {anchor(), false}).value();
  ASSERT_TRUE(on_demand);
  EXPECT_EQ(on_demand->seq, 8);
  EXPECT_EQ(latest_checkpoint(*db_).value()->sig, on_demand->sig);
  auto v = verify_anchored();
  EXPECT_TRUE(v.intact) << v.reason;
  EXPECT_EQ(v.anchored, 8);
}

}  // namespace
}  // namespace ariadne::store
