"""The choice of a schooljaar that the overview and the VSO register start on the current one."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from swv_desktop.services import schooljaren
from swv_desktop.services.dashboard import default_schooljaar
from swv_desktop.ui.context import UiContext


def schooljaar_combo(ctx: UiContext, name: str, all_years: str | None = None) -> QComboBox:
    """The schooljaren (item data: the id), the one of today chosen (``default_schooljaar``);
    with ``all_years`` a first item of that text (data ``None``) stands for every year. Connect
    to it after this: choosing the current year signals nothing."""
    combo = QComboBox()
    combo.setObjectName(name)
    jaren = schooljaren.list_schooljaren(ctx.db)
    if all_years is not None:
        combo.addItem(all_years, None)
    for jaar in jaren:
        combo.addItem(jaar.label, jaar.id)
    chosen = default_schooljaar(jaren, ctx.today())
    if chosen is not None:
        combo.setCurrentIndex(combo.findData(chosen))
    return combo
