// The offline-copy reader (`ariadne offline check`, `offline apply`): a
// border post must reject a corrupted or hostile file cleanly, without
// crashing or allocating beyond what the file's size justifies.
//
// A copy carries the key it is signed with, so anyone can sign a hostile
// file for a post that has no trusted key configured. The target does just
// that: the input is a file without its signature, whose public key field
// (when the header is long enough to hold one) is set to the target's own
// key and which is then signed with it, so the fuzzer reaches the sections
// behind the signature check. It also reads the file as a delta applied to
// an empty copy, and looks numbers up in the index built from it.
#include <sodium.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "fuzz_support.hpp"
#include "sltd/snapshot.hpp"

namespace sltd = ariadne::sltd;

namespace {

// Offset of the 32-byte public key in the header, and the header's size.
constexpr std::size_t kKeyAt = 80;
constexpr std::size_t kHeaderBytes = 112;

const sltd::SigningKeys& keys() {
  static const sltd::SigningKeys k = [] {
    if (sodium_init() < 0) std::abort();
    sltd::SigningKeys out;
    std::array<unsigned char, crypto_sign_SEEDBYTES> seed{};
    seed.fill(7);
    crypto_sign_seed_keypair(out.public_key.data(), out.secret_key.data(), seed.data());
    return out;
  }();
  return k;
}

void look_up(const sltd::Snapshot& s) {
  const sltd::OfflineIndex index(s);
  for (const char* number : {"X1234567", "AB0000001", ""}) {
    (void)index.find({number, "FRA", sltd::TypeClass::passport, true});
    (void)index.find({number, std::nullopt, std::nullopt, false});
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string file(ariadne::fuzz::text_of(data, size));
  if (file.size() >= kHeaderBytes) std::memcpy(file.data() + kKeyAt, keys().public_key.data(), 32);
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(file.data()), file.size(),
                       keys().secret_key.data());
  file.append(reinterpret_cast<const char*>(sig), sizeof sig);

  auto copy = sltd::decode_snapshot(file, keys().public_key);
  if (!copy) return 0;
  if (!copy->delta) {
    look_up(*copy);
    (void)sltd::apply_delta(*copy, *copy);  // refused: not a delta
    return 0;
  }
  sltd::Snapshot base;
  base.seq = copy->base_seq;
  base.key = copy->key;
  base.signer = copy->signer;
  if (auto updated = sltd::apply_delta(base, *copy)) look_up(*updated);
  return 0;
}
