// The identifiers people, accounts and vehicles share across records - phone
// numbers, IBANs, e-mail addresses, vehicle plates and crypto wallet
// addresses - each read once into one canonical form, so that two records
// name the same identifier exactly when their canonical forms are equal (the
// rule entity resolution links on). An identifier that does not check out is
// flagged invalid with the reason and kept as given (trimmed): never
// silently "fixed" into some other valid identifier.
//
// Document numbers have their own rule: normalise_document_number
// (document_number.hpp).
//
// Pure functions, safe to call from any thread.
#pragma once

#include <string>
#include <string_view>

namespace ariadne::ident {

struct Identifier {
  std::string canonical;  // the normal form when valid; the input trimmed, as given, when not
  bool valid = false;
  std::string reason;  // what is wrong, when not valid
  std::string kind;    // the chain of a wallet address: "bitcoin", "ethereum" or "tron"
};

// A phone number in E.164 ("+2348031234567"). A national number ("0803 123
// 4567") is read as a number of the country (ISO 3166-1 alpha-3) the record
// is from; one written with a leading + or 00 needs no country. Valid means
// valid for its region by libphonenumber's metadata. An extension is not part
// of the E.164 form and is dropped.
Identifier normalise_phone(std::string_view raw, std::string_view country_alpha3);

// An IBAN (ISO 13616) in its compact upper-case form: spaces, dashes and dots
// removed. Valid when the country is in the IBAN registry, the length and the
// BBAN's letter/digit layout are the registry's, and the mod-97 check digits
// match. National check digits inside the BBAN are not checked.
Identifier normalise_iban(std::string_view raw);

// An e-mail address with its domain lower-cased; the local part is kept as
// given (it is case-sensitive by the standard). Valid when it passes a basic
// syntax check: one @, a non-empty local part, a domain with a dot, no
// whitespace. Not a full RFC 5322 parser.
Identifier normalise_email(std::string_view raw);

// A vehicle registration plate, upper-case with spaces, dashes and dots
// removed. Valid when 2 to 12 Latin letters and digits remain. No country's
// plate layout is checked (country_alpha3 is taken for when one is), and plates
// in other scripts are flagged invalid rather than transliterated.
Identifier normalise_plate(std::string_view raw, std::string_view country_alpha3);

// A crypto wallet address, recognised by its shape and checked by its
// checksum: Bitcoin (Base58Check P2PKH "1..." and P2SH "3...", bech32/bech32m
// "bc1..."), Ethereum ("0x" and 40 hex digits; the EIP-55 mixed-case checksum
// is not checked) and Tron (Base58Check "T..."). Case is kept where the
// format is case-sensitive (base58) and lowered where it is not (hex, bech32).
// kind names the chain whenever the shape is recognised, valid or not.
Identifier classify_wallet(std::string_view raw);

}  // namespace ariadne::ident
