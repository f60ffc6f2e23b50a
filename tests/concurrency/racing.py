"""Racing real OS processes on one database: a barrier right before the call, and the moments
each transaction began and ended, so a test can prove the two calls really overlapped.

A child opens its own ``Database`` from the URL of the test's database (``DbTarget``), so the same
tests run on any backend ``open_target`` can open. ``hold_s`` keeps every transaction open a little
after it began (a test-only listener, registered after the product's own ``begin`` listener): it
widens the race window so the other process is surely waiting while the first one reads its rules.
"""

from __future__ import annotations

import multiprocessing as mp
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event

from swv_desktop.db import Database
from swv_desktop.encryption.keyslots import KeyRing
from swv_desktop.errors import KnownError
from swv_desktop.opening import open_database

CHILD_TIMEOUT_S = 60.0


class FixedClock:
    """A picklable clock that always says the same moment."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass(frozen=True)
class DbTarget:
    """Where the racers meet: the database URL and the clock they run on."""

    url: str
    now: datetime
    keys: KeyRing | None = None

    @classmethod
    def of(cls, db: Database) -> DbTarget:
        return cls(db.engine.url.render_as_string(hide_password=False), db.clock(), db.keys)


def open_target(target: DbTarget) -> Database:
    """Open the target database in this process."""
    prefix = "sqlite:///"
    if target.url.startswith(prefix):
        return open_database(
            Path(target.url[len(prefix) :]),
            keys=target.keys,
            create=False,
            clock=FixedClock(target.now),
        )
    return open_database(target.url, create=False, clock=FixedClock(target.now))  # type: ignore[arg-type]


@dataclass
class Outcome:
    """What one racer's call did: its value or its refusal, and its transactions' (begin, end)."""

    name: str
    value: Any = None
    error: str = ""
    error_type: str = ""
    bug: str = ""
    transactions: list[tuple[float, float]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error and not self.bug


def instrument(db: Database, hold_s: float) -> list[tuple[float, float]]:
    """Record (BEGIN sent, COMMIT/ROLLBACK done) of every transaction on ``db``'s engine.

    On SQLite the product emits ``BEGIN`` itself (seen by ``before_cursor_execute``); where the
    driver begins implicitly (PostgreSQL) the ``begin`` event marks the start.
    """
    spans: list[tuple[float, float]] = []
    sent: list[float] = []
    current: list[float] = []

    def before_statement(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("BEGIN"):
            sent[:] = [time.time()]

    def begun(_conn: Any) -> None:
        current[:] = [sent.pop() if sent else time.time()]
        if hold_s:
            time.sleep(hold_s)

    def ended(_conn: Any) -> None:
        if current:
            spans.append((current.pop(), time.time()))

    event.listen(db.engine, "before_cursor_execute", before_statement)
    event.listen(db.engine, "begin", begun)
    event.listen(db.engine, "commit", ended)
    event.listen(db.engine, "rollback", ended)
    return spans


Job = Callable[[Database], Any]


def _child(
    target: DbTarget, name: str, job: Job, barrier: Any, results: Any, hold_s: float
) -> None:
    outcome = Outcome(name)
    try:
        db = open_target(target)
        spans = instrument(db, hold_s)
        barrier.wait(timeout=CHILD_TIMEOUT_S)
        try:
            outcome.value = job(db)
        except KnownError as exc:
            outcome.error, outcome.error_type = exc.message, type(exc).__name__
        finally:
            outcome.transactions = list(spans)
            db.close()
    except Exception:  # a bug: the test shows the traceback
        outcome.bug = traceback.format_exc()
    results.put(outcome)


def race(target: DbTarget, jobs: dict[str, Job], *, hold_s: float = 0.3) -> dict[str, Outcome]:
    """Run each job in its own spawned process, all released by one barrier; their outcomes."""
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(len(jobs))
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_child, args=(target, name, job, barrier, results, hold_s))
        for name, job in jobs.items()
    ]
    for proc in procs:
        proc.start()
    outcomes: dict[str, Outcome] = {}
    try:
        for _ in procs:
            outcome = results.get(timeout=CHILD_TIMEOUT_S)
            outcomes[outcome.name] = outcome
    finally:
        for proc in procs:
            proc.join(timeout=CHILD_TIMEOUT_S)
            if proc.is_alive():
                proc.kill()
                proc.join()
        results.close()
        results.join_thread()
    for outcome in outcomes.values():
        assert not outcome.bug, outcome.bug
    return outcomes


def overlapping_pairs(a: Outcome, b: Outcome) -> int:
    """How many of ``a``'s transactions overlapped in time with one of ``b``'s."""
    return sum(
        1
        for a_start, a_end in a.transactions
        for b_start, b_end in b.transactions
        if max(a_start, b_start) < min(a_end, b_end)
    )


def assert_overlapped(a: Outcome, b: Outcome) -> None:
    """The two calls were in their transactions at the same moment (not one after the other)."""
    assert a.transactions and b.transactions, (a, b)
    assert overlapping_pairs(a, b) >= 1, f"niet gelijktijdig: {a.transactions} / {b.transactions}"
