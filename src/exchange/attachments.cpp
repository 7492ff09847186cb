#include "exchange/attachments.hpp"

#include <magic.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "common/hex.hpp"
#include "common/json_fields.hpp"
#include "common/secret_file.hpp"

namespace ariadne::exchange {

using nlohmann::json;

store::Migration attachments_migration() {
  // `sealed` is the base64 of nonce and ciphertext: text, so that every
  // backend stores it alike.
  return {"exchange", 4, R"sql(
CREATE TABLE attachments (
  id {{id}},
  name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  sealed TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  member TEXT NOT NULL REFERENCES members(code),
  created_at TEXT NOT NULL DEFAULT ({{now}})
);
CREATE TABLE message_attachments (
  message_id INTEGER NOT NULL REFERENCES messages(id),
  attachment_id INTEGER NOT NULL REFERENCES attachments(id),
  PRIMARY KEY (message_id, attachment_id)
);
)sql"};
}

namespace {

// What a message may carry, with the extensions a file of that type may have:
// documents without macros, images, audio, video, plain text and data.
// Scripts, HTML and SVG (which run in a browser), executables, archives and
// legacy Office files (macros) are refused. A name's extension must agree
// with the content, so a script cannot pass as text under an executable name.
struct AcceptedType {
  std::string_view type;
  std::string_view extensions;  // space-separated, lower case
};
constexpr AcceptedType kAccepted[] = {
    {"application/pdf", "pdf"},
    {"application/json", "json"},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
    {"application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"},
    {"application/vnd.oasis.opendocument.text", "odt"},
    {"application/vnd.oasis.opendocument.spreadsheet", "ods"},
    {"application/vnd.oasis.opendocument.presentation", "odp"},
    {"image/jpeg", "jpg jpeg jpe jfif"},
    {"image/png", "png"},
    {"image/gif", "gif"},
    {"image/tiff", "tif tiff"},
    {"image/webp", "webp"},
    {"image/bmp", "bmp"},
    {"image/heic", "heic"},
    {"image/heif", "heif"},
    {"audio/mpeg", "mp3"},
    {"audio/x-wav", "wav"},
    {"audio/ogg", "ogg oga opus"},
    {"audio/x-m4a", "m4a"},
    {"video/mp4", "mp4 m4v"},
    {"video/quicktime", "mov"},
    {"video/webm", "webm"},
    {"video/x-msvideo", "avi"},
    {"text/plain", "txt text log csv tsv md"},
    {"text/csv", "csv txt"},
};

const AcceptedType* accepted(std::string_view type) {
  for (const auto& a : kAccepted) {
    if (a.type == type) return &a;
  }
  return nullptr;
}

// The name's extension, lower case; "" when it has none.
std::string extension_of(std::string_view name) {
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size()) return {};
  std::string ext(name.substr(dot + 1));
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

bool lists(std::string_view extensions, std::string_view ext) {
  std::size_t start = 0;
  while (start < extensions.size()) {
    auto end = extensions.find(' ', start);
    if (end == std::string_view::npos) end = extensions.size();
    if (extensions.substr(start, end - start) == ext) return true;
    start = end + 1;
  }
  return false;
}

// Office Open XML and OpenDocument files are ZIP archives that libmagic
// knows by their first entries; macros and ActiveX controls are further in.
// The central directory names every entry (read, never unpacked).
std::optional<std::string> macro_entry(std::string_view zip) {
  constexpr std::string_view kSignature("PK\x01\x02", 4);
  constexpr std::string_view kRefused[] = {"vbaproject.bin", "vbadata.xml", "activex", "basic/", "scripts/"};
  for (auto at = zip.find(kSignature); at != std::string_view::npos; at = zip.find(kSignature, at + 4)) {
    if (at + 46 > zip.size()) break;
    const auto length = static_cast<std::size_t>(static_cast<unsigned char>(zip[at + 28]) |
                                                 (static_cast<unsigned char>(zip[at + 29]) << 8));
    std::string name(zip.substr(at + 46, std::min(length, zip.size() - at - 46)));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (auto refused : kRefused) {
      if (name.find(refused) != std::string::npos) return name;
    }
  }
  return std::nullopt;
}

using Magic = std::unique_ptr<magic_set, decltype(&magic_close)>;

// One libmagic handle per thread (a handle is not thread-safe), loaded with
// the system's compiled magic database. Compressed contents are not opened.
magic_t magic_handle() {
  thread_local Magic handle = [] {
    Magic m(magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_ERROR), magic_close);
    if (m && magic_load(m.get(), nullptr) != 0) m.reset();
    return m;
  }();
  return handle.get();
}

Status sodium_ready() {
  if (sodium_init() < 0) return Error::internal("libsodium failed to initialise");
  return {};
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return hex_encode(digest, sizeof digest);
}

// The associated data binds a sealed file to its row: moved to another row,
// or changed, it no longer opens.
std::string associated_data(std::int64_t id, const std::string& sha256) {
  return "ariadne attachment " + std::to_string(id) + " " + sha256;
}

std::string to_base64(const unsigned char* data, std::size_t n) {
  std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), data, n, sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::optional<std::string> from_base64(std::string_view text, std::size_t max_bytes) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t n = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), " \r\n", &n,
                        nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      n > max_bytes) {
    return std::nullopt;
  }
  out.resize(n);
  return out;
}

