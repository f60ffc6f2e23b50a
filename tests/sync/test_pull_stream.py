"""The pull as a stream of JSON lines (``sync.stroom``): a replica joined through the bulk load
of a new file (``sync.opbouw``) ends equal to the server within scope and holds every index
and trigger a replica synced the ordinary way holds; a stream cut short anywhere (before its
last line, in the middle of a line, a part of the rows missing) leaves the replica exactly as
it was. Real lines from the real pull on PostgreSQL, real encrypted replica files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy import text

from swv_desktop.db import Database
from swv_desktop.errors import DatabaseError
from swv_desktop.models import Gebruiker
from swv_desktop.opening import open_database
from swv_desktop.sync import aansluiten
from swv_desktop.sync import opbouw
from swv_desktop.sync import protocol
from swv_desktop.sync import pull
from swv_desktop.sync import replica
from swv_desktop.sync import rijen
from swv_desktop.sync import stroom
from swv_desktop.sync.client import Laptop

from .harness import PASSWORD
from .harness import Team
from .harness import replica_rows
from .harness import server_rows


def _schema(db: Database) -> list[tuple[str, str, str]]:
    """The indexes and triggers (a migrated file's tables may list their constraints in
    another order: Alembic's batch migrations do not keep it)."""
    with db.read() as session:
        return [
            (str(k), str(n), str(s))
            for k, n, s in session.execute(
                text(
                    "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
                    "AND type IN ('index', 'trigger') ORDER BY type, name"
                )
            )
        ]


def _lines(team: Team, user: str) -> list[bytes]:
    """The whole scope of ``user`` as the server streams it (its first sync)."""
    return b"".join(pull.parts(team.db, team.actors[user], 0, None)).splitlines(keepends=True)


def test_a_joined_replica_equals_the_server_and_has_all_its_indexes_and_triggers(
    online: Team, tmp_path: Path
) -> None:
    team = online
    ordinary = team.synced("cp1", "cp1-gewoon")
    path = tmp_path / "cp1-aangesloten.db"
    result = aansluiten.join_team(path, team.server.address, "cp1", PASSWORD)
    assert result.error == "" and result.received > 0
    joined = Laptop.open(path, team.server.address, "cp1", PASSWORD)
    try:
        assert replica_rows(joined) == server_rows(team, team.actors["cp1"])
        assert replica_rows(joined) == replica_rows(ordinary)
        assert _schema(joined.db) == _schema(ordinary.db)  # indexes and triggers made again
        assert replica.get_state(joined.db, opbouw.STATE_KEY) == ""
        with joined.db.read() as session:
            assert session.execute(text("PRAGMA quick_check")).scalar() == "ok"
            assert session.execute(text("PRAGMA foreign_key_check")).all() == []
            indexes = session.execute(text("PRAGMA index_list('opp')")).all()
        assert indexes  # the query planner has them back
    finally:
        joined.close()
        ordinary.close()


def _cut_variants(lines: list[bytes]) -> Iterator[tuple[str, list[bytes]]]:
    rows_at = next(i for i, raw in enumerate(lines) if raw.startswith(b"["))
    yield "zonder laatste regel", lines[:-1]
    yield "midden in een regel", [*lines[:rows_at], lines[rows_at][:-40]]
    yield "een deel ontbreekt", [*lines[: rows_at - 1], *lines[rows_at + 1 :]]
    yield "alleen de kop", lines[:1]


def test_a_stream_cut_short_leaves_the_replica_as_it_was(online: Team) -> None:
    team = online
    laptop = team.synced("cp2", "cp2-afgebroken")
    try:
        before = replica_rows(laptop)
        cursor = replica.get_state(laptop.db, "cursor")
        lines = _lines(team, "cp2")
        assert lines[-1].startswith(b'{"einde"')
        for why, cut in _cut_variants(lines):
            with pytest.raises(stroom.Incomplete):
                replica.apply_pull(laptop.db, stroom.read(iter(cut)))
            assert replica_rows(laptop) == before, why
            assert replica.get_state(laptop.db, "cursor") == cursor, why
        received, removed = replica.apply_pull(laptop.db, stroom.read(iter(lines)))
        assert received == sum(len(rows) for rows in before.values()) and removed == 0
        assert replica_rows(laptop) == before
    finally:
        laptop.close()


def test_a_bulk_load_cut_short_rolls_back_the_dropped_indexes(online: Team) -> None:
    """A pull marked as the first of a file built aside, cut short: the drops of its indexes
    and triggers roll back with the rows (the file would be wiped, but is whole all the same)."""
    team = online
    laptop = team.synced("cp1", "cp1-bulk-afgebroken")
    try:
        schema, before = _schema(laptop.db), replica_rows(laptop)
        with pytest.raises(stroom.Incomplete):
            replica.apply_pull(laptop.db, stroom.read(iter(_lines(team, "cp1")[:-1])), fresh=True)
        assert _schema(laptop.db) == schema
        assert replica_rows(laptop) == before
    finally:
        laptop.close()


def test_a_bulk_load_refuses_a_row_that_breaks_a_check_constraint(online: Team) -> None:
    """The bulk load tests the CHECK constraints once after the rows are in (not per row): a
    row the server should never send (a role that does not exist) is refused with nothing kept,
    and the constraints are checked per row again afterwards."""
    team = online
    laptop = team.synced("cp2", "cp2-regel")
    try:
        before = replica_rows(laptop)
        lines = _lines(team, "cp2")
        at = next(i for i, raw in enumerate(lines) if raw.startswith(b'{"tabel":"gebruiker"'))
        lines[at + 1] = lines[at + 1].replace(b'"contactpersoon"', b'"koning"')
        with pytest.raises(opbouw.BadRows, match="ck_gebruiker_rol"):
            replica.apply_pull(laptop.db, stroom.read(iter(lines)), fresh=True)
        assert replica_rows(laptop) == before
        with pytest.raises(DatabaseError), laptop.db.transaction() as session:
            session.execute(text("UPDATE gebruiker SET rol = 'koning'"))
    finally:
        laptop.close()


def test_sent_values_are_stored_as_an_orm_write_stores_them(
    template: object, tmp_path: Path
) -> None:
    """``rijen.insert_json``: a timestamp in the form the server writes is turned into SQLite's
    stored form in SQL, one with another offset or without microseconds through Python; a
    boolean as 1 or 0; the ORM reads each back as the value that was sent."""
    path = tmp_path / "waarden.db"
    db = open_database(path, keys=template.copy_to(path))  # type: ignore[attr-defined]
    try:
        users = protocol.table("gebruiker")
        names = [c.name for c in users.columns]
        sent = [
            [7, "a", "Anna", "", "beheerder", "", True, "2021-08-01T10:00:00.250000+00:00", 1],
            [8, "b", "Bert", "", "beheerder", "", False, "2021-08-01T12:00:00+02:00", 1],
        ]
        with db.transaction() as session:
            conn = session.connection()
            assert rijen.insert_json(conn, users, names, json.dumps(sent), replace=True) == 2
            stored = conn.exec_driver_sql(
                "SELECT id, actief, aangemaakt_op FROM gebruiker WHERE id IN (7, 8) ORDER BY id"
            ).all()
        assert [tuple(r) for r in stored] == [
            (7, 1, "2021-08-01 10:00:00.250000"),
            (8, 0, "2021-08-01 10:00:00.000000"),
        ]
        with db.read() as session:
            read = session.execute(
                select(Gebruiker.aangemaakt_op)
                .where(Gebruiker.id.in_([7, 8]))
                .order_by(Gebruiker.id)
            ).scalars()
            assert list(read) == [
                datetime(2021, 8, 1, 10, 0, 0, 250000, tzinfo=UTC),
                datetime(2021, 8, 1, 10, 0, tzinfo=UTC),
            ]
    finally:
        db.close()
