"""Rapportages: the programmadirecteur writes the conclusions under the monitoring questions,
they land in the database, and the final report is refused until every text is written; the
peildatum is chosen on the page."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from world import FakeClock

from swv_desktop.models import EvaluatieAntwoord
from swv_desktop.models import EvaluatieTekst
from swv_desktop.services.evaluatie.use_cases import VRAGEN
from swv_desktop.services.evaluatie.use_cases import EvaluatieSoort
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.reports_page import ReportsPage

from .fixtures import Seed
from .messages import MessageLog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _page(qtbot: QtBot, ctx: UiContext, tmp_path: Path) -> ReportsPage:
    page = ReportsPage(ctx, save_dialog=lambda *_a: tmp_path / "rapport.pdf")
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    return page


def test_programmadirecteur_writes_the_conclusions_per_question(
    qtbot: QtBot,
    ctx_for: Callable[[str], UiContext],
    seed: Seed,
    messages: MessageLog,
    tmp_path: Path,
) -> None:
    page = _page(qtbot, ctx_for("pd"), tmp_path)
    page.kind.setCurrentIndex(page.kind.findData(EvaluatieSoort.EIND.value))
    editor = page.conclusies
    assert "de eindevaluatie kan pas worden uitgebracht" in editor.status.text()
    # the final report is refused while texts are missing
    page.make_report()
    qtbot.waitUntil(lambda: any("Rapport niet gemaakt" in t for _k, t, _x in messages.shown))
    assert "monitoringsvraag" in messages.texts()
    assert not (tmp_path / "rapport.pdf").exists()
    for n, key in enumerate(VRAGEN, start=1):
        editor.edits[key].setFocus()
        qtbot.keyClicks(editor.edits[key], f"Antwoord {n}.")
    qtbot.keyClicks(editor.conclusie, "Structureel maken.")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.status.text() == "Alle vragen zijn beantwoord."
    jaar_id = page.year_ids[page.year.currentData()]
    with ctx_for("pd").db.read() as s:
        rows = {
            r.vraag: r.tekst
            for r in s.scalars(
                select(EvaluatieAntwoord).where(
                    EvaluatieAntwoord.schooljaar_id == jaar_id,
                    EvaluatieAntwoord.soort == EvaluatieSoort.EIND.value,
                )
            )
        }
        conclusion = s.scalars(
            select(EvaluatieTekst.conclusies).where(EvaluatieTekst.schooljaar_id == jaar_id)
        ).one()
    assert rows == {key: f"Antwoord {n}." for n, key in enumerate(VRAGEN, start=1)}
    assert conclusion == "Structureel maken."
    # switching kind shows the interim's (empty) texts; back again shows the saved ones
    page.kind.setCurrentIndex(page.kind.findData(EvaluatieSoort.TUSSEN.value))
    assert editor.edits["gebruik"].toPlainText() == ""
    page.kind.setCurrentIndex(page.kind.findData(EvaluatieSoort.EIND.value))
    assert editor.edits["gebruik"].toPlainText() == "Antwoord 1."
    page.make_report()
    # until the report is done and said so (not only the file there): a callback that ran after
    # the test, with the message boxes no longer faked, aborted the process
    qtbot.waitUntil(
        lambda: any(title == "Rapport opgeslagen" for _k, title, _t in messages.shown),
        timeout=30_000,
    )
    assert (tmp_path / "rapport.pdf").exists() and page.make_button.isEnabled()


def test_others_read_the_conclusions_but_cannot_change_them(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed, tmp_path: Path
) -> None:
    page = _page(qtbot, ctx_for("sec"), tmp_path)
    assert page.conclusies.edits["gebruik"].isReadOnly()
    assert not page.conclusies.save_button.isVisible()


def test_screenshot_of_the_conclusions_editor(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed, tmp_path: Path
) -> None:
    """The page at 1366x768 as the programmadirecteur sees it (saved for a look by hand)."""
    page = _page(qtbot, ctx_for("pd"), tmp_path)
    qtbot.keyClicks(page.conclusies.edits["gebruik"], "Twaalf van de veertien scholen.")
    image = page.grab()
    out = Path(os.environ.get("SWV_SCREENSHOT_DIR", tmp_path)) / "rapportages.png"
    assert image.save(str(out)) and out.stat().st_size > 0
    assert image.width() == 1366


def test_the_peildatum_is_chosen_on_the_page(
    qtbot: QtBot,
    ctx_for: Callable[[str], UiContext],
    seed: Seed,
    messages: MessageLog,
    tmp_path: Path,
    clock: FakeClock,
) -> None:
    """The page suggests a day within the chosen schooljaar (its end once it is over); a day
    outside it is refused in Dutch and no file is written; a typed day lands in the report."""
    from pypdf import PdfReader

    clock.set_date(date(2022, 9, 15))
    ctx = ctx_for("pd")
    page = _page(qtbot, ctx, tmp_path)
    page.year.setCurrentIndex(page.year.findData("2022-2023"))
    assert page.peildatum.value() == date(2022, 9, 15)  # today, within the running year
    page.year.setCurrentIndex(page.year.findData("2021-2022"))
    page.kind.setCurrentIndex(page.kind.findData(EvaluatieSoort.TUSSEN.value))
    assert page.peildatum.value() == date(2022, 7, 31)  # the year is over: its last day
    page.peildatum.line.clear()
    qtbot.keyClicks(page.peildatum.line, "1-8-2022")
    page.make_report()
    qtbot.waitUntil(lambda: any("Rapport niet gemaakt" in t for _k, t, _x in messages.shown))
    assert "ligt buiten schooljaar 2021-2022" in messages.texts()
    assert not (tmp_path / "rapport.pdf").exists()
    page.peildatum.line.clear()
    qtbot.keyClicks(page.peildatum.line, "30-6-2022")
    page.make_report()
    qtbot.waitUntil(
        lambda: any(title == "Rapport opgeslagen" for _k, title, _t in messages.shown),
        timeout=30_000,
    )
    first = PdfReader(tmp_path / "rapport.pdf").pages[0].extract_text()
    assert "Peildatum van de gegevens: 30 juni 2022" in " ".join(first.split())
