"""Leaving the team: refused while changes wait or were refused (with the counts), unless she
discards them; otherwise the replica and its key material are removed from the disk."""

from __future__ import annotations

import pytest

from swv_desktop.backups import make_backup
from swv_desktop.encryption.keyslots import sidecar_path
from swv_desktop.errors import KnownError
from swv_desktop.errors import ProgramLocked
from swv_desktop.models import Beoordeling
from swv_desktop.services import voortgang
from swv_desktop.sync import leave
from swv_desktop.sync.client import Laptop

from .harness import PASSWORD
from .harness import Team
from .harness import today


def _talk(laptop: Laptop, award: int, note: str) -> None:
    voortgang.record_gesprek(
        laptop.db,
        laptop.actor,
        award,
        voortgang.VoortgangInput(today(), "mentor", note, Beoordeling.GOED),
    )


def test_leaving_is_refused_while_changes_wait_then_removes_every_file(online: Team) -> None:
    team = online
    cp = team.laptop("cp1", "cp1-leave")
    assert cp.sync_round().exit_code == 0
    path = cp.db.path
    assert path is not None
    make_backup(path, "test", key=cp.db.key)  # a backup of the replica holds her data too
    cp.go_offline()
    _talk(cp, team.award_a, "Nog niet verstuurd 1")
    _talk(cp, team.award_a, "Nog niet verstuurd 2")
    with pytest.raises(leave.OutboxNotEmpty) as refused:
        leave.leave_team(cp.db)
    assert "2 wijzigingen wachten nog op verzending" in refused.value.message
    assert "Er is niets verwijderd" in refused.value.message
    assert path.exists() and leave.outbox(cp.db).waiting == 2  # nothing changed
    files = leave.replica_files(path)
    assert path in files and sidecar_path(path) in files
    assert any("backups" in str(f) for f in files)

    removed = leave.leave_team(cp.db, discard=True)  # she chose to throw them away
    assert set(removed) <= set(files)  # (SQLite itself removes the log when it closes)
    assert {path, sidecar_path(path)} <= set(removed)
    for file in files:
        assert not file.exists()  # removed, not emptied
    assert leave.replica_files(path) == []
    with pytest.raises(ProgramLocked):  # the open Database no longer reaches any file
        leave.outbox(cp.db)
    assert not path.exists()


def test_a_refused_change_counts_until_resolved_and_a_clean_laptop_leaves_at_once(
    online: Team,
) -> None:
    team = online
    cp = team.laptop("cp1", "cp1-leave-2")
    assert cp.sync_round().exit_code == 0
    other = team.laptop("cp1", "cp1-leave-3")
    assert other.sync_round().exit_code == 0
    path = cp.db.path
    assert path is not None
    # her talk about a school that was hers on this laptop only: simulate with a stale edit
    from sqlalchemy import select

    from swv_desktop.models import Leerling
    from swv_desktop.services import leerlingen

    with cp.db.read() as s:
        pupil = s.scalar(select(Leerling.id).where(Leerling.leerlingnummer == "A0001"))
        mine = leerlingen._leerling_input(s.get(Leerling, pupil))
    with other.db.read() as s:
        theirs = leerlingen._leerling_input(s.get(Leerling, pupil))
    mine.tussenvoegsel, theirs.leerjaar = "de", 2
    leerlingen.save_leerling(other.db, other.actor, theirs, pupil)
    assert other.sync_round().exit_code == 0
    leerlingen.save_leerling(cp.db, cp.actor, mine, pupil)
    assert cp.sync_round().exit_code == 1  # refused: stale
    assert leave.outbox(cp.db) == leave.Outbox(waiting=0, refused=1)
    with pytest.raises(leave.OutboxNotEmpty) as refused:
        leave.leave_team(cp.db)
    assert "1 wijziging is door de server niet verwerkt" in refused.value.message
    [item] = cp.not_processed()
    from swv_desktop.sync.client import discard

    discard(cp.db, item.uuid)  # resolved in the Niet verwerkt list
    leave.leave_team(cp.db)
    assert not path.exists() and not sidecar_path(path).exists()
    with pytest.raises(KnownError):  # her password opens nothing here any more
        Laptop.open(path, "http://127.0.0.1:9", "cp1", PASSWORD)
    other.close()
