"""One month-end rule for progress-talk due dates: ``voortgang.add_months`` in Python (the
letter's schedule, the talk validation) and ``dialect.add_months`` in SQL (the overdue list) clip
at the end of the month, the same on SQLite and PostgreSQL (SQLite's own ``date(x, '+3 months')``
rolls 30 November over to 2 March)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import literal, select

from swv_desktop.dialect import add_months as add_months_sql
from swv_desktop.models import Uitkomst
from swv_desktop.services import voortgang
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


def test_award_on_30_november_is_overdue_from_1_march_not_before(world):
    aid = world.ready_for_besluit(world.individual(world.add_leerling("620001"), 300_000))
    world.clock.set_date(date(2021, 11, 30))
    world.award(aid, Uitkomst.TOEGEKEND, 300_000, "Voldoet.")
    assert voortgang.overdue_gesprekken(world.db, date(2022, 2, 28)) == []
    overdue = voortgang.overdue_gesprekken(world.db, date(2022, 3, 1))
    assert [(o.aanvraag_id, o.due, o.days_overdue) for o in overdue] == [
        (aid, date(2022, 2, 28), 1)
    ]
