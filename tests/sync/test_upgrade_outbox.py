"""The server is upgraded while laptops are away with work of the previous version: a real
PostgreSQL database, the real server process, real replica files.

- The outbox of a laptop written by the previous release (schema 0018: its commands name that
  revision) is accepted after the server's upgrade, converted where the payload changed since
  (the settings of 0018 know no offline term); commands of a version before that are refused
  one by one, in Dutch, and stay in "Niet verwerkt".
- A laptop still running the previous release may sign in and send its work; a pull is
  answered "werk deze laptop bij" (its replica's schema is older); an older one is refused.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid as uuidlib
from dataclasses import replace
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy import text

from swv_desktop.models import Leerling
from swv_desktop.models import Organisatie
from swv_desktop.schema import SCHEMA_HEAD
from swv_desktop.services import instellingen
from swv_desktop.sync import replica
from swv_desktop.sync import versions
from swv_desktop.sync.protocol import API
from swv_desktop.sync.protocol import SCHEMA_HEADER

from .harness import PASSWORD
from .harness import Team
from .harness import add_pupil

PREVIOUS = "0018"


def _org(team: Team) -> Organisatie:
    with team.db.read() as session:
        org = session.scalars(select(Organisatie)).one()
        session.expunge(org)
        return org


def _set_offline_term(team: Team, days: int) -> None:
    beheerder = team.actors["beheerder"]
    current = instellingen.get_settings(team.db)
    instellingen.update_settings(team.db, beheerder, replace(current, offline_slot_dagen=days))


def _old_settings(team: Team, leerling_jaren: int) -> dict[str, Any]:
    """``instellingen.wijzigen`` as a settings form of 0018 sends it: no ``offline_slot_dagen``."""
    org = _org(team)
    return {
        "data": {
            "naam": org.naam,
            "adres": org.adres,
            "postcode": org.postcode,
            "plaats": org.plaats,
            "programmadirecteur_naam": org.programmadirecteur_naam,
            "bewaartermijn_leerling_jaren": leerling_jaren,
            "versie": org.versie,
        }
    }


def _pupil_ids(team: Team, nummer: str) -> list[int]:
    with team.db.read() as session:
        return list(session.scalars(select(Leerling.id).where(Leerling.leerlingnummer == nummer)))


def test_an_outbox_of_the_previous_version_is_converted_after_the_server_upgrade(
    online: Team,
) -> None:
    _set_offline_term(online, 14)  # the beheerder's term, which an old form does not know
    path, admin_path = online.folder / "cp1-oud.db", online.folder / "beheer-oud.db"
    laptop = online.laptop("cp1", "cp1-oud")
    admin = online.laptop("beheerder", "beheer-oud")
    assert laptop.sync_round().exit_code == 0 and admin.sync_round().exit_code == 0
    online.server.stop()  # the laptops go out to the schools; the server is being upgraded
    add_pupil(laptop.db, laptop.actor, "U0001", online.school_a)
    kept = [u for u, *_ in laptop.waiting()]
    add_pupil(laptop.db, laptop.actor, "U0002", online.school_a)
    too_old = [u for u, *_ in laptop.waiting() if u not in kept]
    with laptop.db.transaction() as session:  # as the previous release left the replica
        replica.set_state(
            session,
            {
                versions.WRITER_KEY: PREVIOUS,
                versions.WRITTEN_BY_KEY: json.dumps(dict.fromkeys(too_old, "0017")),
            },
        )
    with laptop.db.read() as session:
        clocks = {
            str(u): datetime.fromisoformat(str(c))
            for u, c in session.execute(
                text("SELECT uuid, aangemaakt_op FROM sync_laptop_opdracht")
            )
        }
    laptop.close()
    settings_uuid = str(uuidlib.uuid4())
    written_at = datetime.now(UTC) - timedelta(days=3)
    with admin.db.transaction() as session:  # the old shape, as 0018 wrote it in the outbox
        session.execute(
            text(
                "INSERT INTO sync_laptop_opdracht (uuid, naam, gegevens, ids, aangemaakt_op, "
                "status) VALUES (:u, 'instellingen.wijzigen', :g, '{}', :op, :s)"
            ),
            {
                "u": settings_uuid,
                "g": json.dumps(_old_settings(online, 6)),
                "op": written_at.isoformat(),
                "s": replica.WAITING,
            },
        )
        replica.set_state(session, {versions.WRITER_KEY: PREVIOUS})
    admin.close()

    online.server.start()  # the upgraded server (it goes first)
    started = datetime.now(UTC)
    laptop = online.laptop("cp1", "cp1-oud")  # the laptop's program upgraded too: same file
    assert laptop.db.path == path
    try:
        result = laptop.sync_round()
        assert result.accepted == 2 and len(result.refused) == 2, result
        assert result.error == ""
        refused = laptop.not_processed()
        assert sorted(r.uuid for r in refused) == sorted(too_old)
        for item in refused:
            assert "te oude versie van swv-desktop (databaseversie 0017)" in item.melding
            assert f"versie {PREVIOUS} en nieuwer" in item.melding
    finally:
        laptop.close()
    assert len(_pupil_ids(online, "U0001")) == 1 and _pupil_ids(online, "U0002") == []
    stored = online.stored(kept + too_old)
    assert {stored[u].client_schema for u in kept} == {PREVIOUS}
    assert {stored[u].geaccepteerd for u in kept} == {True}
    assert {stored[u].client_schema for u in too_old} == {"0017"}  # kept as the laptop said
    assert {stored[u].geaccepteerd for u in too_old} == {False}
    for uuid, row in stored.items():
        assert row.client_op == clocks[uuid]  # the laptop's clock
        assert row.ontvangen_op >= started - timedelta(seconds=1)  # the server's receipt

    admin = online.laptop("beheerder", "beheer-oud")
    assert admin.db.path == admin_path
    try:
        result = admin.sync_round()
        assert result.accepted == 1 and not result.refused, result
    finally:
        admin.close()
    org = _org(online)
    assert org.bewaartermijn_leerling_jaren == 6  # the change came through
    assert org.offline_slot_dagen == 14  # and did not reset the term to the default (30)
    row = online.stored([settings_uuid])[settings_uuid]
    assert row.client_schema == PREVIOUS and row.client_op == written_at


def _call(team: Team, path: str, body: dict[str, Any], schema: str, token: str = "") -> Any:
    """A request as the previous release sends it (its own ``X-SWV-Schema``)."""
    request = urllib.request.Request(
        team.server.address + API + path, data=json.dumps(body).encode(), method="POST"
    )
    request.add_header("Content-Type", "application/json")
    request.add_header(SCHEMA_HEADER, schema)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=20) as answer:
        return json.loads(answer.read())


def test_a_laptop_of_the_previous_version_sends_its_work_and_is_asked_to_upgrade(
    online: Team,
) -> None:
    _set_offline_term(online, 21)
    signed_in = _call(
        online, "/aanmelden", {"gebruikersnaam": "beheerder", "wachtwoord": PASSWORD}, PREVIOUS
    )
    token = signed_in["token"]
    blocks = _call(online, "/nummers", {"tabellen": ["leerling"]}, PREVIOUS, token)
    assert "blokken" in blocks
    command = {  # no "schema": the program that sends it is of 0018 (its header)
        "uuid": str(uuidlib.uuid4()),
        "naam": "instellingen.wijzigen",
        "gegevens": _old_settings(online, 8),
        "ids": {},
        "klok": "2026-11-30T09:15:00+00:00",
    }
    [answer] = _call(online, "/opdrachten", {"opdrachten": [command]}, PREVIOUS, token)[
        "antwoorden"
    ]
    assert answer["geaccepteerd"], answer
    org = _org(online)
    assert org.bewaartermijn_leerling_jaren == 8 and org.offline_slot_dagen == 21
    row = online.stored([command["uuid"]])[command["uuid"]]
    assert row.client_schema == PREVIOUS
    assert row.client_op == datetime(2026, 11, 30, 9, 15, tzinfo=UTC)

    with pytest.raises(urllib.error.HTTPError) as caught:  # its replica cannot take a pull
        _call(online, "/ophalen", {"cursor": 0, "scope": None}, PREVIOUS, token)
    assert caught.value.code == 426
    message = json.loads(caught.value.read())["melding"]
    assert f"oudere versie van swv-desktop (databaseversie {PREVIOUS})" in message
    assert "werk deze laptop bij" in message and SCHEMA_HEAD in message

    with pytest.raises(urllib.error.HTTPError) as caught:  # before the previous release
        _call(online, "/opdrachten", {"opdrachten": [command]}, "0017", token)
    assert caught.value.code == 409
    assert "databaseversie 0017" in json.loads(caught.value.read())["melding"]
