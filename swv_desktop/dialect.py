"""What differs between SQLite and PostgreSQL, in one place.

The rest of the code speaks dialect-neutral SQLAlchemy; whatever only one database needs or
understands is decided here: what ``--db`` means (a SQLite path or a ``postgresql+psycopg://`` URL,
never a URL taken for a path), the PostgreSQL engine (the SQLite engine with its pragmas and
transaction recipe lives in ``db``, the file's header check and probes in ``dbfile``), read-only
access for ``check``, what backups mean on each, date arithmetic (``add_months``, clipped at month
end the same way on both), case-insensitive search (``contains_ci``) and planner hints
(``without_index``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Boolean
from sqlalchemy import Date
from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy import inspect
from sqlalchemy.engine import URL
from sqlalchemy.engine import Connection
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.functions import FunctionElement

from swv_desktop.errors import DatabaseError

PG_DRIVER = "postgresql+psycopg"
PG_SCHEMES = ("postgresql", "postgres", PG_DRIVER)

DB_HELP = "pad van een SQLite-bestand of adres postgresql+psycopg://gebruiker@server/database"
"""The help text of ``--db`` (the window and the batch commands)."""

Target = Path | URL
"""Where a database lives: a SQLite file, or a PostgreSQL server and database."""


# --- What ``--db`` means ---------------------------------------------------------------------


def parse_target(value: str | Path | URL) -> Target:
    """A SQLite path or a PostgreSQL URL; anything that looks like a URL is never a path."""
    if isinstance(value, URL | Path):
        return value
    text = str(value)
    if "://" not in text:
        return Path(text)
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise DatabaseError(f"'{text}' is geen geldig database-adres.") from exc
    if url.drivername not in PG_SCHEMES:
        raise DatabaseError(
            f"Database-adres '{url.drivername}://' wordt niet ondersteund: geef een pad naar een "
            "SQLite-bestand of een adres 'postgresql+psycopg://gebruiker@server/database'."
        )
    if not url.database:
        raise DatabaseError(f"In '{describe(url)}' ontbreekt de naam van de database.")
    return url.set(drivername=PG_DRIVER)


def db_argument(value: str) -> Target:
    """``--db`` as argparse's ``type``, the same for the window and the batch commands: a SQLite
    path or a PostgreSQL URL (``parse_target``); a bad URL is refused with its Dutch message."""
    import argparse

    try:
        return parse_target(value)
    except DatabaseError as exc:
        raise argparse.ArgumentTypeError(exc.message) from exc


def is_postgres(target: Target) -> bool:
    """True for a PostgreSQL URL."""
    return isinstance(target, URL)


def describe(target: Target) -> str:
    """The target as shown to a person (a password is never shown)."""
    if isinstance(target, URL):
        return target.render_as_string(hide_password=True)
    return str(target)


# --- Engines ---------------------------------------------------------------------------------------

BEGIN_OPTION = "swv_begin"
"""Execution option naming the BEGIN a SQLite connection emits: ``IMMEDIATE`` for writes."""
CACHE_KIB = 32 * 1024
"""SQLite's page cache per connection: 32 MiB instead of SQLite's 2 MiB. A page read from the OS
cache costs SQLCipher a decryption and an HMAC check; kept in SQLite's own cache it is already
plain, so the typical lists and the budget overview on the 50,000-pupil file stay within 1.1x
of a plaintext file (``bench/bench_encryption.py``). The pool keeps a few connections, so the
memory this may take stays in the order of a hundred MiB at most on the largest file."""
SYNCHRONOUS = "FULL"
"""``FULL``: a commit is on disk before the call returns, also after a power cut in WAL mode."""


def _on_connect(
    dbapi_connection: Any, _record: Any, busy_timeout_ms: int, synchronous: str
) -> None:
    # the pysqlite recipe: the driver emits no BEGIN (and no COMMIT before DDL); _on_begin does
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA synchronous={synchronous}")
    cursor.execute("PRAGMA temp_store=MEMORY")  # sorts and temp tables never touch the disk
    cursor.execute("PRAGMA secure_delete=ON")  # deleted rows are overwritten, not left behind
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")  # negative: KiB, not pages
    cursor.close()


def _on_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
    assert mode in ("DEFERRED", "IMMEDIATE", "EXCLUSIVE")
    conn.exec_driver_sql(f"BEGIN {mode}")


def sqlite_engine(
    path: Path, key: bytes | None, *, busy_timeout_ms: int, synchronous: str = SYNCHRONOUS
) -> Engine:
    """An engine on the SQLite file ``path`` (SQLCipher 4 with ``key``; ``None``: a plaintext
    file): foreign keys on, WAL, ``synchronous``, a busy timeout, and real transactions (the
    pysqlite recipe: we emit ``BEGIN`` / ``BEGIN IMMEDIATE`` ourselves)."""
    from swv_desktop.dbfile import connect
    from swv_desktop.encryption import connect as cipher

    assert synchronous in ("OFF", "NORMAL", "FULL", "EXTRA")
    # the URL names the file (and gives a file database's pool); ``connect`` makes the connections
    engine = create_engine(
        f"sqlite:///{path}",
        module=cipher.DRIVER,
        creator=lambda: connect(path, key=key, timeout=busy_timeout_ms / 1000),
    )

    def on_connect(dbapi_connection: Any, record: Any) -> None:
        _on_connect(dbapi_connection, record, busy_timeout_ms, synchronous)

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def locks_rows(bind: Any) -> bool:
    """Whether a write transaction must lock the rows its rules read (``SELECT ... FOR
    UPDATE``): on PostgreSQL, where other writers run at the same time; not on SQLite, whose
    write transaction (``BEGIN IMMEDIATE``) holds the whole database."""
    return bool(bind.dialect.name == "postgresql")


def postgres_engine(url: URL, *, lock_timeout_ms: int) -> Engine:
    """An engine on a PostgreSQL database through psycopg 3, read committed, with a lock time-out
    (the counterpart of SQLite's busy timeout). The SQLite engine, with the transaction recipe
    of the pysqlite driver, is ``sqlite_engine``."""
    return create_engine(
        url,
        connect_args={"options": f"-c lock_timeout={lock_timeout_ms}"},
        pool_pre_ping=True,
    )


def reader(engine: Engine) -> Engine:
    """The engine for read sessions (``Database.read``).

    SQLite: as it is, each read session one deferred transaction, a true snapshot. PostgreSQL
    (read committed) takes a new snapshot for every statement even inside a transaction, so a
    ``BEGIN`` ... ``ROLLBACK`` around reads buys no consistency and costs two round trips to the
    server per call; reads run in autocommit there. A read session that would write is a bug:
    on PostgreSQL its flush is refused (``refuse_writes``), since autocommit would keep it."""
    if engine.dialect.name != "postgresql":
        return engine
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def writer(engine: Engine) -> Engine:
    """``engine`` whose transactions start with ``BEGIN IMMEDIATE`` (SQLite's write lock)."""
    return engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})


