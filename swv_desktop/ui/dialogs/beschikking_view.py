"""A beschikking: its key facts (kenmerk, outcome, amount, letter date, issued, sent) and the letter.

The letter's pages are drawn with QtPdf when the installed PySide6 has it; otherwise (PySide6-
Essentials has no QtPdf) the PDF is saved under its kenmerk and opened in the system's viewer.
An issued letter shows its frozen bytes; one not yet issued shows a preview as it would be issued.
The programmadirecteur issues (signs) the letter; the secretariaat records the date it was sent.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from swv_desktop.errors import KnownError, NotFound
from swv_desktop.formatting import date_time, long_date, money
from swv_desktop.models import Rol
from swv_desktop.services.beschikkingen import uitgifte as beschikkingen
from swv_desktop.services.queries import lists as queries
from swv_desktop.services.queries.lists import BeschikkingRow, BeschikkingStand
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs import form_base
from swv_desktop.ui.dialogs.aanvraag_prompts import PromptDialog
from swv_desktop.ui.dialogs.form_widgets import DateEdit

STAND_COLOURS = {
    BeschikkingStand.CONCEPT: "#8a5a00",
    BeschikkingStand.UITGEGEVEN: "#2f6f9f",
    BeschikkingStand.VERZONDEN: "#1e6b3a",
}

try:  # QtPdf is not part of PySide6-Essentials
    from PySide6.QtCore import QBuffer, QByteArray, QSize
    from PySide6.QtGui import QPixmap
    from PySide6.QtPdf import QPdfDocument

    HAVE_QTPDF = True
except ImportError:  # pragma: no cover - depends on the installed PySide6
    HAVE_QTPDF = False


def safe_file_name(kenmerk: str) -> str:
    """``MWB-2021-007`` -> ``MWB-2021-007.pdf`` (never a pupil's name)."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in kenmerk) + ".pdf"


def choose_save_path(parent: QWidget | None, suggested: str) -> Path | None:
    """Ask where to save the PDF (tests replace this function)."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, "Beschikking opslaan", suggested, "PDF-bestanden (*.pdf)"
    )
    return Path(path) if path else None


def open_file(path: Path) -> bool:
    """Open ``path`` in the system's viewer (tests replace this function)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def ask_sent_date(parent: QWidget | None, ctx: UiContext, kenmerk: str) -> object:
    """The date the letter was posted, or ``None`` (tests replace this function)."""
    prompt = PromptDialog(
        parent,
        f"Verzending {kenmerk} vastleggen",
        "Op welke datum is de beschikking verzonden?",
        "Vastleggen",
    )
    datum = DateEdit(today=ctx.today)
    datum.setObjectName("verzonden_op")
    datum.set_value(ctx.today())
    prompt.form.addRow("Verzonden op:", datum)
    while prompt.exec() == QDialog.DialogCode.Accepted:
        try:
            value = datum.value()
        except ValueError as exc:
            form_base.show_message(prompt, "Controleer de datum", str(exc))
            continue
        if value is not None:
            return value
    return None


def confirm_issue(parent: QWidget | None, row: BeschikkingRow) -> bool:
    """Ask before signing: kenmerk, school and amount; the default answer is No (tests replace
    this function)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Beschikking uitgeven")
    box.setText(f"Beschikking {row.kenmerk} uitgeven en ondertekenen?")
    box.setInformativeText(
        f"School: {row.school}\nBestuur: {row.bestuur}\nBesluit: {row.uitkomst.label}\n"
        f"Bedrag: {money(row.toegekend_cents)}\n\nDe brief wordt definitief vastgelegd en "
        "verandert daarna niet meer; een correctie gaat via een herziening."
    )
    sign = box.addButton("Uitgeven", QMessageBox.ButtonRole.AcceptRole)
    back = box.addButton("Terug", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.exec()
    return box.clickedButton() is sign


class BeschikkingView(QDialog):
    """One beschikking: facts, the letter, and the actions the role may take."""

    def __init__(self, ctx: UiContext, beschikking_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.beschikking_id = beschikking_id
        self.changed_something = False
        self.pdf_path: Path | None = None
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("beschikking_kop")
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.stand = QLabel()
        self.stand.setObjectName("beschikking_stand")
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.stand, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        layout.addLayout(top)
        self.facts = QFormLayout()
        self.facts.setLabelAlignment(self.facts.labelAlignment())
        self.fact_labels: dict[str, QLabel] = {}
        for key, caption in (
            ("aanvraag", "Aanvraag:"),
            ("school", "School en bestuur:"),
            ("uitkomst", "Besluit:"),
            ("bedrag", "Bedrag:"),
            ("briefdatum", "Dagtekening:"),
            ("uitgegeven", "Uitgegeven:"),
            ("verzonden", "Verzonden:"),
        ):
            value = QLabel()
            value.setObjectName(f"feit_{key}")
            value.setWordWrap(True)
            self.fact_labels[key] = value
            self.facts.addRow(caption, value)
        layout.addLayout(self.facts)
        self.note = QLabel()
        self.note.setObjectName("beschikking_toelichting")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color:#555555;")
        layout.addWidget(self.note)
        self.pages = QScrollArea()
        self.pages.setWidgetResizable(True)
        self.pages.setMinimumHeight(420)
        self.pages.setVisible(False)
        layout.addWidget(self.pages, 1)

        buttons = QDialogButtonBox()
        self.open_button = QPushButton("PDF openen")
        self.open_button.setObjectName("pdf_openen")
        self.open_button.clicked.connect(self.open_pdf)
        self.save_button = QPushButton("PDF opslaan…")
        self.save_button.setObjectName("pdf_opslaan")
        self.save_button.clicked.connect(self.save_pdf)
        self.issue_button = QPushButton("Uitgeven (ondertekenen)")
        self.issue_button.setObjectName("uitgeven")
        self.issue_button.setToolTip(
            "De brief wordt definitief vastgelegd; daarna verandert hij niet meer"
        )
        self.issue_button.clicked.connect(self.issue)
        self.sent_button = QPushButton("Verzonden op…")
        self.sent_button.setObjectName("verzonden")
        self.sent_button.clicked.connect(self.mark_sent)
        close = QPushButton("Sluiten")
        close.clicked.connect(self.close_view)
        for button in (self.issue_button, self.sent_button, self.open_button, self.save_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.setAutoDefault(False)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.close_view)
        layout.addWidget(buttons)
        self.row: BeschikkingRow | None = None
        self.refresh()

    # --- showing ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the beschikking again and show its facts and the actions that fit."""
        row = queries.get_row(self.ctx.db, "beschikking", self.beschikking_id)
        if row is None:
            raise NotFound(f"Beschikking met nummer {self.beschikking_id} bestaat niet (meer).")
        self.row = row
        self.setWindowTitle(f"Beschikking {row.kenmerk}")
        self.heading.setText(f"Beschikking {row.kenmerk}")
        self.stand.setText(row.stand.label)
        colour = STAND_COLOURS[row.stand]
        self.stand.setStyleSheet(
            f"QLabel {{ color: white; background: {colour}; border-radius: 9px; "
            "padding: 2px 10px; font-weight: 600; }"
        )
        f = self.fact_labels
        f["aanvraag"].setText(
            f"{row.aanvraag_nummer} ({row.soort.label.lower()}), schooljaar {row.schooljaar}"
        )
        f["school"].setText(f"{row.school} – {row.bestuur}")
        f["uitkomst"].setText(row.uitkomst.label)
        f["bedrag"].setText(money(row.toegekend_cents))
        f["briefdatum"].setText(long_date(row.briefdatum))
        f["uitgegeven"].setText(date_time(row.uitgegeven_op) if row.uitgegeven_op else "nog niet")
        f["verzonden"].setText(long_date(row.verzonden_op) if row.verzonden_op else "nog niet")
        rol = self.ctx.actor.rol
        self.issue_button.setVisible(
            rol is Rol.PROGRAMMADIRECTEUR and row.stand is BeschikkingStand.CONCEPT
        )
        self.sent_button.setVisible(
            rol in (Rol.SECRETARIAAT, Rol.PROGRAMMADIRECTEUR)
            and row.stand is BeschikkingStand.UITGEGEVEN
        )
        where = "hieronder" if HAVE_QTPDF else "met 'PDF openen' in uw PDF-lezer"
        if row.stand is BeschikkingStand.CONCEPT:
            self.note.setText(
                f"Nog niet uitgegeven: {where} ziet u een voorbeeld met de teksten en instellingen "
                "van nu. Bij het uitgeven wordt de brief definitief vastgelegd."
            )
        else:
            self.note.setText(
                f"Uitgegeven: {where} ziet u de vastgelegde brief; een herdruk is exact gelijk. "
                "Een correctie gaat via een herziening."
            )
        if HAVE_QTPDF:
            self._render_pages()

    def pdf_bytes(self) -> bytes:
        """The frozen letter when issued, else a preview rendered now."""
        assert self.row is not None
        if self.row.uitgegeven_op is not None:
            return beschikkingen.get_issued_pdf(self.ctx.db, self.beschikking_id)
        return beschikkingen.render_preview(self.ctx.db, self.beschikking_id)

    def _render_pages(self) -> None:  # pragma: no cover - needs QtPdf
        data = QByteArray(self.pdf_bytes())
        self._buffer = QBuffer(data, self)
        self._buffer.open(QBuffer.OpenModeFlag.ReadOnly)
        document = QPdfDocument(self)
        document.load(self._buffer)
        container = QWidget()
        column = QVBoxLayout(container)
        for page in range(document.pageCount()):
            size = document.pagePointSize(page).toSize() * 1.3
            image = document.render(page, QSize(size.width(), size.height()))
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            column.addWidget(label)
        self.pages.setWidget(container)
        self.pages.setVisible(True)

    # --- actions ----------------------------------------------------------------------------

    def _guard(self, work: Callable[[], None]) -> bool:
        try:
            work()
        except KnownError as error:
            form_base.show_message(self, "Niet gelukt", error.message, "information")
            return False
        return True

    def write_temp_pdf(self) -> Path:
        """The letter in a temporary file named by its kenmerk."""
        assert self.row is not None
        folder = Path(tempfile.gettempdir()) / "swv-desktop"
        folder.mkdir(parents=True, exist_ok=True)
        name = safe_file_name(self.row.kenmerk)
        if self.row.uitgegeven_op is None:
            name = name.replace(".pdf", "-voorbeeld.pdf")
        path = folder / name
        path.write_bytes(self.pdf_bytes())
        return path

    def open_pdf(self) -> bool:
        """Open the letter in the system's PDF viewer."""

        def work() -> None:
            self.pdf_path = self.write_temp_pdf()
            if not open_file(self.pdf_path):
                raise KnownError(
                    f"De PDF kon niet worden geopend. Het bestand staat in {self.pdf_path}."
                )

        return self._guard(work)

    def save_pdf(self) -> bool:
        """Save the letter where the user chooses (suggested name: the kenmerk)."""
        assert self.row is not None
        target = choose_save_path(self, safe_file_name(self.row.kenmerk))
        if target is None:
            return False

        def work() -> None:
            try:
                target.write_bytes(self.pdf_bytes())
            except OSError as exc:
                raise KnownError(f"Opslaan in {target} is niet gelukt: {exc.strerror}.") from exc
            self.pdf_path = target

        return self._guard(work)

    def issue(self) -> bool:
        """Issue (sign) the letter after confirming kenmerk, school and amount: its PDF is
        frozen."""
        if self.row is None or not confirm_issue(self, self.row):
            return False
        done = self._guard(
            lambda: (
                beschikkingen.issue_beschikking(self.ctx.db, self.ctx.actor, self.beschikking_id)
                and None
            )
        )
        if done:
            self.changed_something = True
            self.refresh()
        return done

    def mark_sent(self) -> bool:
        """Record the date the letter was posted."""
        assert self.row is not None
        datum = ask_sent_date(self, self.ctx, self.row.kenmerk)
        if datum is None:
            return False
        done = self._guard(
            lambda: beschikkingen.mark_sent(
                self.ctx.db,
                self.ctx.actor,
                [self.beschikking_id],
                datum,  # type: ignore[arg-type]
            )
        )
        if done:
            self.changed_something = True
            self.refresh()
        return done

    def close_view(self) -> None:
        """Close; accepted when something changed (so lists refresh)."""
        if self.changed_something:
            self.accept()
        else:
            self.reject()


def beschikking_form(record_id: int | None, parent: QWidget | None, ctx: UiContext) -> QWidget:
    """Opener factory."""
    try:
        if record_id is None:
            raise KnownError("Een beschikking ontstaat uit een besluit op een aanvraag.")
        return BeschikkingView(ctx, record_id, parent)
    except KnownError as error:
        return form_base.refusal_dialog(parent, "Beschikking", error)
