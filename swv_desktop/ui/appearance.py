"""The look of the application: Fusion style, a calm light palette, the house style sheet, Dutch
Qt texts (standard buttons, wizard, file dialogs) and the Dutch locale for number input."""

from __future__ import annotations

import logging
from pathlib import Path

import PySide6
from PySide6.QtCore import QLibraryInfo
from PySide6.QtCore import QLocale
from PySide6.QtCore import QTranslator
from PySide6.QtGui import QColor
from PySide6.QtGui import QFont
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

ACCENT = "#2f6f9f"
NAVY = "#1f3a56"

STYLE_SHEET = f"""
QMainWindow, QDialog {{ background: #f6f7f9; }}
QListWidget#navigatie {{
    background: {NAVY}; color: #e8eef5; border: none; padding-top: 10px; font-size: 11pt;
    outline: 0;
}}
QListWidget#navigatie::item {{ padding-left: 18px; border-left: 4px solid transparent; }}
QListWidget#navigatie::item:selected {{
    background: #2b4d70; color: white; border-left: 4px solid #7fb3e0;
}}
QListWidget#navigatie::item:hover:!selected {{ background: #27486a; }}
QListWidget#navigatie::item:selected:focus {{
    background: #34608a; border-left: 4px solid #ffd166;
}}
QTableView:focus, QTableWidget:focus {{ border: 2px solid {ACCENT}; }}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus {{ border: 2px solid {ACCENT}; }}
QLineEdit:read-only, QPlainTextEdit:read-only {{ background: #f3f4f6; }}
QLabel#paginatitel {{ font-size: 16pt; font-weight: 600; color: {NAVY}; padding: 4px 0; }}
QLabel#subtitel {{ color: #5f6b7a; font-size: 10pt; }}
QLabel#aantal {{ color: #5f6b7a; }}
QWidget#dashboard_inhoud {{ background: #f6f7f9; }}
QFrame#kaart {{ background: white; border: 1px solid #d9dee5; border-radius: 6px; }}
QFrame#kaart QLabel {{ background: transparent; }}
QLabel#kaarttitel {{ font-size: 11pt; font-weight: 600; color: {NAVY}; }}
QLabel#meter_titel {{ font-weight: 600; }}
QFrame#kaart QPushButton[flat="true"] {{
    color: {ACCENT}; font-weight: 600; text-align: right; padding: 2px 6px; border: none;
}}
QFrame#kaart QPushButton[flat="true"]:hover {{ text-decoration: underline; }}
QLabel#veldfout, QLabel#aanmeldfout {{ color: #b3261e; }}
QLabel#hulptekst {{ color: #5f6b7a; }}
QLabel#demo_label {{ color: #8a5a00; font-weight: 600; }}
QLabel#status_demo {{ color: #8a5a00; font-weight: 600; }}
*[fout="true"] {{ border: 1px solid #b3261e; background: #fdeceb; }}
QTableView {{ gridline-color: #e4e8ee; selection-background-color: {ACCENT}; }}
QHeaderView::section {{
    background: #eef1f5; border: none; border-bottom: 1px solid #d9dee5; padding: 4px 6px;
    font-weight: 600;
}}
QGroupBox {{ font-weight: 600; color: {NAVY}; }}
"""


def _palette() -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#f6f7f9"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#202124"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f3f6fa"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#202124"))
    palette.setColor(QPalette.ColorRole.Button, QColor("#eef1f5"))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor("#202124"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.ToolTipText, QColor("#202124"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#7a8594"))
    # setColor(role, ...) above sets every group: disabled widgets must look disabled
    disabled = QPalette.ColorGroup.Disabled
    palette.setColor(disabled, QPalette.ColorRole.ButtonText, QColor("#9aa3ad"))
    palette.setColor(disabled, QPalette.ColorRole.WindowText, QColor("#9aa3ad"))
    palette.setColor(disabled, QPalette.ColorRole.Text, QColor("#9aa3ad"))
    palette.setColor(disabled, QPalette.ColorRole.Button, QColor("#f3f4f6"))
    palette.setColor(disabled, QPalette.ColorRole.Base, QColor("#f3f4f6"))
    return palette


def apply_appearance(app: QApplication) -> None:
    """Style, palette, style sheet, Dutch Qt texts and locale for ``app`` (idempotent)."""
    if app.property("swv_appearance"):
        return
    app.setProperty("swv_appearance", True)
    app.setStyle("Fusion")
    app.setPalette(_palette())
    font = QFont(app.font())
    font.setPointSize(10)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)
    QLocale.setDefault(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
    install_qt_translations(app)


MISSING_DUTCH = {
    "&Look in:": "&Zoeken in:",
    "Files of &type:": "Bestands&type:",
    "Double Sided Printing": "Dubbelzijdig afdrukken",
    "Page &Set:": "&Pagina's:",
    "Long side binding": "Binden aan de lange zijde",
    "Short side binding": "Binden aan de korte zijde",
    "Off": "Uit",
}
"""Texts of Qt's file and print dialogs that Qt's own Dutch catalogue (qtbase_nl) lacks."""
MISSING_CONTEXTS = frozenset({"QFileDialog", "QPrintSettingsOutput"})


class MissingDutch(QTranslator):
    """Fills the gaps of ``qtbase_nl`` (installed after it, so asked first)."""

    def translate(  # noqa: D102 - Qt override
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        if context in MISSING_CONTEXTS:
            return MISSING_DUTCH.get(source)
        return None  # a null string: Qt asks the next translator

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return False


def translation_dirs() -> list[Path]:
    """Where Qt's own translations may be: Qt's configured path, then inside the PySide6 wheel
    (``PySide6/Qt/translations`` on Linux and macOS, ``PySide6/translations`` on Windows)."""
    package = Path(PySide6.__file__).parent
    configured = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    return [configured, package / "Qt" / "translations", package / "translations"]


def install_qt_translations(app: QApplication) -> bool:
    """Qt's own Dutch texts (file and print dialogs, standard buttons); ``False`` (and a log
    line) when no ``qtbase_nl.qm`` was found."""
    dutch = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)
    for folder in translation_dirs():
        translator = QTranslator(app)
        if translator.load(dutch, "qtbase", "_", str(folder)):
            app.installTranslator(translator)
            gaps = MissingDutch(app)
            app.installTranslator(gaps)
            app.setProperty("swv_qt_translators", [translator, gaps])  # keep them referenced
            return True
        translator.deleteLater()
    log.warning("Qt-vertalingen (qtbase_nl.qm) niet gevonden in %s", translation_dirs())
    return False