def refuse_writes(session: Any, _flush_context: Any, _instances: Any) -> None:
    """``before_flush`` of a PostgreSQL read session: a change there is a bug, never saved."""
    if session.new or session.dirty or session.deleted:
        raise AssertionError("wijziging in een alleen-lezen sessie (Database.read)")


def read_only_engine(url: URL) -> Engine:
    """An engine on a PostgreSQL database whose transactions cannot write (for ``check``; a
    SQLite file is opened read-only by ``dbfile.connect_for_reading``)."""
    return create_engine(url, connect_args={"options": "-c default_transaction_read_only=on"})


def has_table(conn: Connection, name: str) -> bool:
    """Whether table ``name`` exists (``alembic_version`` tells an empty database apart)."""
    return inspect(conn).has_table(name)


# --- Files and backups (SQLite only; the file itself is ``dbfile``'s) ------------------------


def file_only(value: str | Path | URL, what: str) -> Path:
    """``value`` as a SQLite file; a PostgreSQL URL is refused: the server's own tools do
    ``what`` there (``pg_dump`` / ``pg_restore``, base backups), managed by its beheerder."""
    target = parse_target(value)
    if isinstance(target, URL):
        raise DatabaseError(
            f"Voor een PostgreSQL-database ({describe(target)}) kan swv-desktop geen {what}: "
            "dat doet de beheerder van de databaseserver (pg_dump en pg_restore)."
        )
    return target


def needs_backup_before_migration(target: Target) -> bool:
    """SQLite: copy the file first. PostgreSQL runs the whole migration in one transaction
    (transactional DDL): a failed migration leaves nothing changed, and the server's own backups
    (``pg_dump``, base backups) are the beheerder's."""
    return not isinstance(target, URL)


def checkpoint(engine: Engine) -> None:
    """Fold SQLite's write-ahead log into the file (a single file to copy); nothing on
    PostgreSQL."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def after_bulk_load(engine: Engine) -> None:
    """After many rows were written at once (the demo): SQLite folds its log into the file
    (``checkpoint``); PostgreSQL gathers the planner's statistics and marks the pages all-visible
    (``VACUUM ANALYZE``), so the first queries get the plans (index-only scans) they will get once
    autovacuum has run, instead of plans for empty tables."""
    if engine.dialect.name != "postgresql":
        checkpoint(engine)
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")


# --- Errors --------------------------------------------------------------------------------------

BUSY_MESSAGE = (
    "De database is bezet door een ander programma of een andere gebruiker. "
    "Er is niets opgeslagen; probeer het over een moment opnieuw."
)

RETRYABLE_PG_CODES = {"40001", "40P01", "55P03"}
"""serialization_failure, deadlock_detected, lock_not_available: try the transaction again."""


def is_retryable(exc: BaseException) -> bool:
    """A conflict with another writer that a retry of the whole transaction may resolve."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlstate", None)
    if code is not None:
        return code in RETRYABLE_PG_CODES
    text = str(orig).lower()
    return "locked" in text or "busy" in text


