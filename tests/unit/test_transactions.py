"""Real transactions on SQLite: a write call holds the write lock before its first read,
``synchronous=FULL``, a busy database is retried and then refused in Dutch with nothing changed.
(PostgreSQL's counterparts, row locks instead of the database's write lock, are in
``test_transactions_pg.py``.)"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import pytest
from loaded import aanvraag_versie
from sqlalchemy import event
from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.db import make_engine
from swv_desktop.encryption.connect import connect
from swv_desktop.errors import DatabaseBusy
from swv_desktop.models import Schoolbestuur
from swv_desktop.models import Uitkomst
from swv_desktop.services import scholen


@pytest.fixture
def backend() -> str:
    """SQLite's own transaction recipe (BEGIN IMMEDIATE, pragmas, a second sqlite3 connection)."""
    return "sqlite"


def _statements(db: Database) -> list[str]:
    seen: list[str] = []
    event.listen(
        db.engine, "before_cursor_execute", lambda _c, _cu, statement, *_a: seen.append(statement)
    )
    return seen


def test_a_decision_reads_its_rules_inside_the_write_transaction(world):
    aid = world.ready_for_besluit(world.individual(world.add_leerling("600001"), 100_000))
    loaded = aanvraag_versie(world.db, aid)  # the dialog read it before
    seen = _statements(world.db)
    world.award(aid, Uitkomst.TOEGEKEND, 100_000, "Voldoet.", versie=loaded)
    assert seen[0] == "BEGIN IMMEDIATE"
    assert seen.count("BEGIN IMMEDIATE") == 1  # one transaction for the whole call
    assert any("sum(besluit.toegekend_cents)" in s for s in seen[1:])


def test_reads_run_in_one_deferred_transaction(db):
    seen = _statements(db)
    scholen.bestuur_choices(db)
    assert seen[0] == "BEGIN DEFERRED"


def test_commits_are_durable_synchronous_full(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def _holder(db: Database) -> Any:
    """Another connection that holds the write lock (as another program or user would)."""
    assert db.keys is not None
    other = connect(db.path, db.keys.data_key)
    other.isolation_level = None
    other.execute("BEGIN IMMEDIATE")
    other.execute(
        "INSERT INTO schoolbestuur (naam, bevoegd_gezag_nummer, adres, postcode, plaats) "
        "VALUES ('Vreemd', '99999', '', '', '')"
    )
    return other


def test_busy_database_is_retried_then_refused_in_dutch(db, world, caplog):
    assert db.keys is not None
    quick = Database(
        db.path, make_engine(db.path, db.keys.data_key, busy_timeout_ms=100), clock=db.clock
    )
    other = _holder(db)
    try:
        with caplog.at_level(logging.INFO, logger="swv_desktop.db"):
            started = time.monotonic()
            with pytest.raises(DatabaseBusy, match="bezet") as refused:
                scholen.save_bestuur(
                    quick, world.secretariaat, scholen.BestuurInput("Stichting Nieuw", "45678")
                )
            elapsed = time.monotonic() - started
    finally:
        other.rollback()
        other.close()
        quick.close()
    assert "Er is niets opgeslagen" in str(refused.value)
    assert [r.getMessage() for r in caplog.records].count("Database bezet (poging 3 van 3)") == 1
    assert elapsed >= 3 * 0.1
    with db.read() as s:
        assert s.scalar(select(func.count(Schoolbestuur.id))) == 1  # only the world's board


def test_a_lock_released_within_the_wait_lets_the_call_through(db, world):
    other = _holder(db)
    release = threading.Timer(0.3, other.rollback)
    release.start()
    try:
        bestuur = scholen.save_bestuur(
            db, world.secretariaat, scholen.BestuurInput("Stichting Later", "45679")
        )
    finally:
        release.join()
        other.close()
    assert scholen.get_bestuur(db, bestuur).naam == "Stichting Later"
