"""Scholen & besturen: the page with the lists of schools and of school boards in two tabs, and
the DUO import for those who keep them (the secretariaat and the beheerder)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.services.scholen import EDITORS as SCHOOL_EDITORS
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.duo_import_dialog import DuoImportDialog
from swv_desktop.ui.dialogs.opening import show_modal
from swv_desktop.ui.list_configs import LIST_CONFIGS
from swv_desktop.ui.lists import ListScreen
from swv_desktop.ui.widgets.controls import push_button


def titled(title: str, inner: QWidget) -> QVBoxLayout:
    """A page layout: the page title above ``inner`` (for pages made of tabs)."""
    label = QLabel(title)
    label.setObjectName("paginatitel")
    layout = QVBoxLayout()
    layout.setContentsMargins(16, 12, 16, 12)
    layout.addWidget(label)
    layout.addWidget(inner, 1)
    return layout


class ScholenPage(QWidget):
    """Scholen & besturen: two lists in tabs."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scholen = ListScreen(ctx, LIST_CONFIGS["school"])
        self.besturen = ListScreen(ctx, LIST_CONFIGS["bestuur"])
        for screen in (self.scholen, self.besturen):
            screen.layout().setContentsMargins(0, 8, 0, 0)
            screen.title_label.hide()  # the page title and the tab say it already
        self.tabs = QTabWidget()
        self.tabs.addTab(self.scholen, "Scholen")
        self.tabs.addTab(self.besturen, "Besturen")
        self.tabs.setDocumentMode(True)
        self.ctx = ctx
        self.import_button = push_button(
            "Importeren uit DUO…", "duo_importeren", self.import_from_duo
        )
        self.import_button.setToolTip("Scholen en besturen uit de open data van DUO of uit Excel")
        self.import_button.setVisible(ctx.actor.rol in SCHOOL_EDITORS)
        self.tabs.setCornerWidget(self.import_button)
        self.setLayout(titled("Scholen & besturen", self.tabs))

    def import_from_duo(self) -> QWidget:
        """The DUO import; both lists are read again when something was imported."""
        return show_modal(DuoImportDialog(self.ctx, self), self._after_import)

    def _after_import(self, result: int) -> None:
        if result:
            self.scholen.refresh()
            self.besturen.refresh()

    def current_list(self) -> ListScreen:
        widget = self.tabs.currentWidget()
        assert isinstance(widget, ListScreen)
        return widget
