"""Input widgets shared by the record forms: a Dutch date field, an amount field, choice lists,
the block of a field with its hint and error line, and the notice shown instead of a form.

Every widget here reads back plain values (``date``, integer cents, an enum member, an id) and
raises ``ValueError`` with a Dutch message for text it cannot read, so a form can turn that into
a field error. ``state()`` gives a comparable value for the "unsaved changes" check.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING
from typing import Any
from typing import Generic
from typing import TypeVar

from PySide6.QtCore import QDate
from PySide6.QtCore import QLocale
from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QCalendarWidget
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QMenu
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QSpinBox
from PySide6.QtWidgets import QToolButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget
from PySide6.QtWidgets import QWidgetAction

from swv_desktop.errors import KnownError
from swv_desktop.errors import PermissionDenied
from swv_desktop.formatting import money_plain
from swv_desktop.formatting import parse_money
from swv_desktop.formatting import parse_short_date
from swv_desktop.formatting import short_date
from swv_desktop.ui.widgets.controls import wrapping_label

if TYPE_CHECKING:
    from swv_desktop.ui.context import UiContext

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")

DUTCH = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)


def _retype(read: Callable[[], T | None], show: Callable[[T], None]) -> None:
    """Once the field is left: show what ``read`` makes of the typed text the field's one way
    (a date as dd-mm-jjjj, an amount as 8.000,00); unreadable text stays for the error to name."""
    try:
        value = read()
    except ValueError:
        return
    if value is not None:
        show(value)


class DateEdit(QWidget):
    """A date typed as ``dd-mm-jjjj`` (``1-8-2021`` is fine too) or picked from a calendar.

    Empty is allowed (``value()`` is ``None``); the form's service decides whether the date is
    required. Alt+Down or F4 opens the calendar. A line edit rather than a ``QDateEdit``: an
    optional date stays truly empty and people can type a date the way they write it.
    """

    changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, today: Callable[[], date] | None = None
    ) -> None:
        super().__init__(parent)
        self._today = today or date.today
        self.line = QLineEdit()
        self.line.setPlaceholderText("dd-mm-jjjj")
        self.line.setMaxLength(10)
        self.line.setFixedWidth(self.line.fontMetrics().horizontalAdvance("00-00-00000") + 24)
        self.line.textChanged.connect(self.changed)
        self.line.editingFinished.connect(lambda: _retype(self.value, self.set_value))
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setToolTip("Kies een datum in de kalender (Alt+Omlaag)")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.open_calendar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line)
        layout.addWidget(self.button)
        layout.addStretch(1)
        self.setFocusProxy(self.line)
        for keys in ("Alt+Down", "F4"):
            shortcut = QShortcut(QKeySequence(keys), self.line)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.open_calendar)
        self.calendar: QCalendarWidget | None = None

    def value(self) -> date | None:
        """The date, ``None`` when empty; ``ValueError`` (Dutch) for unreadable text."""
        text = self.line.text().strip()
        return parse_short_date(text) if text else None

    def set_value(self, value: date | None) -> None:
        """Show ``value`` as ``dd-mm-jjjj`` (empty for ``None``)."""
        self.line.setText(short_date(value))

    def state(self) -> str:
        """The text as typed (for the unsaved-changes check)."""
        return self.line.text().strip()

    def set_read_only(self, read_only: bool) -> None:
        """Show the date without letting it change."""
        self.line.setReadOnly(read_only)
        self.line.setPlaceholderText("" if read_only else "dd-mm-jjjj")
        self.button.setEnabled(not read_only)

    def open_calendar(self) -> None:
        """Pop up a Dutch calendar under the field; a click or Enter picks the date."""
        if self.line.isReadOnly():
            return
        menu = QMenu(self)
        calendar = QCalendarWidget()
        calendar.setLocale(DUTCH)
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        calendar.setGridVisible(True)
        try:
            current = self.value() or self._today()
        except ValueError:
            current = self._today()
        calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)

        def pick(picked: QDate) -> None:
            self.set_value(date(picked.year(), picked.month(), picked.day()))
            menu.close()
            self.line.setFocus()

        calendar.activated.connect(pick)
        calendar.clicked.connect(pick)
        self.calendar = calendar
        menu.popup(self.line.mapToGlobal(self.line.rect().bottomLeft()))
        calendar.setFocus()


class MoneyEdit(QWidget):
    """An amount in euros typed the Dutch way (``8.000,00``); reads back integer cents."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QLineEdit()
        self.line.setPlaceholderText("0,00")
        self.line.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.line.setFixedWidth(self.line.fontMetrics().horizontalAdvance("000.000.000,00") + 16)
        self.line.textChanged.connect(self.changed)
        self.line.editingFinished.connect(lambda: _retype(self.cents, self.set_cents))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(QLabel("€"))
        layout.addWidget(self.line)
        layout.addStretch(1)
        self.setFocusProxy(self.line)

    def cents(self) -> int | None:
        """The amount in cents, ``None`` when empty; ``ValueError`` (Dutch) for unreadable text."""
        text = self.line.text().strip()
        return parse_money(text) if text else None

    def set_cents(self, cents: int | None) -> None:
        """Show ``cents`` as ``8.000,00`` (empty for ``None``)."""
        self.line.setText("" if cents is None else money_plain(cents))

    def state(self) -> str:
        """The text as typed (for the unsaved-changes check)."""
        return self.line.text().strip()

    def set_read_only(self, read_only: bool) -> None:
        """Show the amount without letting it change."""
        self.line.setReadOnly(read_only)
        self.line.setPlaceholderText("" if read_only else "0,00")


