"""Checks at the boundary of every mutating service: types, ranges, lengths and characters.

Each check adds a Dutch message that names the field to a ``Validator`` and returns the cleaned
value, so a service collects every problem and refuses once, before anything is written. What a
person can type never reaches the database as a raw exception (an integer too large for SQLite,
a lone surrogate, a date in the year 1) nor as text that breaks a letter or the Excel export.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date
from datetime import datetime
from enum import Enum
from io import BytesIO
from typing import TypeVar

from swv_desktop.errors import Validator
from swv_desktop.formatting import long_date
from swv_desktop.formatting import money
from swv_desktop.formatting import number
from swv_desktop.services.iban import iban_problem
from swv_desktop.services.iban import normalize_iban

E = TypeVar("E", bound=Enum)

MAX_AMOUNT_CENTS = 1_000_000_000
"""€ 10.000.000,00: the most any single amount (a request, an award, a cap, a cost line) may be."""
MAX_BUDGET_CENTS = 10_000_000_000
"""€ 100.000.000,00: the most a schooljaar's budget may be."""
LONG_TEXT = 10_000
"""The longest free text (a motivation, notes, a plan) in characters: some four letter pages."""
EARLIEST_DATE = date(2000, 1, 1)
"""No date in this product lies before this one (birth dates excepted, see the leerling form)."""
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 4000

_LINE_BREAKS = str.maketrans(
    {"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\u2028": "\n", "\u2029": "\n"}
)
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$"
)


def line_breaks(value: str) -> str:
    """The line breaks other programs paste (CR LF, CR, ``\x0b`` from Word, U+2028) as ``\n``."""
    return value.replace("\r\n", "\n").translate(_LINE_BREAKS)


def _bad_character(value: str, *, multiline: bool) -> tuple[int, str] | None:
    """The first character that cannot be stored or printed: (position from 1, description)."""
    for index, char in enumerate(value, start=1):
        code = ord(char)
        if char == "\n" and multiline or char == "\t":
            continue
        category = unicodedata.category(char)
        if category == "Cc":
            what = "een regelovergang" if char == "\n" else f"het stuurteken U+{code:04X}"
            return index, what
        if category == "Cs":
            return index, f"een los surrogaatteken (U+{code:04X})"
        if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
            return index, f"het niet-teken U+{code:04X}"
    return None


def text(
    v: Validator,
    field: str,
    label: str,
    value: object,
    *,
    max_len: int,
    required: str | None = None,
    multiline: bool = False,
) -> str:
    """Stripped text of at most ``max_len`` characters, without control characters, lone
    surrogates or non-characters; ``required`` is the message when it is empty.

    In multi-line text the line breaks Word and other programs paste (CR, ``\\x0b``, U+2028) become
    ordinary newlines; anything else unprintable is refused with its position.
    """
    if not isinstance(value, str):
        v.add(field, f"{label}: dit is geen tekst.")
        return ""
    if multiline:
        value = line_breaks(value)
    bad = _bad_character(value, multiline=multiline)
    if bad is not None:
        position, what = bad
        v.add(
            field,
            f"{label} bevat {what} op positie {number(position)}; dat teken kan niet worden "
            "opgeslagen. Verwijder het en probeer het opnieuw.",
        )
        return ""
    cleaned = value.strip()
    if required is not None and not cleaned:
        v.add(field, required)
    if len(cleaned) > max_len:
        v.add(
            field,
            f"{label} is te lang: {number(len(cleaned))} tekens, hoogstens {number(max_len)}.",
        )
    return cleaned


def long_text(
    v: Validator, field: str, label: str, value: object, *, required: str | None = None
) -> str:
    """``text`` of at most ``LONG_TEXT`` characters over several lines (a motivation, notes)."""
    return text(v, field, label, value, max_len=LONG_TEXT, required=required, multiline=True)


def code(v: Validator, field: str, value: object, pattern: str, message: str) -> str:
    """An ASCII code (upper-cased) that matches ``pattern`` fully; '' and ``message`` when not.

    ``pattern`` is written with ``[0-9]`` and ``[A-Z]``: Arabic-Indic or superscript digits and
    accented letters are refused, whatever ``str.isdigit`` says of them."""
    if not isinstance(value, str) or not value.isascii():
        v.add(field, message)
        return ""
    cleaned = value.strip().upper()
    if not re.fullmatch(pattern, cleaned, flags=re.ASCII):
        v.add(field, message)
        return ""
    return cleaned


def whole(v: Validator, field: str, label: str, value: object, low: int, high: int) -> int:
    """An integer (not a bool) between ``low`` and ``high`` inclusive; ``low`` when it is not."""
    if type(value) is not int:
        v.add(field, f"{label}: dit is geen geheel getal.")
        return low
    if not low <= value <= high:
        v.add(field, f"{label} ligt tussen {number(low)} en {number(high)}.")
        return low
    return value


def cents(
    v: Validator,
    field: str,
    label: str,
    value: object,
    *,
    maximum: int = MAX_AMOUNT_CENTS,
    minimum: int = 0,
) -> int:
    """An amount in integer cents between ``minimum`` and ``maximum``; ``minimum`` otherwise."""
    if type(value) is not int:
        v.add(field, f"{label}: dit is geen bedrag in hele centen.")
        return minimum
    if value < minimum:
        v.add(field, f"{label} kan niet lager zijn dan {money(minimum)}.")
        return minimum
    if value > maximum:
        v.add(field, f"{label} kan niet hoger zijn dan {money(maximum)}.")
        return minimum
    return value


