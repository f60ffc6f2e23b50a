"""The Save-as question, one place: a file dialog that starts in the Documents folder with a
suggested file name (never a pupil's name) and a filter; tests replace ``ask_save_path``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

SavePathAsker = Callable[[QWidget | None, str, str], Path | None]
"""``ask(parent, title, suggested_file_name)`` -> the chosen path, or ``None`` when cancelled."""

FILTERS = {
    ".xlsx": "Excel-werkmappen (*.xlsx)",
    ".pdf": "PDF-bestanden (*.pdf)",
    ".json": "JSON-bestanden (*.json)",
}


def ask_save_path(parent: QWidget | None, title: str, suggested: str) -> Path | None:
    """A Save-as dialog in the Documents folder, filtered on the suggested file's kind."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    file_filter = FILTERS.get(Path(suggested).suffix.lower(), "Alle bestanden (*)")
    name, _ = QFileDialog.getSaveFileName(parent, title, str(Path(folder) / suggested), file_filter)
    return Path(name) if name else None
