"""Backups: a verified, consistent copy readable only by the user, the rotation at its
boundaries, the schedule (30 minutes, only after a change, at closing), restore (saves the
current database first, refuses a newer schema, moves a damaged file aside untouched), and the
``backup`` / ``restore`` commands."""

from __future__ import annotations

import shutil
import sqlite3
import stat
import subprocess
import sys
from dataclasses import replace
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path

import pytest
from odd_files import damage
from odd_files import filled_db
from odd_files import sha256
from signed_in import signed_in

from swv_desktop import backups
from swv_desktop import cli
from swv_desktop.backups import Backup
from swv_desktop.backups import BackupSchedule
from swv_desktop.backups import plan_rotation
from swv_desktop.db import Database
from swv_desktop.errors import DatabaseError
from swv_desktop.errors import DatabaseTooNew
from swv_desktop.errors import ValidationError
from swv_desktop.opening import open_database
from swv_desktop.schema import known_revisions
from swv_desktop.services import instellingen

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def backend() -> str:
    """Backups are copies of the SQLite file (a PostgreSQL server has its own tools): SQLite only."""
    return "sqlite"


def names(db_path: Path) -> list[str]:
    return [b.path.name for b in backups.list_backups(db_path)]


def bestuur_count(path: Path) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM schoolbestuur").fetchone()[0])
    finally:
        conn.close()


def test_backup_is_a_verified_private_copy(template_db: Path, tmp_path: Path) -> None:
    path = filled_db(template_db, tmp_path / "swv.db", rows=500)
    made = backups.make_backup(path, "handmatig", clock=lambda: NOW)
    assert made.path.name == "swv-20261201-120000-handmatig.db"
    assert made.path.parent == tmp_path / "backups"
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(made.path.parent.stat().st_mode) == 0o700
    assert backups.verify(made.path) in known_revisions()
    assert bestuur_count(made.path) == 500
    assert [p.name for p in made.path.parent.iterdir()] == [made.path.name]  # no temp file left
    again = backups.make_backup(path, "handmatig", clock=lambda: NOW)
    assert again.path.name == "swv-20261201-120000-handmatig-2.db"
    assert names(path)[0] == again.path.name


WRITER = r"""
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
conn.execute("PRAGMA journal_mode=WAL")
print("klaar", flush=True)
i = 0
while True:
    conn.execute("BEGIN IMMEDIATE")
    for _ in range(50):
        i += 1
        conn.execute(
            "INSERT INTO schoolbestuur (naam, bevoegd_gezag_nummer, adres, postcode, plaats) "
            "VALUES (?, ?, '', '', '')", (f"Schrijver {i}", str(90000 + i)))
    conn.execute("COMMIT")
"""


def test_backup_while_another_process_writes_is_consistent(
    template_db: Path, tmp_path: Path
) -> None:
    path = filled_db(template_db, tmp_path / "swv.db", rows=200)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "klaar"
        made = [backups.make_backup(path, "automatisch") for _ in range(3)]
    finally:
        writer.kill()
        writer.wait()
        assert writer.stdout is not None
        writer.stdout.close()
    counts = [bestuur_count(b.path) for b in made]
    assert all((c - 200) % 50 == 0 for c in counts), counts  # whole transactions only
    assert counts == sorted(counts) and counts[-1] > 200


def test_backup_of_a_damaged_database_is_refused_and_not_kept(
    template_db: Path, tmp_path: Path
) -> None:
    path = filled_db(template_db, tmp_path / "swv.db")
    damage(path)
    before = sha256(path)
    with pytest.raises(DatabaseError, match="niet gemaakt"):
        backups.make_backup(path)
    assert names(path) == [] and list((tmp_path / "backups").iterdir()) == []
    assert sha256(path) == before


def b(when: datetime, name: str = "x") -> Backup:
    return Backup(path=Path(f"{name}-{when:%Y%m%d-%H%M%S}.db"), made_at=when, reden="a", size=1)


def test_rotation_keeps_today_then_daily_weekly_monthly() -> None:
    now = NOW  # Tuesday 1 December 2026, noon
    today = [b(now - timedelta(hours=h)) for h in (0, 1, 2, 3)]
    yesterday = [b(now - timedelta(days=1, hours=h)) for h in (0, 5)]
    day13 = b(now - timedelta(days=13))
    day16_new, day16_old = b(now - timedelta(days=16)), b(now - timedelta(days=16, hours=2))
    week_a = [b(datetime(2026, 11, 2, 9, tzinfo=UTC)), b(datetime(2026, 11, 3, 9, tzinfo=UTC))]
    month = [b(datetime(2026, 7, 10, tzinfo=UTC)), b(datetime(2026, 7, 20, tzinfo=UTC))]
    too_old = b(datetime(2026, 5, 31, tzinfo=UTC))
    everything = [*today, *yesterday, day13, day16_new, day16_old, *week_a, *month, too_old]
    keep, remove = plan_rotation(everything, now=now, months=6)
    assert set(today) <= set(keep)  # all of today
    assert yesterday[0] in keep and yesterday[1] in remove  # newest of the day
    assert day13 in keep
    # 16 days ago (Sunday 15 November) is past the daily window: newest of its week only
    assert day16_new in keep and day16_old in remove
    assert week_a[1] in keep and week_a[0] in remove
    assert month[1] in keep and month[0] in remove  # newest of July
    assert too_old in remove  # older than the six months' retention term
    assert sorted(map(id, keep + remove)) == sorted(map(id, everything))


