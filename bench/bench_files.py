"""Benchmark of the file safety on a large database (a script, not a test): the quick check on
opening and one backup, each against a bare baseline measured in the same run.

    .venv/bin/python bench/bench_files.py [PATH] [--repeat 3]

PATH is a database made by ``swv-desktop demo --db PATH --pupils 50000 --years 10`` (built in a
temporary folder when omitted). It is migrated first (untimed); the backups the script makes are
removed again.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from swv_desktop import backups
from swv_desktop.dbfile import probe
from swv_desktop.formatting import file_size
from swv_desktop.opening import QUICK_CHECK_WAIT_MAX_BYTES
from swv_desktop.opening import open_database


def timed(fn: Callable[[], Any], repeat: int) -> float:
    """The median wall time of ``fn`` over ``repeat`` runs, after one warm-up run."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def read_whole_file(path: Path) -> None:
    """Baseline of any whole-file check: read every byte once."""
    with path.open("rb") as handle:
        while handle.read(1 << 20):
            pass


def open_and_close(path: Path, **kwargs: Any) -> None:
    db = open_database(path, create=False, **kwargs)
    if db.file_check is not None:
        db.file_check.wait()
    db.close()


def row(what: str, seconds: float, baseline: float) -> None:
    print(f"  {what:<52} {seconds:7.3f} s  {seconds / baseline:5.2f}x")


def bench(path: Path, repeat: int) -> None:
    open_database(path, create=False).close()  # migrate once, untimed
    size = path.stat().st_size
    print(f"Database {path} ({file_size(size)})")

    print("Openen:")
    base = timed(lambda: read_whole_file(path), repeat)
    row("basis: het hele bestand één keer lezen", base, base)
    bare = timed(lambda: probe(path, check=False), repeat)
    row("kop en schema lezen (zonder quick_check)", bare, base)
    row("probe met PRAGMA quick_check", timed(lambda: probe(path), repeat), base)
    row("open_database (quick_check wacht)", timed(lambda: open_and_close(path), repeat), base)
    start = time.perf_counter()
    db = open_database(path, create=False, background_check=True)
    returned = time.perf_counter() - start
    if db.file_check is not None:
        db.file_check.wait()
    checked = time.perf_counter() - start
    db.close()
    deferred = size > QUICK_CHECK_WAIT_MAX_BYTES
    row(
        f"venster: open_database klaar ({'check op achtergrond' if deferred else 'check wacht'})",
        returned,
        base,
    )
    row("venster: achtergrondcheck ook klaar", checked, base)

    print("Reservekopie:")
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "kopie.db"

        def copy_file() -> None:
            plain.unlink(missing_ok=True)
            shutil.copyfile(path, plain)

        base = timed(copy_file, repeat)
        row("basis: het bestand kopiëren (shutil.copyfile)", base, base)
        target = Path(tmp) / "api.db"

        def backup_api() -> None:
            target.unlink(missing_ok=True)
            backups.copy_database(path, target)

        row("SQLite backup API naar een 0600-bestand", timed(backup_api, repeat), base)
        row("integrity_check van de kopie", timed(lambda: backups.verify(target), repeat), base)
    made: list[Path] = []

    def make() -> None:
        made.append(backups.make_backup(path, "bench").path)

    row("make_backup: kopie + controle + rotatie", timed(make, repeat), base)
    for backup in made:
        backup.unlink(missing_ok=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", nargs="?", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.path is not None:
        bench(args.path, args.repeat)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        from swv_desktop.demo.generator import generate_demo

        path = Path(tmp) / "groot.db"
        print("Grote database maken ...", flush=True)
        generate_demo(path, pupils=50_000, years=10)
        bench(path, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
