"""The lazily fetched list model the lists' table models share: fed page by page from
``services.queries``, sorted and filtered in SQL.

``QueryTableModel`` has column constants (``COL_...`` in each subclass), a sort role with the raw
value, and fetches lazily: the first page on a reset, the next one when the view scrolls near the
end (``canFetchMore``/``fetchMore``).

A list screen's model (``background_count``) also loads, off the GUI thread, every row of its
filter without the search text with the text the search looks in (``queries.searchable``); once
it is there a keystroke filters that in memory (a few milliseconds for 50,000 pupils) instead of
querying (100-200 ms on the loaded benchmark machine). A save, a changed choice or sort loads it
again; until it is there the search goes to SQL, with the same matches.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal

from swv_desktop.db import Database
from swv_desktop.services.common import Actor
from swv_desktop.services.queries import lists as queries
from swv_desktop.services.queries.lists import ListFilter
from swv_desktop.ui.worker import run_in_background

_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
_LEFT = int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
"""The raw value of a cell (date, cents, text) for sorting and tests."""
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
"""The whole row dataclass of the index's row."""
ID_ROLE = Qt.ItemDataRole.UserRole + 3
"""The record id of the index's row."""

Index = QModelIndex | QPersistentModelIndex

_TEXT_ROLES = frozenset({_DISPLAY, _TOOLTIP})
_ROLES_SERVED = frozenset({_DISPLAY, _TOOLTIP, _ALIGN, int(SORT_ROLE), int(ROW_ROLE), int(ID_ROLE)})


@dataclass(frozen=True)
class Column:
    """One column: the row attribute it shows, its Dutch header and how the value becomes text."""

    attr: str
    header: str
    text: Callable[[Any], str] = lambda value: "" if value is None else str(value)
    right: bool = False
    sortable: bool = True
    max_width: int = 180
    """The widest the column starts (pixels); the user can widen it."""


