"""Benchmark: push and pull of 200 offline commands on loopback (goal: at most 1 s), and the
first sync of a contactpersoon's scope from a large demo database (goal: at most 5 s). A script,
not a test.

Builds the demo (``--pupils``, default 50,000, ``--years 10``) in a PostgreSQL database on a
throw-away local server (``tests/pg_cluster.py``), starts ``swv-desktop server`` on a free
loopback port, syncs a fresh replica of the demo's ``contactpersoon`` (first sync: the whole
scope), records 200 progress talks offline (server stopped) and times the round that pushes
them and pulls the result; ``--repeat`` times (default 3, a fresh replica each), printing the
load average and the medians (the machine may be shared).

``--keep DIR`` keeps the PostgreSQL cluster with the demo in ``DIR`` and uses it again in the
next run (building the 50,000-pupil demo in PostgreSQL takes about 20 minutes here); the demo is
built under a temporary name and renamed when complete, so a build that was interrupted is
never mistaken for a whole one.

    .venv/bin/python bench/bench_sync.py [--pupils 50000] [--years 10] [--keep bench/pg-sync]
        [--repeat 3] [--first-only]

Each first sync prints its wall time and the CPU time of each side (this process: the laptop;
the server process, from ``/proc``), so a run on a loaded machine still says where the time
went. ``--first-only`` leaves out the 200 commands.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import URL

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
os.environ.setdefault("SWV_KDF", "test")
from benchlib import own_awards  # noqa: E402
from pg_cluster import PgCluster  # noqa: E402
from sync.conftest import ServerProcess  # noqa: E402

from swv_desktop.demo.generator import generate_demo  # noqa: E402
from swv_desktop.models import Beoordeling  # noqa: E402
from swv_desktop.opening import open_database  # noqa: E402
from swv_desktop.services import voortgang  # noqa: E402
from swv_desktop.sync import replica  # noqa: E402
from swv_desktop.sync.aansluiten import join_team  # noqa: E402
from swv_desktop.sync.client import Laptop  # noqa: E402

PASSWORD = "demo-welkom-2021"


def prepare(cluster: PgCluster, pupils: int, years: int) -> URL:
    """The demo database on ``cluster`` (built when missing, under a temporary name)."""
    name = f"bench_sync_{pupils}_{years}"
    admin = create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if conn.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).first():
            print(f"demo: {pupils} leerlingen ({years} jaren) bestaat al")
            admin.dispose()
            return cluster.url(name)
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}_bouw")
        conn.exec_driver_sql(f"CREATE DATABASE {name}_bouw")
    started = time.perf_counter()
    generate_demo(
        cluster.url(f"{name}_bouw").render_as_string(hide_password=False),
        leerlingen=pupils,
        years=years,
        progress=lambda _m: None,
    )
    with admin.connect() as conn:
        conn.exec_driver_sql(f"ALTER DATABASE {name}_bouw RENAME TO {name}")
    admin.dispose()
    print(f"demo: {pupils} leerlingen in {time.perf_counter() - started:.1f} s", flush=True)
    return cluster.url(name)


def _load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f}"


def _cpu_of(pid: int) -> float:
    """CPU seconds (user + system) the process ``pid`` used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def first_sync(server: ServerProcess, path: Path) -> float:
    """A fresh replica of the demo ``contactpersoon`` joined as the first-run window does
    (``aansluiten.join_team``: built aside, moved into place), timed from sign-in; with the
    CPU time each side used (the load does not inflate it)."""
    assert server.proc is not None
    started, laptop_cpu = time.perf_counter(), time.process_time()
    server_cpu = _cpu_of(server.proc.pid)
    first = join_team(path, server.address, "contactpersoon", PASSWORD)
    took = time.perf_counter() - started
    laptop_cpu = time.process_time() - laptop_cpu
    server_cpu = _cpu_of(server.proc.pid) - server_cpu
    print(
        f"  eerste sync: {first.received} gegevens in {took:.2f} s (doel <= 5 s); "
        f"CPU laptop {laptop_cpu:.2f} s, server {server_cpu:.2f} s ({_load()})",
        flush=True,
    )
    if first.error:
        print(f"  fout: {first.error}")
    return took


