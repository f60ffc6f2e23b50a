"""Windows that fit the screen they open on (a 1366x768 office laptop is the smallest).

``fit_to_screen(window)`` gives a dialog the size it asks for, but never more than the available
screen (minus room for the title bar), and centres it there; content that is taller scrolls inside
the dialog. ``open_main_window`` shows the main window maximised on a small screen and at a
comfortable size on a large one.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QWidget

TITLE_BAR = 32
"""Room for the window manager's title bar above a dialog."""
MARGIN = 16
COMFORTABLE = QSize(1400, 880)
"""The main window's size on a screen with room to spare."""


def available(widget: QWidget | None = None) -> QRect:
    """The usable part (without task bar) of the screen ``widget`` is on, or the primary one."""
    screen: QScreen | None = None
    if widget is not None:
        # not QWidget.screen(): calling it from showEvent made the next dialog's construction
        # crash in the window tests (PySide6 6.12, CPython 3.11)
        parent = widget.parentWidget()
        anchor = parent.window() if parent is not None else widget
        screen = QGuiApplication.screenAt(anchor.geometry().center())
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def max_dialog_size(widget: QWidget | None = None) -> QSize:
    """The largest size a dialog may have on this screen."""
    area = available(widget)
    return QSize(area.width() - 2 * MARGIN, area.height() - TITLE_BAR - MARGIN)


def fit_to_screen(window: QWidget) -> None:
    """Size ``window`` to its wish, within the screen, and centre it on the available area."""
    limit = max_dialog_size(window)
    window.setMaximumSize(
        QSize(
            min(window.maximumWidth(), limit.width()), min(window.maximumHeight(), limit.height())
        )
    )
    minimum = window.minimumSize().boundedTo(limit)
    window.setMinimumSize(minimum)
    wanted = getattr(window, "wanted_size", window.sizeHint)()
    wish = wanted.expandedTo(window.size()).expandedTo(minimum).boundedTo(limit)
    window.resize(wish)
    area = available(window)
    frame = QRect(0, 0, wish.width(), wish.height() + TITLE_BAR)
    frame.moveCenter(area.center())
    window.move(frame.left(), max(area.top(), frame.top()) + TITLE_BAR)


def open_main_window(window: QWidget) -> None:
    """Maximised on a screen smaller than comfortable, else comfortable and centred."""
    area = available(window)
    window.setMinimumSize(window.minimumSize().boundedTo(area.size()))
    if area.width() < COMFORTABLE.width() or area.height() < COMFORTABLE.height():
        window.setGeometry(area)
        window.showMaximized()
        return
    frame = QRect(QRect(0, 0, COMFORTABLE.width(), COMFORTABLE.height()))
    frame.moveCenter(area.center())
    window.setGeometry(frame)
    window.show()
