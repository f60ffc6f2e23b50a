"""Fixtures of the window tests: a database filled with the fixed test data."""

from __future__ import annotations

import pytest

from swv_desktop.db import Database

from .fixtures import Seed, populate


@pytest.fixture
def seed(db: Database) -> Seed:
    """The fixed test data in the test's fresh database."""
    return populate(db)
