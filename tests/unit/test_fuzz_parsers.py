"""Fuzzing the parsers behind every amount and date field: ``parse_money`` and
``parse_short_date`` raise only ``ValueError`` with a Dutch message, and ``money`` formats any
integer (10^30 cents too, as a refusal message may need). Bounded like the service fuzzing."""

from __future__ import annotations

import os
from datetime import date

import pytest
from fuzz_inputs import typed_amounts
from fuzz_inputs import typed_dates
from fuzz_inputs import whole_numbers
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings

from swv_desktop.formatting import money
from swv_desktop.formatting import money_plain
from swv_desktop.formatting import parse_money
from swv_desktop.formatting import parse_short_date

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES * 4,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TOTALS: dict[str, int] = {"tried": 0}


def _parsed_or_message(parse, text):
    """(what ``parse`` made of ``text``, None), or (None, the message of its ``ValueError``); any
    other exception fails the test."""
    TOTALS["tried"] += 1
    try:
        return parse(text), None
    except ValueError as exc:
        return None, str(exc)


@FUZZ
@given(typed_amounts)
def test_parse_money_raises_only_value_error(text):
    cents, message = _parsed_or_message(parse_money, text)
    if message is not None:
        assert message and "InvalidOperation" not in message
    else:
        assert isinstance(cents, int) and 0 <= cents < 10**15


@FUZZ
@given(typed_dates)
def test_parse_short_date_raises_only_value_error(text):
    day, message = _parsed_or_message(parse_short_date, text)
    if message is not None:
        assert message
    else:
        assert isinstance(day, date) and 1900 <= day.year <= 2099


@FUZZ
@given(whole_numbers)
def test_money_formats_any_integer(cents):
    TOTALS["tried"] += 1
    assert money(cents).startswith("€ ")
    assert money_plain(cents)


@pytest.fixture(scope="module", autouse=True)
def _report_totals():
    yield
    print(f"\nparsers: {TOTALS['tried']} inputs tried, 0 raw exceptions")