# --- SQL that is spelled differently -----------------------------------------------------------


class add_months(FunctionElement[Any]):  # noqa: N801 - used like a SQL function
    """``day + months`` as a date, clipped at the end of the month: 30 november + 3 months is
    28/29 februari (never 2 March), as ``services.voortgang.add_months`` computes in Python."""

    type = Date()
    inherit_cache = True
    name = "add_months"


@compiles(add_months, "postgresql")
def _add_months_pg(element: add_months, compiler: Any, **kw: Any) -> str:
    day, months = list(element.clauses)
    # PostgreSQL clips at the month end by itself
    return (
        f"CAST(CAST({compiler.process(day, **kw)} AS DATE) + "
        f"make_interval(months => {compiler.process(months, **kw)}) AS DATE)"
    )


@compiles(add_months, "sqlite")
def _add_months_sqlite(element: add_months, compiler: Any, **kw: Any) -> str:
    day, months = (compiler.process(c, **kw) for c in element.clauses)
    # date(x, '+N months') rolls over (30 Nov + 3 months = 2 March); the last day of the target
    # month is 'start of month' + N+1 months - 1 day; the earlier of the two is the clipped date.
    plus = f"'+' || ({months}) || ' months'"
    plus_one = f"'+' || (({months}) + 1) || ' months'"
    return f"min(date({day}, {plus}), date({day}, 'start of month', {plus_one}, '-1 day'))"


@compiles(add_months)
def _add_months_other(element: add_months, compiler: Any, **kw: Any) -> str:
    raise NotImplementedError(f"add_months is niet beschikbaar voor {compiler.dialect.name}")


class contains_ci(FunctionElement[bool]):  # noqa: N801 - used like a SQL operator
    """``contains_ci(column, pattern)``: ``column`` matches the LIKE ``pattern`` regardless of
    case. SQLite's LIKE ignores ASCII case by itself (``lower()`` on every column of every row would
    double a search's cost); PostgreSQL has ILIKE."""

    type = Boolean()
    inherit_cache = True
    name = "contains_ci"


@compiles(contains_ci)
def _contains_ci(element: contains_ci, compiler: Any, **kw: Any) -> str:
    column, pattern = (compiler.process(c, **kw) for c in element.clauses)
    op = "ILIKE" if compiler.dialect.name == "postgresql" else "LIKE"
    return f"{column} {op} {pattern}"


def without_index(column: Any) -> Any:
    """The same sort order, but (SQLite: ``+column``) the planner will not walk an index for it.

    With a search term most rows are skipped anyway; reading them in index order (a random table
    access per row) is then far slower than scanning and sorting the few that match. PostgreSQL's
    planner weighs that itself, so there the column is left as it is.
    """
    return _NoIndex(column)


class _NoIndex(UnaryExpression[Any]):
    inherit_cache = True

    def __init__(self, column: Any) -> None:
        super().__init__(column, operator=operators.custom_op("+"), type_=column.type)


@compiles(_NoIndex)
def _no_index(element: _NoIndex, compiler: Any, **kw: Any) -> str:
    inner = compiler.process(element.element, **kw)
    return f"+{inner}" if compiler.dialect.name == "sqlite" else inner


# --- New databases: is it empty, discard a half-made one, sequences after explicit ids ----------


def is_empty(target: Target) -> bool:
    """True for a missing or empty SQLite file, or a PostgreSQL database without tables."""
    if isinstance(target, Path):
        return not target.exists() or (target.is_file() and target.stat().st_size == 0)
    engine = create_engine(target)
    try:
        with engine.connect() as conn:
            return not inspect(conn).get_table_names()
    except OperationalError as exc:
        raise unreachable(target, exc) from exc
    finally:
        engine.dispose()


def unreachable(url: URL, exc: OperationalError) -> DatabaseError:
    """The Dutch refusal when the PostgreSQL server cannot be reached."""
    return DatabaseError(
        f"De databaseserver van '{describe(url)}' is niet bereikbaar of weigert de verbinding. "
        f"Er is niets opgeslagen. ({exc.orig})"
    )


def discard(target: Target, engine: Engine | None = None) -> None:
    """Remove a database made half-way (the demo failed): the SQLite file with its WAL, or every
    table in the (otherwise empty) PostgreSQL database."""
    if isinstance(target, Path):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        return
    assert engine is not None
    from sqlalchemy import MetaData

    with engine.begin() as conn:
        existing = MetaData()
        existing.reflect(conn)
        existing.drop_all(conn)


def continue_sequences(conn: Connection, tables: list[str]) -> None:
    """After rows were inserted with explicit ids: PostgreSQL's id sequences continue after the
    highest id (SQLite takes the next id from the table itself)."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        )
