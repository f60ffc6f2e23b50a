"""Fixtures of the letter and report tests: the fictional world on a fresh database."""

from __future__ import annotations

import pytest
from report_world import World
from report_world import build_world

from swv_desktop.db import Database


@pytest.fixture
def world(db: Database) -> World:
    """The report world inserted into the test's fresh database."""
    return build_world(db)
