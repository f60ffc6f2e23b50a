"""A batch of letters renders in worker processes to exactly the bytes a single render gives, in
order; when the workers cannot start or die the rest renders in this process; an error of the
renderer itself still reaches the caller. A recurring logo and the embedded font subsets are
prepared once per process and give the same bytes as ReportLab's own code."""

from __future__ import annotations

import logging
import multiprocessing
import os
from io import BytesIO

import pytest
from pdftext import embedded_fonts
from pdftext import pages
from PIL import Image
from PIL import ImageDraw
from report_world import World
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.models import Beschikking
from swv_desktop.models import Rol
from swv_desktop.reports import batch
from swv_desktop.reports.beschikking import BeschikkingData
from swv_desktop.reports.beschikking import render_beschikking
from swv_desktop.reports.fontcache import cache_subsets
from swv_desktop.reports.images import draw_image
from swv_desktop.reports.styles import fonts_dir
from swv_desktop.services.beschikkingen.briefgegevens import batch_data
from swv_desktop.services.beschikkingen.briefgegevens import pending_for_issue
from swv_desktop.services.beschikkingen.uitgifte import issue_pending
from swv_desktop.services.beschikkingen.uitgifte import merge_pdfs
from swv_desktop.services.beschikkingen.uitgifte import render_preview


@pytest.fixture
def backend() -> str:
    """Rendering in worker processes does not depend on the database: SQLite only (the
    letter data are read on both databases in the other report tests)."""
    return "sqlite"


def _letters(db: Database) -> list[BeschikkingData]:
    with db.read() as session:
        return batch_data(session, pending_for_issue(session))


def _render_dies_in_worker(data: BeschikkingData) -> bytes:
    """Kills its worker process on the second letter (as a crash would); fine in the parent."""
    if multiprocessing.parent_process() is not None and data.kenmerk.endswith("002"):
        os._exit(3)
    return render_beschikking(data)


def _render_refuses(data: BeschikkingData) -> bytes:
    raise ValueError(f"kapot: {data.kenmerk}")


def test_issue_pending_in_workers_gives_the_bytes_of_a_single_render(
    db: Database, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "PARALLEL_FROM", 2)
    monkeypatch.setattr(batch, "worker_count", lambda: 2)
    previews = {
        bid: render_preview(db, world.actors[Rol.PROGRAMMADIRECTEUR], bid)
        for bid in world.beschikkingen.values()
    }
    lines: list[str] = []
    assert issue_pending(db, world.actors[Rol.PROGRAMMADIRECTEUR], progress=lines.append) == len(
        previews
    )
    with db.read() as session:
        rows = session.scalars(select(Beschikking).order_by(Beschikking.volgnummer)).all()
        assert {b.id: b.pdf for b in rows} == previews
        kenmerken = [b.kenmerk for b in rows]
    assert lines == [
        f"Beschikking {k} uitgegeven ({n} van {len(rows)})" for n, k in enumerate(kenmerken, 1)
    ]


def test_dead_workers_fall_back_to_this_process(
    db: Database, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    letters = _letters(db)
    assert len(letters) == 4
    expected = [render_beschikking(d) for d in letters]
    with caplog.at_level(logging.WARNING, logger=batch.__name__):
        got = list(batch.render_all(_render_dies_in_worker, letters, workers=2, parallel_from=2))
    assert got == expected
    assert "verder in één proces" in caplog.text


def test_processes_that_cannot_start_fall_back(
    db: Database, world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def no_processes(_workers: int) -> None:
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(batch, "_pool", no_processes)
    letters = _letters(db)
    with caplog.at_level(logging.WARNING, logger=batch.__name__):
        got = list(batch.render_all(render_beschikking, letters, workers=2, parallel_from=2))
    assert got == [render_beschikking(d) for d in letters]
    assert "Too many open files" in caplog.text


def test_an_error_of_the_renderer_reaches_the_caller(db: Database, world: World) -> None:
    letters = _letters(db)
    with pytest.raises(ValueError, match="kapot: MWB-2021-00"):
        list(batch.render_all(_render_refuses, letters, workers=2, parallel_from=2))


def test_small_batches_render_here() -> None:
    def no_pool(_workers: int) -> None:
        raise AssertionError("no workers for a small batch")

    original = batch._pool
    batch._pool = no_pool  # type: ignore[assignment]
    try:
        assert list(batch.render_all(str.encode, ["a", "b"], workers=2, parallel_from=3)) == [
            b"a",
            b"b",
        ]
        assert list(batch.render_all(str.encode, ["a", "b", "c"], workers=1)) == [b"a", b"b", b"c"]
    finally:
        batch._pool = original  # type: ignore[assignment]


def _logo() -> bytes:
    image = Image.new("RGBA", (300, 120), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((5, 5, 115, 115), fill=(31, 58, 95, 255))
    draw.rectangle((130, 30, 295, 90), fill=(200, 80, 40, 160))
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _page(draw: object) -> bytes:
    out = BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    draw(canvas)  # type: ignore[operator]
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_prepared_logo_gives_the_bytes_of_drawimage() -> None:
    logo = _logo()

    def ours(canvas: Canvas) -> None:
        draw_image(canvas, logo, 70, 700, 140, 56)
        draw_image(canvas, logo, 70, 600, 70, 28)  # the same image twice: one XObject

    def reportlab(canvas: Canvas) -> None:
        canvas.drawImage(ImageReader(BytesIO(logo)), 70, 700, 140, 56, mask="auto")
        canvas.drawImage(ImageReader(BytesIO(logo)), 70, 600, 70, 28, mask="auto")

    expected = _page(reportlab)
    assert _page(ours) == expected
    assert _page(ours) == expected  # prepared once, placed again in a new document
    assert expected.count(b"/Subtype /Image") == 2  # the picture and its transparency mask


def _font_page(font: str) -> bytes:
    def draw(canvas: Canvas) -> None:
        canvas.setFont(font, 10)
        canvas.drawString(70, 700, "Coördinator € 1.250,00 · café naïef – “citaat” • klaar")
        canvas.drawString(70, 680, "ASCII alleen: Stationsplein 12, 6221 BT Maastricht")

    return _page(draw)


def test_cached_font_subsets_give_the_bytes_reportlab_writes() -> None:
    path = str(fonts_dir() / "DejaVuSans.ttf")
    pdfmetrics.registerFont(TTFont("ProefGewoon", path))
    pdfmetrics.registerFont(cache_subsets(TTFont("ProefGecachet", path)))
    expected = _font_page("ProefGewoon")
    assert b"DejaVuSans" in expected and b"/FontFile2" in expected
    assert _font_page("ProefGecachet") == expected
    assert _font_page("ProefGecachet") == expected  # the second time from the cache


def test_print_file_keeps_every_page_and_stores_each_font_program_once(
    db: Database, world: World
) -> None:
    letters = [render_beschikking(d) for d in _letters(db)]
    combined = merge_pdfs(letters)
    assert pages(combined) == [page for pdf in letters for page in pages(pdf)]
    assert embedded_fonts(combined) == {"DejaVuSans", "DejaVuSans-Bold"}
    programs = combined.count(b"/Length1")  # one per embedded TrueType program
    assert programs < sum(pdf.count(b"/Length1") for pdf in letters)
    assert merge_pdfs(letters + letters).count(b"/Length1") == programs
