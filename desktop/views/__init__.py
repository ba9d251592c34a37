"""Windows, docks, dialogs and delegates. Views never run SQL: they call the store."""
