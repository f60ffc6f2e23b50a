"""The cost of real transactions and durable commits (a script, not a test).

On a copy of the large demo database (``swv-desktop demo --pupils 50000 --years 10``) the same
service calls run under four engine set-ups in one run, interleaved round by round so that the
machine's load hits each alike:

- ``oud``: the driver's own transactions (no BEGIN before a read) and ``synchronous=NORMAL``;
- ``IMMEDIATE``: ``BEGIN IMMEDIATE`` for writes, still ``NORMAL``;
- ``FULL``: the driver's transactions, ``synchronous=FULL``;
- ``nieuw``: both, as the product runs now.

It prints the median time per call of a small write (``scholen.save_bestuur``: a rule read, an
UPDATE, an audit row) and of a read (``budget.budget_overview``), and the ratio against ``oud``.

    .venv/bin/python bench/bench_transactions.py [PATH] [--rounds 40]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy import select

from swv_desktop.db import BUSY_TIMEOUT_MS
from swv_desktop.db import Database
from swv_desktop.db import make_engine
from swv_desktop.demo.teksten import DEMO_PASSWORD
from swv_desktop.models import Schoolbestuur
from swv_desktop.models import Schooljaar
from swv_desktop.opening import open_database
from swv_desktop.services import budget
from swv_desktop.services import scholen
from swv_desktop.services.auth import authenticate

SETUPS = ("oud", "IMMEDIATE", "FULL", "nieuw")


def old_engine(path: Path, synchronous: str) -> Engine:
    """The engine as main had it before issue 8: pysqlite's own (deferred, late) transactions."""
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    def pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.close()

    event.listen(engine, "connect", pragmas)
    return engine


def databases(path: Path, clock: Any) -> dict[str, Database]:
    """The four set-ups on the same file."""
    return {
        "oud": Database(path, old_engine(path, "NORMAL"), clock=clock),
        "IMMEDIATE": Database(path, make_engine(path, synchronous="NORMAL"), clock=clock),
        "FULL": Database(path, old_engine(path, "FULL"), clock=clock),
        "nieuw": Database(path, make_engine(path, synchronous="FULL"), clock=clock),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=Path(__file__).parent / "groot.db")
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    if not args.path.exists():
        print(f"Grote database maken in {args.path} ...", flush=True)
        subprocess.run(
            [sys.executable, "-m", "swv_desktop", "demo", "--db", str(args.path)]
            + ["--pupils", "50000", "--years", "10"],
            check=True,
        )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kopie.db"
        source = sqlite3.connect(args.path)
        dest = sqlite3.connect(path)
        source.backup(dest)
        dest.close()
        source.close()
        open_database(path).close()  # migrate the copy to head once, outside the timing
        size = path.stat().st_size / 1e6
        probe = open_database(path)
        with probe.read() as session:
            bestuur_id = session.scalars(select(Schoolbestuur.id)).first()
            jaar_id = session.scalars(select(Schooljaar.id).order_by(Schooljaar.id.desc())).first()
        clock = probe.clock
        probe.close()
        assert bestuur_id is not None and jaar_id is not None
        dbs = databases(path, clock)
        writes: dict[str, list[float]] = {name: [] for name in SETUPS}
        reads: dict[str, list[float]] = {name: [] for name in SETUPS}
        actors = {name: authenticate(dbs[name], "secretariaat", DEMO_PASSWORD) for name in SETUPS}
        for round_no in range(args.rounds + 1):  # round 0 warms up
            for name in SETUPS:
                db = dbs[name]
                data = scholen.get_bestuur(db, bestuur_id)
                start = time.perf_counter()
                scholen.save_bestuur(
                    db, actors[name], replace(data, plaats=f"Plaats {round_no}"), bestuur_id
                )
                took_write = time.perf_counter() - start
                start = time.perf_counter()
                budget.budget_overview(db, jaar_id)
                took_read = time.perf_counter() - start
                if round_no:
                    writes[name].append(took_write)
                    reads[name].append(took_read)
        for db in dbs.values():
            db.close()
    print(f"Database: {args.path} ({size:.0f} MB), {args.rounds} ronden, mediaan per aanroep")
    base_w, base_r = statistics.median(writes["oud"]), statistics.median(reads["oud"])
    print(f"{'opzet':<10} {'schrijven':>12} {'x oud':>7} {'lezen':>12} {'x oud':>7}")
    for name in SETUPS:
        w, r = statistics.median(writes[name]), statistics.median(reads[name])
        print(
            f"{name:<10} {w * 1000:>9.2f} ms {w / base_w:>6.2f}x {r * 1000:>9.2f} ms {r / base_r:>6.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
