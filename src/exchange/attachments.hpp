// Attachments of messages: files sent with a message (a photo of a forged
// passport, a scanned statement, a spreadsheet of transfers), limited in
// size, accepted by what their content is (libmagic) rather than by their
// name, and stored encrypted at rest (libsodium's XChaCha20-Poly1305, bound
// to their row) with a key kept outside the database.
//
// An attachment belongs to the messages that carry it: the message it was
// sent with, and forwards of that message. Whoever may read one of them may
// download it; messages.hpp decides who that is.
//
// Thread-safety: stateless functions over a thread-safe store::Database;
// libmagic handles are per thread.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "policy/roles.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace ariadne::exchange {

// Attachments and the messages that carry them (exchange migration 4).
store::Migration attachments_migration();

inline constexpr std::size_t kMaxAttachments = 10;                   // per message
inline constexpr std::size_t kMaxAttachmentBytes = 5 * 1024 * 1024;  // per file, decoded
inline constexpr std::size_t kMaxAttachmentName = 200;

// The key attachments are sealed with: 32 random bytes, wiped on destruction.
class AttachmentKey {
 public:
  AttachmentKey();  // a fresh random key
  ~AttachmentKey();
  AttachmentKey(const AttachmentKey&);
  AttachmentKey& operator=(const AttachmentKey&);
  const unsigned char* data() const { return bytes_.data(); }
  std::string hex() const;
  static Result<AttachmentKey> from_hex(std::string_view hex);

 private:
  std::array<unsigned char, 32> bytes_{};
};
// Reads the key file (64 hex digits); creates it with a fresh key, mode
// 0600, when it does not exist and no attachment is sealed yet (a missing
// file then is a volume not mounted or a mistyped path: refused, or the
// files sealed so far could never be opened again).
Result<AttachmentKey> open_attachment_key(store::Database& db, const std::string& path);

// A file as POST /messages sends it: {"name", "content_base64"}.
struct NewAttachment {
  std::string name;
  std::string content;  // decoded bytes
};
// Reads the message's "attachments" list (at most kMaxAttachments); every
// bad entry is reported by its index.
Result<std::vector<NewAttachment>> parse_attachments(const nlohmann::json& list);

// The media type of a file by its content, when it is one Ariadne accepts
// (documents, images, audio, video, plain text); the type it was found to be
// otherwise, as the error's reason.
Result<std::string> accepted_media_type(std::string_view content);

struct AttachmentInfo {
  std::int64_t id = 0;
  std::string name;
  std::string media_type;
  std::int64_t size = 0;
  std::string sha256;  // hex, of the plain content
};
nlohmann::json to_json(const AttachmentInfo& a, std::int64_t message_id);

// Checks each file's type and seals and stores it for `message_id` (inside
// the caller's transaction). A refused file is named by its index.
Result<std::vector<AttachmentInfo>> store_attachments(store::Database& db, const policy::Caller& caller,
                                                      const AttachmentKey& key, std::int64_t message_id,
                                                      const std::vector<NewAttachment>& files);
// A forward carries the attachments of the message it quotes.
Status carry_attachments(store::Database& db, std::int64_t from_message, std::int64_t to_message);
Result<std::vector<AttachmentInfo>> message_attachments(store::Database& db, std::int64_t message_id);

struct AttachmentContent {
  AttachmentInfo info;
  std::string bytes;
};
// The attachment's content, when `message_id` carries it (the caller checks
// that the reader is a party); integrity when it fails to open (a changed
// row or another key).
Result<AttachmentContent> open_attachment(store::Database& db, const AttachmentKey& key, std::int64_t message_id,
                                          std::int64_t attachment_id);

}  // namespace ariadne::exchange
