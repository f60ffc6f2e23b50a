"""The server trusts the session, never the payload; sessions expire; sign-ins are throttled; a
laptop of another schema version is refused; each replica holds only its user's scope."""

from __future__ import annotations

import json
import urllib.request
import uuid as uuidlib
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update

from swv_desktop.models import Aanvraag
from swv_desktop.models import Leerling
from swv_desktop.models import School
from swv_desktop.models import SyncSessie
from swv_desktop.models import Voortgangsgesprek
from swv_desktop.sync import stroom
from swv_desktop.sync.client import Connection
from swv_desktop.sync.client import Refused
from swv_desktop.sync.protocol import API
from swv_desktop.sync.protocol import SCHEMA_HEADER
from swv_desktop.sync.protocol import token_hash

from .accounts import give_school_a
from .harness import PASSWORD
from .harness import Team
from .harness import today


def _talk(team: Team, notes: str) -> dict[str, object]:
    return {
        "uuid": str(uuidlib.uuid4()),
        "naam": "gesprek.vastleggen",
        "gegevens": {
            "aanvraag_id": team.award_a,
            "data": {
                "datum": today().isoformat(),
                "deelnemers": "mentor",
                "notities": notes,
                "beoordeling": "goed",
                "volgende_op": None,
            },
        },
        "ids": {},
    }


def _connection(team: Team, user: str) -> Connection:
    connection = Connection(team.server.address)
    connection.sign_in(user, PASSWORD)
    return connection


def test_a_forged_actor_is_refused_and_the_session_decides_who_acts(team: Team) -> None:
    cp = _connection(team, "cp1")
    forged = _talk(team, "Vervalst")
    forged["gegevens"]["actor"] = {"id": team.actors["directeur"].id, "rol": "programmadirecteur"}  # type: ignore[index]
    [answer] = cp.call("/opdrachten", {"opdrachten": [forged]})["antwoorden"]
    assert not answer["geaccepteerd"]
    assert "Wie iets doet, bepaalt de server uit de aanmelding" in answer["melding"]
    decide = {
        "uuid": str(uuidlib.uuid4()),
        "naam": "besluit.nemen",
        "gegevens": {
            "aanvraag_id": team.award_b,
            "uitkomst": "afgewezen",
            "bedrag_cents": 0,
            "motivering": "Ik ben de directeur niet.",
        },
    }
    [answer] = cp.call("/opdrachten", {"opdrachten": [decide]})["antwoorden"]
    assert (
        not answer["geaccepteerd"] and "voorbehouden aan de programmadirecteur" in answer["melding"]
    )
    good = _talk(team, "Echt")
    [answer] = cp.call("/opdrachten", {"opdrachten": [good]})["antwoorden"]
    assert answer["geaccepteerd"], answer
    with team.db.read() as s:
        talk = s.scalars(
            select(Voortgangsgesprek).where(Voortgangsgesprek.notities == "Echt")
        ).one()
        assert talk.gevoerd_door_id == team.actors["cp1"].id
        assert not s.scalar(select(func.count()).where(Voortgangsgesprek.notities == "Vervalst"))
    # the same uuid again: the stored answer, not a second talk
    [again] = cp.call("/opdrachten", {"opdrachten": [good]})["antwoorden"]
    assert again == answer
    other = _connection(team, "cp2")  # another user cannot claim that uuid
    [theirs] = other.call("/opdrachten", {"opdrachten": [good]})["antwoorden"]
    assert not theirs["geaccepteerd"] and "andere gebruiker" in theirs["melding"]


def test_ids_outside_the_users_blocks_are_refused(team: Team) -> None:
    cp = _connection(team, "cp1")
    talk = _talk(team, "Eigen nummer")
    talk["ids"] = {"voortgangsgesprek": [1]}
    [answer] = cp.call("/opdrachten", {"opdrachten": [talk]})["antwoorden"]
    assert (
        not answer["geaccepteerd"] and "niet aan deze gebruiker is uitgegeven" in answer["melding"]
    )


