"""The one place where amounts, dates and schooljaren become text (and text becomes amounts).

Dutch formats through babel (nl_NL): ``€ 8.000,00``, ``1 augustus 2021``, ``2021-2022``.
Money is handled as integer cents everywhere; never as float.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_currency, format_decimal

LOCALE = "nl_NL"
_NBSP = "\u00a0"


def cents_to_decimal(cents: int) -> Decimal:
    """Integer cents as an exact Decimal amount in euros."""
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def decimal_to_cents(amount: Decimal) -> int:
    """A Decimal amount in euros as integer cents (rounded half up to the cent)."""
    return int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def money(cents: int) -> str:
    """``800000`` -> ``€ 8.000,00``; a negative amount as ``€ -12,50``."""
    text = format_currency(cents_to_decimal(cents), "EUR", locale=LOCALE)
    return text.replace(_NBSP, " ")


def money_plain(cents: int) -> str:
    """``800000`` -> ``8.000,00``, for input fields."""
    return format_decimal(cents_to_decimal(cents), format="#,##0.00", locale=LOCALE)


_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_money(text: str) -> int:
    """Read a Dutch amount typed by a person and return cents.

    Accepts ``8000``, ``8.000``, ``8.000,00``, ``€ 8.000,5`` and ``8000.00``. Raises ``ValueError``
    with a Dutch message for anything else, including more than two decimals.
    """
    raw = text.strip().replace("€", "").replace(_NBSP, "").replace(" ", "")
    if raw.startswith("-"):
        raise ValueError("Een bedrag kan niet negatief zijn.")
    if not raw:
        raise ValueError("Vul een bedrag in.")
    if "," in raw:
        whole, _, frac = raw.rpartition(",")
        if "." in whole and not _THOUSANDS.match(whole):
            raise ValueError(f"'{text.strip()}' is geen geldig bedrag.")
        normalised = whole.replace(".", "") + "." + frac
    elif _THOUSANDS.match(raw):
        normalised = raw.replace(".", "")
    else:
        normalised = raw
    if not re.fullmatch(r"\d+(\.\d*)?", normalised):
        raise ValueError(f"'{text.strip()}' is geen geldig bedrag.")
    try:
        amount = Decimal(normalised)
    except InvalidOperation as exc:  # pragma: no cover - regex guards this
        raise ValueError(f"'{text.strip()}' is geen geldig bedrag.") from exc
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError("Een bedrag heeft hoogstens twee cijfers achter de komma.")
    return decimal_to_cents(amount)


def long_date(value: date | None) -> str:
    """``date(2021, 8, 1)`` -> ``1 augustus 2021``; ``None`` -> ``''``."""
    if value is None:
        return ""
    return _babel_date(value, format="d MMMM y", locale=LOCALE)


def short_date(value: date | None) -> str:
    """``date(2021, 8, 1)`` -> ``01-08-2021``; ``None`` -> ``''``."""
    if value is None:
        return ""
    return value.strftime("%d-%m-%Y")


def parse_short_date(text: str) -> date:
    """Read ``1-8-2021`` or ``01-08-2021`` (or ISO ``2021-08-01``); raise ``ValueError`` in Dutch."""
    raw = text.strip()
    for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(raw, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValueError(f"'{raw}' is geen geldige datum (dd-mm-jjjj).")


def date_time(value: datetime | None) -> str:
    """A timestamp as ``22 november 2026 14:05`` in local time; ``None`` -> ``''``."""
    if value is None:
        return ""
    return _babel_datetime(value.astimezone(), format="d MMMM y HH:mm", locale=LOCALE)


def schooljaar_label(start_year: int) -> str:
    """``2021`` -> ``2021-2022``."""
    return f"{start_year}-{start_year + 1}"


def schooljaar_bounds(label: str) -> tuple[date, date]:
    """``2021-2022`` -> (1 August 2021, 31 July 2022); ``ValueError`` for a malformed label."""
    match = re.fullmatch(r"(\d{4})-(\d{4})", label.strip())
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise ValueError(f"'{label}' is geen schooljaar; schrijf het als 2021-2022.")
    start = int(match.group(1))
    return date(start, 8, 1), date(start + 1, 7, 31)


def schooljaar_for(day: date) -> str:
    """The label of the schooljaar that contains ``day``."""
    start = day.year if day.month >= 8 else day.year - 1
    return schooljaar_label(start)


def percent(part: int, whole: int) -> str:
    """``percent(45, 150)`` -> ``30,0%``; a zero whole gives ``0,0%``."""
    if whole == 0:
        return "0,0%"
    value = Decimal(part) * 100 / Decimal(whole)
    return format_decimal(value.quantize(Decimal("0.1")), format="0.0", locale=LOCALE) + "%"


def file_size(size: int) -> str:
    """A file size as ``12,3 MB``, ``850 kB`` or ``512 bytes`` (decimal units, Dutch comma)."""
    if size < 1000:
        return f"{size} bytes"
    value, unit = size / 1000, "kB"
    for larger in ("MB", "GB"):
        if value < 999.95:
            break
        value, unit = value / 1000, larger
    digits = "#,##0" if value >= 100 else "#,##0.0"
    return f"{format_decimal(value, format=digits, locale=LOCALE)} {unit}"
