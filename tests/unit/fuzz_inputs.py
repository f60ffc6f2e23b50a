"""Hypothesis strategies for what a person (or a paste from Word) can put into a field, and a
checker that runs one service call and judges the outcome.

The checker asserts the contract of every mutating service: either the call succeeds, or it
raises a ``KnownError`` with a Dutch message and nothing was committed to the database. Any
other exception is recorded (and fails the test).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import date
from datetime import datetime
from pathlib import Path

from hypothesis import strategies as st

from swv_desktop.encryption.connect import connect
from swv_desktop.errors import KnownError

NASTY_TEXTS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "regel\x0bregel",
    "\ufffe",
    "\uffff",
    "\ud800",
    "x\udfffy",
    "\x1b[31m",
    "\u202eomgekeerd",
    '=HYPERLINK("x")',
    "<b>vet</b> & <br/>",
    "{school} {onbekend} {",
    "١٢AB",
    "⁴⁵⁶⁷",
    "12ab",
    "1234 ab",
    "sanne@voorbeeld",
    "sanne@voorbeeld.nl",
    "havo/havo",
    "vmbo-tl",
    "😀" * 10,
    "W" * 1_000,
    "Stichting " * 100,
    "A" * 100_000,
]
"""Inputs found by hand or by earlier fuzzing that broke something once."""

ALL_CHARACTERS = st.characters(codec=None, exclude_categories=())
"""Every code point, lone surrogates and control characters included."""

texts = st.one_of(
    st.sampled_from(NASTY_TEXTS),
    st.text(ALL_CHARACTERS, max_size=40),
    st.text(st.sampled_from("0123456789ABab -/.,@{}€\n\t"), max_size=12),
    st.builds(
        lambda a, b: a + b, st.sampled_from(NASTY_TEXTS), st.text(ALL_CHARACTERS, max_size=8)
    ),
)
"""Text fields, as typed or pasted."""

anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.binary(max_size=8),
    st.lists(st.integers(), max_size=2),
)
"""A value of the wrong type where the UI would never send one (a bug in a caller)."""

whole_numbers = st.one_of(
    st.sampled_from([0, 1, -1, 2, 5, 6, 12, 13, 99, 2**31, 2**63 - 1, 2**63, 2**64, 10**30]),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.integers(min_value=0, max_value=10_000_000),
)
"""Counts and cents: small, at the limits, past SQLite's 64 bits."""

numbers = st.one_of(whole_numbers, whole_numbers, anything)

days = st.one_of(
    st.sampled_from([date(1, 1, 1), date(1899, 12, 31), date(9999, 12, 31), date(2021, 7, 31)]),
    st.dates(min_value=date(2019, 1, 1), max_value=date(2024, 12, 31)),
    st.dates(),
    st.datetimes(timezones=st.just(UTC)),
    st.none(),
)
"""Dates: every year, the day before and after the sane window, timestamps, nothing."""

dates_or_junk = st.one_of(days, days, anything, texts)

typed_amounts = st.one_of(
    st.sampled_from(["1" * 27, "9" * 400, "8.000,00", "€ 8.000,5", "0,001", "1e5", "-5", "١٢٣"]),
    texts,
    st.integers(min_value=0, max_value=10**40).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
"""What can be typed into an amount field."""

typed_dates = st.one_of(
    st.sampled_from(
        ["31-02-2021", "01-01-0001", "31-12-9999", "2021-08-01", "1-8-21", "٠١-٠٨-٢٠٢١"]
    ),
    texts,
    st.dates().map(lambda d: d.strftime("%d-%m-%Y")),
)
"""What can be typed into a date field."""

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082"
)
logos = st.one_of(
    st.none(),
    st.just(PNG_1PX),
    st.binary(max_size=64),
    st.builds(lambda tail: PNG_1PX[:16] + tail, st.binary(max_size=64)),
    st.builds(lambda tail: b"\xff\xd8\xff" + tail, st.binary(max_size=64)),
    anything,
)

_DUTCH = re.compile(
    r"\b(de|het|een|van|niet|geen|wat|dat|die|deze|dit|wordt|worden|zijn|heeft|hebben|kan|"
    r"kunnen|mag|moet|voor|aan|bij|naar|uit|met|op|te|en|ook|nog|al|u|uw|er|toe|vul|kies|ligt|"
    r"bestaat|tussen|hoogstens|minstens|vóór|na|alleen|bedrag|datum|tekens|is|of|onjuist)\b",
    re.IGNORECASE,
)


def is_dutch(message: str) -> bool:
    """A crude but honest test: a sentence with Dutch function words and no Python jargon."""
    jargon = ("Traceback", "Error", "object", "NoneType", "invalid literal", "argument")
    return (
        bool(message.strip())
        and bool(_DUTCH.search(message))
        and not any(j in message for j in jargon)
    )


class CommitWatch:
    """Sees whether anything was committed to the database file since the last look: SQLite's
    ``data_version`` of a separate connection changes with every commit of any other one."""

    def __init__(self, path: Path, key: bytes | None = None) -> None:
        self.conn = connect(path, key)
        self.conn.isolation_level = None

    def version(self) -> int:
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        self.conn.close()


@dataclass
class Outcomes:
    """What the fuzzing saw: how many inputs, how many accepted, and every raw exception."""

    watch: CommitWatch
    tried: int = 0
    accepted: int = 0
    refused: int = 0
    raw: list[str] = field(default_factory=list)
    per_target: dict[str, int] = field(default_factory=dict)

    def check(self, name: str, call: Callable[[], object]) -> object | None:
        """Run ``call``: success, or a Dutch ``KnownError`` with nothing saved."""
        self.tried += 1
        self.per_target[name] = self.per_target.get(name, 0) + 1
        before = self.watch.version()
        try:
            result = call()
        except KnownError as exc:
            self.refused += 1
            after = self.watch.version()
            assert after == before, f"{name}: refused ({exc.message!r}) but something was saved"
            assert is_dutch(exc.message), f"{name}: not a Dutch message: {exc.message!r}"
            return None
        except Exception as exc:  # noqa: BLE001 - the point is to catch every raw exception
            self.raw.append(f"{name}: {type(exc).__name__}: {str(exc)[:200]}")
            raise
        self.accepted += 1
        return result


def now() -> datetime:
    return datetime.now(UTC)
