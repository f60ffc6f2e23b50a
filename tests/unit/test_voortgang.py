"""Progress talks: due every interval from the award or the last talk; the overdue list."""

from __future__ import annotations

from datetime import date

import pytest

from swv_desktop.errors import StateError
from swv_desktop.errors import ValidationError
from swv_desktop.models import Beoordeling
from swv_desktop.models import Uitkomst
from swv_desktop.services import voortgang
from swv_desktop.services.voortgang import VoortgangInput
from swv_desktop.services.voortgang import add_months
from swv_desktop.services.voortgang import gesprek_schedule


def test_add_months_clips_to_month_end():
    assert add_months(date(2021, 11, 30), 3) == date(2022, 2, 28)
    assert add_months(date(2021, 10, 4), 3) == date(2022, 1, 4)
    assert gesprek_schedule(date(2021, 10, 4), date(2022, 7, 31), 3) == [
        date(2022, 1, 4),
        date(2022, 4, 4),
        date(2022, 7, 4),
    ]


def _awarded(world, nummer="500001"):
    aid = world.ready_for_besluit(world.individual(world.add_leerling(nummer), 300_000))
    world.award(aid, Uitkomst.TOEGEKEND, 300_000, "Ok.")
    return aid


def test_gesprek_clears_the_overdue_item(world):
    aid = _awarded(world)  # awarded 4 October 2021 -> first talk due 4 January 2022
    assert voortgang.overdue_gesprekken(world.db, world.directeur, date(2022, 1, 4)) == []
    overdue = voortgang.overdue_gesprekken(world.db, world.directeur, date(2022, 1, 10))
    assert [(o.aanvraag_id, o.due, o.days_overdue) for o in overdue] == [(aid, date(2022, 1, 4), 6)]
    assert (
        voortgang.overdue_gesprekken(
            world.db, world.directeur, date(2022, 1, 10), contactpersoon_id=world.directeur.id
        )
        == []
    )
    world.clock.set_date(date(2022, 1, 10))
    world.talk(
        aid,
        VoortgangInput(
            date(2022, 1, 10),
            "Mentor, zorgcoördinator, contactpersoon",
            "Gaat beter.",
            Beoordeling.GOED,
        ),
    )
    assert voortgang.overdue_gesprekken(world.db, world.directeur, date(2022, 1, 10)) == []
    # 10 January + 3 months is Sunday 10 April 2022: due on Monday 11 April, overdue from the 12th
    assert voortgang.overdue_gesprekken(world.db, world.directeur, date(2022, 4, 11)) == []
    assert voortgang.overdue_gesprekken(world.db, world.directeur, date(2022, 4, 12))[
        0
    ].due == date(2022, 4, 11)
    assert voortgang.gesprekken_for(world.db, world.contactpersoon, aid)[0].volgende_op == date(
        2022, 4, 11
    )


def test_no_gesprekken_due_after_the_support_period(world):
    _awarded(world)
    assert voortgang.overdue_gesprekken(world.db, world.directeur, date(2022, 8, 15))[
        0
    ].due == date(2022, 1, 4)
    world.clock.set_date(date(2022, 7, 20))
    aid = voortgang.overdue_gesprekken(world.db, world.directeur, date(2022, 7, 20))[0].aanvraag_id
    world.talk(aid, VoortgangInput(date(2022, 7, 20), "Mentor", "Afgerond.", Beoordeling.GOED))
    assert (
        voortgang.overdue_gesprekken(world.db, world.directeur, date(2022, 12, 1)) == []
    )  # next due 20 Oct 2022 > 31 Jul 2022


def test_gesprek_rules(world):
    aid = _awarded(world)
    with pytest.raises(ValidationError) as exc:
        world.talk(
            aid,
            VoortgangInput(
                date(2021, 10, 4), "", "", Beoordeling.VOLDOENDE, volgende_op=date(2022, 3, 1)
            ),
        )
    assert exc.value.fields == {"deelnemers", "notities", "volgende_op"}
    with pytest.raises(ValidationError, match="toekomst"):
        world.talk(aid, VoortgangInput(date(2021, 12, 1), "a", "b", Beoordeling.GOED))


def test_gesprek_needs_an_award(world):
    aid = world.ready_for_besluit(world.individual(world.add_leerling("500010"), 300_000))
    with pytest.raises(StateError, match="geen toekenning"):
        world.talk(aid, VoortgangInput(date(2021, 10, 4), "a", "b", Beoordeling.GOED))


