"""Small read-only tables (QTableWidget) for short lists such as the Beheer tabs."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem


def record_table(headers: list[str]) -> QTableWidget:
    """A read-only, row-selecting table with Dutch ``headers``."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setTabKeyNavigation(False)  # Tab goes on to the next control, arrows move in the table
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill_table(table: QTableWidget, rows: Sequence[Sequence[str | QTableWidgetItem]]) -> None:
    """Show ``rows`` (each the cells of one row: a text, or an item that holds more, such as its
    alignment) in ``table``, in place of what it held."""
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, cell in enumerate(cells):
            table.setItem(r, c, QTableWidgetItem(cell) if isinstance(cell, str) else cell)


def selected_index(table: QTableWidget) -> int | None:
    """The index of the selected row of ``table``, ``None`` when no row is selected."""
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else None
