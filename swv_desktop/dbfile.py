"""The database file itself: the one way to connect to it, and a probe that never writes.

``connect`` opens every connection to a database file (the engine's, the probe's, the check's and
the backups'), through SQLCipher (``encryption.connect``): with ``key`` the file is encrypted with
that data key, without one it is an ordinary SQLite file (a plaintext file is only read to be
converted, and by tests of the plaintext path). ``probe`` looks at
a file before anything may write to it and raises a Dutch error for each kind of trouble:
missing, a folder, unreadable, empty or foreign (``DatabaseDamaged``, never re-initialised),
damaged (``DatabaseDamaged``), locked by another program (``DatabaseLocked``) and read-only
(``DatabaseReadOnly``). ``classify`` turns an SQLite error into the same messages.

SQLite only, by design: a PostgreSQL database has no file (``dialect.parse_target`` decides what a
``--db`` is, and the server guards its own storage); nothing here is called for a URL.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from swv_desktop.encryption import connect as cipher
from swv_desktop.errors import DatabaseDamaged
from swv_desktop.errors import DatabaseError
from swv_desktop.errors import DatabaseLocked
from swv_desktop.errors import DatabaseReadOnly

SQLITE_HEADER = b"SQLite format 3\x00"
DEFAULT_TIMEOUT_S = 5.0
"""How long a connection waits for another program's lock by default."""
PROBE_TIMEOUT_S = 2.0
"""How long the probe waits for another program's lock before it calls the file locked."""

# SQLite's primary result codes (https://sqlite.org/rescode.html)
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26


Error = cipher.Error
"""The driver's base exception (sqlcipher3's, not the standard library's sqlite3)."""
Connection = Any
"""A DB-API connection of the sqlcipher3 driver."""
named_rows = cipher.named_rows
"""The rows of a query on such a connection, each a dict by column name."""


