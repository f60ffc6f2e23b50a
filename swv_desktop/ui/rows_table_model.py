"""A short list of plain rows in a table view (no paging, no SQL): the headers, the rows and
Qt's model API in one place; a subclass says what a cell shows (``cell``). The lists that page
through SQL use ``query_table_model.QueryTableModel``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from typing import Generic
from typing import TypeVar

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt

Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")


class RowsTableModel(QAbstractTableModel, Generic[R]):
    """The rows ``R`` under the Dutch ``headers``, read-only and selectable."""

    def __init__(self, headers: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = tuple(headers)
        self.rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        """Show ``rows`` in place of what the model held."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def cell(self, r: int, column: int, role: int) -> Any:
        """What the cell in row ``r`` (of ``rows``) and ``column`` gives for ``role`` (``None``:
        nothing)."""
        raise NotImplementedError

    def header(self, section: int) -> str:
        """The header text of column ``section``."""
        return self.headers[section]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        return self.cell(index.row(), index.column(), role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.header(section)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
