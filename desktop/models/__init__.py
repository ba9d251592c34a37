"""Domain types, the SQLite store and the state rules. No Qt widgets here."""
