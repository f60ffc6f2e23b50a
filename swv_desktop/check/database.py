"""``swv-desktop check``: is this database file sound, and does its content keep the rules?

The file is opened read-only (``dbfile.connect_for_reading``) and never migrated or created. The
check reports, in Dutch: whether the file exists and is an SQLite database (a damaged file is a
finding, never a crash), the schema revision against the newest this version knows (a newer one is
refused), SQLite's integrity and foreign-key checks, and the domain invariants of the pilot
regulation (``check.rules``). A PostgreSQL URL is checked in read-only transactions: the same
revision and domain checks, with the server's constraint checks (``check.server``) instead of
SQLite's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import URL
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import StaticPool

from swv_desktop.check.keten import chain_findings
from swv_desktop.check.rules import Finding
from swv_desktop.check.rules import domain_findings
from swv_desktop.check.server import server_findings
from swv_desktop.dbfile import Connection as DbApiConnection
from swv_desktop.dbfile import Error
from swv_desktop.dbfile import check_header
from swv_desktop.dbfile import classify
from swv_desktop.dbfile import connect_for_reading
from swv_desktop.dbfile import named_rows
from swv_desktop.dialect import describe
from swv_desktop.dialect import has_table
from swv_desktop.dialect import parse_target
from swv_desktop.dialect import read_only_engine
from swv_desktop.encryption import auditketen
from swv_desktop.encryption import connect as cipher
from swv_desktop.encryption.keyslots import KeyRing
from swv_desktop.encryption.keyslots import sidecar_path
from swv_desktop.errors import DatabaseError
from swv_desktop.errors import DatabaseLocked
from swv_desktop.errors import KnownError
from swv_desktop.formatting import thousands
from swv_desktop.schema import head_revision
from swv_desktop.schema import known_revisions

OK = "[in orde]"
FOUT = "[fout]"
MAX_DETAILS = 10


@dataclass
class CheckReport:
    """The outcome of a check: ``ok`` when nothing was found; ``lines`` to print (Dutch)."""

    ok: bool
    lines: list[str]
    findings: list[str] = field(default_factory=list)


class _Report:
    def __init__(self, path: Path | str) -> None:
        self.lines = [f"Controle van {path}"]
        self.findings: list[str] = []

    def good(self, message: str) -> None:
        self.lines.append(f"{OK} {message}")

    def info(self, message: str) -> None:
        self.lines.append(f"        {message}")

    def bad(self, message: str) -> None:
        self.findings.append(message)
        self.lines.append(f"{FOUT} {message}")

    def add(self, findings: Iterator[Finding]) -> None:
        for ok, message in findings:
            if ok:
                self.good(message)
            elif ok is None:
                self.info(message)
            else:
                self.bad(message)

    def result(self) -> CheckReport:
        if self.findings:
            n = len(self.findings)
            self.lines.append(
                f"{n} bevinding{'en' if n != 1 else ''}: de database is niet in orde."
            )
        else:
            self.lines.append("Geen bevindingen: de database is in orde.")
        return CheckReport(ok=not self.findings, lines=self.lines, findings=self.findings)


def _check_file(report: _Report, path: Path, keys: KeyRing | None) -> tuple[bool, bytes | None]:
    """(usable, key): a plaintext SQLite file, or an encrypted one the key file's key opens."""
    if not path.exists():
        report.bad(f"Het bestand '{path}' bestaat niet.")
        return False, None
    size = thousands(path.stat().st_size) if path.is_file() else "0"
    if path.is_file() and cipher.file_kind(path) == "encrypted":
        return _check_key(report, path, keys, size)
    try:
        check_header(path)
    except DatabaseError as exc:
        report.bad(exc.message)
        return False, None
    report.good(f"Het bestand is een SQLite-database ({size} bytes), niet versleuteld.")
    return True, None


def _check_key(
    report: _Report, path: Path, keys: KeyRing | None, size: str
) -> tuple[bool, bytes | None]:
    if keys is None and not sidecar_path(path).exists():
        report.bad(
            "Het bestand is geen SQLite-database of is beschadigd (en er ligt geen "
            "sleutelbestand naast, dus het is ook geen versleutelde database). Herstel een "
            "reservekopie."
        )
        return False, None
    if keys is None:
        report.bad(
            "Het bestand is versleuteld (SQLCipher); geef --user om met uw wachtwoord de "
            "inhoud te controleren."
        )
        return False, None
    for key in keys.candidates:
        if cipher.opens_with(path, key):
            report.good(f"Het bestand is een versleutelde SQLite-database ({size} bytes).")
            report.good("De sleutel uit het sleutelbestand opent de versleutelde database.")
            return True, key
    report.bad(
        "De sleutel uit het sleutelbestand opent de database niet: het bestand is beschadigd of "
        "het sleutelbestand hoort bij een andere database. Herstel een reservekopie."
    )
    return False, None


