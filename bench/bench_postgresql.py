"""Benchmark: the budget overview and the overdue list on PostgreSQL against SQLite (a script,
not a test).

Builds the same demo (``--pupils 50000 --years 10``, seed 2021) in a SQLite file and in a
PostgreSQL database on a throw-away local server (``tests/pg_cluster.py``: Debian's postgresql
package, ``fsync=off``), then times the same service calls on both in the same run and prints
PostgreSQL's time as a multiple of SQLite's (goal: at most 2x). The SQLite file is the plain
(unencrypted) one: the stricter baseline. ``--keep DIR`` keeps both (the SQLite file and the
server's data folder) in ``DIR`` and uses them again in the next run (building the large demo
twice takes minutes); ``--explain`` prints PostgreSQL's plans of the budget overview's queries.

    .venv/bin/python bench/bench_postgresql.py [--pupils 50000] [--years 10] [--repeat 9]
        [--keep bench/pg-groot] [--explain]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from pg_cluster import PgCluster  # noqa: E402

from swv_desktop.db import Database  # noqa: E402
from swv_desktop.demo.generator import demo_clock  # noqa: E402
from swv_desktop.demo.generator import generate_demo  # noqa: E402
from swv_desktop.demo.teksten import DEMO_PASSWORD  # noqa: E402
from swv_desktop.opening import open_database  # noqa: E402
from swv_desktop.services.auth import authenticate  # noqa: E402
from swv_desktop.services.budget import budget_overview  # noqa: E402
from swv_desktop.services.voortgang import overdue_gesprekken  # noqa: E402

GOAL = 2.0


def timed(fns: dict[str, Callable[[], Any]], repeat: int) -> dict[str, tuple[float, Any]]:
    """The median wall time of each of ``fns`` over ``repeat`` runs (after one warm-up) and its
    result; the calls alternate, so a load on the shared machine falls on both alike."""
    results = {name: fn() for name, fn in fns.items()}
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: (statistics.median(times[name]), results[name]) for name in fns}


def build(target: Any, pupils: int, years: int) -> float:
    start = time.perf_counter()
    generate_demo(target, leerlingen=pupils, years=years, progress=lambda m: None, encrypted=False)
    return time.perf_counter() - start


def explain(db: Database, years: int) -> None:
    """PostgreSQL's EXPLAIN ANALYZE of every statement the budget overview of the last year runs."""
    statements: list[tuple[str, Any]] = []

    def capture(
        conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: Any
    ) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, params))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        budget_overview(db, years)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    with db.engine.connect() as conn:
        for statement, params in statements:
            print(statement)
            for (line,) in conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, params):
                print("   ", line)


def prepare(cluster: PgCluster, folder: Path, pupils: int, years: int) -> dict[str, Any]:
    """The SQLite file and the PostgreSQL database with the same demo (built when missing)."""
    name = f"swv_bench_{pupils}_{years}"
    targets: dict[str, Any] = {
        "sqlite": folder / f"demo-{pupils}-{years}.db",
        "postgresql": cluster.url(name),
    }
    admin = create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        found = conn.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        pg_exists = found.first() is not None
        if not pg_exists:
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
    admin.dispose()
    built = {"sqlite": targets["sqlite"].exists(), "postgresql": pg_exists}
    for db_name, target in targets.items():
        if built[db_name]:
            print(f"Demo op {db_name} bestaat al ({pupils} leerlingen, {years} jaren)")
            continue
        print(f"Demo bouwen op {db_name} ({pupils} leerlingen, {years} jaren) ...")
        print(f"  {build(target, pupils, years):.1f} s", flush=True)
    return targets


def calls(db: Database, years: int) -> dict[str, Callable[[], Any]]:
    today = demo_clock(years)().date()
    out: dict[str, Callable[[], Any]] = {}
    for jaar_id in (1, years // 2 + 1, years):
        out[f"budget_overview jaar {jaar_id}"] = lambda j=jaar_id: budget_overview(db, j)
    pd = authenticate(db, "programmadirecteur", DEMO_PASSWORD)
    out["overdue_gesprekken (alle)"] = lambda: overdue_gesprekken(db, pd, today)
    out["overdue_gesprekken (contactpersoon 1)"] = lambda: overdue_gesprekken(db, pd, today, 1)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pupils", type=int, default=50_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--keep", type=Path, default=None, help="map om de demo's te bewaren")
    parser.add_argument("--explain", action="store_true", help="toon de plannen van PostgreSQL")
    args = parser.parse_args(argv)
    cluster = PgCluster(keep=None if args.keep is None else args.keep / "server").start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = args.keep or Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            targets = prepare(cluster, folder, args.pupils, args.years)
            dbs = {
                n: open_database(t, create=False, clock=demo_clock(args.years))
                for n, t in targets.items()
            }
            try:
                if args.explain:
                    explain(dbs["postgresql"], args.years)
                run(dbs, args.years, args.repeat)
            finally:
                for db in dbs.values():
                    db.close()
    finally:
        cluster.stop()
    return 0


def run(dbs: dict[str, Database], years: int, repeat: int) -> None:
    """Time each call on both, interleaved, and print the factors."""
    per_db = {n: calls(db, years) for n, db in dbs.items()}
    worst = 0.0
    print(f"{'aanroep':<40} {'SQLite':>9} {'PostgreSQL':>11} {'factor':>7}")
    for label in per_db["sqlite"]:
        both = timed({n: per_db[n][label] for n in ("sqlite", "postgresql")}, repeat)
        (t_lite, r_lite), (t_pg, r_pg) = both["sqlite"], both["postgresql"]
        same = r_lite == r_pg
        factor = t_pg / t_lite
        worst = max(worst, factor)
        print(
            f"{label:<40} {t_lite * 1000:>7.1f}ms {t_pg * 1000:>9.1f}ms {factor:>6.2f}x"
            + ("" if same else "  VERSCHILLENDE UITKOMST")
        )
    print(
        f"Hoogste factor {worst:.2f}x (doel <= {GOAL:.0f}x): "
        + ("gehaald" if worst <= GOAL else "NIET gehaald"),
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
