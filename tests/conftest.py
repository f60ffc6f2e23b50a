"""Shared fixtures: headless Qt, a fresh migrated database per test (copied from a template),
a fixed clock, and one actor per role."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from swv_desktop.db import Database, make_engine, migrate, open_database

FIXED_NOW = datetime(2021, 10, 4, 9, 30, tzinfo=UTC)


class FakeClock:
    """A settable clock, injected into the Database; never monkeypatch time."""

    def __init__(self, now: datetime = FIXED_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set_date(self, day: date) -> None:
        self.now = datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database migrated to head once per test session."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(path)
    migrate(engine, path)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db(template_db: Path, tmp_path: Path, clock: FakeClock) -> Database:
    """A fresh, empty, migrated database for one test."""
    path = tmp_path / "test.db"
    shutil.copyfile(template_db, path)
    database = open_database(path, clock=clock)
    yield database
    database.close()
