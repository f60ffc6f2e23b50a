"""Frozen letters on demand: a pull brings an issued beschikking without its PDF bytes; the laptop
fetches them from the real server the first time the letter is opened, keeps them (also across a
full pull), and offline says in Dutch that the letter is not fetched yet. The server refuses a
letter outside the user's scope and logs every fetch as a view; ``check`` on the replica does not
call a letter that was never fetched damaged."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy import text

from swv_desktop.check.database import check_database
from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import Toegang
from swv_desktop.services.beschikkingen import uitgifte as beschikkingen
from swv_desktop.sync import brieven
from swv_desktop.sync import replica
from swv_desktop.sync.client import Laptop
from swv_desktop.sync.client import Refused
from swv_desktop.sync.replica import OnlineOnly
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.beschikking_view import BeschikkingView

from .harness import PASSWORD
from .harness import Team


def _letter(team: Team, aanvraag_id: int) -> int:
    with team.db.read() as s:
        return int(
            s.scalars(
                select(Beschikking.id)
                .join(Besluit, Besluit.id == Beschikking.besluit_id)
                .where(Besluit.aanvraag_id == aanvraag_id)
            ).one()
        )


def _issued(team: Team, aanvraag_id: int) -> tuple[int, bytes]:
    """Issue the award's beschikking in the office (once); its id and frozen bytes."""
    bid = _letter(team, aanvraag_id)
    directeur = team.actors["directeur"]
    with team.db.read() as s:
        done = s.get(Beschikking, bid)
        assert done is not None
        issued = done.uitgegeven_op is not None
    if not issued:
        beschikkingen.issue_beschikking(team.db, directeur, bid)
    return bid, beschikkingen.get_issued_pdf(team.db, directeur, bid)


def _held(laptop: Laptop, bid: int) -> tuple[bytes | None, str | None]:
    with laptop.db.read() as s:
        row = s.execute(text("SELECT pdf, sha256 FROM beschikking WHERE id = :i"), {"i": bid})
        pdf, sha = row.one()
    return (None if pdf is None else bytes(pdf)), sha


def _fetches(team: Team, bid: int) -> list[str]:
    with team.db.read() as s:
        return list(
            s.scalars(
                select(Toegang.gebruikersnaam).where(
                    Toegang.objectsoort == "beschikking",
                    Toegang.object_id == bid,
                    Toegang.omschrijving.contains(brieven.FETCHED),
                )
            )
        )


def test_a_letter_comes_without_its_pdf_and_is_fetched_when_first_opened(online: Team) -> None:
    team = online
    bid, office = _issued(team, team.award_a)
    laptop = team.laptop("cp1", "cp1-brief")
    assert laptop.sync_round().exit_code == 0
    pdf, sha = _held(laptop, bid)
    assert pdf is None and sha == hashlib.sha256(office).hexdigest()  # the row, not the bytes
    cp1 = laptop.actor

    shown = beschikkingen.get_issued_pdf(laptop.db, cp1, bid)  # the window's preview path

    assert shown == office
    assert _held(laptop, bid)[0] == office  # kept in the replica
    assert _fetches(team, bid) == ["cp1"]  # logged on the server as the laptop's user
    assert beschikkingen.get_issued_pdf(laptop.db, cp1, bid) == office  # no second fetch
    assert _fetches(team, bid) == ["cp1"]

    with team.db.transaction() as s:  # the office records the sending: the row comes again
        s.execute(
            text("UPDATE beschikking SET verzonden_op = briefdatum WHERE id = :i"), {"i": bid}
        )
    assert laptop.sync_round().exit_code == 0
    assert _held(laptop, bid)[0] == office  # a later pull leaves the fetched bytes alone
    with laptop.db.transaction() as s:  # the next pull is a full one (as after a reassignment)
        replica.set_state(s, {"scope": "anders"})
    assert laptop.sync_round().exit_code == 0
    assert _held(laptop, bid)[0] == office  # kept across the rebuild (same sha256)

    laptop.go_offline()  # a fetched letter opens offline
    assert beschikkingen.get_issued_pdf(laptop.db, cp1, bid) == office
    laptop.close()


def test_offline_a_letter_not_fetched_is_refused_in_dutch_and_check_stays_calm(
    online: Team,
) -> None:
    team = online
    bid, _office = _issued(team, team.award_a)
    laptop = team.laptop("cp1", "cp1-offline")
    assert laptop.sync_round().exit_code == 0
    laptop.go_offline()

    with pytest.raises(OnlineOnly, match="nog niet van de server naar deze laptop gehaald"):
        beschikkingen.get_issued_pdf(laptop.db, laptop.actor, bid)
    with laptop.db.read() as s:  # still listed with its data
        kenmerk = s.execute(text("SELECT kenmerk FROM beschikking WHERE id = :i"), {"i": bid})
        assert kenmerk.scalar_one()

    path, keys = laptop.db.path, laptop.db.keys
    laptop.close()
    assert path is not None
    report = check_database(path, keys=keys)
    assert not any("beschikking" in f for f in report.findings), report.findings
    assert any("nog niet van de server opgehaald" in line for line in report.lines)


def test_the_server_refuses_a_letter_outside_the_users_scope(online: Team) -> None:
    team = online
    other, _pdf = _issued(team, team.award_b)  # cp2's school
    laptop = team.laptop("cp1", "cp1-scope")
    assert laptop.sync_round().exit_code == 0

    with pytest.raises(Refused) as refused:
        laptop.connection.call("/brief", {"soort": "beschikking", "id": other})
    assert refused.value.status == 403
    with pytest.raises(Refused) as bad:
        laptop.connection.call("/brief", {"soort": "leerling", "id": other})
    assert bad.value.status == 403 and "Onbekende soort brief" in str(bad.value)
    assert _fetches(team, other) == []
    laptop.close()


@pytest.mark.qt_log_ignore("propagateSizeHints", "This plugin does not support")
def test_the_letter_view_says_offline_that_the_letter_is_not_fetched(
    qtbot: QtBot, online: Team
) -> None:
    team = online
    bid, office = _issued(team, team.award_a)
    laptop = team.laptop("cp1", "cp1-venster-brief")
    assert laptop.sync_round().exit_code == 0
    ctx = UiContext(db=laptop.db, actor=laptop.actor, clock=laptop.db.clock)
    laptop.go_offline()

    view = BeschikkingView(ctx, bid)  # what a double click in the Beschikkingen list opens
    qtbot.addWidget(view)
    view.show()
    note = view.pages.findChild(QLabel, "brief_melding")
    assert note is not None and "nog niet van de server naar deze laptop gehaald" in note.text()
    assert view.pages.page_labels == [] and view.row is not None and view.row.kenmerk
    view.close()

    laptop.sign_in("cp1", PASSWORD)  # back online: the letter is fetched when opened
    again = BeschikkingView(ctx, bid)
    qtbot.addWidget(again)
    again.show()
    assert len(again.pages.page_labels) >= 1
    assert _held(laptop, bid)[0] == office
    laptop.close()
