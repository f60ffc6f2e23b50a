"""Printing beschikkingen through a real QPrinter (to a PDF file): one letter, and every unsent
letter of a schooljaar in kenmerk order; what was printed is recorded in the audit log."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy import select

from swv_desktop.models import Toegang
from swv_desktop.models import ToegangActie
from swv_desktop.models import Uitkomst
from swv_desktop.services.beschikkingen.afdrukken import unsent_letters
from swv_desktop.services.beschikkingen.uitgifte import issue_beschikking
from swv_desktop.services.beschikkingen.uitgifte import mark_sent
from swv_desktop.ui import printing
from swv_desktop.ui.beschikkingen_page import BeschikkingenPage
from swv_desktop.ui.dialogs.beschikking_view import BeschikkingView

from .form_helpers import OFFSCREEN_LIMITS
from .form_helpers import ctx_for
from .form_helpers import show

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_LIMITS)


def issued_letters(world, amounts: list[int]) -> list[int]:
    ids = []
    for n, cents in enumerate(amounts):
        aid = world.ready_for_besluit(world.individual(world.add_leerling(f"93{n:02d}"), cents))
        result = world.award(aid, Uitkomst.TOEGEKEND, cents, "Voldoet aan de voorwaarden.")
        issue_beschikking(world.db, world.directeur, result.beschikking_id)
        ids.append(result.beschikking_id)
    return ids


@pytest.fixture
def to_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The print dialog answers with a QPrinter that writes a PDF file."""
    out = tmp_path / "afdruk.pdf"

    def choose(_parent: object, _title: str) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setResolution(PRINT_DPI)  # enough to compare pages, quick to write
        return printer

    monkeypatch.setattr(printing, "choose_printer", choose)
    return out


PRINT_DPI = 100


def source_pages(pdf: bytes) -> list[bytes]:
    """Each page of a letter rasterised as the print path does (greyscale pixels)."""
    document = pdfium.PdfDocument(pdf)
    return [page.render(scale=PRINT_DPI / 72).to_pil().convert("L").tobytes() for page in document]


def printed_pages(path: Path) -> list[bytes]:
    """The raster image on each page of the printed PDF (greyscale pixels)."""
    return [page.images[0].image.convert("L").tobytes() for page in PdfReader(path).pages]


def closest(printed: bytes, candidates: list[bytes]) -> int:
    """The candidate page that differs least from ``printed``."""

    def distance(other: bytes) -> int:
        if len(other) != len(printed):
            return 1 << 62
        return sum(abs(a - b) for a, b in zip(printed[::7], other[::7], strict=True))

    return min(range(len(candidates)), key=lambda i: distance(candidates[i]))


def test_all_unsent_letters_print_in_kenmerk_order(qtbot, world, to_pdf, monkeypatch):
    ids = issued_letters(world, [310_000, 420_000, 530_000, 640_000])
    mark_sent(world.db, world.secretariaat, [ids[1]], world.clock.now.date())  # already posted
    monkeypatch.setattr(
        "swv_desktop.ui.dialogs.form_base.show_message", lambda *a, **k: shown.append(a[2])
    )
    shown: list[str] = []
    page = BeschikkingenPage(ctx_for(world, world.secretariaat))
    show(qtbot, page)
    assert page.print_button.isVisible() and page.print_button.isEnabled()
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)

    expected = unsent_letters(world.db, world.secretariaat, "2021-2022")
    assert [e.kenmerk for e in expected] == ["MWB-2021-001", "MWB-2021-003", "MWB-2021-004"]
    source = [p for e in expected for p in source_pages(e.pdf)]
    printed = printed_pages(to_pdf)
    assert len(printed) == len(source) == 9
    # each printed page is the letter page in the same place: kenmerk order
    assert [closest(t, source) for t in printed] == list(range(len(source)))
    assert "MWB-2021-001 tot en met MWB-2021-004" in shown[-1]

    with world.db.read() as session:
        entries = session.scalars(select(Toegang).where(Toegang.actie == ToegangActie.AFDRUK)).all()
        assert sorted(e.object_id for e in entries) == sorted([ids[0], ids[2], ids[3]])
        assert {e.objectsoort for e in entries} == {"beschikking"}
        assert {e.gebruikersnaam for e in entries} == {world.secretariaat.gebruikersnaam}


def test_one_letter_prints_from_its_view(qtbot, world, to_pdf):
    [letter_id] = issued_letters(world, [250_000])
    view = BeschikkingView(ctx_for(world, world.secretariaat), letter_id)
    show(qtbot, view)
    assert view.print_button.isVisibleTo(view)
    qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)
    source = source_pages(view.pdf_bytes())
    printed = printed_pages(to_pdf)
    assert len(printed) == len(source)
    assert [closest(t, source) for t in printed] == list(range(len(source)))
    with world.db.read() as session:
        [entry] = session.scalars(select(Toegang).where(Toegang.actie == ToegangActie.AFDRUK)).all()
        assert entry.object_id == letter_id