def _check_revision(report: _Report, conn: Connection) -> bool:
    """True when the schema is the one this version knows (domain checks then make sense)."""
    if not has_table(conn, "alembic_version"):
        report.bad(
            "De database heeft geen schemaversie: het is geen (volledige) swv-desktop-database."
        )
        return False
    row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    current, head = (row.version_num if row else None), head_revision()
    if current == head:
        report.good(f"Schemaversie {current} is de nieuwste die deze versie kent.")
        return True
    if current not in known_revisions():
        report.bad(
            f"De database heeft schemaversie {current}, nieuwer dan deze versie van swv-desktop "
            f"kent ({head}). Controleer met de nieuwste versie; er is niets gewijzigd."
        )
        return False
    report.bad(
        f"De database heeft schemaversie {current}; de nieuwste is {head}. Open de database "
        "met swv-desktop om hem bij te werken (er wordt eerst een reservekopie gemaakt)."
    )
    return False


def _check_sqlite(report: _Report, conn: DbApiConnection) -> None:
    rows = [r["integrity_check"] for r in named_rows(conn, "PRAGMA integrity_check")]
    if rows == ["ok"]:
        report.good("De integriteitscontrole van SQLite vindt geen fouten.")
    else:
        details = "; ".join(rows[:MAX_DETAILS])
        report.bad(f"De integriteitscontrole van SQLite meldt {len(rows)} fout(en): {details}")
    problems = named_rows(conn, "PRAGMA foreign_key_check")
    if not problems:
        report.good("Alle verwijzingen tussen tabellen kloppen (foreign keys).")
        return
    per_pair: dict[tuple[str, str], int] = {}
    for problem in problems:
        pair = (problem["table"], problem["parent"])
        per_pair[pair] = per_pair.get(pair, 0) + 1
    for (table, parent), count in sorted(per_pair.items()):
        report.bad(
            f"{count} rij(en) in tabel '{table}' verwijzen naar een ontbrekende rij in '{parent}'."
        )


def _wrap(conn: DbApiConnection) -> Connection:
    """The read-only sqlite3 connection as a SQLAlchemy one (the domain rules are plain SQL that
    runs on both databases)."""
    engine = create_engine(
        "sqlite://", module=cipher.DRIVER, creator=lambda: conn, poolclass=StaticPool
    )
    return engine.connect()


def _check_server(url: URL) -> CheckReport:
    report = _Report(describe(url))
    engine = read_only_engine(url)
    try:
        with engine.connect() as conn:
            report.good("De PostgreSQL-database is bereikbaar (alleen-lezen geopend).")
            schema_ok = _check_revision(report, conn)
            report.add(server_findings(conn))
            if schema_ok:
                report.add(domain_findings(conn))
                report.add(chain_findings(conn, auditketen.derive_key(None), None))
    except SQLAlchemyError as exc:
        report.bad(f"De database kan niet worden gelezen ({getattr(exc, 'orig', exc)}).")
    finally:
        engine.dispose()
    return report.result()


def check_database(path: Path | str, keys: KeyRing | None = None) -> CheckReport:
    """Check the database at ``path`` (a SQLite file, encrypted: with the data key of ``keys``,
    or a PostgreSQL URL) without changing it; never raises for a bad file."""
    try:
        target = parse_target(path)
    except KnownError as exc:
        report = _Report(str(path))
        report.bad(exc.message)
        return report.result()
    if isinstance(target, URL):
        return _check_server(target)
    path = target
    report = _Report(path)
    usable, key = _check_file(report, path, keys)
    if not usable:
        return report.result()
    try:
        conn = connect_for_reading(path, key=key)
    except Error as exc:
        report.bad(classify(exc, path).message)
        return report.result()
    wrapped = _wrap(conn)
    try:
        schema_ok = _check_revision(report, wrapped)
        _check_sqlite(report, conn)
        if schema_ok:
            report.add(domain_findings(wrapped))
            report.add(chain_findings(wrapped, auditketen.derive_key(key), path))
    except (cipher.DatabaseError, SQLAlchemyError) as raised:
        original: object = getattr(raised, "orig", raised)
        if not isinstance(original, cipher.DatabaseError):
            raise
        error = classify(original, path)
        if isinstance(error, DatabaseLocked):
            report.bad(f"{error.message} De controle is daarom niet uitgevoerd.")
        else:
            report.bad(
                f"De database is beschadigd en kan niet volledig worden gelezen ({original})."
            )
    finally:
        wrapped.close()
        conn.close()
    return report.result()


__all__ = ["CheckReport", "check_database"]
