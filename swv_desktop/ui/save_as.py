"""The Save-as question, one place: a file dialog that starts in the Documents folder with a
suggested file name (never a pupil's name) and a filter; tests replace ``ask_save_path``. And
what happens after it for an export: the file written atomically, or why not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QWidget

from swv_desktop import paths
from swv_desktop.errors import KnownError
from swv_desktop.ui.dialogs import form_base

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


def export_failed(parent: QWidget, error: BaseException) -> None:
    """Explain an export that did not happen: refused by the service, or a file that could not be
    written; anything else is a bug and goes on."""
    if isinstance(error, KnownError):
        form_base.show_message(parent, "Niet geëxporteerd", str(error))
    elif isinstance(error, OSError):
        form_base.show_message(
            parent,
            "Niet opgeslagen",
            f"Het bestand kon niet worden opgeslagen ({error.strerror or error}). "
            "Kies een andere map.",
        )
    else:
        raise error


def save_export(parent: QWidget, path: Path, make: Callable[[], tuple[bytes, str]]) -> bool:
    """Write the file ``make()`` returns to ``path`` (atomically) and show its sentence under
    "Export opgeslagen"; ``False`` (explained) when it was refused or could not be written."""
    try:
        data, done = make()
        paths.write_atomic(path, data)
    except (KnownError, OSError) as error:
        export_failed(parent, error)
        return False
    form_base.show_message(parent, "Export opgeslagen", done, "information")
    return True
