"""The one way any part of swv-desktop opens a database file: SQLCipher 4 through ``sqlcipher3``.

``connect(path, key)`` gives a DB-API connection with the raw 256-bit key applied before anything
else (a raw key skips SQLCipher's own PBKDF2: the password's cost is in the key slot's Argon2id);
``key=None`` opens a plaintext file (only to convert one, and for the plain side of the benchmark).
Copies (``copy_database``), re-keying (``rekey_file``) and the probe that tells "wrong key" from
"damaged" live here too, so nothing else imports a SQLite driver.

Why ``sqlcipher3`` (not ``sqlcipher3-binary``): 0.6.x ships wheels with SQLCipher 4 statically
linked for manylinux *and* Windows (and macOS); ``sqlcipher3-binary`` has Linux wheels only.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as driver

from swv_desktop.encryption.private_files import make_private
from swv_desktop.encryption.private_files import touch_private

DRIVER: Any = driver
"""The DB-API module, for SQLAlchemy's ``create_engine(module=...)``."""
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 5.0
Error: type[Exception] = driver.Error
DatabaseError: type[Exception] = driver.DatabaseError
OperationalError: type[Exception] = driver.OperationalError


def _key_literal(key: bytes) -> str:
    return f"\"x'{key.hex()}'\""


def connect(
    path: Path | str,
    key: bytes | None,
    *,
    uri: bool = False,
    timeout: float = BUSY_TIMEOUT_S,
    create: bool = True,
) -> Any:
    """A connection to ``path`` opened with ``key`` (``None``: a plaintext file).

    A new file is created 0600 first, so SQLite gives its -wal and -shm files the same mode."""
    if not uri:
        target = Path(path)
        if create and not target.exists():
            touch_private(target)
        else:
            make_private(target)
    conn = driver.connect(str(path), timeout=timeout, uri=uri, check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            conn.execute(f"PRAGMA key = {_key_literal(key)}")
    except BaseException:
        conn.close()
        raise
    return conn


def named_rows(conn: Any, sql: str, parameters: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    """The rows of ``sql`` on a driver connection, each a dict by column name."""
    cursor = conn.execute(sql, parameters)
    names = [column[0] for column in cursor.description or ()]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def file_kind(path: Path) -> str:
    """``"missing"``, ``"empty"``, ``"plain"`` (an ordinary SQLite file) or ``"encrypted"``
    (anything else: an encrypted file looks like random bytes, as does a damaged one)."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return "missing"
    if not header:
        return "empty"
    return "plain" if header == SQLITE_HEADER else "encrypted"


def opens_with(path: Path, key: bytes | None) -> bool:
    """True when ``key`` opens the file at ``path`` (reads the first page, changes nothing)."""
    mode = "mode=ro" if Path(f"{path}-wal").exists() else "immutable=1"  # creates no -wal
    try:
        conn = connect(f"{path.resolve().as_uri()}?{mode}", key, uri=True)
    except Error:
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except Error:
        return False
    finally:
        conn.close()


def copy_database(source: Path, target: Path, key: bytes | None, target_key: bytes | None) -> None:
    """A consistent copy of ``source`` (opened with ``key``) written to the new file ``target``
    encrypted with ``target_key``: the backup API when the keys are equal, else
    ``sqlcipher_export`` (which also turns a plaintext file into an encrypted one)."""
    target.unlink(missing_ok=True)
    src = connect(source, key, create=False)
    try:
        if key == target_key:
            dest = connect(target, target_key)
            try:
                src.backup(dest)
            finally:
                dest.close()
        else:
            touch_private(target)
            literal = _key_literal(target_key) if target_key is not None else "''"
            src.execute(f"ATTACH DATABASE ? AS target KEY {literal}", (str(target),))
            try:
                src.execute("SELECT sqlcipher_export('target')")
                version = named_rows(src, "PRAGMA user_version")[0]["user_version"]
                src.execute(f"PRAGMA target.user_version = {int(version)}")
            finally:
                src.execute("DETACH DATABASE target")
    finally:
        src.close()
    make_private(target)


def rekey_file(path: Path, old_key: bytes, new_key: bytes) -> None:
    """Re-encrypt the database at ``path`` from ``old_key`` to ``new_key`` (every page is
    rewritten; the write-ahead log is checkpointed first and after)."""
    conn = connect(path, old_key, create=False)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        conn.execute(f"PRAGMA rekey = {_key_literal(new_key)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        with contextlib.suppress(Error):
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        conn.close()
