"""The one place where amounts, dates and schooljaren become text (and text becomes amounts).

Dutch formats through babel (nl_NL): ``€ 8.000,00``, ``1 augustus 2021``, ``2021-2022``.
Money is handled as integer cents everywhere; never as float. Babel is slow and a batch of
letters repeats the same dates and amounts, so the text of each is cached here, per process.
"""

from __future__ import annotations

import functools
import re
from contextlib import AbstractContextManager
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import ROUND_HALF_UP
from decimal import Context
from decimal import Decimal
from decimal import InvalidOperation
from decimal import localcontext
from zoneinfo import ZoneInfo

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_currency
from babel.numbers import format_decimal

LOCALE = "nl_NL"
_NBSP = "\u00a0"
_CACHED = 4096
"""How many different amounts (and dates) keep their text."""
NL_TIME = ZoneInfo("Europe/Amsterdam")
"""The time zone every moment is shown in (on Windows from the ``tzdata`` package)."""


def cents_to_decimal(cents: int) -> Decimal:
    """Integer cents as an exact Decimal amount in euros (exact for any size of integer)."""
    return Decimal(int(cents)).scaleb(-2)


def decimal_to_cents(amount: Decimal) -> int:
    """A Decimal amount in euros as integer cents (rounded half up to the cent)."""
    with localcontext() as ctx:
        ctx.prec = max(28, len(amount.as_tuple().digits) + 4)
        return int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@functools.lru_cache(maxsize=_CACHED)
def money(cents: int) -> str:
    """``800000`` -> ``€ 8.000,00``; a negative amount as ``€ -12,50``."""
    with _wide_context(cents):
        text = format_currency(cents_to_decimal(cents), "EUR", locale=LOCALE)
    return text.replace(_NBSP, " ")


def money_change(cents: int, *, plus: bool = True) -> str:
    """A change or a movement of money: ``-24000`` -> ``− € 240,00`` (a minus sign and a space
    before the euro sign, so a column of amounts stays readable), ``24000`` -> ``+ € 240,00``
    (``plus=False``: ``€ 240,00``), ``0`` -> ``€ 0,00``."""
    if cents < 0:
        return f"\N{MINUS SIGN} {money(-cents)}"
    return f"+ {money(cents)}" if plus and cents > 0 else money(cents)


def money_plain(cents: int) -> str:
    """``800000`` -> ``8.000,00``, for input fields."""
    with _wide_context(cents):
        return format_decimal(cents_to_decimal(cents), format="#,##0.00", locale=LOCALE)


def money_whole(cents: float) -> str:
    """``1000000`` -> ``€ 10.000``: rounded to whole euros (chart axes)."""
    return "€ " + format_decimal(round(cents / 100), format="#,##0", locale=LOCALE)


def thousands(n: int) -> str:
    """``12345`` -> ``12.345``: a count with a thousands separator."""
    return format_decimal(n, format="#,##0", locale=LOCALE)


def _wide_context(cents: int) -> AbstractContextManager[Context]:
    """A decimal context precise enough to format ``cents`` (babel rounds in the current one)."""
    return localcontext(prec=max(28, len(str(abs(int(cents)))) + 4))


_THOUSANDS = re.compile(r"^[0-9]{1,3}(\.[0-9]{3})+$")
MAX_TYPED_DIGITS = 12
"""An amount typed with more whole euro digits than this (a trillion euros) is refused outright."""


def parse_money(text: str) -> int:
    """Read a Dutch amount typed by a person and return cents.

    Accepts ``8000``, ``8.000``, ``8.000,00``, ``€ 8.000,5`` and ``8000.00`` (ASCII digits only).
    Raises ``ValueError`` with a Dutch message for anything else, including more than two
    decimals and more than ``MAX_TYPED_DIGITS`` whole digits; never another exception.
    """
    if not isinstance(text, str):
        raise ValueError("Vul een bedrag in.")
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
    if not re.fullmatch(r"[0-9]+(\.[0-9]*)?", normalised):
        raise ValueError(f"'{_shown(text)}' is geen geldig bedrag.")
    whole_digits, _, decimals = normalised.partition(".")
    if len(whole_digits.lstrip("0")) > MAX_TYPED_DIGITS:
        raise ValueError(f"'{_shown(text)}' is te groot voor een bedrag.")
    if len(decimals.rstrip("0")) > 2:
        raise ValueError("Een bedrag heeft hoogstens twee cijfers achter de komma.")
    try:
        return decimal_to_cents(Decimal(normalised))
    except InvalidOperation as exc:  # pragma: no cover - the checks above guard this
        raise ValueError(f"'{_shown(text)}' is geen geldig bedrag.") from exc


