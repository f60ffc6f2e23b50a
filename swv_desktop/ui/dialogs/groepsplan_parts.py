"""The two lists of the groepsplan editor: the checkable pupils of a school (with search) and the
estimated cost lines (description, kind, amount) with add/remove and a running total."""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItem
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QListView
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import FieldError
from swv_desktop.formatting import money
from swv_desktop.formatting import money_plain
from swv_desktop.formatting import parse_money
from swv_desktop.models import KostenSoort
from swv_desktop.services.aanvragen.regels import KostenregelInput
from swv_desktop.services.queries import lists as queries
from swv_desktop.services.queries.lists import ListFilter
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.widgets.controls import button_row
from swv_desktop.ui.widgets.controls import push_button
from swv_desktop.ui.widgets.controls import text_field

MAX_LEERLINGEN_LISTED = 5000
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def school_leerlingen(ctx: UiContext, school_id: int) -> list[Any]:
    """The pupils of ``school_id`` the signed-in person may see, by name, as the pupil list
    shows them (at most ``MAX_LEERLINGEN_LISTED``)."""
    return queries.fetch(
        ctx.db,
        ctx.actor,
        "leerling",
        ListFilter(school_id=school_id),
        sort="naam",
        limit=MAX_LEERLINGEN_LISTED,
    )


class _LeerlingFilter(QSortFilterProxyModel):
    """Text filter plus, in read-only mode, only the chosen pupils."""

    only_checked = False

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:  # noqa: N802
        if self.only_checked:
            index = self.sourceModel().index(source_row, 0, source_parent)
            if index.data(Qt.ItemDataRole.CheckStateRole) != Qt.CheckState.Checked.value:
                return False
        return super().filterAcceptsRow(source_row, source_parent)


