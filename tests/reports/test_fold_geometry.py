"""Where the first page of a beschikking puts things, read back from the PDF with pypdf: the
addressee and the return address inside the window of a window envelope (``WINDOW_*`` of
``reports/base.py``: 20 mm from the left, 50 mm from the top, 90 x 45 mm), nothing else in that
window, the window above the first fold at 105 mm, and the fold marks in the margin."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import replace
from io import BytesIO

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from report_world import World
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from swv_desktop.db import Database
from swv_desktop.models import Beschikking
from swv_desktop.models import Rol
from swv_desktop.reports.base import FOLD_MARKS_MM
from swv_desktop.reports.base import MARGIN_LEFT_MM
from swv_desktop.reports.base import PAGE_HEIGHT_MM
from swv_desktop.reports.base import REFERENCE_LEFT_MM
from swv_desktop.reports.base import WINDOW_HEIGHT_MM
from swv_desktop.reports.base import WINDOW_LEFT_MM
from swv_desktop.reports.base import WINDOW_PADDING_MM
from swv_desktop.reports.base import WINDOW_TOP_MM
from swv_desktop.reports.base import WINDOW_WIDTH_MM
from swv_desktop.reports.beschikking import render_beschikking
from swv_desktop.reports.beschikking_data import BeschikkingData
from swv_desktop.reports.styles import FONT
from swv_desktop.services.beschikkingen.briefgegevens import build_data
from swv_desktop.services.beschikkingen.uitgifte import render_preview

TOLERANCE_MM = 0.5


@dataclass(frozen=True)
class Run:
    """One text run on the page: where it starts (mm from the left and from the top), its
    baseline, its size and its width (mm)."""

    text: str
    x_mm: float
    top_mm: float
    size: float
    width_mm: float

    @property
    def right_mm(self) -> float:
        return self.x_mm + self.width_mm

    @property
    def cap_top_mm(self) -> float:
        """The top of the capitals, about 0.75 of the size above the baseline."""
        return self.top_mm - 0.75 * self.size / mm


def runs_of_first_page(pdf: bytes) -> list[Run]:
    """Every non-empty text run on page 1, with its position in mm."""
    page = PdfReader(BytesIO(pdf)).pages[0]
    height = float(page.mediabox.height)
    found: list[Run] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if not text.strip():
            return
        # the text matrix scales the nominal size; the page matrix (cm) moves it
        scale = abs(tm[3] * cm[3]) or 1.0
        x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
        y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
        real = size * scale
        found.append(
            Run(
                text=text.strip(),
                x_mm=x / mm,
                top_mm=(height - y) / mm,
                size=real,
                width_mm=stringWidth(text.strip(), FONT, real) / mm,
            )
        )

    page.extract_text(visitor_text=visit)
    return found


def in_window(run: Run) -> bool:
    """True when the run lies (partly) inside the envelope window."""
    left, right = WINDOW_LEFT_MM, WINDOW_LEFT_MM + WINDOW_WIDTH_MM
    top, bottom = WINDOW_TOP_MM, WINDOW_TOP_MM + WINDOW_HEIGHT_MM
    return run.x_mm < right and run.right_mm > left and run.cap_top_mm < bottom and run.top_mm > top


def letter_data(db: Database, beschikking_id: int) -> BeschikkingData:
    with db.read() as session:
        beschikking = session.get(Beschikking, beschikking_id)
        assert beschikking is not None
        return build_data(session, beschikking)


KINDS = ["individueel", "groep", "gedeeltelijk", "afwijzing"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_address_sits_in_the_window_and_nothing_else_does(
    db: Database, world: World, kind: str
) -> None:
    runs = runs_of_first_page(
        render_preview(db, world.actors[Rol.PROGRAMMADIRECTEUR], world.beschikkingen[kind])
    )
    data = letter_data(db, world.beschikkingen[kind])
    to = data.geadresseerde
    expected = [to.bestuur, to.school, to.adres, f"{to.postcode}  {to.plaats.upper()}"]
    window = [r for r in runs if in_window(r)]
    texts = [r.text for r in window]
    for line in (" ".join(e.split()) for e in expected):
        assert any(line in t or t in line for t in texts if len(t) > 3), (line, texts)
    assert any(t.startswith("t.a.v. ") for t in texts)
    retour = window[0]  # the return-address line comes first, small and grey, on one line
    assert data.afzender.naam in retour.text and retour.size < 7
    assert "·" in retour.text
    inner_left = WINDOW_LEFT_MM + WINDOW_PADDING_MM
    inner_right = WINDOW_LEFT_MM + WINDOW_WIDTH_MM - WINDOW_PADDING_MM
    for run in window:
        assert abs(run.x_mm - inner_left) < TOLERANCE_MM, run  # one left edge
        assert run.right_mm <= inner_right + TOLERANCE_MM, run
        assert run.cap_top_mm >= WINDOW_TOP_MM + WINDOW_PADDING_MM - 1 - TOLERANCE_MM, run
        assert run.top_mm <= WINDOW_TOP_MM + WINDOW_HEIGHT_MM - WINDOW_PADDING_MM / 2, run
    tops = [r.top_mm for r in window]
    assert tops == sorted(tops)  # top to bottom, no line drawn over another
    assert all(b - a > 2.0 for a, b in zip(tops, tops[1:], strict=False))
    # the window shows the address only: the letterhead, the reference column and the body
    # stay out of it, and the window lies above the first fold
    others = [r for r in runs if r not in window]
    assert not any(in_window(r) for r in others)
    assert FOLD_MARKS_MM[0] > WINDOW_TOP_MM + WINDOW_HEIGHT_MM
    reference = [r for r in runs if r.x_mm >= REFERENCE_LEFT_MM - TOLERANCE_MM]
    assert any(r.text == "Ons kenmerk" for r in reference)
    assert all(r.x_mm >= WINDOW_LEFT_MM + WINDOW_WIDTH_MM for r in reference)
    # nothing crosses the first fold: no run has its baseline and its capitals on either side
    for run in runs:
        assert not (run.cap_top_mm < FOLD_MARKS_MM[0] < run.top_mm), run


def test_a_very_long_addressee_still_fits_the_window(db: Database, world: World) -> None:
    """A board and school with long names: cut to two lines each, never out of the window."""
    data = letter_data(db, world.beschikkingen["groep"])
    long_name = "Stichting voor Christelijk Voortgezet Onderwijs in de Regio " * 3
    to = replace(
        data.geadresseerde,
        bestuur=long_name.strip(),
        school="Scholengemeenschap " + "Zilverwilg-Kribbe-Stroomdal " * 4,
        tav="mevrouw drs. A.B.C. van den Hoogenband-Wildschut",
    )
    runs = runs_of_first_page(render_beschikking(replace(data, geadresseerde=to)))
    window = [r for r in runs if in_window(r)]
    inner_right = WINDOW_LEFT_MM + WINDOW_WIDTH_MM - WINDOW_PADDING_MM
    assert 6 <= len(window) <= 9
    assert all(r.right_mm <= inner_right + TOLERANCE_MM for r in window)
    assert window[-1].top_mm <= WINDOW_TOP_MM + WINDOW_HEIGHT_MM - WINDOW_PADDING_MM / 2
    assert any(r.text.endswith("…") for r in window)


def test_fold_marks_are_drawn_in_the_left_margin(db: Database, world: World) -> None:
    """Short lines at 105 and 210 mm from the top, left of the text, on the first page (the
    pages are folded together)."""
    reader = PdfReader(
        BytesIO(
            render_preview(
                db, world.actors[Rol.PROGRAMMADIRECTEUR], world.beschikkingen["individueel"]
            )
        )
    )
    for page in reader.pages[:1]:
        height = float(page.mediabox.height)
        marks: list[float] = []
        ops = ContentStream(page.get_contents(), reader).operations
        last_move: tuple[float, float] | None = None
        for operands, operator in ops:
            if operator == b"m":
                last_move = (float(operands[0]), float(operands[1]))
            elif operator == b"l" and last_move is not None:
                (x0, y0), (x1, y1) = last_move, (float(operands[0]), float(operands[1]))
                if abs(y0 - y1) < 0.01 and max(x0, x1) < MARGIN_LEFT_MM * mm:
                    marks.append((height - y0) / mm)
        for fold in FOLD_MARKS_MM:
            assert any(abs(m - fold) < TOLERANCE_MM for m in marks), (fold, marks)
        assert float(page.mediabox.height) / mm == pytest.approx(PAGE_HEIGHT_MM, abs=0.1)
