"""Window tests (pytest-qt)."""
