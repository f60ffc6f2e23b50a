"""Benchmark of encryption at rest (a script, not a test): plaintext SQLite against SQLCipher 4.

Takes (or builds) an encrypted demo database, makes a plaintext copy of it with
``sqlcipher_export`` in the same run, and times on both: opening (probe, migrations check, first
read) as the window does it, with the quick check on its thread, and once with the quick check
in line; the budget overview, a page of the Aanvragen list, a search in the Leerlingen list and
the overdue list. Median of ``--repeat`` runs each; plain and encrypted run alternately so that
the load of a busy machine falls on both alike; printed side by side with the ratio (goal of
issue 13: at most 1.1x on typical queries). Opening is timed without the key derivation
(Argon2id happens once per sign-in and is reported apart).

    .venv/bin/python bench/bench_encryption.py [PATH] [--pupils 50000] [--years 10] [--repeat 9]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from swv_desktop.db import Database
from swv_desktop.demo.generator import generate_demo
from swv_desktop.demo.teksten import DEMO_PASSWORD
from swv_desktop.encryption.connect import connect
from swv_desktop.encryption.keyslots import KeyFile
from swv_desktop.encryption.keyslots import KeyRing
from swv_desktop.encryption.keyslots import sidecar_path
from swv_desktop.opening import open_database
from swv_desktop.services import schooljaren
from swv_desktop.services.auth import authenticate
from swv_desktop.services.budget import budget_overview
from swv_desktop.services.queries.base import ListFilter
from swv_desktop.services.queries.lists import fetch
from swv_desktop.services.voortgang import overdue_gesprekken

GOAL = 1.1
OPEN_ROW = "openen (als het venster)"
"""The window's open: the quick check of a large file runs on a thread afterwards."""
CHECK_ROW = "openen + quick_check"
"""The full check of every page (``check``, and the window's background thread): it decrypts the
whole file, so its ratio is the cost of decryption itself, apart from the typical queries."""


def timed_pair(
    plain: Callable[[], Any], cipher: Callable[[], Any], repeat: int
) -> tuple[float, float]:
    """The median wall times of ``plain`` and ``cipher`` over ``repeat`` runs each after one
    warm-up, run alternately so that the machine's load falls on both sides alike."""
    plain()
    cipher()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for side, fn in enumerate((plain, cipher)):
            start = time.perf_counter()
            fn()
            times[side].append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def plaintext_copy(path: Path, key: bytes, target: Path) -> Path:
    """A plaintext copy of the encrypted database at ``path`` (SQLCipher's export)."""
    con = connect(path, key, create=False)
    try:
        con.execute(f"ATTACH DATABASE '{target}' AS plain KEY ''")
        con.execute("SELECT sqlcipher_export('plain')")
        version = con.execute("PRAGMA user_version").fetchone()[0]
        con.execute(f"PRAGMA plain.user_version = {int(version)}")
        con.execute("DETACH DATABASE plain")
    finally:
        con.close()
    return target


def work(db: Database, today: date, jaar_id: int) -> dict[str, Callable[[], Any]]:
    pd = authenticate(db, "programmadirecteur", DEMO_PASSWORD)
    return {
        "budgetoverzicht": lambda: budget_overview(db, jaar_id),
        "lijst Aanvragen (1e pagina)": lambda: fetch(db, pd, "aanvraag", ListFilter()),
        "zoeken Leerlingen 'jansen'": lambda: fetch(db, pd, "leerling", ListFilter(tekst="jansen")),
        "achterstallige gesprekken": lambda: overdue_gesprekken(db, pd, today, None),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=Path("bench/groot.db"))
    parser.add_argument("--pupils", dest="leerlingen", type=int, default=50_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"Database bouwen: {args.path} ({args.leerlingen} leerlingen) ...", flush=True)
        generate_demo(args.path, leerlingen=args.leerlingen, years=args.years)
    keys = KeyFile.load(sidecar_path(args.path))
    start = time.perf_counter()
    candidates = keys.unlock("programmadirecteur", DEMO_PASSWORD)
    kdf_s = time.perf_counter() - start
    ring = KeyRing(file=keys, candidates=candidates)
    with tempfile.TemporaryDirectory() as folder:
        plain_path = plaintext_copy(args.path, ring.data_key, Path(folder) / "plain.db")
        size = args.path.stat().st_size / 1e6
        print(
            f"{args.path} ({size:.0f} MB), versleuteld tegen een onversleutelde kopie in dezelfde "
            f"run; mediaan van {args.repeat}. Argon2id (eenmaal per aanmelding): {kdf_s:.2f} s."
        )

        def opened(path: Path, keyring: KeyRing | None, deferred: bool) -> Callable[[], Any]:
            def go() -> None:
                db = open_database(path, keys=keyring, create=False, background_check=deferred)
                budget_overview(db, 1)
                db.close()

            return go

        rows = [
            (
                OPEN_ROW,
                *timed_pair(
                    opened(plain_path, None, True), opened(args.path, ring, True), args.repeat
                ),
            ),
            (
                CHECK_ROW,
                *timed_pair(
                    opened(plain_path, None, False), opened(args.path, ring, False), args.repeat
                ),
            ),
        ]
        plain_db = open_database(plain_path, create=False)
        cipher_db = open_database(args.path, keys=ring, create=False)
        jaar_id = max(j.id for j in _years(cipher_db))
        today = date(2021 + args.years, 6, 15)
        plain_work = work(plain_db, today, jaar_id)
        for name, fn in work(cipher_db, today, jaar_id).items():
            rows.append((name, *timed_pair(plain_work[name], fn, args.repeat)))
        plain_db.close()
        cipher_db.close()
    print(f"  {'':<30} {'onversleuteld':>14} {'versleuteld':>12} {'verhouding':>11}")
    worst = 0.0
    for name, plain, cipher in rows:
        ratio = cipher / plain if plain else float("inf")
        worst = worst if name in (OPEN_ROW, CHECK_ROW) else max(worst, ratio)
        print(f"  {name:<30} {plain * 1000:11.1f} ms {cipher * 1000:9.1f} ms {ratio:10.2f}x")
    verdict = "gehaald" if worst <= GOAL else "NIET gehaald"
    print(f"Slechtste verhouding op de vragen: {worst:.2f}x (doel <= {GOAL}x): {verdict}.")
    return 0


def _years(db: Database) -> list[Any]:

    return schooljaren.list_schooljaren(db)


if __name__ == "__main__":
    sys.exit(main())
