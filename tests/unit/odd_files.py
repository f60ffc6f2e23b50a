"""Helpers of the odd-file and backup tests: a database with enough pages, damage in its middle,
a file's sha256 and the side files SQLite could leave beside it."""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
from pathlib import Path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def side_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(f"{path.name}-"))


def filled_db(template_db: Path, path: Path, rows: int = 3000) -> Path:
    """A real database with enough pages that bytes in the middle hit table data."""
    shutil.copyfile(template_db, path)
    conn = sqlite3.connect(path)
    conn.executemany(
        "INSERT INTO schoolbestuur (naam, bevoegd_gezag_nummer, adres, postcode, plaats) "
        "VALUES (?, ?, 'Dorpsstraat 1', '1234 AB', 'Ergens')",
        [(f"Stichting Proef {i}", f"{10000 + i}") for i in range(rows)],
    )
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # schema first, table data after it: the middle of the file is table data whatever the
    # migrations added (a later migration's schema page would otherwise sit mid-file)
    conn.execute("VACUUM")
    conn.close()
    return path


def damage(path: Path, seed: int = 8) -> None:
    """8 KiB of random bytes in the middle of the file, as the tester did."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = random.Random(seed).randbytes(8192)
    path.write_bytes(bytes(data))