class LeerlingPicker(QWidget):
    """A checkable list of the pupils of one school, with a search field and a count."""

    changed = Signal()

    def __init__(self, ctx: UiContext, minimum: int = 5, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.minimum = minimum
        self.model = QStandardItemModel(self)
        self.proxy = _LeerlingFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = text_field("groep_zoeken", placeholder="Zoek op naam of leerlingnummer")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QListView()
        self.view.setObjectName("groep_leerlingen")
        self.view.setModel(self.proxy)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setMinimumHeight(150)
        self.count = QLabel()
        self.count.setObjectName("groep_aantal")
        self.empty = QLabel(
            "Kies eerst de school op het tabblad Aanvraag; hier verschijnen dan haar leerlingen."
        )
        self.empty.setObjectName("hulptekst")
        self.empty.setWordWrap(True)
        self.model.itemChanged.connect(self._on_item_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        self._update_count()

    def load_school(self, school_id: int | None, keep: list[int] | None = None) -> None:
        """List the pupils of ``school_id``; ``keep`` are checked (ids of another school drop)."""
        chosen = set(keep if keep is not None else self.selected_ids())
        self.model.clear()
        if school_id is not None:
            rows = school_leerlingen(self.ctx, school_id)
            items = []
            for row in rows:
                item = QStandardItem(f"{row.naam}  ·  {row.leerlingnummer}  ·  {row.klas}")
                item.setData(row.id, ID_ROLE)
                item.setCheckable(True)
                item.setEditable(False)
                item.setCheckState(
                    Qt.CheckState.Checked if row.id in chosen else Qt.CheckState.Unchecked
                )
                items.append(item)
            if items:
                self.model.invisibleRootItem().appendRows(items)
        if school_id is None:
            self.empty.setText(
                "Kies eerst de school op het tabblad Aanvraag; hier verschijnen dan haar leerlingen."
            )
        else:
            self.empty.setText(
                "Deze school heeft nog geen leerlingen. Voeg ze eerst toe onder Leerlingen."
            )
        self.empty.setVisible(self.model.rowCount() == 0)
        self._update_count()
        self.changed.emit()

    def selected_ids(self) -> list[int]:
        """The ids of the checked pupils, in list order."""
        ids = []
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(int(item.data(ID_ROLE)))
        return ids

    def state(self) -> tuple[int, ...]:
        """The chosen ids (for the unsaved-changes check)."""
        return tuple(self.selected_ids())

    def set_read_only(self, read_only: bool) -> None:
        """Show only the chosen pupils, without checkboxes that can change."""
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not read_only:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        for row in range(self.model.rowCount()):
            self.model.item(row).setFlags(flags)
        self.proxy.only_checked = read_only
        self.proxy.invalidate()
        self.search.setVisible(not read_only)

    def set_checked(self, leerling_id: int, checked: bool = True) -> None:
        """Check or uncheck one pupil (tests and keyboard helpers)."""
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            if int(item.data(ID_ROLE)) == leerling_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                return

    def _on_item_changed(self, _item: QStandardItem) -> None:
        self._update_count()
        self.changed.emit()

    def _update_count(self) -> None:
        n = len(self.selected_ids())
        word = "leerling" if n == 1 else "leerlingen"
        if n < self.minimum:
            self.count.setText(
                f"{n} {word} gekozen; een groepsaanpak is voor minstens {self.minimum}."
            )
            self.count.setStyleSheet("color:#8a5a00;")
        else:
            self.count.setText(f"{n} {word} gekozen.")
            self.count.setStyleSheet("")


class CostTable(QWidget):
    """The estimated cost lines (description, kind, amount) with add/remove and the total."""

    changed = Signal()
    COL_OMSCHRIJVING, COL_SOORT, COL_BEDRAG = range(3)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("kostenregels")
        self.table.setHorizontalHeaderLabels(["Omschrijving", "Soort", "Bedrag"])
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.COL_OMSCHRIJVING, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.COL_SOORT, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(self.COL_BEDRAG, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(self.COL_SOORT, 130)
        self.table.setColumnWidth(self.COL_BEDRAG, 110)
        self.table.setMinimumHeight(100)
        self.add_button = push_button(
            "Regel toevoegen", "kosten_toevoegen", lambda: self.add_line(focus=True)
        )
        self.remove_button = push_button(
            "Regel verwijderen", "kosten_verwijderen", self.remove_current
        )
        self.total = QLabel()
        self.total.setObjectName("kosten_totaal")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.note = QLabel(
            "Alleen de kosten van de ondersteuning zelf; ontwikkeltijd wordt niet vergoed."
        )
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        buttons = button_row([self.add_button, self.remove_button], [self.total])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        self._update_total()

    def add_line(
        self,
        omschrijving: str = "",
        soort: KostenSoort = KostenSoort.ONDERSTEUNING,
        bedrag_cents: int | None = None,
        *,
        focus: bool = False,
    ) -> int:
        """Append a line; returns its row."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        text = QLineEdit(omschrijving)
        text.setPlaceholderText("Bijvoorbeeld: orthopedagoog, 40 uur")
        text.setFrame(False)
        kind = QComboBox()
        for option in KostenSoort:
            kind.addItem(option.label, option)
        kind.setCurrentIndex(kind.findData(soort.value))
        amount = QLineEdit("" if bedrag_cents is None else money_plain(bedrag_cents))
        amount.setPlaceholderText("0,00")
        amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        amount.setFrame(False)
        text.textChanged.connect(self._emit_changed)
        kind.currentIndexChanged.connect(self._emit_changed)
        amount.textChanged.connect(self._emit_changed)
        amount.editingFinished.connect(lambda a=amount: self._tidy_amount(a))
        text.setCursorPosition(0)
        text.setToolTip(omschrijving)
        text.textChanged.connect(text.setToolTip)
        self.table.setCellWidget(row, self.COL_OMSCHRIJVING, text)
        self.table.setCellWidget(row, self.COL_SOORT, kind)
        self.table.setCellWidget(row, self.COL_BEDRAG, amount)
        self._update_total()
        if focus:
            self.table.setCurrentCell(row, self.COL_OMSCHRIJVING)
            text.setFocus()
        return row

    def widgets(self, row: int) -> tuple[QLineEdit, QComboBox, QLineEdit]:
        """The description, kind and amount editors of ``row``."""
        text = self.table.cellWidget(row, self.COL_OMSCHRIJVING)
        kind = self.table.cellWidget(row, self.COL_SOORT)
        amount = self.table.cellWidget(row, self.COL_BEDRAG)
        assert isinstance(text, QLineEdit) and isinstance(kind, QComboBox)
        assert isinstance(amount, QLineEdit)
        return text, kind, amount

    def remove_current(self) -> None:
        """Remove the selected line (or the last one when none is selected)."""
        row = self.table.currentRow()
        if row < 0:
            for candidate in range(self.table.rowCount()):
                if any(w.hasFocus() for w in self.widgets(candidate)):
                    row = candidate
        if row < 0:
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)
            self._emit_changed()

    def set_lines(self, lines: list[KostenregelInput]) -> None:
        """Replace every line."""
        self.table.setRowCount(0)
        for line in lines:
            self.add_line(line.omschrijving, line.soort, line.bedrag_cents)
        self._update_total()

    def lines(self) -> tuple[list[KostenregelInput], list[FieldError]]:
        """The lines typed so far (blank rows skipped) and the amounts that could not be read."""
        lines: list[KostenregelInput] = []
        errors: list[FieldError] = []
        for row in range(self.table.rowCount()):
            text, kind, amount = self.widgets(row)
            if not text.text().strip() and not amount.text().strip():
                continue
            try:
                cents = parse_money(amount.text())
            except ValueError as exc:
                errors.append(FieldError("kostenregels", f"Kostenregel {row + 1}: {exc}"))
                cents = 0
            # Qt hands a StrEnum back as its plain value
            lines.append(KostenregelInput(text.text(), KostenSoort(kind.currentData()), cents))
        return lines, errors

    def state(self) -> tuple[tuple[str, str, str], ...]:
        """What the lines show (for the unsaved-changes check)."""
        rows = []
        for row in range(self.table.rowCount()):
            text, kind, amount = self.widgets(row)
            rows.append((text.text(), str(kind.currentData()), amount.text()))
        return tuple(rows)

    def total_cents(self) -> int:
        """The sum of the amounts that can be read."""
        return sum(line.bedrag_cents for line in self.lines()[0])

    def set_read_only(self, read_only: bool) -> None:
        """Lock or unlock every line and the buttons."""
        for row in range(self.table.rowCount()):
            text, kind, amount = self.widgets(row)
            text.setReadOnly(read_only)
            amount.setReadOnly(read_only)
            kind.setEnabled(not read_only)
        self.add_button.setVisible(not read_only)
        self.remove_button.setVisible(not read_only)

    def _tidy_amount(self, amount: QLineEdit) -> None:
        with contextlib.suppress(ValueError):
            amount.setText(money_plain(parse_money(amount.text())))

    def _emit_changed(self, *_args: object) -> None:
        self._update_total()
        self.changed.emit()

    def _update_total(self) -> None:
        lines, errors = self.lines()
        total = sum(line.bedrag_cents for line in lines)
        development = sum(
            line.bedrag_cents for line in lines if line.soort is KostenSoort.ONTWIKKELTIJD
        )
        text = f"Totaal: {money(total)}"
        if development:
            text += f"  (waarvan ontwikkeltijd {money(development)}, niet te vergoeden)"
        if errors:
            text += "  – niet elk bedrag is leesbaar"
        self.total.setText(text)
