// Fixture for scripts/table_owners.py: module b reads a's table (a violation),
// names it in a comment (FROM widgets: not SQL, not a violation) and
// declares a foreign key to it (allowed).
const char* kDdl = "CREATE TABLE gadgets (widget INTEGER REFERENCES widgets(id))";
const char* kRead = "SELECT w.name FROM gadgets g JOIN widgets w ON w.id = g.widget";
