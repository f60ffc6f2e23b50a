"""Every window and dialog at 1366x768: it fits on the screen, and no label's text is wider than
the label (measured with its font metrics), so nothing is cut off."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QStyle
from PySide6.QtWidgets import QStyleOptionComboBox
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from swv_desktop.models import Rol
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.main_window import MainWindow
from swv_desktop.ui.widgets.screen_fit import max_dialog_size
from swv_desktop.ui.widgets.screen_fit import open_main_window

from .catalogue import dialog_shots
from .fixtures import Seed

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

USER_FOR = {
    Rol.PROGRAMMADIRECTEUR: "pd",
    Rol.CONTACTPERSOON: "cp1",
    Rol.SECRETARIAAT: "sec",
    Rol.BEHEERDER: "beheer",
}


def settle(qtbot: QtBot) -> None:
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(20)


def cut_off_labels(root: QWidget) -> list[str]:
    """Visible plain-text labels whose text needs more room than they have."""
    problems = []
    for label in root.findChildren(QLabel):
        text = label.text()
        if not label.isVisibleTo(root) or not text or label.pixmap() is not None and not text:
            continue
        if label.textFormat() == Qt.TextFormat.RichText or text.lstrip().startswith("<"):
            continue
        room = label.contentsRect()
        metrics = label.fontMetrics()
        if label.wordWrap():
            needed = label.heightForWidth(room.width()) if room.width() > 0 else 0
            if needed > room.height() + 1:
                problems.append(f"{label.objectName() or text[:40]!r}: {needed} px hoog nodig")
        else:
            widest = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
            if widest > room.width() + 1:
                problems.append(f"{text[:60]!r}: {widest} px breed nodig, {room.width()} px")
    return problems


def cut_off_fields(root: QWidget) -> list[str]:
    """Visible combo boxes and read-only line edits whose text is wider than the box."""
    problems = []
    for combo in root.findChildren(QComboBox):
        if not combo.isVisibleTo(root) or combo.isEditable() or not combo.currentText():
            continue
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        room = combo.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
        )
        widest = combo.fontMetrics().horizontalAdvance(combo.currentText())
        if widest > room.width() + 2:
            problems.append(f"keuzelijst {combo.currentText()[:50]!r}: {widest} > {room.width()}")
    for line in root.findChildren(QLineEdit):
        if not line.isVisibleTo(root) or not line.isReadOnly() or not line.text():
            continue
        widest = line.fontMetrics().horizontalAdvance(line.text())
        if widest > line.contentsRect().width() - 8:
            problems.append(f"veld {line.text()[:50]!r}: {widest} > {line.width()}")
    return problems


def test_the_screen_is_the_laptop() -> None:
    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert (screen.width(), screen.height()) == (1366, 768)


@pytest.mark.parametrize("rol", list(USER_FOR))
def test_every_page_fits(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed, rol: Rol
) -> None:
    window = MainWindow(ctx_for(USER_FOR[rol]))
    qtbot.addWidget(window)
    open_main_window(window)
    settle(qtbot)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    problems = []
    for key in window.page_keys:
        page = window.show_page(key)
        settle(qtbot)
        assert window.width() <= screen.width() and window.height() <= screen.height()
        tabs = getattr(page, "tabs", None)
        for index in range(tabs.count() if tabs is not None else 1):
            if tabs is not None:
                tabs.setCurrentIndex(index)
                settle(qtbot)
            problems += [f"{key}: {p}" for p in cut_off_labels(window) + cut_off_fields(window)]
    assert problems == []


@pytest.mark.parametrize("shot", dialog_shots(), ids=lambda s: s.name)
def test_every_dialog_fits(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed, shot
) -> None:
    ctx = ctx_for(USER_FOR[shot.rol])
    widget = shot.build(ctx, None)
    qtbot.addWidget(widget)
    from swv_desktop.ui.widgets.screen_fit import fit_to_screen

    fit_to_screen(widget)
    widget.show()
    settle(qtbot)
    limit = max_dialog_size(widget)
    assert widget.width() <= limit.width() and widget.height() <= limit.height(), shot.name
    assert cut_off_labels(widget) + cut_off_fields(widget) == []
    if isinstance(widget, QDialog):
        widget.done(0)