def connect(
    path: Path,
    *,
    key: bytes | None = None,
    read_only: bool = False,
    immutable: bool = False,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> Connection:
    """A DB-API connection to the database file ``path`` (encrypted with ``key``); every opening
    goes through here.

    ``read_only`` opens with ``mode=ro`` (takes the usual locks, never writes the file);
    ``immutable`` reads without any locking or side file (only for a file nobody has open).
    """
    if read_only or immutable:
        flag = "immutable=1" if immutable else "mode=ro"
        return cipher.connect(
            f"{Path(path).resolve().as_uri()}?{flag}", key, uri=True, timeout=timeout
        )
    return cipher.connect(path, key, timeout=timeout)


def wal_path(path: Path) -> Path:
    """The write-ahead log beside the database file."""
    return Path(f"{path}-wal")


def connect_for_reading(
    path: Path, *, key: bytes | None = None, timeout: float = PROBE_TIMEOUT_S
) -> Connection:
    """A connection that cannot change ``path`` and creates no file beside it where it can help.

    A database in WAL mode without a ``-wal`` file is open in no other program, so it is read
    ``immutable`` (no ``-wal``/``-shm`` is created). Otherwise ``mode=ro``: it honours another
    program's locks (so a locked file is reported as locked, not as damaged) and reads what that
    program has committed to its write-ahead log.
    """
    # an encrypted header hides the journal mode; every encrypted database here is in WAL mode
    if not wal_path(path).exists() and (key is not None or _header_says_wal(path)):
        return connect(path, key=key, immutable=True, timeout=timeout)
    return connect(path, key=key, read_only=True, timeout=timeout)


def _header_says_wal(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            header = handle.read(20)
    except OSError:
        return False
    return len(header) == 20 and header[18] == 2 and header[19] == 2


@dataclass(frozen=True)
class Probe:
    """What the probe found in a sound file: its schema revision (``None`` for an empty schema)
    and whether it has tables at all."""

    revision: str | None
    has_tables: bool


def damaged_message(path: Path, what: str) -> str:
    """The Dutch message for a file that is damaged or no swv-desktop database."""
    return (
        f"Het databasebestand '{path}' {what}. swv-desktop opent het niet en schrijft er niets "
        "in; het bestand is niet gewijzigd."
    )


def locked_message(path: Path) -> str:
    """The Dutch message for a file another program holds locked."""
    return (
        f"De database '{path.name}' is vergrendeld door een ander programma (of een ander venster "
        "van swv-desktop). Sluit dat programma of wacht even, en probeer het dan opnieuw. "
        "Er is niets gewijzigd."
    )


def read_only_message(path: Path) -> str:
    """The Dutch message for a file (or folder) this user may not write."""
    return (
        f"Het databasebestand '{path}' is alleen-lezen: u hebt geen schrijfrechten op het bestand "
        "of op de map waarin het staat. swv-desktop kan er niets in opslaan. Vraag schrijfrechten "
        "aan, of kopieer het bestand naar een map waarin u mag schrijven. Er is niets gewijzigd."
    )


def classify(exc: Exception, path: Path) -> DatabaseError:
    """The Dutch error for an SQLite error on ``path`` (locked, read-only, damaged, disk ...)."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = None if code is None else code & 0xFF
    text = str(exc).lower()
    if primary in (SQLITE_BUSY, SQLITE_LOCKED) or "locked" in text:
        return DatabaseLocked(locked_message(path))
    if primary == SQLITE_READONLY or "readonly" in text:
        return DatabaseReadOnly(read_only_message(path))
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB) or "malformed" in text:
        return DatabaseDamaged(damaged_message(path, "is beschadigd"))
    if primary == SQLITE_FULL or "full" in text:
        return DatabaseError("De schijf is vol. Er is niets opgeslagen; maak ruimte vrij.")
    if primary in (SQLITE_CANTOPEN, SQLITE_PERM):
        return DatabaseError(
            f"Het databasebestand '{path}' kan niet worden geopend (geen toegang of de map "
            "bestaat niet). Er is niets gewijzigd."
        )
    if primary == SQLITE_IOERR:
        return DatabaseError(
            f"Bij het lezen of schrijven van '{path}' trad een schijffout op. Er is niets "
            "opgeslagen; controleer de schijf of het netwerk en probeer het opnieuw."
        )
    return DatabaseError(f"De database meldt een fout; er is niets opgeslagen. ({exc})")


def check_header(path: Path, *, encrypted: bool = False) -> None:
    """Refuse what is no SQLite file at all: a folder, an unreadable, empty or foreign file
    (``encrypted``: any header but an empty file; the key decides)."""
    if path.is_dir():
        raise DatabaseError(f"'{path}' is een map, geen databasebestand.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(
            f"Het databasebestand '{path}' kan niet worden gelezen ({exc.strerror}). "
            "Er is niets gewijzigd."
        ) from exc
    if not header:
        raise DatabaseDamaged(
            damaged_message(path, "is leeg (0 bytes): het is geen swv-desktop-database")
        )
    if header == SQLITE_HEADER and encrypted:
        raise DatabaseError(
            f"'{path}' is nog niet versleuteld; het moet eerst worden omgezet. Er is niets gewijzigd."
        )
    if header != SQLITE_HEADER and not encrypted:
        raise DatabaseDamaged(
            damaged_message(
                path,
                "is geen SQLite-database (en dus geen swv-desktop-database), of de kop ervan is "
                "beschadigd",
            )
        )


def read_revision(conn: Connection) -> str | None:
    """The schema revision Alembic stamped in the database; ``None`` when there is none."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if not has_table:
        return None
    rows = named_rows(conn, "SELECT version_num FROM alembic_version")
    return str(rows[0]["version_num"]) if rows else None


def quick_check(conn: Connection, path: Path) -> None:
    """Run SQLite's ``quick_check``; a finding raises ``DatabaseDamaged``."""
    try:
        rows = [r["quick_check"] for r in named_rows(conn, "PRAGMA quick_check")]
    except Error as exc:
        raise classify(exc, path) from exc
    if rows != ["ok"]:
        raise DatabaseDamaged(
            damaged_message(path, f"is beschadigd (SQLite meldt: {rows[0][:120]})")
        )


def probe(
    path: Path, *, key: bytes | None = None, check: bool = True, timeout: float = PROBE_TIMEOUT_S
) -> Probe:
    """Look at an existing database file without writing a byte to it.

    ``check`` runs ``PRAGMA quick_check`` (the cost grows with the file; see ``bench/``). Raises
    ``DatabaseDamaged`` for an empty, foreign or damaged file, ``DatabaseLocked`` when another
    program holds a lock, ``DatabaseReadOnly`` when the file or its folder may not be written.
    """
    path = Path(path)
    check_header(path, encrypted=key is not None)
    try:
        conn = connect_for_reading(path, key=key, timeout=timeout)
    except Error as exc:
        raise classify(exc, path) from exc
    try:
        tables = {
            r["name"]
            for r in named_rows(conn, "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        revision = read_revision(conn)
        if check:
            quick_check(conn, path)
    except Error as exc:
        raise classify(exc, path) from exc
    finally:
        conn.close()
    if tables and revision is None:
        raise DatabaseDamaged(
            damaged_message(
                path, "is een SQLite-database van een ander programma, geen swv-desktop-database"
            )
        )
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise DatabaseReadOnly(read_only_message(path))
    return Probe(revision=revision, has_tables=bool(tables))


__all__ = [
    "Probe",
    "check_header",
    "classify",
    "connect",
    "connect_for_reading",
    "probe",
    "quick_check",
]
