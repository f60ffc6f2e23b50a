"""The date of an application at its boundaries (issue 9: 'an application dated 0001-01-01' was
stored): today is accepted, tomorrow is in the future, a date before the window of its schooljaar
(or before 2000) is refused in Dutch naming the field, and nothing is saved on a refusal. On
SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.errors import ValidationError
from swv_desktop.models import Aanvraag
from swv_desktop.services.aanvragen import use_cases as aanvragen


def _count(world) -> int:
    with world.db.read() as s:
        return s.scalar(select(func.count(Aanvraag.id))) or 0


@pytest.mark.parametrize(
    ("day", "fragment"),
    [
        (date(1, 1, 1), "De datum van de aanvraag ligt vóór 1 januari 2000"),
        (date(2020, 7, 31), "ligt niet in (of in het jaar vóór) schooljaar 2021-2022"),
        (None, "tomorrow"),
        (date(9999, 12, 31), "De datum van de aanvraag ligt in de toekomst"),
    ],
)
def test_an_application_date_outside_its_window_is_refused(world, day, fragment):
    today = world.clock().date()
    if day is None:
        day, fragment = today + timedelta(days=1), "De datum van de aanvraag ligt in de toekomst"
    data = replace(world.individual(world.add_leerling("730001"), 100_000), aanvraagdatum=day)
    before = _count(world)
    with pytest.raises(ValidationError) as refused:
        aanvragen.create_aanvraag(world.db, world.contactpersoon, data)
    assert "aanvraagdatum" in refused.value.fields
    assert fragment in str(refused.value)
    assert _count(world) == before


def test_an_application_dated_today_or_at_the_start_of_its_window_is_accepted(world):
    today = world.clock().date()
    lid = world.add_leerling("730002")
    for day in (today, date(2020, 8, 1)):  # the first day of the year before 2021-2022
        data = replace(world.individual(lid, 100_000), aanvraagdatum=day)
        aid = aanvragen.create_aanvraag(world.db, world.contactpersoon, data)
        assert aanvragen.get_aanvraag(world.db, world.contactpersoon, aid).data.aanvraagdatum == day
