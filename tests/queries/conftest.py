"""Fixtures of the list-query tests: the window tests' fixed data, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from ui.fixtures import Seed
from ui.fixtures import populate

from swv_desktop.db import Database


@pytest.fixture
def seed(db: Database) -> Seed:
    """The fixed test data in the test's fresh database."""
    return populate(db)
