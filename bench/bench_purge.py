"""Benchmark of the purge on a large database (a script, not a test).

Copies (never changes) a demo database, e.g. ``swv-desktop demo --pupils 50000 --years 10``,
signs in as the beheerder, and applies the retention terms on the demo's own "today" (15 June of
its last schooljaar) and on a day a few years later; prints per run the steps, the time of the
transaction, of ``VACUUM`` with the checkpoints and of the backup after it, and the file size.

    .venv/bin/python bench/bench_purge.py [DEMO.db] [--later 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC
from datetime import datetime
from pathlib import Path

from benchlib import missing
from benchlib import signed_in_copy

from swv_desktop import backups
from swv_desktop.services.bewaren import purge


def _size(path: Path) -> str:
    return f"{path.stat().st_size / 1e6:.1f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=Path("bench/groot.db"))
    parser.add_argument("--later", type=int, default=3, help="jaren na de demodatum")
    args = parser.parse_args(argv)
    if missing(args.path):
        return 1
    with signed_in_copy(args.path, "beheerder") as (copy, gate, actor):
        db = gate.db
        assert db is not None
        with db.read() as s:
            from sqlalchemy import text

            made = s.execute(
                text("SELECT op FROM audit_entry WHERE actie = 'demo aangemaakt'")
            ).scalar()
        today = datetime.fromisoformat(str(made)).replace(tzinfo=UTC) if made else db.clock()
        print(f"Kopie: {copy} ({_size(copy)}); demodatum {today:%Y-%m-%d}")
        for years in (0, args.later):
            moment = today.replace(year=today.year + years)
            db.clock = lambda moment=moment: moment
            start = time.perf_counter()
            result = purge(db, actor, comprimeren=False)
            applied = time.perf_counter() - start
            print(f"\n{moment:%Y-%m-%d}: transactie en reservekopie {applied:.2f} s")
            for line in result.lines():
                print(f"  {line}")
            if result.niets:
                continue
            start = time.perf_counter()
            from swv_desktop.services.bewaren.toepassen import wipe_free_space

            wipe_free_space(db.engine)
            print(f"  VACUUM met checkpoints: {time.perf_counter() - start:.2f} s ({_size(copy)})")
            start = time.perf_counter()
            made_backup = backups.make_backup(copy, "bench", key=db.key)
            print(f"  reservekopie erna: {time.perf_counter() - start:.2f} s")
            made_backup.path.unlink()
        gate.sign_out()
    return 0


if __name__ == "__main__":
    sys.exit(main())
