"""Back online after the server was out of reach: the laptop goes on in the session it had, so
the round that sends what she recorded does not wait for a second password check (memory-hard
on purpose, most of a short round); a session the server ended meanwhile (the device revoked)
is refused, and the laptop then signs in anew and is wiped. Real server process and
PostgreSQL; offline is the process stopped."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.models import Beoordeling
from swv_desktop.models import SyncApparaat
from swv_desktop.models import SyncSessie
from swv_desktop.models import Voortgangsgesprek
from swv_desktop.services import apparaten
from swv_desktop.services import voortgang
from swv_desktop.sync import apparaat
from swv_desktop.sync.client import Laptop

from .harness import Team
from .harness import server_count
from .harness import today


def _sessions(team: Team, user: str) -> int:
    return server_count(team, SyncSessie.gebruiker_id == team.actors[user].id)


def _talk(team: Team, laptop: Laptop, tag: str) -> None:
    voortgang.record_gesprek(
        laptop.db,
        laptop.actor,
        team.award_a,
        voortgang.VoortgangInput(today(), "mentor", f"Gesprek {tag}", Beoordeling.GOED),
    )


def test_back_online_the_laptop_goes_on_in_its_session(online: Team) -> None:
    team = online
    laptop = team.synced("cp1", "cp1-terug")
    try:
        sessions = _sessions(team, "cp1")
        team.server.stop()
        away = laptop.sync_round()
        assert away.error and laptop.online is False
        _talk(team, laptop, "op school")
        team.server.start()
        back = laptop.sync_round()
        assert back.exit_code == 0 and back.waiting == 0 and laptop.online
        assert _sessions(team, "cp1") == sessions  # no second sign-in
        with team.db.read() as session:
            assert session.scalar(
                select(func.count()).where(Voortgangsgesprek.notities == "Gesprek op school")
            )
        assert laptop.db.hooks.send_now is not None  # deciding and letters: online again
    finally:
        laptop.close()


def test_a_device_revoked_while_the_laptop_was_away_is_wiped_when_it_is_back(
    online: Team,
) -> None:
    team = online
    laptop = team.synced("cp1", "cp1-weg")
    path = laptop.db.path
    team.server.stop()
    assert laptop.sync_round().error
    team.server.start()
    assert path is not None
    with team.db.read() as session:
        device = session.scalars(
            select(SyncApparaat.id).where(SyncApparaat.uuid == apparaat.identity(path)["uuid"])
        ).one()
    apparaten.revoke_apparaat(team.db, team.actors["beheerder"], device)
    with pytest.raises(apparaat.ReplicaWiped, match="ingetrokken"):
        laptop.sync_round()  # its session is gone: a new sign-in, which wipes
    assert not path.exists()
