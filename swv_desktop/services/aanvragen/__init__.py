"""Applications: the use cases (create, edit, submit, withdraw) and the rules they check."""
