#!/usr/bin/python3
"""Encrypted, rotated backups of the team server's PostgreSQL database (Debian: python3,
postgresql-client and gnupg; nothing from swv-desktop itself, so it also runs on a database
server of its own).

    swv_backup.py --database postgresql://swv@localhost:5432/swv --map /var/backups/swv-desktop \
        --sleutel /etc/swv-desktop/backup-sleutel.asc [--maanden N]

1. ``pg_dump -Fc`` into a private temporary folder beside the backups, then ``pg_restore --list``
   reads it back (a dump that cannot be read is no backup);
2. ``gpg --encrypt --recipient-file`` to the public key in ``--sleutel``: the server holds only
   the public key, the private key stays with the beheerder (off the server);
3. the encrypted file is renamed into place as ``swv-YYYYMMDDTHHMMSSZ.dump.gpg`` (UTC);
4. only then: every backup of this pattern made longer ago than the retention term is deleted.
   The term is ``bewaartermijn_reservekopie_maanden`` of the organisation's settings (Beheer >
   Instellingen), read with ``psql``, or ``--maanden``. Other files in the folder are left alone.

Exit code 0 when the new backup is in place, 1 when it failed (the old backups are then left
as they were). The password of the database role comes from ``PGPASSFILE`` / ``~/.pgpass``.
"""

from __future__ import annotations

import argparse
import calendar
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC
from datetime import datetime
from pathlib import Path

PATTERN = re.compile(r"swv-(\d{8}T\d{6}Z)\.dump\.gpg")
STAMP = "%Y%m%dT%H%M%SZ"


class BackupFailed(Exception):
    """A step failed; the message is Dutch."""


def months_before(moment: datetime, months: int) -> datetime:
    """``moment`` minus whole calendar months (31 March minus one month: 28 or 29 February)."""
    total = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(total, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def made_at(name: str) -> datetime | None:
    """When the backup called ``name`` was made (``None``: not one of ours)."""
    match = PATTERN.fullmatch(name)
    if match is None:
        return None
    try:
        return datetime.strptime(match.group(1), STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def to_remove(names: list[str], now: datetime, months: int) -> list[str]:
    """The backups among ``names`` made before the retention term of ``months`` began; a backup
    made exactly at its start is kept. Oldest first."""
    cutoff = months_before(now, months)
    dated = [(made, name) for name in names if (made := made_at(name)) is not None]
    return [name for made, name in sorted(dated) if made < cutoff]


def libpq_url(url: str) -> str:
    """``postgresql+psycopg://...`` (as swv-desktop writes it) as libpq reads it."""
    return re.sub(r"^postgresql\+\w+://", "postgresql://", url)


def _run(command: list[str], what: str) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupFailed(f"{what} mislukte: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def retention_months(url: str) -> int:
    """The retention term of backups from the organisation's settings."""
    query = "SELECT bewaartermijn_reservekopie_maanden FROM organisatie ORDER BY id LIMIT 1"
    out = _run(["psql", "-XAtq", "-d", url, "-c", query], "De bewaartermijn lezen").strip()
    if not out.isdigit() or not 1 <= int(out) <= 24:
        raise BackupFailed(
            f"De bewaartermijn van reservekopieën staat niet in de database ({out!r}); richt de "
            "server in (swv-desktop server init) of geef --maanden."
        )
    return int(out)


def make_backup(url: str, folder: Path, key: Path, now: datetime) -> Path:
    """Dump, check, encrypt and put the backup in place; its path."""
    if not key.is_file():
        raise BackupFailed(f"De openbare sleutel {key} ontbreekt.")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    final = folder / f"swv-{now.strftime(STAMP)}.dump.gpg"
    work = Path(tempfile.mkdtemp(prefix=".bezig-", dir=folder))
    try:
        dump = work / "swv.dump"
        _run(["pg_dump", "-Fc", "--no-password", "-d", url, "-f", str(dump)], "pg_dump")
        toc = _run(["pg_restore", "--list", str(dump)], "De dump teruglezen")
        if "TABLE DATA" not in toc:
            raise BackupFailed("De dump bevat geen tabellen; is dit de goede database?")
        home = work / "gnupg"
        home.mkdir(mode=0o700)
        encrypted = work / final.name
        _run(
            [
                "gpg", "--homedir", str(home), "--batch", "--yes", "--no-tty", "--quiet",
                "--trust-model", "always", "--recipient-file", str(key),
                "--output", str(encrypted), "--encrypt", str(dump),
            ],
            "Versleutelen met gpg",
        )  # fmt: skip
        with open(encrypted, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(encrypted, final)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return final


def rotate(folder: Path, now: datetime, months: int, keep: Path) -> list[str]:
    """Delete the backups older than the term (never ``keep``); the names deleted."""
    names = sorted(p.name for p in folder.iterdir())
    gone = [n for n in to_remove(names, now, months) if n != keep.name]
    for name in gone:
        (folder / name).unlink()
    return gone


def build_parser() -> argparse.ArgumentParser:
    """The options (the service unit's ExecStart is tested against them)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--database", required=True, help="postgresql://rol@host:5432/database")
    parser.add_argument("--map", type=Path, required=True, help="map voor de reservekopieën")
    parser.add_argument("--sleutel", type=Path, required=True, help="openbare gpg-sleutel")
    parser.add_argument("--maanden", type=int, help="bewaartermijn (standaard uit de database)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Make one backup, then rotate; the exit code."""
    args = build_parser().parse_args(argv)
    os.umask(0o077)  # the dump and the backups: readable by this user only
    url = libpq_url(args.database)
    now = datetime.now(UTC).replace(microsecond=0)
    try:
        months = args.maanden if args.maanden is not None else retention_months(url)
        if months < 1:
            raise BackupFailed("De bewaartermijn is minstens 1 maand.")
        made = make_backup(url, args.map, args.sleutel, now)
    except BackupFailed as exc:
        print(f"Fout: {exc} Er is niets verwijderd.", file=sys.stderr)
        return 1
    size = made.stat().st_size
    print(f"Reservekopie gemaakt en gecontroleerd: {made} ({size} bytes, versleuteld).")
    gone = rotate(args.map, now, months, made)
    for name in gone:
        print(f"Verwijderd (ouder dan {months} maanden): {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
