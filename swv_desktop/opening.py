"""Opening a database: ``open_database(target)`` takes a SQLite path or a ``postgresql+psycopg://``
URL and returns the migrated ``db.Database``.

A file is first probed without writing to it (``dbfile.probe``: empty, foreign, damaged, locked
and read-only files are refused, each with its own Dutch message, a damaged one with the newest
good backup on offer); an encrypted file is opened with the key of the ring that fits it
(finishing a re-key that stopped half-way). ``schema.migrate`` then refuses a database written
by a newer version, makes a backup before migrating an existing file and migrates it to the
newest revision. A large file's quick check can run on a thread (``filecheck.FileCheck``).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError

from swv_desktop.db import Clock
from swv_desktop.db import Database
from swv_desktop.db import dutch_error
from swv_desktop.db import make_engine
from swv_desktop.dbfile import probe
from swv_desktop.dialect import Target
from swv_desktop.dialect import describe
from swv_desktop.dialect import parse_target
from swv_desktop.encryption import connect as cipher
from swv_desktop.encryption.keyslots import KeyRing
from swv_desktop.encryption.rekey import finish_interrupted
from swv_desktop.errors import DatabaseError
from swv_desktop.errors import KnownError
from swv_desktop.errors import WrongKey
from swv_desktop.filecheck import FileCheck
from swv_desktop.filecheck import with_offer
from swv_desktop.models.base import utcnow
from swv_desktop.schema import SCHEMA_HEAD
from swv_desktop.schema import current_revision
from swv_desktop.schema import migrate

FILE_CHECK_DELAY_S = 15.0
"""A large file's quick check starts this long after opening, or earlier when the window has
painted its dashboard (``FileCheck.begin``): reading the whole file must not compete with the
sign-in and the first screen (on the 410 MB demo it took a core for 1.7 s)."""


QUICK_CHECK_WAIT_MAX_BYTES = 64 * 1024 * 1024
"""Up to this size the quick check runs before the window opens (under about 0.2 s, see
``bench/bench_files.py``); a larger file is checked on a thread (``FileCheck``)."""


def _key_that_opens(path: Path, keys: KeyRing) -> bytes:
    """The candidate key of ``keys`` that opens the existing file (finishing a re-key that
    stopped half-way); ``WrongKey`` when none does."""
    if cipher.file_kind(path) == "empty":
        return keys.data_key
    for key in keys.candidates:
        if cipher.opens_with(path, key):
            if len(keys.candidates) > 1:
                finish_interrupted(path, keys, key)
            else:
                keys.use(key)
            return keys.data_key
    if cipher.file_kind(path) == "plain":
        return keys.data_key  # the probe says what is wrong with it
    raise WrongKey(
        f"De sleutel past niet bij '{path.name}': het bestand is beschadigd, of het "
        "sleutelbestand ernaast hoort bij een andere database. Er is niets gewijzigd; herstel zo "
        "nodig een reservekopie (database en sleutelbestand samen)."
    )


def open_database(
    path: Target | str,
    *,
    keys: KeyRing | None = None,
    create: bool = True,
    clock: Clock = utcnow,
    background_check: bool = False,
) -> Database:
    """Open (and when needed create and migrate) the database at ``path``: a SQLite file or a
    PostgreSQL URL (the PostgreSQL database itself must exist; an empty one gets the schema
    unless ``create`` is false).

    An existing file is probed first without writing to it: an empty, foreign, damaged, locked
    or read-only file is refused with its own message, and a damaged one with the newest good
    backup on offer. With ``background_check`` a large file's quick check runs on a thread
    (``Database.file_check``) unless a migration is due, which waits for it."""
    target = parse_target(path)
    if isinstance(target, URL):
        return _open_server(target, create=create, clock=clock)
    path = target
    deferred = False
    key = None if keys is None else keys.data_key  # encrypted with it (SQLCipher 4)
    if path.exists():
        if keys is not None and not path.is_dir():
            key = _key_that_opens(path, keys)
        deferred = background_check and path.stat().st_size > QUICK_CHECK_WAIT_MAX_BYTES
        try:
            found = probe(path, key=key, check=not deferred)
            if deferred and found.revision != SCHEMA_HEAD:
                probe(path, key=key)
                deferred = False
        except DatabaseError as exc:
            raise with_offer(exc, path, key) from exc.__cause__
    elif not create:
        raise DatabaseError(f"Het databasebestand '{path}' bestaat niet.")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path, key)
    try:
        migrate(engine, path, key)
    except KnownError:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        raise dutch_error(exc, path, key) from exc
    except SADatabaseError as exc:
        engine.dispose()
        raise DatabaseError(
            f"'{path}' is geen bruikbare database of het bestand is beschadigd ({exc.orig})."
        ) from exc
    database = Database(target=path, engine=engine, clock=clock, keys=keys)
    if deferred:
        database.file_check = FileCheck(path, key, delay=FILE_CHECK_DELAY_S)
    return database


def _open_server(url: URL, *, create: bool, clock: Clock) -> Database:
    """Open a PostgreSQL database (it must exist on the server) and migrate it."""
    engine = make_engine(url)
    try:
        if not create and current_revision(engine) is None:
            raise DatabaseError(
                f"De database '{describe(url)}' is leeg: er staat geen swv-desktop-schema in."
            )
        migrate(engine, url)
    except KnownError:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        raise dutch_error(exc, url) from exc
    except SADatabaseError as exc:
        engine.dispose()
        raise DatabaseError(f"'{describe(url)}' is geen bruikbare database ({exc.orig}).") from exc
    return Database(target=url, engine=engine, clock=clock)
