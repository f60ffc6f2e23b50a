"""One rule for progress-talk due dates (``voortgang.talk_due``): the base plus the interval,
clipped at the end of the month (``voortgang.add_months`` in Python, ``dialect.add_months`` in SQL,
the same on SQLite and PostgreSQL; SQLite's own ``date(x, '+3 months')`` rolls 30 November over to
2 March), then moved to the next working day. The letter states the dates, the overdue list counts
from the same ones, and the talk validation allows the same latest next talk."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import literal
from sqlalchemy import select

from swv_desktop.dialect import add_months as add_months_sql
from swv_desktop.errors import ValidationError
from swv_desktop.formatting import long_date
from swv_desktop.models import Beoordeling
from swv_desktop.models import Beschikking
from swv_desktop.models import Uitkomst
from swv_desktop.services import voortgang
from swv_desktop.services.beschikkingen.briefgegevens import build_data
from swv_desktop.services.beschikkingen.uitgifte import render_preview
from swv_desktop.services.voortgang import add_months


def test_sql_and_python_agree_on_every_day_of_two_years(db):
    days = [date(2023, 1, 1) + timedelta(days=n) for n in range(731)]  # 2024 is a leap year
    for months in (1, 3, 12):
        query = select(*(add_months_sql(literal(d), literal(months)) for d in days))
        with db.read() as session:
            got = list(session.execute(query).one())
        want = [add_months(d, months) for d in days]
        assert [g if isinstance(g, date) else date.fromisoformat(g) for g in got] == want


def test_the_boundaries(db):
    cases = {
        (date(2021, 11, 30), 3): date(2022, 2, 28),
        (date(2023, 11, 30), 3): date(2024, 2, 29),
        (date(2022, 1, 31), 1): date(2022, 2, 28),
        (date(2022, 8, 31), 3): date(2022, 11, 30),
        (date(2022, 12, 31), 2): date(2023, 2, 28),
        (date(2022, 10, 31), 12): date(2023, 10, 31),
    }
    moment = datetime(2021, 11, 30, 16, 45, tzinfo=UTC)  # a besloten_op timestamp, as stored
    with db.read() as session:
        from_timestamp = session.scalar(select(add_months_sql(literal(moment), literal(3))))
        for (day, months), expected in cases.items():
            assert add_months(day, months) == expected
            assert session.scalar(select(add_months_sql(literal(day), literal(months)))) in (
                expected,
                expected.isoformat(),
            )
    assert str(from_timestamp) == "2022-02-28"


def _award_on(world, day: date, nummer: str):
    """An individual award decided (and its letter dated) on ``day``: the support period starts
    that day."""
    aid = world.ready_for_besluit(world.individual(world.add_leerling(nummer), 300_000))
    world.clock.set_date(day)
    result = world.award(aid, Uitkomst.TOEGEKEND, 300_000, "Voldoet.")
    return aid, result


def _letter_dates(world, beschikking_id: int) -> tuple[tuple[date, ...], str]:
    """The talk dates the letter states, as data and as printed text."""
    with world.db.read() as session:
        data = build_data(session, session.get(Beschikking, beschikking_id))
    pdf = render_preview(world.db, world.directeur, beschikking_id)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(pdf)).pages)
    return data.voortgang_data, text


def _overdue(world, today: date) -> list[tuple[int, date, int]]:
    return [
        (o.aanvraag_id, o.due, o.days_overdue)
        for o in voortgang.overdue_gesprekken(world.db, world.directeur, today)
    ]


def test_award_on_30_november_is_due_28_february_in_the_letter_and_the_list(world):
    # 30 November 2021 + 3 months is clipped to Monday 28 February 2022 (a working day)
    aid, result = _award_on(world, date(2021, 11, 30), "620001")
    dates, text = _letter_dates(world, result.beschikking_id)
    assert dates[0] == date(2022, 2, 28)
    assert long_date(date(2022, 2, 28)) in text
    assert _overdue(world, date(2022, 2, 27)) == []  # the day before the due date
    assert _overdue(world, date(2022, 2, 28)) == []  # the due date itself: the talk may be held
    assert _overdue(world, date(2022, 3, 1)) == [(aid, date(2022, 2, 28), 1)]


def test_a_due_date_on_a_saturday_moves_to_monday_in_the_letter_and_the_list(world):
    # 19 November 2021 + 3 months = Saturday 19 February 2022 -> Monday 21 February
    aid, result = _award_on(world, date(2021, 11, 19), "620002")
    dates, text = _letter_dates(world, result.beschikking_id)
    assert dates[0] == date(2022, 2, 21)
    assert long_date(date(2022, 2, 21)) in text and long_date(date(2022, 2, 19)) not in text
    assert _overdue(world, date(2022, 2, 20)) == []
    assert _overdue(world, date(2022, 2, 21)) == []
    assert _overdue(world, date(2022, 2, 22)) == [(aid, date(2022, 2, 21), 1)]


def test_a_due_date_on_a_holiday_moves_to_the_next_working_day_in_the_letter_and_the_list(world):
    # 1 October 2021 + 3 months = 1 January 2022 (Nieuwjaarsdag, a Saturday) -> Monday 3 January;
    # 27 January 2022 + 3 months = Koningsdag (Wednesday 27 April 2022) -> Thursday 28 April
    aid, result = _award_on(world, date(2021, 10, 1), "620003")
    dates, _text = _letter_dates(world, result.beschikking_id)
    assert dates[0] == date(2022, 1, 3)
    assert _overdue(world, date(2022, 1, 3)) == []
    assert _overdue(world, date(2022, 1, 4)) == [(aid, date(2022, 1, 3), 1)]
    aid2, result2 = _award_on(world, date(2022, 1, 27), "620004")
    dates2, _text = _letter_dates(world, result2.beschikking_id)
    assert dates2[0] == date(2022, 4, 28)
    assert aid2 not in [a for a, _d, _n in _overdue(world, date(2022, 4, 28))]
    assert (aid2, date(2022, 4, 28), 1) in _overdue(world, date(2022, 4, 29))


def test_every_overdue_due_date_is_the_first_date_its_letter_states(world):
    """Over a run of award days (month ends, weekends, holidays) the list counts from the date
    the letter promises, for each award."""
    start = date(2021, 11, 24)
    letters = {}
    for n in range(10):  # 24 November .. 3 December: 30 November and weekend-bound due dates
        aid, result = _award_on(world, start + timedelta(days=n), f"6300{n:02d}")
        letters[aid] = _letter_dates(world, result.beschikking_id)[0][0]
    overdue = {a: d for a, d, _n in _overdue(world, date(2022, 6, 1))}
    assert overdue == letters
    for aid, due in letters.items():
        assert aid not in {a for a, _d, _n in _overdue(world, due)}
        assert aid in {a for a, _d, _n in _overdue(world, due + timedelta(days=1))}


def test_the_next_talk_is_due_on_a_working_day(world):
    """After a talk the next due date follows the same rule: the talk validation allows the
    moved date and the list counts from it."""
    aid, _result = _award_on(world, date(2021, 10, 4), "620005")
    world.clock.set_date(date(2022, 1, 5))
    # 5 January + 3 months = 5 April 2022 (a Tuesday): no move
    world.talk(
        aid, voortgang.VoortgangInput(date(2022, 1, 5), "Mentor", "Gaat goed.", Beoordeling.GOED)
    )
    assert _overdue(world, date(2022, 4, 5)) == []
    assert _overdue(world, date(2022, 4, 6)) == [(aid, date(2022, 4, 5), 1)]
    # a talk on 16 January 2022: + 3 months is Saturday 16 April (Easter weekend) -> Tuesday 19
    # April (18 April is tweede Paasdag); a next talk on that day is allowed, one later is not
    world.clock.set_date(date(2022, 1, 16))
    talk = voortgang.VoortgangInput(
        date(2022, 1, 16), "Mentor", "Gaat goed.", Beoordeling.GOED, volgende_op=date(2022, 4, 20)
    )
    with pytest.raises(ValidationError, match="19-04-2022|19 april 2022"):
        world.talk(aid, talk)
    world.talk(
        aid, voortgang.VoortgangInput(date(2022, 1, 16), "Mentor", "Gaat goed.", Beoordeling.GOED)
    )
    assert voortgang.gesprekken_for(world.db, world.contactpersoon, aid)[-1].volgende_op == date(
        2022, 4, 19
    )
    assert _overdue(world, date(2022, 4, 19)) == []
    assert _overdue(world, date(2022, 4, 20)) == [(aid, date(2022, 4, 19), 1)]
