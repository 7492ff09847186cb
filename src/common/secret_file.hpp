// Files that hold secret keys, kept outside the database: created once with
// mode 0600 and never overwritten; read only when they are regular files of
// the user running Ariadne that group and others cannot read or write.
#pragma once

#include <string>

#include "common/result.hpp"

namespace ariadne {

// Writes `text` to a new file at `path` (mode 0600, synced); invalid_input
// naming `field` when the file exists or cannot be created. The caller wipes
// `text`; a partly written file is removed.
Status create_secret_file(const std::string& path, const std::string& text, const std::string& field);

// The file's text without trailing blanks and newlines, after the checks
// above; invalid_input naming `field` otherwise. The caller wipes the result.
Result<std::string> read_secret_file(const std::string& path, const std::string& field);

}  // namespace ariadne
