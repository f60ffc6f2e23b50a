"""No lost update for the saves that came last: letter texts, the evaluation's answers and
conclusion, a new OPP version and every workflow step of an aanvraag (indienen, gesprek,
voorleggen, besluiten, terugsturen, intrekken). Two sessions load the same version; the first
save goes through, the second is refused with who changed it and when (in Dutch local time)
and changes nothing. On SQLite and PostgreSQL (the ``world`` fixture)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC
from datetime import datetime

import pytest
from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.errors import StaleEdit
from swv_desktop.models import Aanvraag
from swv_desktop.models import AuditEntry
from swv_desktop.models import Status
from swv_desktop.models import Uitkomst
from swv_desktop.reports.evaluatie_data import EvaluatieSoort
from swv_desktop.services import besluiten
from swv_desktop.services import leerlingen
from swv_desktop.services import opp_versies
from swv_desktop.services.aanvragen import stappen
from swv_desktop.services.aanvragen import use_cases as aanvragen
from swv_desktop.services.beschikkingen import brieftekst
from swv_desktop.services.evaluatie import use_cases as evaluatie

# 14:20 UTC on 5 October 2021 is 16:20 in the Netherlands (summer time)
MOMENT = datetime(2021, 10, 5, 14, 20, tzinfo=UTC)
SHOWN = "op 5 oktober 2021 16:20"


@pytest.fixture
def far_away() -> Iterator[None]:
    """The computer's own time zone is not Dutch: the messages still show Dutch time."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def _audits(world) -> int:
    with world.db.read() as s:
        return s.scalar(select(func.count(AuditEntry.id))) or 0


def test_letter_texts_refuse_a_stale_save_and_a_stale_reset(world, far_away):
    beheer = world.beheerder
    first = {t.sleutel: t for t in brieftekst.get_letter_texts(world.db)}["slot"]
    second = first  # a second window, opened at the same moment
    assert first.versie == 0
    world.clock.now = MOMENT
    saved = brieftekst.save_letter_text(
        world.db, beheer, "slot", "Vragen? Bel {contactpersoon}.", versie=first.versie
    )
    assert saved.versie == 1
    count = _audits(world)
    with pytest.raises(StaleEdit) as refused:
        brieftekst.save_letter_text(
            world.db, beheer, "slot", "Een andere slotzin.", versie=second.versie
        )
    assert f"De brieftekst 'Slot' is intussen gewijzigd door Bram Beheer {SHOWN}" in str(
        refused.value
    )
    with pytest.raises(StaleEdit):
        brieftekst.reset_letter_text(world.db, beheer, "slot", versie=second.versie)
    with pytest.raises(StaleEdit, match="Niet bekend is van welke versie"):
        brieftekst.save_letter_text(world.db, beheer, "slot", "Zonder versie.")
    assert _audits(world) == count
    now = {t.sleutel: t for t in brieftekst.get_letter_texts(world.db)}["slot"]
    assert (now.tekst, now.versie) == ("Vragen? Bel {contactpersoon}.", 1)
    # a reset counts the version up too: an editor still showing version 1 cannot undo it
    reset = brieftekst.reset_letter_text(world.db, beheer, "slot", versie=1)
    assert (reset.tekst, reset.versie) == (reset.standaard, 2)
    with pytest.raises(StaleEdit, match="standaard|intussen gewijzigd"):
        brieftekst.save_letter_text(world.db, beheer, "slot", "Terug.", versie=1)
    brieftekst.save_letter_text(world.db, beheer, "slot", "Terug.", versie=2)


def test_evaluation_answers_refuse_a_stale_save(world, far_away):
    jaar, kind = world.schooljaar_id, EvaluatieSoort.TUSSEN
    loaded = evaluatie.get_answers(world.db, world.directeur, jaar, kind)
    assert loaded.versie == 0
    world.clock.now = MOMENT
    version = evaluatie.save_answers(
        world.db, world.directeur, jaar, kind, {"gebruik": "Eerst."}, "Eerste.", versie=0
    )
    assert version == 1 and evaluatie.get_answers(world.db, world.directeur, jaar, kind).versie == 1
    count = _audits(world)
    with pytest.raises(StaleEdit) as refused:
        evaluatie.save_answers(
            world.db, world.directeur, jaar, kind, {"gebruik": "Tweede."}, "Tweede.", versie=0
        )
    assert f"zijn intussen gewijzigd door Dirk Directeur {SHOWN}" in str(refused.value)
    with pytest.raises(StaleEdit):
        evaluatie.save_conclusions(world.db, world.directeur, jaar, kind, "Ander.", versie=0)
    assert _audits(world) == count
    now = evaluatie.get_answers(world.db, world.directeur, jaar, kind)
    assert (now.antwoorden["gebruik"], now.conclusie, now.versie) == ("Eerst.", "Eerste.", 1)
    # the other kind of evaluation has its own version
    assert evaluatie.get_answers(world.db, world.directeur, jaar, EvaluatieSoort.EIND).versie == 0
    assert evaluatie.save_conclusions(world.db, world.directeur, jaar, kind, "Ander.", versie=1)


