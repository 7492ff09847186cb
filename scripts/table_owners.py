#!/usr/bin/env python3
"""Each table belongs to the module whose code creates it; no other module's
SQL may name it.

A table's owner is the module (src/<module>/) whose SQL has its CREATE TABLE.
Every SQL text in src/ and tools/ (the string literals of the C++ sources,
raw strings included) is then searched for table names after FROM, JOIN,
INTO, UPDATE, TABLE and ON (an index's table); a name owned by another
module is a violation. Foreign keys (REFERENCES) are declared dependencies
and allowed. Other modules reach a table through its owner's functions.

Usage: table_owners.py [ROOT]   exits 1 and lists the violations, if any.
       table_owners.py --map    prints each table's owner.
"""
import pathlib
import re
import sys

CREATE = re.compile(r"(?i)\bcreate\s+(?:virtual\s+)?table\s+(?:if\s+not\s+exists\s+)?([a-z_][a-z_0-9]*)")
RENAMED = re.compile(r"(?i)\balter\s+table\s+[a-z_0-9]+\s+rename\s+to\s+([a-z_][a-z_0-9]*)")
NAMED = re.compile(r"(?i)\b(?:from|join|into|update|table|on)\s+([a-z_][a-z_0-9]*)")


def string_literals(text):
    """The contents of the C++ string literals of `text` (comments skipped)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif text.startswith("/*", i):
            i = text.find("*/", i + 2)
            i = n if i < 0 else i + 2
        elif c == "R" and i + 1 < n and text[i + 1] == '"' and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            open_paren = text.find("(", i + 2)
            delim = text[i + 2:open_paren]
            end = text.find(")" + delim + '"', open_paren)
            end = n if end < 0 else end
            out.append(text[open_paren + 1:end])
            i = end + len(delim) + 2
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i + 1:j])
            i = j + 1
        elif c == "'":
            j = i + 1
            while j < n and text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
        else:
            i += 1
    return out


def module_of(path, root):
    parts = path.relative_to(root).parts
    return parts[1] if parts[0] in ("src", "tools") else parts[0]


def sources(root):
    for top in ("src", "tools"):
        for path in sorted((root / top).rglob("*")):
            if path.suffix in (".cpp", ".hpp", ".in"):
                yield path


def owners(root):
    owned = {}
    for path in sources(root):
        for literal in string_literals(path.read_text(errors="replace")):
            for name in CREATE.findall(literal) + RENAMED.findall(literal):
                owned.setdefault(name.lower(), module_of(path, root))
    return owned


def violations(root):
    owned = owners(root)
    found = []
    for path in sources(root):
        module = module_of(path, root)
        for literal in string_literals(path.read_text(errors="replace")):
            for name in NAMED.findall(literal):
                owner = owned.get(name.lower())
                if owner is not None and owner != module:
                    found.append(f"{path.relative_to(root)}: names table {name} (owned by {owner})")
    return sorted(set(found))


def main():
    args = sys.argv[1:]
    if args and args[0] == "--map":
        root = pathlib.Path(args[1] if len(args) > 1 else ".").resolve()
        for table, module in sorted(owners(root).items()):
            print(f"{table}\t{module}")
        return 0
    root = pathlib.Path(args[0] if args else ".").resolve()
    found = violations(root)
    for v in found:
        print(v)
    if found:
        print(f"{len(found)} uses of another module's table: go through the owner's functions", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
