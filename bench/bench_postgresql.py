"""Benchmark: the budget overview and the overdue list on PostgreSQL against SQLite (a script,
not a test).

Builds the same demo (``--pupils 50000 --years 10``, seed 2021) in a SQLite file and in a
PostgreSQL database on a throw-away local server (``tests/pg_cluster.py``: Debian's postgresql
package, ``fsync=off``), then times the same service calls on both in the same run and prints
PostgreSQL's time as a multiple of SQLite's (goal: at most 2x).

    .venv/bin/python bench/bench_postgresql.py [--pupils 50000] [--years 10] [--repeat 9]
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from pg_cluster import PgCluster  # noqa: E402

from swv_desktop.db import Database, open_database  # noqa: E402
from swv_desktop.demo.generator import demo_clock, generate_demo  # noqa: E402
from swv_desktop.demo.teksten import DEMO_PASSWORD  # noqa: E402
from swv_desktop.services.auth import authenticate  # noqa: E402
from swv_desktop.services.budget import budget_overview  # noqa: E402
from swv_desktop.services.voortgang import overdue_gesprekken  # noqa: E402

GOAL = 2.0


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The median wall time of ``fn`` over ``repeat`` runs (after one warm-up) and its result."""
    result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def build(target: Any, pupils: int, years: int) -> float:
    start = time.perf_counter()
    generate_demo(target, leerlingen=pupils, years=years, progress=lambda m: None)
    return time.perf_counter() - start


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
    args = parser.parse_args(argv)
    cluster = PgCluster().start()
    try:
        admin = create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql("CREATE DATABASE swv_bench")
        admin.dispose()
        with tempfile.TemporaryDirectory() as tmp:
            targets = {"sqlite": Path(tmp) / "groot.db", "postgresql": cluster.url("swv_bench")}
            for name, target in targets.items():
                print(f"Demo bouwen op {name} ({args.pupils} leerlingen, {args.years} jaren) ...")
                print(f"  {build(target, args.pupils, args.years):.1f} s", flush=True)
            dbs = {
                n: open_database(t, create=False, clock=demo_clock(args.years))
                for n, t in targets.items()
            }
            try:
                per_db = {n: calls(db, args.years) for n, db in dbs.items()}
                worst = 0.0
                print(f"{'aanroep':<40} {'SQLite':>9} {'PostgreSQL':>11} {'factor':>7}")
                for label in per_db["sqlite"]:
                    t_lite, r_lite = timed(per_db["sqlite"][label], args.repeat)
                    t_pg, r_pg = timed(per_db["postgresql"][label], args.repeat)
                    same = r_lite == r_pg
                    factor = t_pg / t_lite
                    worst = max(worst, factor)
                    print(
                        f"{label:<40} {t_lite * 1000:>7.1f}ms {t_pg * 1000:>9.1f}ms {factor:>6.2f}x"
                        + ("" if same else "  VERSCHILLENDE UITKOMST")
                    )
                print(
                    f"Hoogste factor {worst:.2f}x (doel <= {GOAL:.0f}x): "
                    + ("gehaald" if worst <= GOAL else "NIET gehaald")
                )
            finally:
                for db in dbs.values():
                    db.close()
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
