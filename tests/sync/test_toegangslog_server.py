"""Sign-ins at the team server are in the server's access log: a failed one with the name that
was tried (never the password), a successful one with the account and its role. And a print on
a laptop reaches the server's log through the outbox (it is a command)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import Toegang
from swv_desktop.models import ToegangActie
from swv_desktop.services.beschikkingen import afdrukken
from swv_desktop.services.beschikkingen import uitgifte
from swv_desktop.sync.client import Connection
from swv_desktop.sync.client import Refused

from .harness import PASSWORD
from .harness import Team


def _rows(team: Team) -> list[Toegang]:
    with team.db.read() as s:
        rows = list(s.scalars(select(Toegang).order_by(Toegang.id)))
        s.expunge_all()
        return rows


def test_sign_ins_at_the_server_are_logged(team: Team) -> None:
    before = len(_rows(team))
    connection = Connection(team.server.address)
    with pytest.raises(Refused):
        connection.sign_in("cp1", "fout-wachtwoord-geheim")
    with pytest.raises(Refused):
        connection.sign_in("niemand-bekend", "ook-geheim")
    connection.sign_in("cp1", PASSWORD)
    rows = _rows(team)[before:]
    cp1 = team.actors["cp1"]
    assert [(r.actie, r.gebruikersnaam, r.gebruiker_id, r.rol) for r in rows] == [
        (ToegangActie.AANMELDEN_MISLUKT, "cp1", cp1.id, ""),
        (ToegangActie.AANMELDEN_MISLUKT, "niemand-bekend", None, ""),
        (ToegangActie.AANMELDEN, "cp1", cp1.id, "contactpersoon"),
    ]
    assert rows[-1].omschrijving == "Bij de teamserver"
    assert not any("geheim" in r.omschrijving + r.gebruikersnaam for r in rows)


def test_a_print_on_a_laptop_reaches_the_servers_log(team: Team) -> None:
    with team.db.read() as s:
        letter = s.scalars(
            select(Beschikking.id)
            .join(Besluit, Besluit.id == Beschikking.besluit_id)
            .where(Besluit.aanvraag_id == team.award_a)
        ).one()
    uitgifte.issue_beschikking(team.db, team.actors["directeur"], letter)
    laptop = team.laptop("secretariaat")
    try:
        assert laptop.sync_round().exit_code == 0
        afdrukken.record_printed(laptop.db, laptop.actor, [letter], pages=2)
        with laptop.db.read() as s:  # logged on the laptop at once, in its own replica
            assert s.scalars(select(Toegang.actie).where(Toegang.object_id == letter)).all() == [
                ToegangActie.AFDRUK
            ]
        assert laptop.sync_round().exit_code == 0
    finally:
        laptop.close()
    printed = [r for r in _rows(team) if r.actie is ToegangActie.AFDRUK]
    assert [(r.gebruikersnaam, r.object_id, r.objectsoort) for r in printed] == [
        ("secretariaat", letter, "beschikking")
    ]


def test_views_on_a_laptop_reach_the_servers_log_once(team: Team) -> None:
    from swv_desktop.models import Leerling
    from swv_desktop.services import leerlingen

    with team.db.read() as s:
        pupils = dict(s.execute(select(Leerling.leerlingnummer, Leerling.id)).all())
    laptop = team.laptop("cp1", "cp1-inzagen")
    try:
        assert laptop.sync_round().exit_code == 0
        leerlingen.get_leerling(laptop.db, laptop.actor, pupils["A0001"])  # on the replica
        with laptop.db.read() as s:
            assert s.scalars(select(Toegang.actie)).all().count(ToegangActie.LEERLING_BEKEKEN) == 1
        assert laptop.sync_round().exit_code == 0
        with laptop.db.read() as s:  # sent, then gone from the laptop
            assert ToegangActie.LEERLING_BEKEKEN not in s.scalars(select(Toegang.actie)).all()
        assert laptop.sync_round().exit_code == 0  # nothing sent twice
        viewed = [r for r in _rows(team) if r.actie is ToegangActie.LEERLING_BEKEKEN]
        assert [(r.gebruikersnaam, r.leerlingnummer, r.rol) for r in viewed] == [
            ("cp1", "A0001", "contactpersoon")
        ]
        assert viewed[0].omschrijving.endswith("(op een teamlaptop)")

        # the server writes as the session's user, only for pupils she may see
        other = {
            "op": "2026-12-01T10:00:00+00:00",
            "actie": "leerling_bekeken",
            "objectsoort": "leerling",
            "object_id": pupils["B0001"],
            "leerling_id": pupils["B0001"],
            "gebruikersnaam": "directeur",
            "omschrijving": "x",
        }
        answer = laptop.connection.call("/inzagen", {"regels": [other]})
        assert answer == {"geschreven": 0, "al_aanwezig": 0, "buiten_bereik": 1}
        with pytest.raises(Refused, match="onbekende handeling"):
            laptop.connection.call("/inzagen", {"regels": [{**other, "actie": "wissen"}]})
    finally:
        laptop.close()