class EnumCombo(QComboBox, Generic[E]):
    """A choice of enum members, shown by their Dutch ``.label``."""

    def __init__(
        self, members: Iterable[E], parent: QWidget | None = None, *, current: E | None = None
    ) -> None:
        super().__init__(parent)
        # kept beside the items: Qt would turn a StrEnum member into a plain str
        self.members: list[E] = list(members)
        for member in self.members:
            self.addItem(str(getattr(member, "label", member.value)))
        if current is not None:
            self.set_value(current)

    def value(self) -> E:
        """The chosen member."""
        return self.members[max(self.currentIndex(), 0)]

    def set_value(self, member: E) -> None:
        """Select ``member``."""
        if member in self.members:
            self.setCurrentIndex(self.members.index(member))


class ChoiceCombo(QComboBox):
    """A choice from ``(id, label)`` pairs; ``placeholder`` shows while nothing is chosen.

    With ``none_label`` the first entry means "none" (value ``None``), for optional choices.
    """

    def __init__(
        self,
        choices: Sequence[tuple[int, str]],
        parent: QWidget | None = None,
        *,
        placeholder: str = "",
        none_label: str | None = None,
    ) -> None:
        super().__init__(parent)
        if none_label is not None:
            self.addItem(none_label, None)
        for ident, label in choices:
            self.addItem(label, ident)
        if placeholder and none_label is None:
            self.setPlaceholderText(placeholder)
            self.setCurrentIndex(-1)

    def value(self) -> int | None:
        """The chosen id (``None`` when nothing, or the "none" entry, is chosen)."""
        data: Any = self.currentData()
        return int(data) if data is not None else None

    def set_value(self, ident: int | None) -> None:
        """Select the entry with ``ident`` (nothing, or the "none" entry, for ``None``)."""
        index = self.findData(ident) if ident is not None else -1
        if ident is None and self.count() and self.itemData(0) is None:
            index = 0
        self.setCurrentIndex(index)


def text_area(lines: int = 4, parent: QWidget | None = None) -> QPlainTextEdit:
    """A multi-line text field about ``lines`` lines high; Tab moves on to the next field."""
    area = QPlainTextEdit(parent)
    area.setTabChangesFocus(True)
    height = area.fontMetrics().lineSpacing() * lines + 14
    area.setMinimumHeight(height)
    area.setSizeAdjustPolicy(QPlainTextEdit.SizeAdjustPolicy.AdjustIgnored)
    return area


