// Fixture for scripts/table_owners.py: module a owns widgets.
const char* kDdl = R"sql(CREATE TABLE widgets (id INTEGER PRIMARY KEY, name TEXT))sql";
const char* kRead = "SELECT name FROM widgets WHERE id = ?";
