"""The database checker: schema, integrity, keys and the domain invariants (``swv-desktop check``)."""