def line_edit(max_length: int, placeholder: str = "", width: int | None = None) -> QLineEdit:
    """A one-line text field of at most ``max_length`` characters (and ``width`` pixels)."""
    line = QLineEdit()
    line.setMaxLength(max_length)
    if placeholder:
        line.setPlaceholderText(placeholder)
    if width is not None:
        line.setMaximumWidth(width)
    return line


def field_value(widget: QWidget) -> Any:
    """The value a field holds, as the service input wants it (a date field may raise
    ``ValueError`` for text it cannot read)."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, DateEdit | EnumCombo | ChoiceCombo):
        return widget.value()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    raise TypeError(f"geen veldwaarde voor {type(widget).__name__}")


def set_field_value(widget: QWidget, value: Any) -> None:
    """Show ``value`` in the field ``widget`` (the counterpart of ``field_value``)."""
    if isinstance(widget, QLineEdit):
        widget.setText(value)
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(value)
    elif isinstance(widget, QSpinBox):
        widget.setValue(value)
    elif isinstance(widget, DateEdit | EnumCombo | ChoiceCombo):
        widget.set_value(value)
    elif isinstance(widget, QComboBox):
        widget.setCurrentText(value)
    else:
        raise TypeError(f"geen veldwaarde voor {type(widget).__name__}")


def widget_state(widget: QWidget) -> object:
    """A comparable value of what ``widget`` shows (for the unsaved-changes check)."""
    state = getattr(widget, "state", None)
    if callable(state):
        return state()
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return (widget.currentIndex(), widget.currentText())
    for getter in ("value", "isChecked"):
        method = getattr(widget, getter, None)
        if callable(method):
            return method()
    return None


def set_widget_read_only(widget: QWidget, read_only: bool) -> None:
    """Let ``widget`` show its value without letting it change."""
    custom = getattr(widget, "set_read_only", None)
    if callable(custom):
        custom(read_only)
    elif isinstance(widget, QLineEdit | QPlainTextEdit):
        widget.setReadOnly(read_only)
        if read_only:
            widget.setPlaceholderText("")  # an example value would look like data
    else:
        widget.setEnabled(not read_only)


def field_block(widget: QWidget, error: QLabel, hint: str = "") -> QWidget:
    """``widget`` with an optional grey hint and its (hidden) error line under it.

    The hint and the error use the whole width of the form column, also when ``widget`` is
    kept narrow with a maximum width.
    """
    block = QWidget()
    column = QVBoxLayout(block)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    # a line edit grows up to its maximum width; a combo box keeps the width of its contents
    row.addWidget(widget, 0 if isinstance(widget, QComboBox) else 100)
    row.addStretch(1)
    column.addLayout(row)
    if hint:
        help_label = wrapping_label("hulptekst", hint)
        column.addWidget(help_label)
    column.addWidget(error)
    return block


class NoticeDialog(QDialog):
    """A calm message in place of a form (for example a role that may not see the record)."""

    def __init__(self, parent: QWidget | None, title: str, text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        self.message = wrapping_label("melding", text)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        close = buttons.addButton("Sluiten", QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def refusal_dialog(parent: QWidget | None, what: str, error: KnownError) -> NoticeDialog:
    """The notice shown when a form cannot open: ``what`` names the record ("Leerling")."""
    title = f"{what}: geen toegang" if isinstance(error, PermissionDenied) else what
    return NoticeDialog(parent, title, error.message)


def existing_record_form(
    what: str, missing: str, make: Callable[[UiContext, int, QWidget | None], QWidget]
) -> Callable[[int | None, QWidget | None, UiContext], QWidget]:
    """The opener factory of a form that opens only on an existing record: ``make(ctx,
    record_id, parent)``; without a record id the refusal (titled ``what``) says ``missing``, and
    a form that refuses to open (``KnownError``) says why."""

    def factory(record_id: int | None, parent: QWidget | None, ctx: UiContext) -> QWidget:
        try:
            if record_id is None:
                raise KnownError(missing)
            return make(ctx, record_id, parent)
        except KnownError as error:
            return refusal_dialog(parent, what, error)

    return factory
