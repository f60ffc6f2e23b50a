"""The main window per role: what is offered, the status bar, keyboard shortcuts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from swv_desktop.ui.context import UiContext
from swv_desktop.ui.lists import ListScreen
from swv_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

WORK = ["Overzicht", "Leerlingen", "Aanvragen", "Voortgang", "VSO-expertise", "Beschikkingen"]
EXPECTED = {
    "cp1": [*WORK, "Scholen & besturen"],
    "pd": [*WORK, "Rapportages", "Scholen & besturen", "Beheer"],
    "sec": ["Overzicht", "Aanvragen", "Beschikkingen", "Scholen & besturen"],
    "beheer": ["Overzicht", "Scholen & besturen", "Beheer"],
}


def open_window(qtbot: QtBot, ctx: UiContext) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.dashboard.data_shown, timeout=10_000):
        window.show()
    return window


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_role_is_offered_its_pages(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], username: str
) -> None:
    ctx = ctx_for(username)
    window = open_window(qtbot, ctx)
    offered = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert offered == EXPECTED[username]
    status = window.findChild(QLabel, "status_gebruiker")
    assert status is not None
    assert status.text() == f"Aangemeld: {ctx.actor.naam} ({ctx.actor.rol.label})"
    where = window.findChild(QLabel, "status_database")
    assert str(ctx.db.path) in where.text()
    # every offered page opens; a page that is not offered cannot be built at all
    for key in window.page_keys:
        assert window.show_page(key) is window.stack.currentWidget()
    hidden = {"leerlingen", "beheer", "rapportages", "voortgang"} - set(window.page_keys)
    for key in hidden:
        with pytest.raises(KeyError):
            window.page(key)


def test_programmadirecteur_beheer_holds_schooljaren_the_deletion_register_and_the_access_log(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext]
) -> None:
    window = open_window(qtbot, ctx_for("pd"))
    assert window.show_page("beheer").tab_titles() == [
        "Schooljaren",
        "Verwijderregister",
        "Toegangslogboek",
    ]
    window_b = open_window(qtbot, ctx_for("beheer"))
    assert window_b.show_page("beheer").tab_titles() == [
        "Gebruikers",
        "Schooljaren",
        "Instellingen",
        "Reservekopieën",
        "Verwijderregister",
        "Toegangslogboek",
        "Server",
    ]


def test_new_button_only_for_roles_that_may_add(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext]
) -> None:
    cp = open_window(qtbot, ctx_for("cp1"))
    assert not cp.show_page("leerlingen").new_button.isHidden()
    assert cp.show_page("scholen").scholen.new_button.isHidden()
    sec = open_window(qtbot, ctx_for("sec"))
    assert sec.show_page("aanvragen").new_button.isHidden()
    assert not sec.show_page("scholen").scholen.new_button.isHidden()
    assert sec.show_page("beschikkingen").list.new_button.isHidden()


def test_ctrl_f_focuses_the_search_of_the_current_list(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext]
) -> None:
    window = open_window(qtbot, ctx_for("pd"))
    window.activateWindow()
    screen = window.show_page("aanvragen")
    assert isinstance(screen, ListScreen)
    screen.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.search)
    # on the tabbed Scholen & besturen page it is the search of the tab shown
    page = window.show_page("scholen")
    page.tabs.setCurrentIndex(1)
    window.focus_search()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.besturen.search)


def test_ctrl_n_opens_new_on_the_current_list(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    from swv_desktop.ui import openers

    opened: list[tuple[str, int | None]] = []

    def fake_new(kind: str, parent: object, ctx: UiContext, on_closed: object = None) -> None:
        opened.append((kind, None))

    monkeypatch.setattr(openers, "new_record", fake_new)
    window = open_window(qtbot, ctx_for("cp1"))
    window.activateWindow()
    window.show_page("leerlingen")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert opened == [("leerling", None)]
    window.show_page("beschikkingen")  # nobody adds a beschikking by hand
    window.create_new()
    assert opened == [("leerling", None)]


def test_sidebar_with_focus_has_no_scroll_bar_and_every_title_fits(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], styled: QApplication
) -> None:
    """Keyboard focus in the sidebar shows the current page, without a horizontal scroll bar and
    with every title whole at 1366x768."""
    window = open_window(qtbot, ctx_for("pd"))
    window.resize(1366, 768)
    window.activateWindow()
    window.nav.setFocus()
    qtbot.waitUntil(window.nav.hasFocus)
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.stack.currentWidget() is window.page("leerlingen")
    qtbot.wait(50)  # the list lays out its items (and scroll bars) on a timer
    assert window.nav.horizontalScrollBar().maximum() == 0
    assert not window.nav.horizontalScrollBar().isVisible()
    assert not window.nav.verticalScrollBar().isVisible()
    metrics = window.nav.fontMetrics()
    for i in range(window.nav.count()):
        rect = window.nav.visualItemRect(window.nav.item(i))
        text_width = metrics.horizontalAdvance(window.nav.item(i).text())
        assert rect.right() <= window.nav.viewport().width()
        assert text_width + 18 + 4 <= rect.width()  # the padding and the focus border
