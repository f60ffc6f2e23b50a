"""Beheer > Verwijderregister: the programmadirecteur applies the retention terms with one click
(off the GUI thread) and reads what went, as counts and id ranges without a name; each line is
checked against its fingerprint; the other roles do not get the tab."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update

from swv_desktop.db import Database
from swv_desktop.models import Leerling
from swv_desktop.models import Verwijdering
from swv_desktop.ui.beheer import BeheerPage
from swv_desktop.ui.context import UiContext

from .fixtures import Seed


def _cells(page: BeheerPage) -> list[list[str]]:
    tab = page.register_tab
    assert tab is not None
    table = tab.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_applying_the_terms_now_fills_the_register_without_names(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed, db: Database
) -> None:
    with db.read() as s:
        names = set(s.scalars(select(Leerling.achternaam)))
        pupils = int(s.scalar(select(func.count()).select_from(Leerling)) or 0)
    assert names and pupils
    page = BeheerPage(ctx_for("pd"))
    qtbot.addWidget(page)
    tab = page.register_tab
    assert tab is not None
    page.show()
    page.tabs.setCurrentWidget(tab)
    assert tab.apply_button.isVisible()
    assert tab.table.rowCount() == 0
    assert "nog leeg" in tab.status.text()
    assert "leerlinggegevens 5 jaar" in tab.explanation.text()

    db.clock.set_date(date(2030, 8, 1))  # type: ignore[attr-defined]  # the test's FakeClock
    qtbot.mouseClick(tab.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: tab.apply_button.isEnabled() and tab.table.rowCount() > 0, timeout=20_000
    )

    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Leerling)) == 0
        lines = int(s.scalar(select(func.count()).select_from(Verwijdering)) or 0)
    assert tab.table.rowCount() == lines
    rows = _cells(page)
    pupil_line = next(r for r in rows if r[1].startswith("leerlingen"))
    assert pupil_line[3] == str(pupils) and pupil_line[2]  # the count, and what was done
    assert all(r[-2] == "in orde" for r in rows)
    text = " ".join(" ".join(r) for r in rows) + tab.status.text()
    assert not any(name in text for name in names)
    assert tab.status.text().startswith("Toegepast:")
    assert "Leerlingen (met OPP-versies en uitkomsten): " in tab.status.toolTip()

    # a line whose ids were edited afterwards no longer matches its fingerprint
    with db.transaction() as s:
        first = s.scalars(select(Verwijdering.id).order_by(Verwijdering.id)).first()
        s.execute(update(Verwijdering).where(Verwijdering.id == first).values(ids="1"))
    tab.refresh()
    assert any(r[-2].startswith("gewijzigd") for r in _cells(page))


def test_only_the_programmadirecteur_and_the_beheerder_get_the_register(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed
) -> None:
    for who, has in (("pd", True), ("beheer", True), ("cp1", False), ("sec", False)):
        page = BeheerPage(ctx_for(who))
        qtbot.addWidget(page)
        assert ("Verwijderregister" in page.tab_titles()) is has, who