def test_a_new_opp_version_refuses_to_pass_over_one_stored_meanwhile(world, far_away):
    lid = world.add_leerling("710001")  # with OPP version 1
    first = leerlingen.get_leerling(world.db, world.contactpersoon, lid).current_opp
    assert first is not None and first.versie == 1
    world.clock.now = MOMENT
    opp_versies.add_opp_version(
        world.db,
        world.contactpersoon,
        lid,
        replace(first.data, uitstroomprofiel="vwo"),
        vorige_versie=first.versie,
    )
    count = _audits(world)
    with pytest.raises(StaleEdit) as refused:
        opp_versies.add_opp_version(  # the same contactpersoon, in a second window
            world.db,
            world.contactpersoon,
            lid,
            replace(first.data, inzet_maatwerkbudget="Iets anders."),
            vorige_versie=first.versie,
        )
    assert f"Het OPP van leerling 710001 is intussen gewijzigd door Fenna Contact {SHOWN}" in (
        str(refused.value)
    )
    with pytest.raises(StaleEdit, match="Niet bekend is van welke versie"):
        opp_versies.add_opp_version(world.db, world.contactpersoon, lid, first.data)
    assert _audits(world) == count
    opps = leerlingen.get_leerling(world.db, world.contactpersoon, lid).opps
    assert [(o.versie, o.data.uitstroomprofiel) for o in opps] == [(1, "havo"), (2, "vwo")]
    # a pupil without an OPP: the form showed none (0); a first OPP stored meanwhile counts
    new_lid = world.add_leerling("710002", opp=False)
    opp_versies.add_opp_version(
        world.db, world.contactpersoon, new_lid, first.data, vorige_versie=0
    )
    with pytest.raises(StaleEdit):
        opp_versies.add_opp_version(
            world.db, world.contactpersoon, new_lid, first.data, vorige_versie=0
        )


def _status(world, aid: int) -> tuple[Status, int]:
    with world.db.read() as s:
        row = s.get(Aanvraag, aid)
        return row.status, row.versie


def _edit(world, aid: int) -> None:
    """The other session changes the aanvraag (a field in the form)."""
    data = aanvragen.get_aanvraag(world.db, world.contactpersoon, aid).data
    aanvragen.update_aanvraag(
        world.db, world.contactpersoon, aid, replace(data, omschrijving="Bijgewerkt.")
    )


def _to(world, aid: int, status: Status) -> None:
    def versie() -> int:
        return _status(world, aid)[1]

    if status is Status.CONCEPT:
        return
    stappen.submit(world.db, world.contactpersoon, aid, versie=versie())
    if status is Status.INGEDIEND:
        return
    stappen.record_discussion(
        world.db,
        world.contactpersoon,
        aid,
        datum=world.clock().date(),
        notitie="Besproken op school.",
        versie=versie(),
    )
    if status is Status.BESPROKEN:
        return
    stappen.send_for_besluit(world.db, world.contactpersoon, aid, versie=versie())


def _return_change_and_send_again(world, aid: int) -> None:
    """While the programmadirecteur has the decision open, the aanvraag goes back, changes and
    comes back: the status is the same, the aanvraag is not."""
    v = _status(world, aid)[1]
    stappen.return_to_contactpersoon(
        world.db, world.directeur, aid, reden="Bedrag klopt niet.", versie=v
    )
    _edit(world, aid)
    stappen.send_for_besluit(world.db, world.contactpersoon, aid, versie=_status(world, aid)[1])


STEPS: dict[str, tuple[Status, Callable[..., object]]] = {
    "indienen": (
        Status.CONCEPT,
        lambda w, aid, v: stappen.submit(w.db, w.contactpersoon, aid, versie=v),
    ),
    "gesprek vastleggen": (
        Status.INGEDIEND,
        lambda w, aid, v: stappen.record_discussion(
            w.db, w.contactpersoon, aid, datum=w.clock().date(), notitie="Gesprek.", versie=v
        ),
    ),
    "voorleggen": (
        Status.BESPROKEN,
        lambda w, aid, v: stappen.send_for_besluit(w.db, w.contactpersoon, aid, versie=v),
    ),
    "besluiten": (
        Status.TER_BESLUITVORMING,
        lambda w, aid, v: besluiten.decide(  # not world.award: it fills in a missing version
            w.db,
            w.directeur,
            aid,
            uitkomst=Uitkomst.TOEGEKEND,
            bedrag_cents=300_000,
            motivering="Voldoet.",
            versie=v,
        ),
    ),
    "terugsturen": (
        Status.TER_BESLUITVORMING,
        lambda w, aid, v: stappen.return_to_contactpersoon(
            w.db, w.directeur, aid, reden="Graag aanvullen.", versie=v
        ),
    ),
    "intrekken": (
        Status.BESPROKEN,
        lambda w, aid, v: stappen.withdraw(
            w.db, w.contactpersoon, aid, reden="De school regelt het zelf.", versie=v
        ),
    ),
}


@pytest.mark.parametrize("step", list(STEPS))
def test_a_workflow_step_from_a_stale_form_is_refused_and_changes_nothing(world, step):
    status, run = STEPS[step]
    aid = aanvragen.create_aanvraag(
        world.db, world.contactpersoon, world.individual(world.add_leerling("720001"), 300_000)
    )
    _to(world, aid, status)
    loaded = _status(world, aid)[1]  # the form of the first session
    world.clock.now = MOMENT
    if status is Status.TER_BESLUITVORMING:
        _return_change_and_send_again(world, aid)
    else:
        _edit(world, aid)
    before, count = _status(world, aid), _audits(world)
    assert before[0] is status
    with pytest.raises(StaleEdit) as refused:
        run(world, aid, loaded)
    assert "Aanvraag A2021-001 is intussen gewijzigd door" in str(refused.value)
    assert "op 5 oktober 2021 16:20" in str(refused.value)
    assert (_status(world, aid), _audits(world)) == (before, count)
    with pytest.raises(StaleEdit, match="Niet bekend is van welke versie"):
        run(world, aid, None)
    # after reloading, the step goes through
    run(world, aid, before[1])
    assert _status(world, aid)[0] is not status
