"""From what the database holds to what a PDF shows: text without unprintable characters,
escaped Paragraph markup with amounts and dates that never break, names shortened for a cell, and
plain lines wrapped to a width by the font's metrics."""

from __future__ import annotations

import functools
import html
import re

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from swv_desktop.reports.styles import stylesheet

_UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_BREAKS = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\u2028": "\n", "\u2029": "\n"})


def printable(value: str) -> str:
    """``value`` with every line break as ``\n`` and without control characters, lone surrogates
    or non-characters: whatever the database holds, a PDF can show."""
    return _UNPRINTABLE.sub("", value.replace("\r\n", "\n").translate(_BREAKS))


def shorten(value: str, limit: int) -> str:
    """At most ``limit`` characters, with an ellipsis when cut (names in table cells)."""
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_DATE = re.compile(rf"\b(\d{{1,2}}) ({_MONTHS}) (\d{{4}})\b")


def keep_together(value: str) -> str:
    """Non-breaking spaces inside amounts (``€ 8.000,00``) and dates (``1 november 2021``), so
    a line never breaks inside one."""
    value = value.replace("€ ", "€\u00a0")
    return _DATE.sub("\\1\u00a0\\2\u00a0\\3", value)


def text(value: str) -> str:
    """Plain text as safe Paragraph markup: XML-escaped, newlines kept as line breaks, amounts
    and dates unbreakable; characters no PDF can show are removed (``printable``)."""
    escaped = keep_together(html.escape(printable(value).strip(), quote=False))
    return escaped.replace("\n", "<br/>")


def para(value: str, style: str = "Body") -> Paragraph:
    """A Paragraph of plain (escaped) text in a named style."""
    return Paragraph(text(value), stylesheet()[style])


def markup(value: str, style: str = "Body") -> Paragraph:
    """A Paragraph of trusted markup (built in code, with user values escaped by ``text``)."""
    return Paragraph(value, stylesheet()[style])


@functools.lru_cache(maxsize=4096)
def split_line(line: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """``line`` wrapped to ``width`` points (at least one, possibly empty, part); cached, since
    the letterhead, labels and fixed texts are the same on every letter. Breaks only at plain
    spaces: a non-breaking space (in a date or an amount) holds its words together."""
    if "\u00a0" not in line:
        return _hard_break(tuple(simpleSplit(line, font, size, width)) or ("",), font, size, width)
    lines: list[str] = []
    current = ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and stringWidth(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return _hard_break(tuple(lines), font, size, width)


def _hard_break(lines: tuple[str, ...], font: str, size: float, width: float) -> tuple[str, ...]:
    """Lines still wider than ``width`` (one very long word) cut between characters, so a name
    never runs into the next column."""
    if all(stringWidth(line, font, size) <= width for line in lines):
        return lines
    out: list[str] = []
    for line in lines:
        current = ""
        for char in line:
            if current and stringWidth(current + char, font, size) > width:
                out.append(current)
                current = char
            else:
                current += char
        out.append(current)
    return tuple(out)