class QueryTableModel(QAbstractTableModel):
    """A lazily fetched, SQL-sorted list of rows of one query kind."""

    KIND = ""
    COLUMNS: tuple[Column, ...] = ()
    DEFAULT_SORT = 0
    DEFAULT_DESCENDING = False
    STRETCH: int | None = None
    """The column that takes the remaining width (a long text such as the school)."""

    count_changed = Signal()
    """The total number of matching rows became known (see ``total``)."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        parent: Any = None,
        page_size: int = queries.PAGE_SIZE,
        *,
        background_count: bool = False,
    ):
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._page_size = page_size
        self._background_count = background_count
        self._generation = 0
        self._rows: list[Any] = []
        self._texts: dict[int, list[str]] = {}
        self._texts_of: dict[Any, list[str]] = {}
        """The cells of rows shown before, by the (frozen, comparable) row: filtering in memory
        shows the same rows again and need not format their amounts and dates anew."""
        self._exhausted = True
        self._total: int | None = 0
        self._filter = ListFilter()
        self._sort_column = self.DEFAULT_SORT
        self._descending = self.DEFAULT_DESCENDING
        self._searchable: queries.Searchable | None = None
        self._searchable_for: tuple[Any, ...] | None = None
        """The (filter without text, sort) the loaded ``_searchable`` holds the rows of."""
        self._searched: tuple[str, queries.Searchable] | None = None
        """The last search text filtered in memory and what it found (typing on narrows it)."""

    # --- state ---------------------------------------------------------------------------------

    @property
    def total(self) -> int | None:
        """How many rows match the filter (not only the fetched ones); ``None`` while a
        background count is still running."""
        return self._total

    @property
    def list_filter(self) -> ListFilter:
        return self._filter

    def set_filter(self, filt: ListFilter) -> None:
        """Narrow the list: in memory when only the search text changed and every row of the
        rest of the filter is loaded (``searchable_ready``), else in SQL."""
        self._filter = filt
        if self._searchable is not None and self._searchable_for == self._search_key():
            self._show_searched(self._searchable)
        else:
            self.refresh()

    @property
    def searchable_ready(self) -> bool:
        """True when a change of the search text is filtered in memory."""
        return self._searchable is not None and self._searchable_for == self._search_key()

    def _search_key(self) -> tuple[Any, ...]:
        return (replace(self._filter, tekst=""), *self.sort_state())

    def _show_searched(self, loaded: queries.Searchable) -> None:
        tekst = self._filter.tekst
        within = None
        if self._searched is not None and loaded.narrows(self._searched[0], tekst):
            within = self._searched[1]
        found = loaded.filter(tekst, within)
        self._searched = (tekst, found)
        self._generation += 1
        self.beginResetModel()
        self._texts.clear()
        self._rows = found.rows
        self._exhausted = True
        self._total = len(self._rows)
        self.endResetModel()
        self.count_changed.emit()

    def _load_searchable(self) -> None:
        """Load every row of the filter without its text, off the GUI thread."""
        key, db, actor, kind = self._search_key(), self._db, self._actor, self.KIND
        sort, descending = self.sort_state()
        self._searchable, self._searchable_for, self._searched = None, None, None

        def loaded(found: queries.Searchable | None) -> None:
            if found is not None and key == self._search_key():  # not overtaken meanwhile
                self._searchable, self._searchable_for = found, key
                # long-lived rows (50,000 pupils): a full collection need not walk them again
                # (it took 0.5-0.8 s on the loaded benchmark machine); plain rows without
                # cycles are still freed when the list lets go of them
                gc.freeze()

        run_in_background(
            self,
            lambda: queries.searchable(db, actor, kind, key[0], sort=sort, descending=descending),
            loaded,
        )

    def refresh(self) -> None:
        """Fetch the first page and count again (off the GUI thread with ``background_count``:
        the table shows the first page at once and the count follows, and every row of the
        filter without its text is loaded for the search in memory)."""
        self._query_first_page()
        if self._background_count and queries.SPECS[self.KIND].search_columns is not None:
            self._load_searchable()

    def _query_first_page(self) -> None:
        self._generation += 1
        self.beginResetModel()
        self._texts.clear()
        self._texts_of.clear()
        self._rows = self._fetch(0)
        self._exhausted = len(self._rows) < self._page_size
        if self._exhausted:
            self._total = len(self._rows)
        elif self._background_count:
            self._total = None
        else:
            self._total = queries.count(self._db, self._actor, self.KIND, self._filter)
        self.endResetModel()
        if self._total is None:
            self._count_in_background()
        else:
            self.count_changed.emit()

    def _count_in_background(self) -> None:
        generation, db, kind, filt = self._generation, self._db, self.KIND, self._filter
        actor = self._actor

        def counted(total: int) -> None:
            if generation == self._generation:  # not overtaken by a newer filter
                self._total = total
                self.count_changed.emit()

        run_in_background(self, lambda: queries.count(db, actor, kind, filt), counted)

    def sort_state(self) -> tuple[str | None, bool]:
        """The column name the rows are sorted on (``None``: the default order) and whether
        descending: what an export of the list repeats."""
        column = self.COLUMNS[self._sort_column]
        return (column.attr if column.sortable else None), self._descending

    def row_at(self, row: int) -> Any:
        """The row dataclass at ``row``."""
        return self._rows[row]

    def _fetch(self, offset: int) -> list[Any]:
        sort, descending = self.sort_state()
        return queries.fetch(
            self._db,
            self._actor,
            self.KIND,
            self._filter,
            sort=sort,
            descending=descending,
            offset=offset,
            limit=self._page_size,
        )

    # --- Qt model API --------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every visible cell and role on each paint: plain int roles and cached texts.
        if role not in _ROLES_SERVED or not index.isValid():
            return None
        r = index.row()
        if not 0 <= r < len(self._rows):
            return None
        if role in _TEXT_ROLES:
            cells = self._texts.get(r)
            if cells is None:
                row = self._rows[r]
                cells = self._texts_of.get(row)
                if cells is None:
                    cells = self._texts_of[row] = self._row_texts(row)
                self._texts[r] = cells
            return cells[index.column()]
        column = self.COLUMNS[index.column()]
        if role == _ALIGN:
            return _RIGHT if column.right else _LEFT
        row = self._rows[r]
        if role == SORT_ROLE:
            return None if column.attr == "*" else getattr(row, column.attr)
        if role == ROW_ROLE:
            return row
        if role == ID_ROLE:
            return row.id
        return None

    def _row_texts(self, row: Any) -> list[str]:
        return [
            column.text(row if column.attr == "*" else getattr(row, column.attr))
            for column in self.COLUMNS
        ]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < len(self.COLUMNS)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section].header
        if role == Qt.ItemDataRole.TextAlignmentRole:
            right = self.COLUMNS[section].right
            horizontal = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = self._fetch(len(self._rows))
        if len(more) < self._page_size:
            self._exhausted = True
        if not more:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(self.COLUMNS)) or not self.COLUMNS[column].sortable:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self._sort_column, self._descending) and self._rows:
            return
        self._sort_column, self._descending = column, descending
        self.refresh()
