"""Provable deletion on disk (SQLite, encrypted as the product keeps every file): after a purge
the decrypted database file, its write-ahead log and the newest backup hold no purged name, free
pages included (the raw bytes are decrypted page by page and grepped). A backup from before the
purge still holds the name (which shows the grep finds it); putting that backup back applies the
deletion register again, and the file holds no name afterwards either."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy import select
from sqlcipher_pages import plain_bytes
from test_bewaren import NAMES
from test_bewaren import SURNAME
from test_bewaren import award
from test_bewaren import pupil
from world import TEST_PASSWORD

from swv_desktop import backups
from swv_desktop.cli import main as cli_main
from swv_desktop.models import Aanvraag
from swv_desktop.models import Leerling
from swv_desktop.models import Verwijdering
from swv_desktop.services import reservekopieen
from swv_desktop.services.bewaren import purge
from swv_desktop.services.bewaren.herstel import read_register_file

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])

WORDS = [n.encode() for n in (*NAMES.values(), SURNAME)]


def found(data: bytes) -> list[bytes]:
    return [w for w in WORDS if w in data]


def pupils(db) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count(Leerling.id))) or 0)


@pytest.fixture
def purged(world):
    """Three pupils (one with a paid award), a backup with them, then the purge after their
    term. Returns the backup from before the purge."""
    for key, nummer in (("A", "700001"), ("B", "700002"), ("C", "700003")):
        lid = pupil(world, nummer, NAMES[key])
        if key == "A":
            award(world, lid)
    before = backups.make_backup(world.db.path, "handmatig", key=world.db.key)
    assert found(plain_bytes(before.path, world.db.key)) == WORDS  # the grep sees them
    world.clock.set_date(date(2027, 8, 1))
    result = purge(world.db, world.beheerder)
    assert result.gecomprimeerd and result.reservekopie is not None
    return before.path


def test_after_a_purge_file_wal_and_newest_backup_hold_no_purged_name(world, purged):
    path, key = world.db.path, world.db.key
    assert found(plain_bytes(path, key)) == []
    wal = Path(f"{path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    newest = backups.list_backups(path)[0]
    assert newest.reden == "na-opschonen"
    assert found(plain_bytes(newest.path, key)) == []
    # the award stays in the accounts: its number is still readable in the file
    with world.db.read() as s:
        nummer = s.scalar(select(Aanvraag.nummer))
    assert nummer is not None and nummer.encode() in plain_bytes(path, key)


def test_a_restore_from_before_the_purge_applies_the_register_again(world, purged):
    assert pupils(world.db) == 0
    register = read_register_file(world.db.path, key=world.db.key)
    outcome = reservekopieen.restore_backup(world.db, world.beheerder, purged)
    assert outcome.register and "opnieuw toegepast" in outcome.register[0]
    assert pupils(world.db) == 0
    with world.db.read() as s:
        uids = set(s.scalars(select(Verwijdering.uid)))
    assert uids == {line.uid for line in register}
    assert found(plain_bytes(world.db.path, world.db.key)) == []
    # a second restore of the same copy: the register goes again, and only once per line
    reservekopieen.restore_backup(world.db, world.beheerder, purged)
    with world.db.read() as s:
        assert int(s.scalar(select(func.count(Verwijdering.id))) or 0) == len(register)


def test_a_copy_put_back_by_hand_is_cleaned_at_the_next_purge(world, purged):
    """No restore command at all (the file copied back by hand, or a damaged file replaced by
    its newest good backup at sign-in): the daily purge finds the register lines in the backups
    and applies them."""
    world.db.close()
    backups.copies.copy_database(purged, world.db.path.with_name("terug.db"), key=world.db.key)
    world.db.path.unlink()
    for side in ("-wal", "-shm"):
        Path(f"{world.db.path}{side}").unlink(missing_ok=True)
    world.db.path.with_name("terug.db").rename(world.db.path)
    assert pupils(world.db) == 3
    result = purge(world.db, world.beheerder)
    assert pupils(world.db) == 0 and result.regels
    assert found(plain_bytes(world.db.path, world.db.key)) == []


def test_purge_on_the_command_line(world, monkeypatch, capsys):
    """``swv-desktop purge`` signs in like every batch command; the real clock (a pupil entered
    on 4 October 2021 without any aanvraag passed the pupil term on 5 October 2026)."""
    from swv_desktop.services import sleutels

    pupil(world, "700001", NAMES["A"])
    sleutels.store_slot(world.db, "beheerder", TEST_PASSWORD)
    sleutels.store_slot(world.db, "secretariaat", TEST_PASSWORD)
    monkeypatch.setenv("SWV_PASSWORD", TEST_PASSWORD)
    path = str(world.db.path)
    world.db.close()
    assert cli_main(["purge", "--db", path, "--user", "beheerder", "--proef"]) == 0
    assert "Leerlingen (met OPP-versies en uitkomsten): 1 zou worden verwijderd" in (
        capsys.readouterr().out
    )
    assert cli_main(["purge", "--db", path, "--user", "beheerder"]) == 0
    out = capsys.readouterr().out
    assert "Leerlingen (met OPP-versies en uitkomsten): 1 verwijderd" in out
    assert found(plain_bytes(Path(path), world.db.key)) == []
    assert cli_main(["purge", "--db", path, "--user", "beheerder", "--list"]) == 0
    listed = capsys.readouterr().out
    assert "leerling" in listed and "beheerder" in listed and NAMES["A"] not in listed
    assert cli_main(["purge", "--db", path, "--user", "secretariaat", "--list"]) == 1
    assert "verwijderregister bekijken" in capsys.readouterr().err