def test_an_expired_session_is_refused(team: Team) -> None:
    cp = _connection(team, "cp1")
    with cp.stream("/ophalen", {"cursor": 0, "scope": None}) as lines:
        head = next(stroom.read(lines))
    assert isinstance(head, stroom.Head) and head.full
    assert cp.token is not None
    with team.db.transaction() as s:
        s.execute(
            update(SyncSessie)
            .where(SyncSessie.token_hash == token_hash(cp.token))
            .values(verloopt_op=datetime.now(UTC) - timedelta(minutes=1))
        )
    with pytest.raises(Refused, match="Uw sessie is verlopen; meld u opnieuw aan.") as caught:
        cp.call("/ophalen", {"cursor": 0, "scope": None})
    assert caught.value.status == 401
    with pytest.raises(Refused, match="niet aangemeld"):
        Connection(team.server.address).call("/opdrachten", {"opdrachten": []})


def test_a_laptop_of_another_schema_version_is_refused(team: Team) -> None:
    request = urllib.request.Request(
        team.server.address + API + "/aanmelden",
        data=json.dumps({"gebruikersnaam": "cp1", "wachtwoord": PASSWORD}).encode(),
        method="POST",
    )
    request.add_header(SCHEMA_HEADER, "0001")
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=10)
    assert caught.value.code == 409
    message = json.loads(caught.value.read())["melding"]
    assert "databaseversie 0001" in message and "Installeer op de laptop dezelfde versie" in message


def test_failed_sign_ins_are_throttled(team: Team) -> None:
    connection = Connection(team.server.address)
    for _ in range(5):
        with pytest.raises(Refused, match="Gebruikersnaam of wachtwoord is onjuist"):
            connection.sign_in("beheerder", "fout-wachtwoord-1")
    with pytest.raises(Refused, match="Te veel mislukte aanmeldingen") as caught:
        connection.sign_in("beheerder", PASSWORD)  # even the right password, for now
    assert caught.value.status == 429
    connection.sign_in("cp2", PASSWORD)  # another user is not blocked


def test_each_replica_holds_only_its_scope_and_a_reassigned_school_leaves(team: Team) -> None:
    cp1 = team.laptop("cp1", "cp1-scope")
    secretariaat = team.laptop("secretariaat", "sec-scope")
    assert cp1.sync_round().exit_code == 0 and secretariaat.sync_round().exit_code == 0
    with cp1.db.read() as s:
        schools = set(s.scalars(select(Leerling.school_id)))
        assert schools == {team.school_a}  # no pupil of another school
    with secretariaat.db.read() as s:
        names = set(s.execute(select(Leerling.voornaam, Leerling.achternaam)).all())
        assert names == {("", "(afgeschermd)")}  # pupils by number only
        assert s.scalar(select(func.count()).select_from(Voortgangsgesprek)) == 0
        assert "A0001" in set(s.scalars(select(Leerling.leerlingnummer)))
    # the secretariaat gives school A to cp2, on her own laptop, online
    give_school_a(team, secretariaat, "cp2")
    result = cp1.sync_round()
    assert result.exit_code == 0
    with cp1.db.read() as s:  # her pupils and aanvragen of school A left; the school itself
        # stays, with its new contactpersoon (every role sees the schools and boards)
        assert s.scalar(select(func.count()).select_from(Leerling)) == 0
        assert s.scalar(select(func.count()).select_from(Aanvraag)) == 0
        assert s.get(School, team.school_a).contactpersoon_id == team.actors["cp2"].id
    # and back, so the module's other tests keep their world
    give_school_a(team, secretariaat, "cp1")
    assert cp1.sync_round().exit_code == 0
    with cp1.db.read() as s:
        assert set(s.scalars(select(Leerling.school_id))) == {team.school_a}
    cp1.close()
    secretariaat.close()