std::string sealed(const AttachmentKey& key, std::string_view plain, const std::string& ad) {
  std::string box(
      crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plain.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &written,
                                             reinterpret_cast<const unsigned char*>(plain.data()), plain.size(),
                                             reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr,
                                             nonce, key.data());
  return to_base64(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + written);
}

std::optional<std::string> opened(const AttachmentKey& key, const std::string& text, const std::string& ad) {
  auto box = from_base64(text, text.size());
  constexpr std::size_t kOverhead =
      crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (!box || box->size() < kOverhead) return std::nullopt;
  const auto* nonce = reinterpret_cast<const unsigned char*>(box->data());
  std::string plain(box->size() - kOverhead, '\0');
  unsigned long long n = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plain.data()), &n, nullptr,
                                                 nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                                 box->size() - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                                 reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nonce,
                                                 key.data()) != 0) {
    return std::nullopt;
  }
  plain.resize(n);
  return plain;
}

AttachmentInfo info_from(const store::Row& r) {
  return {r.integer(0), r.text(1), r.text(2), r.integer(3), r.text(4)};
}

}  // namespace

AttachmentKey::AttachmentKey() {
  [[maybe_unused]] static const int ready = sodium_init();  // randombytes needs it once
  randombytes_buf(bytes_.data(), bytes_.size());
}
AttachmentKey::~AttachmentKey() {
  sodium_memzero(bytes_.data(), bytes_.size());
}
AttachmentKey::AttachmentKey(const AttachmentKey& other) : bytes_(other.bytes_) {}
AttachmentKey& AttachmentKey::operator=(const AttachmentKey& other) {
  bytes_ = other.bytes_;
  return *this;
}

std::string AttachmentKey::hex() const {
  return hex_encode(bytes_.data(), bytes_.size());
}

Result<AttachmentKey> AttachmentKey::from_hex(std::string_view hex) {
  AttachmentKey key;
  if (!hex_decode(hex, key.bytes_.data(), key.bytes_.size())) {
    return Error::invalid("attachment-key", "must be 64 hexadecimal digits");
  }
  return key;
}

Result<AttachmentKey> open_attachment_key(store::Database& db, const std::string& path) {
  ARIADNE_TRY(sodium_ready());
  if (::access(path.c_str(), F_OK) != 0) {
    ARIADNE_ASSIGN(auto sealed_rows, db.query("SELECT COUNT(*) FROM attachments"));
    if (const auto n = sealed_rows.front().integer(0); n > 0) {
      return Error::invalid("attachment-key", path + " does not exist, but " + std::to_string(n) +
                                                  " attachments are sealed with a key: restore the file");
    }
    AttachmentKey fresh;
    std::string text = fresh.hex() + '\n';
    auto written = create_secret_file(path, text, "attachment-key");
    sodium_memzero(text.data(), text.size());
    ARIADNE_TRY(written);
    return fresh;
  }
  ARIADNE_ASSIGN(auto hex, read_secret_file(path, "attachment-key"));
  auto key = AttachmentKey::from_hex(hex);
  sodium_memzero(hex.data(), hex.size());
  if (!key) return Error::invalid("attachment-key", path + " does not hold 64 hexadecimal digits");
  return key;
}