def test_rotation_never_keeps_longer_than_the_retention_term() -> None:
    exactly = b(datetime(2026, 11, 1, 12, tzinfo=UTC))
    day_before = b(datetime(2026, 10, 31, 12, tzinfo=UTC))
    keep, remove = plan_rotation([exactly, day_before], now=NOW, months=1)
    assert keep == [exactly] and remove == [day_before]


def test_pruning_removes_files_the_rotation_drops(template_db: Path, tmp_path: Path) -> None:
    path = filled_db(template_db, tmp_path / "swv.db", rows=10)
    first = backups.make_backup(path, clock=lambda: NOW - timedelta(days=3, hours=2))
    second = backups.make_backup(path, clock=lambda: NOW - timedelta(days=3))
    assert names(path) == [second.path.name, first.path.name]
    backups.make_backup(path, clock=lambda: NOW)  # prunes: one per day remains
    assert not first.path.exists() and second.path.exists()
    assert backups.prune(path, now=NOW + timedelta(days=400), months=6) != []
    assert names(path) == []


def test_retention_setting_default_and_bounds(db: Database) -> None:
    beheerder = signed_in(db)
    data = instellingen.get_settings(db)
    assert data.bewaartermijn_reservekopie_maanden == 6
    data = replace(data, naam="SWV Proef")
    for bad in (0, 25):
        with pytest.raises(ValidationError, match="tussen 1 en 24 maanden"):
            instellingen.update_settings(
                db, beheerder, replace(data, bewaartermijn_reservekopie_maanden=bad)
            )
    instellingen.update_settings(db, beheerder, replace(data, bewaartermijn_reservekopie_maanden=1))
    made = backups.make_backup(db.path, key=db.key).path  # the test database is encrypted
    assert backups.retention_months(made, key=db.key) == 1


def test_schedule_every_half_hour_and_only_after_a_change(db: Database) -> None:
    beheerder = signed_in(db)
    moment = [NOW]
    schedule = BackupSchedule(db.path, clock=lambda: moment[0], key=db.key)
    assert not schedule.due() and schedule.at_close() is None  # nothing changed
    saved = instellingen.update_settings(db, beheerder, instellingen.OrganisatieData(naam="SWV"))
    assert schedule.due()
    first = schedule.tick()
    assert first is not None and not schedule.due()
    saved = instellingen.update_settings(db, beheerder, replace(saved, naam="SWV 2"))
    moment[0] = NOW + timedelta(minutes=29, seconds=59)
    assert schedule.changed() and not schedule.due() and schedule.tick() is None
    moment[0] = NOW + timedelta(minutes=30)
    second = schedule.tick()
    assert second is not None and second.reden == "automatisch"
    assert schedule.at_close() is None  # no change since
    instellingen.update_settings(db, beheerder, replace(saved, naam="SWV 3"))
    moment[0] = NOW + timedelta(minutes=31)
    last = schedule.at_close()
    assert last is not None and last.reden == "bij-afsluiten"


def test_restore_saves_the_current_database_first(template_db: Path, tmp_path: Path) -> None:
    path = filled_db(template_db, tmp_path / "swv.db", rows=10)
    old = backups.make_backup(path, clock=lambda: NOW - timedelta(hours=1))
    filled_db(template_db, path, rows=99)
    result = backups.restore(path, old.path, known_revisions=known_revisions())
    assert bestuur_count(path) == 10
    assert result.saved_current is not None and "voor-herstel" in result.saved_current.name
    assert bestuur_count(result.saved_current) == 99
    open_database(path, create=False).close()


def test_restore_refuses_a_backup_of_a_newer_version(template_db: Path, tmp_path: Path) -> None:
    path = filled_db(template_db, tmp_path / "swv.db", rows=10)
    future = tmp_path / "toekomst.db"
    shutil.copyfile(path, future)
    conn = sqlite3.connect(future)
    conn.execute("UPDATE alembic_version SET version_num = '9999_toekomst'")
    conn.commit()
    conn.close()
    before = sha256(path)
    with pytest.raises(DatabaseTooNew, match="nieuwere versie"):
        backups.restore(path, future, known_revisions=known_revisions())
    assert sha256(path) == before and names(path) == []


def test_restore_over_a_damaged_database_moves_it_aside(template_db: Path, tmp_path: Path) -> None:
    path = filled_db(template_db, tmp_path / "swv.db")
    good = backups.make_backup(path)
    damage(path)
    damaged = sha256(path)
    result = backups.restore(path, good.path, known_revisions=known_revisions())
    assert result.saved_current is not None and ".beschadigd-" in result.saved_current.name
    assert sha256(result.saved_current) == damaged
    open_database(path, create=False).close()
    assert bestuur_count(path) == 3000


def test_backup_and_restore_commands(template_db: Path, tmp_path: Path, capsys) -> None:
    path = filled_db(template_db, tmp_path / "swv.db", rows=10)
    assert cli.main(["backup", "--db", str(path)]) == 0
    assert "Reservekopie gemaakt en gecontroleerd" in capsys.readouterr().out
    made = backups.list_backups(path)[0]
    filled_db(template_db, path, rows=20)
    assert cli.main(["backup", "--db", str(path), "--list"]) == 0
    assert made.path.name in capsys.readouterr().out
    result = subprocess.run(
        [sys.executable, "-m", "swv_desktop", "restore", "--db", str(path), "--from", made.path],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Teruggezet" in result.stdout and "Controle van" in result.stdout
    assert bestuur_count(path) == 10
    missing = tmp_path / "weg.db"
    assert cli.main(["backup", "--db", str(missing)]) == 1
    assert not missing.exists()
