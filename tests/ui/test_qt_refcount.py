"""The installed PySide6 keeps ``None``'s reference count when C++ calls a Python override that
returns ``None``. PySide6-Essentials 6.12.0 on CPython 3.11 drops one reference per call and the
interpreter aborts after minutes of painting ("none_dealloc"); ``pyproject.toml`` excludes that
release. This test fails if such a release is installed again."""

from __future__ import annotations

import sys

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

CALLS = 200


class _Painted(QWidget):
    def paintEvent(self, event: object) -> None:  # noqa: N802 - Qt API
        return None


class _Empty(QAbstractTableModel):
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 1

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 1

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> None:
        return None


def test_overrides_returning_none_keep_its_reference_count(qtbot: QtBot) -> None:
    widget = _Painted()
    qtbot.addWidget(widget)
    widget.resize(40, 40)
    widget.show()
    model = _Empty()
    index = model.index(0, 0)
    for _ in range(10):  # warm up: first calls may create caches
        widget.repaint()
        index.data(Qt.ItemDataRole.DecorationRole)
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        widget.repaint()  # C++ calls paintEvent
        index.data(Qt.ItemDataRole.DecorationRole)  # C++ calls data()
    drift = before - sys.getrefcount(None)
    assert drift < CALLS // 10, f"{drift} references to None lost in {2 * CALLS} calls"