def push_round(server: ServerProcess, path: Path) -> float:
    """200 progress talks recorded offline (server stopped), then the round that pushes them
    and pulls the result, timed."""
    laptop = Laptop.open(path, server.address, "contactpersoon", PASSWORD)
    with laptop.db.read() as s:
        awards = own_awards(s, laptop.actor)
    server.stop()
    offline = laptop.sync_round()  # as the window's background sync finds the server gone
    assert offline.error, "de server is gestopt, maar de ronde lukte"
    today = datetime.now(UTC).date()
    made = 0
    for aid in awards * 200:
        if made == 200:
            break
        try:
            voortgang.record_gesprek(
                laptop.db,
                laptop.actor,
                aid,
                voortgang.VoortgangInput(today, "mentor", f"Bench {made}", Beoordeling.GOED),
            )
            made += 1
        except Exception:  # noqa: BLE001 - an award whose period ended: try the next
            continue
    server.start()
    parts = _timed_parts(laptop)
    started = time.perf_counter()
    result = laptop.sync_round()
    took = time.perf_counter() - started
    print(
        f"  {result.sent} opdrachten verstuurd, {result.accepted} verwerkt, "
        f"{result.received} gegevens ontvangen in {took:.2f} s (doel <= 1 s)",
        flush=True,
    )
    print("    waarvan " + ", ".join(f"{k} {v:.2f} s" for k, v in parts.items()), flush=True)
    replica.reapply_waiting = _REAPPLY
    if result.error:
        print(f"  fout: {result.error}")
    laptop.close()
    return took


_REAPPLY = replica.reapply_waiting


def _timed_parts(laptop: Laptop) -> dict[str, float]:
    """The round's parts (sign-in, id blocks, push, access log, pull, re-apply), timed as the
    round calls them; the figures fill in during ``sync_round``."""
    parts: dict[str, float] = {}

    def timed(name: str, function: Any) -> Any:
        def run(*args: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args)
            finally:
                parts[name] = parts.get(name, 0.0) + time.perf_counter() - started

        return run

    for name, method in [
        ("aanmelden", "sign_in"),
        ("nummers", "refill_blocks"),
        ("versturen", "push"),
        ("inzagen", "send_views"),
        ("ophalen", "pull"),
    ]:
        setattr(laptop, method, timed(name, getattr(laptop, method)))
    replica.reapply_waiting = timed("opnieuw toepassen", _REAPPLY)
    return parts


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=50_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--keep", type=Path, default=None, help="map om de demo te bewaren")
    parser.add_argument("--repeat", type=int, default=3, help="rondes; de mediaan telt")
    parser.add_argument(
        "--first-only", action="store_true", help="alleen de eerste sync (geen 200 opdrachten)"
    )
    args = parser.parse_args()
    cluster = PgCluster(keep=None if args.keep is None else args.keep / "server").start()
    folder = Path(tempfile.mkdtemp(prefix="swv-bench-sync-"))
    server: ServerProcess | None = None
    try:
        url = prepare(cluster, args.pupils, args.years)
        db = open_database(url)
        server = ServerProcess(url.render_as_string(hide_password=False), folder)
        server.start()
        firsts, rounds = [], []
        for run in range(args.repeat):
            print(f"ronde {run + 1} van {args.repeat} ({_load()})", flush=True)
            firsts.append(first_sync(server, folder / f"cp{run}.db"))
            if not args.first_only:
                rounds.append(push_round(server, folder / f"cp{run}.db"))
        print(f"mediaan eerste sync: {statistics.median(firsts):.2f} s (doel <= 5 s)")
        if rounds:
            print(f"mediaan 200 opdrachten: {statistics.median(rounds):.2f} s (doel <= 1 s)")
        print(f"belasting na afloop: {_load()}")
        db.close()
    finally:
        if server is not None and server.proc is not None:  # also when a round failed
            server.stop()
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
