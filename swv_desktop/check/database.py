"""``swv-desktop check``: is this database file sound, and does its content keep the rules?

The file is opened read-only (``dbfile.connect_for_reading``) and never migrated or created. The check reports, in Dutch: whether the file
exists and is an SQLite database (a damaged file is a finding, never a crash), the schema revision
against the newest this version knows (a newer one is refused), SQLite's integrity and foreign-key
checks, and the domain invariants of the pilot regulation (``check_rules``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from swv_desktop.check.rules import domain_findings
from swv_desktop.db import head_revision, known_revisions
from swv_desktop.dbfile import check_header, classify, connect_for_reading, read_revision
from swv_desktop.errors import DatabaseError, DatabaseLocked
from swv_desktop.formatting import thousands

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
    def __init__(self, path: Path) -> None:
        self.lines = [f"Controle van {path}"]
        self.findings: list[str] = []

    def good(self, message: str) -> None:
        self.lines.append(f"{OK} {message}")

    def info(self, message: str) -> None:
        self.lines.append(f"        {message}")

    def bad(self, message: str) -> None:
        self.findings.append(message)
        self.lines.append(f"{FOUT} {message}")

    def result(self) -> CheckReport:
        if self.findings:
            n = len(self.findings)
            self.lines.append(
                f"{n} bevinding{'en' if n != 1 else ''}: de database is niet in orde."
            )
        else:
            self.lines.append("Geen bevindingen: de database is in orde.")
        return CheckReport(ok=not self.findings, lines=self.lines, findings=self.findings)


def _check_file(report: _Report, path: Path) -> bool:
    if not path.exists():
        report.bad(f"Het bestand '{path}' bestaat niet.")
        return False
    try:
        check_header(path)
    except DatabaseError as exc:
        report.bad(exc.message)
        return False
    report.good(f"Het bestand is een SQLite-database ({thousands(path.stat().st_size)} bytes).")
    return True


def _check_revision(report: _Report, conn: sqlite3.Connection) -> bool:
    """True when the schema is the one this version knows (domain checks then make sense)."""
    current, head = read_revision(conn), head_revision()
    if current is None:
        report.bad(
            "De database heeft geen schemaversie: het is geen (volledige) swv-desktop-database."
        )
        return False
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


def _check_sqlite(report: _Report, conn: sqlite3.Connection) -> None:
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    if rows == ["ok"]:
        report.good("De integriteitscontrole van SQLite vindt geen fouten.")
    else:
        details = "; ".join(rows[:MAX_DETAILS])
        report.bad(f"De integriteitscontrole van SQLite meldt {len(rows)} fout(en): {details}")
    problems = conn.execute("PRAGMA foreign_key_check").fetchall()
    if not problems:
        report.good("Alle verwijzingen tussen tabellen kloppen (foreign keys).")
        return
    per_pair: dict[tuple[str, str], int] = {}
    for table, _rowid, parent, _fk in problems:
        per_pair[(table, parent)] = per_pair.get((table, parent), 0) + 1
    for (table, parent), count in sorted(per_pair.items()):
        report.bad(
            f"{count} rij(en) in tabel '{table}' verwijzen naar een ontbrekende rij in '{parent}'."
        )


def check_database(path: Path) -> CheckReport:
    """Check the database file at ``path`` without changing it; never raises for a bad file."""
    path = Path(path)
    report = _Report(path)
    if not _check_file(report, path):
        return report.result()
    try:
        conn = connect_for_reading(path)
    except sqlite3.Error as exc:
        report.bad(classify(exc, path).message)
        return report.result()
    try:
        schema_ok = _check_revision(report, conn)
        _check_sqlite(report, conn)
        if schema_ok:
            for ok, message in domain_findings(conn):
                if ok:
                    report.good(message)
                elif ok is None:
                    report.info(message)
                else:
                    report.bad(message)
    except sqlite3.DatabaseError as exc:
        error = classify(exc, path)
        if isinstance(error, DatabaseLocked):
            report.bad(f"{error.message} De controle is daarom niet uitgevoerd.")
        else:
            report.bad(f"De database is beschadigd en kan niet volledig worden gelezen ({exc}).")
    finally:
        conn.close()
    return report.result()


__all__ = ["CheckReport", "check_database"]