def test_talks_coming_up_in_the_next_30_days(world):
    aid = _awarded(world, "500090")  # period from 4 October 2021 -> first talk due 4 January 2022
    upcoming = voortgang.upcoming_gesprekken
    # 4 January 2022 is a Tuesday: due that day; 30 days before is 5 December 2021
    assert upcoming(world.db, world.directeur, date(2021, 12, 4)) == []
    first = upcoming(world.db, world.directeur, date(2021, 12, 5))
    assert [(o.aanvraag_id, o.due, -o.days_overdue) for o in first] == [(aid, date(2022, 1, 4), 30)]
    on_the_day = upcoming(world.db, world.directeur, date(2022, 1, 4))
    assert [(o.due, o.days_overdue) for o in on_the_day] == [(date(2022, 1, 4), 0)]
    assert (
        voortgang.overdue_gesprekken(world.db, world.directeur, date(2022, 1, 4)) == []
    )  # not yet late
    assert (
        upcoming(world.db, world.directeur, date(2022, 1, 5)) == []
    )  # late now: on the other list
    assert [
        o.aanvraag_id
        for o in voortgang.overdue_gesprekken(world.db, world.directeur, date(2022, 1, 5))
    ] == [aid]
    mine = upcoming(
        world.db, world.directeur, date(2021, 12, 20), contactpersoon_id=world.contactpersoon.id
    )
    assert [o.aanvraag_id for o in mine] == [aid]
    assert (
        upcoming(
            world.db, world.directeur, date(2021, 12, 20), contactpersoon_id=world.directeur.id
        )
        == []
    )


def test_first_page_and_total_of_the_talks_due(world):
    """The dashboard's page of talks due: the first rows in the full list's order (due day, then
    aanvraag number) and the exact total, also where a weekend moves three calendar dates to
    one Monday (the SQL orders by the calendar date; the page must not)."""
    ids = [_awarded(world, nummer) for nummer in ("500201", "500202", "500203", "500204")]
    world.clock.set_date(date(2022, 1, 11))
    # the next talk set on Monday 11, Sunday 10 and Saturday 9 April 2022: all due the 11th
    for aid, volgende in zip(ids[:3], (11, 10, 9), strict=True):
        world.talk(
            aid,
            VoortgangInput(
                date(2022, 1, 11),
                "Mentor",
                "Gaat goed.",
                Beoordeling.GOED,
                volgende_op=date(2022, 4, volgende),
            ),
        )
    today = date(2022, 4, 20)  # ids[3] had no talk: due since 4 January
    full = voortgang.overdue_gesprekken(world.db, world.directeur, today)
    assert [(o.aanvraag_id, o.due) for o in full] == [(ids[3], date(2022, 1, 4))] + [
        (aid, date(2022, 4, 11)) for aid in ids[:3]
    ]
    for limit in range(1, 6):
        page, _coming = voortgang.gesprekken_pages(world.db, world.directeur, today, limit=limit)
        assert (page.rows, page.total) == (full[:limit], 4)
    late, coming = voortgang.gesprekken_pages(world.db, world.directeur, date(2022, 4, 1), limit=2)
    assert ([o.aanvraag_id for o in late.rows], late.total) == ([ids[3]], 1)
    assert ([o.aanvraag_id for o in coming.rows], coming.total) == (ids[:2], 3)
    assert [o.days_overdue for o in coming.rows] == [-10, -10]
    assert (
        coming.rows
        == voortgang.upcoming_gesprekken(world.db, world.directeur, date(2022, 4, 1))[:2]
    )
    none = voortgang.gesprekken_pages(
        world.db, world.directeur, today, contactpersoon_id=world.directeur.id, limit=2
    )
    assert [(p.rows, p.total) for p in none] == [([], 0), ([], 0)]


def test_gesprek_refusals_change_nothing(world):
    """The one read of the aanvraag (locked, within her scope, with its award): a pupil of
    another school's contactpersoon, a missing aanvraag and a refused one are each refused with
    their own Dutch reason, and nothing is written."""
    from signed_in import signed_in
    from sqlalchemy import func
    from sqlalchemy import select

    from swv_desktop.errors import NotFound
    from swv_desktop.errors import PermissionDenied
    from swv_desktop.models import AuditEntry
    from swv_desktop.models import Rol
    from swv_desktop.models import Voortgangsgesprek

    def counts() -> tuple[int, int]:
        with world.db.read() as s:
            talks = s.scalar(select(func.count(Voortgangsgesprek.id)))
            return talks or 0, s.scalar(select(func.count(AuditEntry.id))) or 0

    aid = _awarded(world, "500300")
    refused = world.ready_for_besluit(world.individual(world.add_leerling("500301"), 300_000))
    world.award(refused, Uitkomst.AFGEWEZEN, 0, "Valt onder de basisondersteuning.")
    stranger = signed_in(world.db, Rol.CONTACTPERSOON, "contactpersoon-elders")
    world.clock.set_date(date(2021, 12, 1))
    talk = VoortgangInput(date(2021, 12, 1), "Mentor", "Gaat goed.", Beoordeling.GOED)
    before = counts()
    with pytest.raises(PermissionDenied, match=f"Aanvraag met nummer {aid} hoort niet bij"):
        voortgang.record_gesprek(world.db, stranger, aid, talk)
    with pytest.raises(NotFound, match="Aanvraag met nummer 999999 bestaat niet"):
        world.talk(999_999, talk)
    with pytest.raises(NotFound, match="Aanvraag met nummer 0 bestaat niet"):
        world.talk(0, talk)
    with pytest.raises(StateError, match="geen toekenning"):
        world.talk(refused, talk)
    assert counts() == before
    assert world.talk(aid, talk)
