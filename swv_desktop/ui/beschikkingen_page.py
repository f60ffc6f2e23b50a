"""Beschikkingen: the list of letters, with the secretariaat's batch work above it: print every
issued letter of the schooljaar that has not been sent (in kenmerk order) and export them all to
a folder (one PDF per kenmerk and one combined file)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import KnownError
from swv_desktop.services import schooljaren
from swv_desktop.services.beschikkingen import afdrukken
from swv_desktop.services.beschikkingen.uitgifte import export_letters
from swv_desktop.services.dashboard import default_schooljaar
from swv_desktop.ui import printing
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs import form_base
from swv_desktop.ui.list_configs import LIST_CONFIGS
from swv_desktop.ui.lists import ListScreen
from swv_desktop.ui.widgets.controls import push_button


class BeschikkingenPage(QWidget):
    """The beschikkingen list and, for who prints, the batch buttons."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.list = ListScreen(ctx, LIST_CONFIGS["beschikking"])
        self.print_button = push_button(
            "Onverzonden afdrukken…", "onverzonden_afdrukken", self.print_unsent
        )
        self.print_button.setToolTip(
            "Alle uitgegeven, nog niet verzonden beschikkingen van het gekozen schooljaar, "
            "op kenmerk, in één afdruk"
        )
        self.export_button = push_button("Exporteren naar map…", "exporteren", self.export_all)
        self.export_button.setToolTip(
            "Alle uitgegeven beschikkingen van het gekozen schooljaar: één PDF per kenmerk en "
            "één bestand met alles"
        )
        self.year_note = QLabel()
        self.year_note.setObjectName("hulptekst")
        bar = QHBoxLayout()
        bar.setContentsMargins(16, 0, 16, 8)
        bar.addWidget(self.year_note, 1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.export_button)
        may_print = ctx.actor.rol in afdrukken.PRINTERS
        self.print_button.setVisible(may_print)
        self.export_button.setVisible(may_print)
        self.year_note.setVisible(may_print)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.list, 1)
        layout.addLayout(bar)
        self.setFocusProxy(self.list)
        combo = self.list.combos.get("schooljaar")
        if combo is not None:
            combo.currentIndexChanged.connect(lambda _i: self._show_year())
        self._show_year()

    def current_list(self) -> ListScreen:
        """The list on this page (Ctrl+F, Ctrl+N)."""
        return self.list

    def schooljaar_label(self) -> str | None:
        """The schooljaar chosen in the list's filter, else the current one."""
        jaren = schooljaren.list_schooljaren(self.ctx.db)
        combo = self.list.combos.get("schooljaar")
        chosen = combo.currentData() if combo is not None else None
        if chosen is None:
            chosen = default_schooljaar(jaren, self.ctx.today())
        return next((j.label for j in jaren if j.id == chosen), None)

    def _show_year(self) -> None:
        label = self.schooljaar_label()
        self.year_note.setText(f"Afdrukken en exporteren: schooljaar {label}" if label else "")
        self.print_button.setEnabled(label is not None)
        self.export_button.setEnabled(label is not None)

    def print_unsent(self) -> int | None:
        """Print every unsent issued letter of the schooljaar; the pages printed."""
        label = self.schooljaar_label()
        if label is None:
            return None
        try:
            letters = afdrukken.unsent_letters(self.ctx.db, self.ctx.actor, label)
            if not letters:
                form_base.show_message(
                    self,
                    "Niets af te drukken",
                    f"Alle uitgegeven beschikkingen van {label} zijn al verzonden.",
                    "information",
                )
                return None
            word = "beschikking" if len(letters) == 1 else "beschikkingen"
            pages = printing.print_letters(
                self, self.ctx, letters, f"{len(letters)} {word} {label} afdrukken"
            )
        except KnownError as error:
            form_base.show_message(self, "Afdrukken niet gelukt", error.message)
            return None
        if pages is not None:
            sheets = "pagina" if pages == 1 else "pagina's"
            form_base.show_message(
                self,
                "Afgedrukt",
                f"{len(letters)} {word} ({pages} {sheets}) naar de printer gestuurd, van "
                f"{letters[0].kenmerk} tot en met {letters[-1].kenmerk}. Leg na het posten de "
                "verzenddatum vast.",
                "information",
            )
        return pages

    def export_all(self) -> bool:
        """Write every issued letter of the schooljaar to a folder the user picks."""
        label = self.schooljaar_label()
        if label is None:
            return False
        folder = printing.choose_folder(self, f"Map voor de beschikkingen van {label}")
        if folder is None:
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = export_letters(self.ctx.db, self.ctx.actor, label, folder)
        except KnownError as error:
            form_base.show_message(self, "Exporteren niet gelukt", error.message)
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        form_base.show_message(self, "Geëxporteerd", str(result), "information")
        return True