def _shown(text: str, limit: int = 30) -> str:
    """Typed text quoted in a message: stripped and shortened."""
    raw = text.strip()
    return raw if len(raw) <= limit else raw[: limit - 1] + "…"


def number(value: int) -> str:
    """``12345`` -> ``12.345`` (a count in a message)."""
    return format_decimal(value, format="#,##0", locale=LOCALE)


@functools.lru_cache(maxsize=_CACHED)
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


TYPED_YEARS = (1900, 2099)
"""The years a typed date may fall in; anything else is a typing error."""


def parse_short_date(text: str) -> date:
    """Read ``1-8-2021`` or ``01-08-2021`` (or ISO ``2021-08-01``); raise ``ValueError`` in Dutch.

    Only ASCII digits, and only years within ``TYPED_YEARS``."""
    if not isinstance(text, str):
        raise ValueError("Vul een datum in (dd-mm-jjjj).")
    raw = text.strip()
    if raw.isascii() and len(raw) <= 10:
        for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
            try:
                day = datetime.strptime(raw, fmt).date()  # noqa: DTZ007 - a calendar date
            except ValueError:
                continue
            if not TYPED_YEARS[0] <= day.year <= TYPED_YEARS[1]:
                raise ValueError(
                    f"'{raw}' ligt niet tussen {TYPED_YEARS[0]} en {TYPED_YEARS[1]}; "
                    "controleer het jaartal."
                )
            return day
    raise ValueError(f"'{_shown(raw)}' is geen geldige datum (dd-mm-jjjj).")


def dutch_time(value: datetime) -> datetime:
    """A timestamp in Dutch local time (Europe/Amsterdam, summer and winter time), whatever the
    computer's own time zone; a naive value is taken as UTC, as the database stores it."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(NL_TIME)


def date_time(value: datetime | None) -> str:
    """A timestamp as ``22 november 2026 14:05`` in Dutch local time (``dutch_time``), the one
    way the app shows a moment (histories, stale-edit messages, backups); ``None`` -> ``''``."""
    if value is None:
        return ""
    return _babel_datetime(dutch_time(value), format="d MMMM y HH:mm", locale=LOCALE)


def hours(minutes: int) -> str:
    """``90`` -> ``1,5 uur``; whole hours without decimals (``120`` -> ``2 uur``)."""
    if minutes % 60 == 0:
        return f"{minutes // 60} uur"
    return f"{minutes / 60:.2f}".rstrip("0").replace(".", ",") + " uur"


def parse_hours(text: str) -> int:
    """Hours as people type them, in whole minutes: ``2``, ``2,5``, ``1:30`` (1 h 30 min),
    ``2 uur``; empty is 0. ``ValueError`` with a Dutch message for anything else."""
    raw = text.strip().lower().removesuffix("uur").strip()
    if not raw:
        return 0
    if ":" in raw:
        whole, _, minutes = raw.partition(":")
        if whole.isdigit() and minutes.isdigit() and len(minutes) == 2 and int(minutes) < 60:
            return int(whole) * 60 + int(minutes)
    else:
        try:
            value = Decimal(raw.replace(",", "."))
        except ArithmeticError:
            value = Decimal(-1)
        if (
            value.is_finite()
            and 0 <= value <= 100_000
            and raw.replace(",", "").replace(".", "").isdigit()
        ):
            return int((value * 60).to_integral_value())
    raise ValueError(f"'{_shown(text)}' is geen aantal uren (bijv. 2,5 of 1:30).")


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
