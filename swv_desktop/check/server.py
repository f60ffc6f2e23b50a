"""``check`` on a PostgreSQL database: what SQLite's ``integrity_check`` and
``foreign_key_check`` do for a file.

PostgreSQL keeps its pages sound itself (``amcheck`` is not needed here); what can still go wrong
is a constraint that was added ``NOT VALID`` or whose triggers were disabled, after which rows may
break it. So the check lists such constraints and triggers, and looks for rows that point at a
missing row for every foreign key of the models, with the same findings as on SQLite.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import text
from sqlalchemy.engine import Connection

from swv_desktop.models import Base

Finding = tuple[bool, str]


def _not_valid(conn: Connection) -> Iterator[Finding]:
    rows = conn.execute(
        text(
            "SELECT c.conrelid::regclass::text AS tabel, c.conname FROM pg_constraint c "
            "WHERE NOT c.convalidated AND c.connamespace = current_schema()::regnamespace "
            "ORDER BY 1, 2"
        )
    ).all()
    for r in rows:
        yield False, f"Regel '{r.conname}' van tabel '{r.tabel}' is niet gecontroleerd (NOT VALID)."
    disabled = conn.execute(
        text(
            "SELECT t.tgrelid::regclass::text AS tabel, count(*) AS n FROM pg_trigger t "
            "JOIN pg_class r ON r.oid = t.tgrelid "
            "WHERE t.tgenabled = 'D' AND r.relnamespace = current_schema()::regnamespace "
            "GROUP BY 1 ORDER BY 1"
        )
    ).all()
    for r in disabled:
        yield (
            False,
            f"Tabel '{r.tabel}': {r.n} bewaking(en) uitgeschakeld (DISABLE TRIGGER); "
            "verwijzingen worden daar niet afgedwongen.",
        )
    if not rows and not disabled:
        checks = conn.execute(
            text(
                "SELECT count(*) FROM pg_constraint WHERE contype = 'c' "
                "AND connamespace = current_schema()::regnamespace"
            )
        ).scalar_one()
        yield True, f"Alle {checks} controleregels (CHECK) zijn van kracht en gecontroleerd."


def _orphans(conn: Connection) -> Iterator[Finding]:
    found = False
    for table in Base.metadata.sorted_tables:
        for fk in sorted(table.foreign_keys, key=lambda f: f.parent.name):
            child, parent = fk.parent, fk.column
            count = conn.execute(
                text(
                    f'SELECT count(*) FROM "{table.name}" c WHERE c."{child.name}" IS NOT NULL '
                    f'AND NOT EXISTS (SELECT 1 FROM "{parent.table.name}" p '
                    f'WHERE p."{parent.name}" = c."{child.name}")'
                )
            ).scalar_one()
            if count:
                found = True
                yield (
                    False,
                    f"{count} rij(en) in tabel '{table.name}' verwijzen naar een ontbrekende rij "
                    f"in '{parent.table.name}'.",
                )
    if not found:
        yield True, "Alle verwijzingen tussen tabellen kloppen (foreign keys)."


def server_findings(conn: Connection) -> Iterator[Finding]:
    """The constraint and reference checks of a PostgreSQL database."""
    yield from _not_valid(conn)
    yield from _orphans(conn)
