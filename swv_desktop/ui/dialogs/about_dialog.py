"""Over dit programma: the version and where everything is (``services.over``), with a button
that copies the lines for the beheerder or support."""

from __future__ import annotations

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QSize
from PySide6.QtCore import Qt
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.services.over import about_lines
from swv_desktop.ui.context import UiContext


class AboutDialog(QDialog):
    """The about box: what this program is, its version and its places on disk or server."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Over dit programma")
        self.setObjectName("over")
        self.lines = [
            *about_lines(ctx.db, ctx.actor),
            ("Qt", f"{qVersion()} (PySide6 {pyside_version})"),
        ]
        intro = QLabel(
            "<b>swv-desktop</b>: de back office voor de pilot Maatwerkbudget van het "
            "samenwerkingsverband VO."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for label, value in self.lines:
            shown = QLabel(value)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{label}:", shown)
            self.values[label] = shown
        buttons = QDialogButtonBox()
        self.copy_button = buttons.addButton("Kopiëren", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setToolTip(
            "De gegevens hierboven naar het klembord (zonder persoonsgegevens)"
        )
        self.copy_button.clicked.connect(self.copy)
        close = buttons.addButton("Sluiten", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(620)

    def wanted_size(self) -> QSize:
        """As large as the lines need (``fit_to_screen`` asks)."""
        return self.sizeHint()

    def copy(self) -> None:
        """Put the lines on the clipboard as plain text."""
        QApplication.clipboard().setText("\n".join(f"{k}: {v}" for k, v in self.lines))
