"""Real transactions on PostgreSQL: a decision locks its aanvraag and its schooljaar row
(``SELECT ... FOR UPDATE``) before it reads the budget; a lock held by another connection is
waited for and retried, then refused in Dutch with nothing saved; conflicts that a retry may
resolve (lock time-out, deadlock, serialization failure) are recognised as "bezet"."""

from __future__ import annotations

import logging
import threading

import psycopg
import pytest
from loaded import decide
from pg_cluster import BACKENDS
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from swv_desktop.db import Database
from swv_desktop.db import make_engine
from swv_desktop.dialect import is_retryable
from swv_desktop.errors import DatabaseBusy
from swv_desktop.models import Besluit
from swv_desktop.models import Uitkomst


@pytest.fixture(params=[b for b in BACKENDS if b == "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """PostgreSQL only (with ``SWV_TEST_DB=sqlite`` these tests are not collected)."""
    return str(request.param)


def _statements(db: Database) -> list[str]:
    seen: list[str] = []
    event.listen(
        db.engine, "before_cursor_execute", lambda _c, _cu, statement, *_a: seen.append(statement)
    )
    return seen


def _decide(db: Database, world, aid: int) -> None:
    decide(db, world.directeur, aid, Uitkomst.TOEGEKEND, 100_000, "Voldoet.")


def test_a_decision_locks_aanvraag_and_schooljaar_before_reading_the_budget(world):
    aid = world.ready_for_besluit(world.individual(world.add_leerling("610001"), 100_000))
    seen = _statements(world.db)
    _decide(world.db, world, aid)
    locks = [i for i, s in enumerate(seen) if s.rstrip().endswith("FOR UPDATE")]
    budget = next(i for i, s in enumerate(seen) if "sum(besluit.toegekend_cents)" in s)
    assert any("FROM aanvraag" in seen[i] for i in locks)
    schooljaar = [i for i in locks if "FROM schooljaar" in seen[i]]
    assert schooljaar and schooljaar[0] < budget


def _hold_schooljaar(world):
    """Another connection that holds the schooljaar row lock (another user deciding)."""
    engine = create_engine(world.db.engine.url)
    conn = engine.connect()
    conn.exec_driver_sql(f"SELECT id FROM schooljaar WHERE id = {world.schooljaar_id} FOR UPDATE")
    return engine, conn


def test_a_held_lock_is_retried_then_refused_in_dutch(world, caplog):
    aid = world.ready_for_besluit(world.individual(world.add_leerling("610002"), 100_000))
    quick = Database(world.db.target, make_engine(world.db.target, busy_timeout_ms=100))
    quick.clock = world.db.clock
    engine, other = _hold_schooljaar(world)
    try:
        with (
            caplog.at_level(logging.INFO, logger="swv_desktop.db"),
            pytest.raises(DatabaseBusy, match="bezet") as refused,
        ):
            _decide(quick, world, aid)
    finally:
        other.rollback()
        other.close()
        engine.dispose()
        quick.close()
    assert "Er is niets opgeslagen" in str(refused.value)
    assert [r.getMessage() for r in caplog.records].count("Schooljaar bezet (poging 3 van 3)") == 1
    with world.db.read() as s:
        assert s.scalar(select(func.count(Besluit.id))) == 0


def test_a_lock_released_within_the_wait_lets_the_decision_through(world):
    aid = world.ready_for_besluit(world.individual(world.add_leerling("610003"), 100_000))
    engine, other = _hold_schooljaar(world)
    release = threading.Timer(0.3, other.rollback)
    release.start()
    try:
        _decide(world.db, world, aid)
    finally:
        release.join()
        other.close()
        engine.dispose()
    with world.db.read() as s:
        assert s.scalar(select(func.count(Besluit.id))) == 1


@pytest.mark.parametrize(
    "error",
    [
        psycopg.errors.SerializationFailure,
        psycopg.errors.DeadlockDetected,
        psycopg.errors.LockNotAvailable,
    ],
)
def test_conflicts_a_retry_may_resolve_count_as_busy(error, backend):
    wrapped = OperationalError("SELECT 1", {}, error("conflict"))
    assert is_retryable(wrapped)
    assert not is_retryable(OperationalError("SELECT 1", {}, psycopg.errors.UndefinedTable("x")))
