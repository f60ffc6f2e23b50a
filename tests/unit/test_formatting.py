"""Dutch money, dates and schooljaren: the one formatting module."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from swv_desktop import formatting as f


def test_money_and_dates_in_dutch():
    assert f.money(800_000) == "€ 8.000,00"
    assert f.money(15_000_000) == "€ 150.000,00"
    assert f.money(1) == "€ 0,01"
    assert f.long_date(date(2021, 8, 1)) == "1 augustus 2021"
    assert f.long_date(date(2026, 11, 22)) == "22 november 2026"
    assert f.short_date(date(2021, 8, 1)) == "01-08-2021"
    assert f.percent(45, 150) == "30,0%"


@pytest.mark.parametrize(
    ("cents", "plus", "text"),
    [
        (-24_000, True, "\N{MINUS SIGN} € 240,00"),
        (-1, True, "\N{MINUS SIGN} € 0,01"),
        (0, True, "€ 0,00"),
        (1, True, "+ € 0,01"),
        (24_000, True, "+ € 240,00"),
        (24_000, False, "€ 240,00"),
        (-350_000, False, "\N{MINUS SIGN} € 3.500,00"),
    ],
)
def test_money_change_signs_the_amount(cents, plus, text):
    assert f.money_change(cents, plus=plus) == text


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("8000", 800_000),
        ("8.000", 800_000),
        ("8.000,00", 800_000),
        ("€ 8.000,01", 800_001),
        ("12,5", 1250),
        ("1.234.567,89", 123_456_789),
        ("8000.00", 800_000),
    ],
)
def test_parse_money(text, cents):
    assert f.parse_money(text) == cents


@pytest.mark.parametrize("text", ["", "abc", "-5", "1,234", "8.00.0", "1,2,3", "12.5.2"])
def test_parse_money_refuses_in_dutch(text):
    with pytest.raises(ValueError) as exc:
        f.parse_money(text)
    assert any(word in str(exc.value) for word in ("bedrag", "negatief", "komma"))


@given(st.integers(min_value=0, max_value=10**12))
def test_money_round_trips(cents):
    assert f.parse_money(f.money(cents)) == cents
    assert f.parse_money(f.money_plain(cents)) == cents


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_schooljaar_contains_its_days(day):
    start, end = f.schooljaar_bounds(f.schooljaar_for(day))
    assert start <= day <= end
    assert (start.month, start.day, end.month, end.day) == (8, 1, 7, 31)


def test_schooljaar_label_checked():
    with pytest.raises(ValueError, match="2021-2022"):
        f.schooljaar_bounds("2021-2023")
    assert f.parse_short_date("1-8-2021") == date(2021, 8, 1)
    with pytest.raises(ValueError, match="geen geldige datum"):
        f.parse_short_date("31-02-2021")


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Tokyo", "Europe/Amsterdam"])
def test_moments_are_shown_in_dutch_time_whatever_the_computers_zone(zone, monkeypatch):
    import time
    from datetime import UTC
    from datetime import datetime
    from datetime import timedelta
    from datetime import timezone

    from swv_desktop.formatting import date_time

    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        summer = datetime(2021, 10, 5, 14, 20, tzinfo=UTC)  # CEST, UTC+2
        winter = datetime(2022, 1, 10, 23, 30, tzinfo=UTC)  # CET, UTC+1: the next day
        assert date_time(summer) == "5 oktober 2021 16:20"
        assert date_time(winter) == "11 januari 2022 00:30"
        # the night the clocks go back: 00:30 and 01:30 UTC are both 02:30 in Amsterdam
        assert date_time(datetime(2021, 10, 31, 0, 30, tzinfo=UTC)) == "31 oktober 2021 02:30"
        assert date_time(datetime(2021, 10, 31, 1, 30, tzinfo=UTC)) == "31 oktober 2021 02:30"
        # another zone's moment, and a naive one (as the database stores it: UTC)
        tokyo = summer.astimezone(timezone(timedelta(hours=9)))
        assert date_time(tokyo) == "5 oktober 2021 16:20"
        assert date_time(summer.replace(tzinfo=None)) == "5 oktober 2021 16:20"
        assert date_time(None) == ""
    finally:
        monkeypatch.undo()
        time.tzset()