Result<std::vector<NewAttachment>> parse_attachments(const json& list) {
  if (!list.is_array()) return Error::invalid("attachments", "must be a list of {name, content_base64}");
  if (list.size() > kMaxAttachments) {
    return Error::invalid("attachments", "lists more than " + std::to_string(kMaxAttachments) + " files");
  }
  // Base64 of kMaxAttachmentBytes, with room for MIME's CRLF every 76 characters.
  constexpr std::size_t kEncoded = (kMaxAttachmentBytes + 2) / 3 * 4;
  constexpr std::size_t kMaxEncoded = kEncoded + (kEncoded / 76 + 1) * 2;
  std::vector<NewAttachment> out;
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string field = "attachments[" + std::to_string(i) + "]";
    if (!list[i].is_object()) {
      errors.push_back({field, "must be an object {name, content_base64}"});
      continue;
    }
    JsonFields f(list[i], field);
    auto name = f.string("name", true, kMaxAttachmentName);
    auto content = f.string("content_base64", true, kMaxEncoded + 1);
    if (name &&
        (name->find_first_not_of(" .") == std::string::npos || name->find('/') != std::string::npos ||
         std::any_of(name->begin(), name->end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))) {
      f.fail("name", "must be a file name without '/' or control characters");
    }
    std::optional<std::string> bytes;
    if (content) {
      if (content->size() > kMaxEncoded) {
        f.fail("content_base64", "is over the limit of " + std::to_string(kMaxAttachmentBytes) + " bytes");
      } else if (!(bytes = from_base64(*content, kMaxAttachmentBytes))) {
        f.fail("content_base64", "must be base64 of at most " + std::to_string(kMaxAttachmentBytes) + " bytes");
      } else if (bytes->empty()) {
        f.fail("content_base64", "is empty");
      }
    }
    auto status = f.finish();
    if (!status) {
      for (auto& e : status.error().fields) errors.push_back(std::move(e));
      continue;
    }
    out.push_back({std::move(*name), std::move(*bytes)});
  }
  if (!errors.empty()) return Error::invalid_fields(std::move(errors));
  return out;
}

Result<std::string> accepted_media_type(std::string_view content) {
  magic_t magic = magic_handle();
  if (magic == nullptr) return Error::internal("libmagic cannot load its database (Debian package libmagic-mgc)");
  const char* found = magic_buffer(magic, content.data(), content.size());
  if (found == nullptr) {
    const char* why = magic_error(magic);
    return Error::internal(std::string("libmagic failed: ") + (why ? why : "no reason given"));
  }
  std::string type = found;
  if (accepted(type) == nullptr) {
    return Error::invalid("content_base64", "is " + type +
                                                " by its content; accepted are PDF, Office Open XML and OpenDocument "
                                                "files, images, audio, video, plain text, CSV and JSON");
  }
  if (type.find("openxmlformats") != std::string::npos || type.find("opendocument") != std::string::npos) {
    if (auto entry = macro_entry(content)) {
      return Error::invalid("content_base64", "is " + type + " with macros or controls (" + *entry + "): refused");
    }
  }
  return type;
}

json to_json(const AttachmentInfo& a, std::int64_t message_id) {
  return {{"id", a.id},
          {"name", a.name},
          {"media_type", a.media_type},
          {"size", a.size},
          {"sha256", a.sha256},
          {"href", "/api/v1/messages/" + std::to_string(message_id) + "/attachments/" + std::to_string(a.id)}};
}

