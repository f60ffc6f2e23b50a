"""The look every PDF shares: the house colours, the embedded DejaVu fonts, the named
paragraph styles of letters and reports, and the house grid of a table."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.styles import StyleSheet1
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from swv_desktop.reports.fontcache import cache_subsets

StyleCommand = tuple[Any, ...]
"""One ``TableStyle`` command: ``(name, (col, row), (col, row), *values)``."""

# --- colours and fonts ----------------------------------------------------------------------
ACCENT = colors.HexColor("#1F3A5F")
ACCENT_LIGHT = colors.HexColor("#E8EEF5")
GREY = colors.HexColor("#5A5A5A")
RULE = colors.HexColor("#B8C4D2")

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
}


def fonts_dir() -> Path:
    """The folder holding the DejaVu TTF files, shipped inside the package."""
    folder = Path(__file__).resolve().parent.parent / "resources" / "fonts"
    if not (folder / FONT_FILES[FONT]).is_file():
        raise FileNotFoundError(f"De lettertypen (DejaVuSans.ttf) zijn niet gevonden in {folder}.")
    return folder


@functools.cache
def register_fonts() -> None:
    """Register the DejaVu fonts with ReportLab once per process (embedded, subset)."""
    # Embedded fonts as binary (Flate only) streams: smaller files and much faster to write.
    rl_config.useA85 = 0
    folder = fonts_dir()
    for name, filename in FONT_FILES.items():
        pdfmetrics.registerFont(cache_subsets(TTFont(name, str(folder / filename))))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD
    )


_STYLES: tuple[tuple[str, str, dict[str, Any]], ...] = (
    # name, parent, what differs from the parent
    ("BodyKeep", "Body", dict(spaceAfter=0)),
    ("BodyKeepNext", "Body", dict(keepWithNext=1)),
    ("Small", "Body", dict(fontSize=8, leading=10.5, spaceAfter=2)),
    ("SmallKeepNext", "Small", dict(keepWithNext=1)),
    ("RecordHead", "Body", dict(fontName=FONT_BOLD, keepWithNext=1, spaceAfter=2)),
    ("Address", "Body", dict(fontSize=10, leading=13.5, spaceAfter=0)),
    ("ReturnAddress", "Body", dict(fontSize=6.5, leading=8, textColor=GREY, spaceAfter=3)),
    ("RefLabel", "Body", dict(fontSize=7, leading=9, textColor=GREY, spaceAfter=0)),
    ("RefValue", "Body", dict(fontSize=8.5, leading=11, spaceAfter=4)),
    ("Subject", "Body", dict(fontName=FONT_BOLD, fontSize=11, leading=14, spaceAfter=10)),
    (
        "Heading",
        "Body",
        dict(
            fontName=FONT_BOLD,
            fontSize=10,
            leading=13,
            textColor=ACCENT,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=1,
        ),
    ),
    ("HeadingLoose", "Heading", dict(keepWithNext=0)),
    ("Bullet", "Body", dict(leftIndent=12, bulletIndent=2, spaceAfter=2)),
    ("Cell", "Body", dict(fontSize=8, leading=10, spaceAfter=0)),
    ("CellRight", "Cell", dict(alignment=TA_RIGHT)),
    ("CellHead", "Cell", dict(fontName=FONT_BOLD, textColor=ACCENT)),
    ("CellHeadRight", "CellHead", dict(alignment=TA_RIGHT)),
    ("CellHeadSmall", "CellHead", dict(fontSize=7, leading=9)),
    ("CellHeadSmallRight", "CellHeadSmall", dict(alignment=TA_RIGHT)),
    (
        "Title",
        "Body",
        dict(fontName=FONT_BOLD, fontSize=18, leading=23, textColor=ACCENT, spaceAfter=4),
    ),
    ("Subtitle", "Body", dict(fontSize=11, leading=15, textColor=GREY)),
    ("H1", "Heading", dict(fontSize=13, leading=17, spaceBefore=12, spaceAfter=4)),
    (
        "Question",
        "Body",
        dict(fontName=FONT_ITALIC, textColor=GREY, spaceAfter=6, keepWithNext=1),
    ),
    (
        "Letterhead",
        "Body",
        dict(fontSize=7.5, leading=9.5, textColor=GREY, alignment=TA_RIGHT, spaceAfter=0),
    ),
    (
        "LetterheadName",
        "Letterhead",
        dict(fontName=FONT_BOLD, fontSize=12, leading=15, textColor=ACCENT),
    ),
    ("Left", "Body", dict(alignment=TA_LEFT)),
)
"""The named paragraph styles after ``Body``, each from an earlier one (its parent)."""


@functools.cache
def stylesheet() -> StyleSheet1:
    """The named paragraph styles of letters and reports."""
    register_fonts()
    sheet = StyleSheet1()
    sheet.add(ParagraphStyle("Body", fontName=FONT, fontSize=9, leading=12.5, spaceAfter=4))
    for name, parent, options in _STYLES:
        sheet.add(ParagraphStyle(name, parent=sheet[parent], **options))
    return sheet


def grid_style(padding: float) -> list[StyleCommand]:
    """The house grid of a table (letters and reports alike): an accent rule under the header
    row, thin rules under the others, cells at the top with ``padding`` points above and below
    and 3 at the sides."""
    return [
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
