"""Every table model passes Qt's model tester, fetches lazily and sorts in SQL."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import Qt
from signed_in import a_directeur

from swv_desktop.db import Database
from swv_desktop.services.queries.lists import ListFilter
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.table_models import ID_ROLE
from swv_desktop.ui.table_models import SORT_ROLE
from swv_desktop.ui.table_models import TABLE_MODELS
from swv_desktop.ui.table_models import AanvragenTableModel
from swv_desktop.ui.table_models import LeerlingenTableModel
from swv_desktop.ui.voortgang_page import OverdueTableModel

from .fixtures import Seed


@pytest.mark.parametrize("kind", sorted(TABLE_MODELS))
def test_query_models_pass_the_model_tester(
    qtmodeltester, db: Database, seed: Seed, kind: str
) -> None:
    model = TABLE_MODELS[kind](db, a_directeur(db), page_size=2)
    model.refresh()
    qtmodeltester.check(model, force_py=True)
    assert model.columnCount() == len(model.COLUMNS)


def test_overdue_model_passes_the_model_tester(
    qtmodeltester, ctx_for: Callable[[str], UiContext]
) -> None:
    from swv_desktop.services import voortgang

    ctx = ctx_for("pd")
    model = OverdueTableModel()
    model.set_rows(voortgang.overdue_gesprekken(ctx.db, ctx.actor, ctx.today()))
    assert model.rowCount() == 1
    qtmodeltester.check(model, force_py=True)


def test_text_rows_model_passes_the_model_tester(qtmodeltester) -> None:
    from swv_desktop.ui.team_panel import TextRowsModel

    model = TextRowsModel(("Gegeven", "Uw wijziging", "Op de server"))
    model.set_texts([("Naam", "Ab", "Bo"), ("Klas", "2a", "2b")], ["eerste", "tweede"])
    qtmodeltester.check(model, force_py=True)
    assert (model.rowCount(), model.columnCount()) == (2, 3)
    assert model.data(model.index(1, 2)) == "2b"
    assert model.data(model.index(1, 0), Qt.ItemDataRole.UserRole) == "tweede"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Uw wijziging"
    model.set_texts([], [])
    assert model.rowCount() == 0


def test_lazy_fetch_in_pages(db: Database, seed: Seed) -> None:
    model = LeerlingenTableModel(db, a_directeur(db), page_size=5)
    model.refresh()
    assert (model.rowCount(), model.total) == (5, 12)
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 12
    assert not model.canFetchMore(QModelIndex())


def test_sort_requeries_sql(db: Database, seed: Seed) -> None:
    model = AanvragenTableModel(db, a_directeur(db), page_size=3)
    model.refresh()
    model.sort(AanvragenTableModel.COL_AANGEVRAAGD, Qt.SortOrder.DescendingOrder)
    top = model.data(model.index(0, AanvragenTableModel.COL_AANGEVRAAGD), SORT_ROLE)
    assert top == 2_500_000  # the largest of all five, though only 3 rows are fetched
    shown = model.data(model.index(0, AanvragenTableModel.COL_AANGEVRAAGD))
    assert shown == "€ 25.000,00"
    assert model.data(model.index(0, 0), ID_ROLE) == seed.aanvragen["groep"]


def test_filter_resets_and_counts(db: Database, seed: Seed) -> None:
    model = LeerlingenTableModel(db, a_directeur(db))
    model.refresh()
    model.set_filter(ListFilter(tekst="van"))
    names = {
        model.data(model.index(r, LeerlingenTableModel.COL_NAAM)) for r in range(model.rowCount())
    }
    assert names == {"Meer, Tess van der", "Dijk, Lucas van", "Berg, Saar van den"}
    assert model.total == 3


def test_count_follows_in_the_background(qtbot, db: Database, seed: Seed) -> None:
    model = LeerlingenTableModel(db, a_directeur(db), page_size=5, background_count=True)
    with qtbot.waitSignal(model.count_changed, timeout=5000):
        model.refresh()
        assert model.rowCount() == 5  # the first page is there at once
    assert model.total == 12
    model.set_filter(ListFilter(tekst="Bakker"))  # fewer than a page: known without counting
    assert model.total == 1 and not model.canFetchMore(QModelIndex())