Result<std::vector<AttachmentInfo>> store_attachments(store::Database& db, const policy::Caller& caller,
                                                      const AttachmentKey& key, std::int64_t message_id,
                                                      const std::vector<NewAttachment>& files) {
  ARIADNE_TRY(sodium_ready());
  std::vector<std::string> types;
  std::vector<FieldError> refused;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string field = "attachments[" + std::to_string(i) + "]";
    auto type = accepted_media_type(files[i].content);
    if (!type) {
      if (type.error().code != ErrorCode::invalid_input) return type.error();
      refused.push_back({field + ".content_base64", type.error().fields.at(0).reason});
      continue;
    }
    const std::string ext = extension_of(files[i].name);
    const auto* a = accepted(*type);
    if (!ext.empty() && !lists(a->extensions, ext)) {
      refused.push_back({field + ".name", "the extension ." + ext + " does not match its content, " + *type + " (." +
                                              std::string(a->extensions.substr(0, a->extensions.find(' '))) + ")"});
      continue;
    }
    types.push_back(std::move(*type));
  }
  if (!refused.empty()) return Error::invalid_fields(std::move(refused));
  std::vector<AttachmentInfo> out;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& f = files[i];
    AttachmentInfo a{0, f.name, types[i], static_cast<std::int64_t>(f.content.size()), sha256_hex(f.content)};
    ARIADNE_ASSIGN(auto rows, db.query("INSERT INTO attachments (name, media_type, size, sha256, sealed, uploaded_by, "
                                       "member) VALUES (?, ?, ?, ?, '', ?, ?) RETURNING id",
                                       {a.name, a.media_type, a.size, a.sha256, caller.username, caller.member}));
    a.id = rows.front().integer(0);
    ARIADNE_TRY(db.execute("UPDATE attachments SET sealed = ? WHERE id = ?",
                           {sealed(key, f.content, associated_data(a.id, a.sha256)), a.id}));
    ARIADNE_TRY(
        db.execute("INSERT INTO message_attachments (message_id, attachment_id) VALUES (?, ?)", {message_id, a.id}));
    out.push_back(std::move(a));
  }
  return out;
}

Status carry_attachments(store::Database& db, std::int64_t from_message, std::int64_t to_message) {
  ARIADNE_TRY(
      db.execute("INSERT INTO message_attachments (message_id, attachment_id) SELECT ?, attachment_id FROM "
                 "message_attachments WHERE message_id = ?",
                 {to_message, from_message}));
  return {};
}

Result<std::vector<AttachmentInfo>> message_attachments(store::Database& db, std::int64_t message_id) {
  std::vector<AttachmentInfo> out;
  ARIADNE_TRY(
      db.for_each("SELECT a.id, a.name, a.media_type, a.size, a.sha256 FROM message_attachments ma JOIN "
                  "attachments a ON a.id = ma.attachment_id WHERE ma.message_id = ? ORDER BY a.id",
                  {message_id}, [&](const store::Row& r) {
                    out.push_back(info_from(r));
                    return true;
                  }));
  return out;
}

Result<AttachmentContent> open_attachment(store::Database& db, const AttachmentKey& key, std::int64_t message_id,
                                          std::int64_t attachment_id) {
  ARIADNE_TRY(sodium_ready());
  ARIADNE_ASSIGN(auto rows, db.query("SELECT a.id, a.name, a.media_type, a.size, a.sha256, a.sealed FROM "
                                     "message_attachments ma JOIN attachments a ON a.id = ma.attachment_id WHERE "
                                     "ma.message_id = ? AND ma.attachment_id = ?",
                                     {message_id, attachment_id}));
  if (rows.empty()) {
    return Error::not_found("attachment " + std::to_string(attachment_id) + " of message " +
                            std::to_string(message_id));
  }
  AttachmentContent out{info_from(rows.front()), {}};
  auto plain = opened(key, rows.front().text(5), associated_data(out.info.id, out.info.sha256));
  if (!plain || sha256_hex(*plain) != out.info.sha256) {
    return Error{ErrorCode::integrity,
                 "attachment " + std::to_string(attachment_id) +
                     " does not open with this server's key: it was changed, or sealed with another key",
                 {}};
  }
  out.bytes = std::move(*plain);
  return out;
}

}  // namespace ariadne::exchange