def day(
    v: Validator,
    field: str,
    label: str,
    value: object,
    *,
    earliest: date = EARLIEST_DATE,
    latest: date | None = None,
    required: str | None = None,
    too_late: str | None = None,
) -> date | None:
    """A calendar date (not a timestamp) from ``earliest`` to ``latest``; ``None`` when it is
    missing (``required`` is the message then) or out of range."""
    if value is None:
        if required is not None:
            v.add(field, required)
        return None
    if not isinstance(value, date) or isinstance(value, datetime):
        v.add(field, f"{label}: dit is geen datum.")
        return None
    if value < earliest:
        v.add(field, f"{label} ligt vóór {long_date(earliest)}; controleer de datum.")
        return None
    if latest is not None and value > latest:
        v.add(field, too_late or f"{label} ligt na {long_date(latest)}; controleer de datum.")
        return None
    return value


def past_day(
    v: Validator,
    field: str,
    label: str,
    value: object,
    today: date,
    *,
    required: str | None = None,
) -> date | None:
    """A date that has happened (up to ``today``); a later one is "<label> ligt in de toekomst"."""
    return day(
        v,
        field,
        label,
        value,
        latest=today,
        required=required,
        too_late=f"{label} ligt in de toekomst.",
    )


def sent_day(v: Validator, value: object, today: date) -> date | None:
    """The date a letter was sent (``verzonden_op``): given, and not after ``today``."""
    return past_day(
        v, "verzonden_op", "De verzenddatum", value, today, required="Vul de verzenddatum in."
    )


def months_after(start: date, months: int) -> date:
    """The same day ``months`` later, clipped to the month's end (31 July + 3 -> 31 October)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def choice(v: Validator, field: str, label: str, value: object, kind: type[E]) -> E | None:
    """A member of the enumeration ``kind``; ``None`` (with a message) for anything else."""
    if isinstance(value, kind):
        return value
    v.add(field, f"{label}: kies een van de mogelijkheden.")
    return None


def ident(v: Validator, field: str, label: str, value: object) -> int | None:
    """An optional record id: ``None`` or a positive integer within SQLite's range."""
    if value is None:
        return None
    if type(value) is not int or not 0 < value < 2**63:
        v.add(field, f"{label}: kies een bestaande waarde uit de lijst.")
        return None
    return value


def flag(v: Validator, field: str, label: str, value: object) -> bool:
    """A yes/no value."""
    if not isinstance(value, bool):
        v.add(field, f"{label}: kies ja of nee.")
        return False
    return value


def email(v: Validator, field: str, label: str, value: object) -> str:
    """An optional e-mail address of a valid form (``naam@voorbeeld.nl``, not ``naam@voorbeeld``)."""
    cleaned = text(v, field, label, value, max_len=200)
    if cleaned and not _EMAIL.match(cleaned):
        v.add(
            field,
            f"{label} '{cleaned[:60]}' is geen geldig e-mailadres (bijvoorbeeld naam@voorbeeld.nl).",
        )
    return cleaned


def iban(v: Validator, field: str, label: str, value: object) -> str:
    """An optional bank account number, checked with mod 97 and the country's length; returned
    without spaces (``NL91ABNA0417164300``)."""
    cleaned = text(v, field, label, value, max_len=42)
    if cleaned and not cleaned.isascii():
        v.add(field, "Een IBAN bestaat uit letters (A-Z) en cijfers (0-9).")
        return ""
    problem = iban_problem(cleaned)
    if problem:
        v.add(field, problem)
        return ""
    return normalize_iban(cleaned)


def logo(v: Validator, field: str, value: object) -> bytes | None:
    """An optional logo that really is a PNG or JPEG image of a sane size."""
    if value is None:
        return None
    if not isinstance(value, bytes):
        v.add(field, "Het logo is geen afbeelding.")
        return None
    if len(value) > MAX_LOGO_BYTES:
        v.add(
            field,
            f"Het logo is te groot ({number(len(value) // 1024)} kB); hoogstens "
            f"{number(MAX_LOGO_BYTES // 1024)} kB.",
        )
        return None
    if not (value.startswith(b"\x89PNG\r\n\x1a\n") or value.startswith(b"\xff\xd8\xff")):
        v.add(field, "Het logo is geen PNG- of JPEG-afbeelding.")
        return None
    from PIL import Image
    from PIL import UnidentifiedImageError

    try:
        with Image.open(BytesIO(value)) as image:
            size = image.size
            kind = image.format
            image.load()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        v.add(field, "Het logo is een beschadigde afbeelding; kies een ander bestand.")
        return None
    if kind not in ("PNG", "JPEG"):
        v.add(field, "Het logo is geen PNG- of JPEG-afbeelding.")
        return None
    if max(size) > MAX_LOGO_PIXELS or min(size) < 1:
        v.add(
            field,
            f"Het logo is {size[0]} bij {size[1]} pixels; hoogstens {MAX_LOGO_PIXELS} bij "
            f"{MAX_LOGO_PIXELS}.",
        )
        return None
    return value


__all__ = [
    "EARLIEST_DATE",
    "LONG_TEXT",
    "MAX_AMOUNT_CENTS",
    "MAX_BUDGET_CENTS",
    "cents",
    "choice",
    "code",
    "day",
    "email",
    "flag",
    "ident",
    "line_breaks",
    "logo",
    "long_text",
    "months_after",
    "text",
    "whole",
]
