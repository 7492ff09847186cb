// Travel document numbers as they are compared: the one rule the stolen and
// lost documents register, document checks and screening by document share,
// so a number in a notice matches a check the same way it matches a query.
//
// A pure function, safe to call from any thread.
#pragma once

#include <string>
#include <string_view>

namespace ariadne::ident {

// Upper case (ASCII letters), with the separators people and MRZs write
// removed: spaces, tabs, hyphens, dots, slashes and '<' fillers. Every other
// character is kept, so "AB#123" and "AB123" stay different numbers.
std::string normalise_document_number(std::string_view raw);

}  // namespace ariadne::ident
