"""Dashboard cards: a white panel with a title, and a variant holding a short read-only table
that says so in words when it is empty."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QVBoxLayout

ROW_HEIGHT = 28
MAX_VISIBLE_ROWS = 8
MAX_ROWS = 50
"""A card shows the first rows only; the page behind it has the whole list."""


class Card(QFrame):
    """A titled white panel; add widgets to ``body``."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.setObjectName("kaart")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(16, 12, 16, 14)
        self.heading = QLabel(title)
        self.heading.setObjectName("kaarttitel")
        self.body.addWidget(self.heading)


class ListCard(Card):
    """A card with a short table (named ``name``, what tests find it by); ``activated(record_id)``
    on double-click or Enter."""

    activated = Signal(int)

    def __init__(
        self,
        title: str,
        headers: list[str],
        *,
        name: str,
        empty_text: str,
        right: tuple[int, ...] = (),
        stretch: int | None = None,
    ) -> None:
        super().__init__(title)
        self.right = right
        self.table = QTableWidget(0, len(headers))
        self.table.setObjectName(name)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        self.stretch = stretch
        if stretch is not None:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        else:
            header.setStretchLastSection(True)
        self.table.itemActivated.connect(self._on_activated)
        self.empty = QLabel(empty_text)
        self.empty.setObjectName("hulptekst")
        self.more = QLabel()
        self.more.setObjectName("hulptekst")
        self.more.setVisible(False)
        self.body.addWidget(self.table)
        self.body.addWidget(self.empty)
        self.body.addWidget(self.more)
        self.body.addStretch(1)
        self.actions: list[QPushButton] = []
        self.set_rows([])

    def set_rows(
        self, rows: list[tuple[Any, list[str]]], more_text: str = "", total: int | None = None
    ) -> None:
        """Show ``(record_id, cells)`` rows (the first ``MAX_ROWS``); the empty text when there
        are none; ``more_text`` (with ``{n}``) under the table when rows were left out.
        ``total``: how many there are when the caller passed only the first ``MAX_ROWS``
        (a long list need not be turned into cells it will not show)."""
        left_out = max(0, (len(rows) if total is None else total) - MAX_ROWS)
        rows = rows[:MAX_ROWS]
        self.more.setText(more_text.format(n=left_out) if left_out else "")
        self.more.setVisible(bool(left_out and more_text))
        self.table.setUpdatesEnabled(False)
        self.table.setRowCount(len(rows))
        for r, (record_id, cells) in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, record_id)
                if c in self.right:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()  # once, not per item (that is quadratic)
        if self.stretch is not None:
            self.table.horizontalHeader().setSectionResizeMode(
                self.stretch, QHeaderView.ResizeMode.Stretch
            )
        self.table.setUpdatesEnabled(True)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        for button in self.actions:
            button.setEnabled(bool(rows))
        visible = min(max(len(rows), 1), MAX_VISIBLE_ROWS)
        frame = 2 * self.table.frameWidth()
        self.table.setFixedHeight(
            self.table.horizontalHeader().sizeHint().height() + visible * ROW_HEIGHT + frame
        )

    def row_count(self) -> int:
        return self.table.rowCount()

    def add_action(self, text: str) -> QPushButton:
        """A button under the table that activates the selected row (the first when none is
        selected); disabled while the card is empty."""
        button = QPushButton(text)
        button.setEnabled(self.table.rowCount() > 0)
        button.clicked.connect(self._activate_current)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(button)
        self.body.insertLayout(self.body.count() - 1, row)
        self.actions.append(button)
        return button

    def _activate_current(self) -> None:
        row = max(self.table.currentRow(), 0)
        item = self.table.item(row, 0)
        if item is not None:
            self._on_activated(item)

    def _on_activated(self, item: QTableWidgetItem) -> None:
        value = item.data(Qt.ItemDataRole.UserRole)
        if value is not None:
            self.activated.emit(int(value))
