"""A list screen: instant search, filter choices, a lazily fetched table; Enter opens the record.

The search field filters after a short pause in typing (debounce) so each keystroke does not
re-query; the filters and the column sort are applied in SQL by the table model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop import paths
from swv_desktop.formatting import thousands
from swv_desktop.services import auth
from swv_desktop.services import schooljaren
from swv_desktop.services.queries import export as list_export
from swv_desktop.services.queries import lists as queries
from swv_desktop.services.queries.lists import ListFilter
from swv_desktop.ui import openers
from swv_desktop.ui import save_as
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs import form_base
from swv_desktop.ui.list_configs import ListConfig
from swv_desktop.ui.record_table import RecordTable
from swv_desktop.ui.table_models import ID_ROLE
from swv_desktop.ui.table_models import TABLE_MODELS
from swv_desktop.ui.table_models import QueryTableModel
from swv_desktop.ui.widgets.controls import page_header
from swv_desktop.ui.widgets.controls import push_button
from swv_desktop.ui.widgets.controls import text_field
from swv_desktop.ui.worker import run_in_background

SEARCH_DEBOUNCE_MS = 150


def _fill(combo: QComboBox, all_label: str, choices: list[tuple[Any, str]]) -> None:
    combo.addItem(all_label, None)
    for value, label in choices:
        combo.addItem(label, value)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)


class ListScreen(QWidget):
    """Search field, filter choices, count and table of one list kind."""

    ask_path: save_as.SavePathAsker = staticmethod(save_as.ask_save_path)
    """Where to save an export (tests replace it on the instance)."""

    def __init__(self, ctx: UiContext, config: ListConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.config = config
        self.kind = config.kind
        model_cls: type[QueryTableModel] = TABLE_MODELS[config.kind]
        self.model = model_cls(ctx.db, ctx.actor, self, background_count=True)

        self.search = text_field(f"zoek_{config.kind}", placeholder="Zoeken (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self.to_results)
        self.search.installEventFilter(self)

        self.combos: dict[str, QComboBox] = {}
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        for name, combo in self._build_combos().items():
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
            self.combos[name] = combo
            filters.addWidget(combo)

        title = self.title_label = QLabel(config.title)
        title.setObjectName("paginatitel")
        self.count_label = QLabel()
        self.count_label.setObjectName("aantal")
        self.new_button = QPushButton(config.new_label)
        self.new_button.setVisible(ctx.actor.rol in config.creators)
        self.new_button.clicked.connect(self.create_new)
        self.export_button = push_button(
            "Naar Excel", f"exporteer_{config.kind}", self.export_to_excel
        )
        self.export_button.setToolTip(
            "De lijst zoals hij nu gefilterd en gesorteerd is, als Excel-bestand"
        )
        self.export_button.setVisible(ctx.actor.rol in list_export.EXPORTERS[config.kind])
        header = page_header([title], self.count_label, [self.export_button, self.new_button])

        self.table = RecordTable()
        self.table.setObjectName(f"tabel_{config.kind}")
        self.table.setModel(self.model)
        column = self.model.DEFAULT_SORT
        order = (
            Qt.SortOrder.DescendingOrder
            if self.model.DEFAULT_DESCENDING
            else Qt.SortOrder.AscendingOrder
        )
        self.table.horizontalHeader().setSortIndicator(column, order)
        self.table.setSortingEnabled(True)
        self.table.open_requested.connect(self.open_index)
        self.model.modelReset.connect(self._update_count)
        self.model.count_changed.connect(self._update_count)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(header)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.search)
        self.model.refresh()
        self.table.resizeColumnsToContents()
        self._cap_column_widths()

    def _build_combos(self) -> dict[str, QComboBox]:
        cfg, db = self.config, self.ctx.db
        combos: dict[str, QComboBox] = {}
        if cfg.schooljaar:
            combos["schooljaar"] = QComboBox()
            jaren = [(j.id, j.label) for j in schooljaren.list_schooljaren(db)]
            _fill(combos["schooljaar"], "Alle schooljaren", jaren)
        if cfg.bestuur:
            combos["bestuur"] = QComboBox()
            besturen = [
                (b.id, b.naam) for b in queries.fetch(db, self.ctx.actor, "bestuur", limit=1000)
            ]
            _fill(combos["bestuur"], "Alle besturen", besturen)
        if cfg.school:
            combos["school"] = QComboBox()
            scholen = [
                (s.id, s.naam) for s in queries.fetch(db, self.ctx.actor, "school", limit=1000)
            ]
            _fill(combos["school"], "Alle scholen", scholen)
        if cfg.status:
            combos["status"] = QComboBox()
            _fill(combos["status"], "Elke status", list(cfg.status))
        if cfg.contactpersoon:
            combos["contactpersoon"] = QComboBox()
            _fill(combos["contactpersoon"], "Alle contactpersonen", auth.list_contactpersonen(db))
        for name, combo in combos.items():
            combo.setObjectName(f"filter_{name}")
            combo.setMaximumWidth(280)
        return combos

    def _cap_column_widths(self) -> None:
        header = self.table.horizontalHeader()
        for col, column in enumerate(self.model.COLUMNS):
            width = self.table.columnWidth(col) + 12
            self.table.setColumnWidth(col, max(70, min(width, column.max_width)))
        if self.model.STRETCH is not None:
            header.setStretchLastSection(False)
            header.setSectionResizeMode(self.model.STRETCH, QHeaderView.ResizeMode.Stretch)

    def current_filter(self) -> ListFilter:
        """The filter the search field and the choices describe."""

        def value(name: str) -> Any:
            combo = self.combos.get(name)
            return None if combo is None else combo.currentData()

        return ListFilter(
            tekst=self.search.text().strip(),
            schooljaar_id=value("schooljaar"),
            school_id=value("school"),
            status=value("status"),
            contactpersoon_id=value("contactpersoon"),
            bestuur_id=value("bestuur"),
        )

    def apply_filter(self) -> None:
        """Re-query with the current search text and choices."""
        self._debounce.stop()
        filt = self.current_filter()
        if filt != self.model.list_filter:
            self.model.set_filter(filt)

    def set_choice(self, name: str, value: Any) -> None:
        """Select ``value`` in the filter choice ``name`` (for the dashboard's links)."""
        combo = self.combos[name]
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    def refresh(self) -> None:
        """Query again (after a record was saved)."""
        self.model.refresh()

    def _update_count(self, *_args: Any) -> None:
        total = self.model.total
        noun = self.config.noun_plural
        if total == 1 and self.config.noun:
            noun = self.config.noun
        if total is None:  # still counting: at least the rows shown
            self.count_label.setText(f"{thousands(self.model.rowCount())}+ {noun}")
        else:
            self.count_label.setText(f"{thousands(total)} {noun}")

    def to_results(self) -> None:
        """Enter in the search field: filter now and put the cursor on the first result."""
        self.apply_filter()
        if self.model.rowCount() > 0:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.table.currentIndex().isValid():
                self.table.setCurrentIndex(self.model.index(0, 0))
            self.table.selectRow(self.table.currentIndex().row())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Down in the search field moves to the results."""
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
        ):
            self.to_results()
            return True
        return super().eventFilter(watched, event)

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the search field."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def export_columns(self) -> list[list_export.ExportColumn]:
        """The shown columns, in the order the user sees them, with their headers."""
        header = self.table.horizontalHeader()
        shown = [
            logical
            for logical in sorted(range(header.count()), key=header.visualIndex)
            if not header.isSectionHidden(logical)
        ]
        columns = self.model.COLUMNS
        return [
            list_export.ExportColumn(
                "stand" if columns[i].attr == "*" else columns[i].attr, columns[i].header
            )
            for i in shown
        ]

    def export_to_excel(self) -> None:
        """Save the list as it is filtered and sorted now as an xlsx (written off the GUI thread)."""
        self.apply_filter()
        suggested = paths.safe_file_name(
            f"{self.config.noun_plural}-{self.ctx.db.clock().date().isoformat()}", ".xlsx"
        )
        path = self.ask_path(self, f"{self.config.title} exporteren naar Excel", suggested)
        if path is None:
            return
        db, actor, kind = self.ctx.db, self.ctx.actor, self.kind
        columns, filt = self.export_columns(), self.model.list_filter
        sort, descending = self.model.sort_state()
        self.export_button.setEnabled(False)

        def work() -> int:
            result = list_export.export_list(
                db, actor, kind, columns, filt, sort=sort, descending=descending
            )
            paths.write_atomic(Path(path), result.xlsx)
            return result.rijen

        def done(rijen: int) -> None:
            self.export_button.setEnabled(True)
            form_base.show_message(
                self,
                "Export opgeslagen",
                f"{thousands(rijen)} {self.config.noun if rijen == 1 else self.config.noun_plural}"
                f" staan in {path}.",
                "information",
            )

        def failed(error: BaseException) -> None:
            self.export_button.setEnabled(True)
            save_as.export_failed(self, error)

        run_in_background(self, work, done, failed)

    def create_new(self) -> None:
        """Ctrl+N: the empty form of this kind (when the role may add one)."""
        if self.ctx.actor.rol not in self.config.creators:
            return
        openers.new_record(self.kind, self, self.ctx, self._after_close)

    def open_index(self, index: QModelIndex) -> None:
        """Open the record of a row."""
        record_id = self.model.data(self.model.index(index.row(), 0), ID_ROLE)
        if record_id is not None:
            self.open_record(int(record_id))

    def open_record(self, record_id: int) -> QWidget:
        """Open one record through the opener registry; refresh the list when it closes."""
        return openers.open_record(self.kind, record_id, self, self.ctx, self._after_close)

    def _after_close(self, result: int) -> None:
        if result:  # accepted: something was saved
            self.refresh()
