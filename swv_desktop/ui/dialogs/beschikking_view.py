"""A beschikking: its key facts (kenmerk, outcome, amount, letter date, issued, sent) and the letter.

The letter's pages are drawn inside the dialog (``ui.pdf_pages``, PDFium). An issued letter shows
its frozen bytes and can be printed through the system print dialog; one not yet issued shows a
preview as it would be issued.
The programmadirecteur issues (signs) the letter; the secretariaat records the date it was sent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop import paths
from swv_desktop.errors import KnownError
from swv_desktop.errors import NotFound
from swv_desktop.formatting import date_time
from swv_desktop.formatting import long_date
from swv_desktop.formatting import money
from swv_desktop.models import Rol
from swv_desktop.models import Uitkomst
from swv_desktop.services.beschikkingen import afdrukken
from swv_desktop.services.beschikkingen import uitgifte as beschikkingen
from swv_desktop.services.queries import lists as queries
from swv_desktop.services.queries.lists import BeschikkingRow
from swv_desktop.services.queries.lists import BeschikkingStand
from swv_desktop.ui import printing
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs import form_base
from swv_desktop.ui.dialogs.aanvraag_prompts import PromptDialog
from swv_desktop.ui.dialogs.form_widgets import DateEdit
from swv_desktop.ui.dialogs.form_widgets import existing_record_form
from swv_desktop.ui.dialogs.geld_tab import GeldDialog
from swv_desktop.ui.dialogs.questions import ask_yes_no
from swv_desktop.ui.pdf_pages import PdfPagesView
from swv_desktop.ui.widgets.controls import form_rows
from swv_desktop.ui.widgets.controls import push_button
from swv_desktop.ui.widgets.controls import wrapping_label
from swv_desktop.ui.widgets.screen_fit import fit_to_screen

STAND_COLOURS = {
    BeschikkingStand.CONCEPT: "#8a5a00",
    BeschikkingStand.UITGEGEVEN: "#2f6f9f",
    BeschikkingStand.VERZONDEN: "#1e6b3a",
}


def safe_file_name(kenmerk: str) -> str:
    """``MWB-2021-007`` -> ``MWB-2021-007.pdf`` (never a pupil's name)."""
    return paths.safe_file_name(kenmerk, ".pdf")


def choose_save_path(parent: QWidget | None, suggested: str) -> Path | None:
    """Ask where to save the PDF (tests replace this function)."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, "Beschikking opslaan", suggested, "PDF-bestanden (*.pdf)"
    )
    return Path(path) if path else None


def ask_sent_date(
    parent: QWidget | None,
    ctx: UiContext,
    kenmerk: str,
    record: Callable[[date], None] | None = None,
) -> date | None:
    """The date the letter was posted, recorded with ``record``; ``None`` when the user goes
    back. A refused date is explained in the prompt, which stays open (tests replace this)."""
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
    answer: list[date] = []

    def attempt() -> None:
        value = datum.value()
        if value is None:
            raise ValueError("Vul de verzenddatum in.")
        if record is not None:
            record(value)
        answer[:] = [value]

    prompt.attempt = attempt
    if prompt.exec() == QDialog.DialogCode.Accepted and answer:
        return answer[0]
    return None


def confirm_issue(parent: QWidget | None, row: BeschikkingRow) -> bool:
    """Ask before signing: kenmerk, school and amount; the default answer is No (tests replace
    this function)."""
    return ask_yes_no(
        parent,
        QMessageBox.Icon.Question,
        "Beschikking uitgeven",
        f"Beschikking {row.kenmerk} uitgeven en ondertekenen?",
        f"School: {row.school}\nBestuur: {row.bestuur}\nBesluit: {row.uitkomst.label}\n"
        f"Bedrag: {money(row.toegekend_cents)}\n\nDe brief wordt definitief vastgelegd en "
        "verandert daarna niet meer; een correctie gaat via een herziening.",
        ("Uitgeven", "Terug"),
    )


class BeschikkingView(QDialog):
    """One beschikking: facts, the letter, and the actions the role may take."""

    def __init__(self, ctx: UiContext, beschikking_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.beschikking_id = beschikking_id
        self.changed_something = False
        self._fitted = False
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
        self.fact_labels: dict[str, QLabel] = form_rows(
            self.facts,
            (
                ("aanvraag", "Aanvraag:"),
                ("school", "School en bestuur:"),
                ("uitkomst", "Besluit:"),
                ("bedrag", "Bedrag:"),
                ("briefdatum", "Dagtekening:"),
                ("uitgegeven", "Uitgegeven:"),
                ("verzonden", "Verzonden:"),
            ),
            lambda key: wrapping_label(f"feit_{key}"),
        )
        layout.addLayout(self.facts)
        self.note = wrapping_label("beschikking_toelichting")
        self.note.setStyleSheet("color:#555555;")
        layout.addWidget(self.note)
        self.pages = PdfPagesView()
        self.pages.setMinimumHeight(240)
        layout.addWidget(self.pages, 1)

        buttons = QDialogButtonBox()
        self.print_button = push_button("Afdrukken…", "afdrukken", self.print_letter)
        self.print_button.setToolTip("De vastgelegde brief afdrukken (Ctrl+P)")
        self.print_button.setShortcut("Ctrl+P")
        self.save_button = push_button("PDF opslaan…", "pdf_opslaan", self.save_pdf)
        self.issue_button = push_button("Uitgeven (ondertekenen)", "uitgeven", self.issue)
        self.issue_button.setToolTip(
            "De brief wordt definitief vastgelegd; daarna verandert hij niet meer"
        )
        self.sent_button = push_button("Verzonden op…", "verzonden", self.mark_sent)
        self.geld_button = push_button("Geld…", "geld", self.open_geld)
        self.geld_button.setToolTip("Betalingen en terugbetalingen van deze toekenning")
        close = QPushButton("Sluiten")
        close.clicked.connect(self.close_view)
        self.geld_dialog: QDialog | None = None
        for button in (
            self.issue_button,
            self.sent_button,
            self.print_button,
            self.save_button,
            self.geld_button,
        ):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.setAutoDefault(False)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.close_view)
        layout.addWidget(buttons)
        self.row: BeschikkingRow | None = None
        self.refresh()

    # --- showing ----------------------------------------------------------------------------

    def wanted_size(self) -> QSize:
        """Room for a whole page width and as much height as the screen gives."""
        return QSize(900, 2000)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        if not self._fitted:
            self._fitted = True
            fit_to_screen(self)
        super().showEvent(event)

    def refresh(self) -> None:
        """Read the beschikking again and show its facts and the actions that fit."""
        row = queries.get_row(self.ctx.db, self.ctx.actor, "beschikking", self.beschikking_id)
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
        self.print_button.setVisible(
            rol in afdrukken.PRINTERS and row.stand is not BeschikkingStand.CONCEPT
        )
        self.geld_button.setVisible(  # the others reach the money through the aanvraag
            rol is Rol.SECRETARIAAT
            and row.stand is not BeschikkingStand.CONCEPT
            and row.uitkomst is not Uitkomst.AFGEWEZEN
        )
        where = "hieronder"
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
        try:
            self.pages.show_pdf(self.pdf_bytes())
        except KnownError as error:  # a team laptop offline: the letter is not fetched yet
            self.pages.show_message(error.message)

    def pdf_bytes(self) -> bytes:
        """The frozen letter when issued, else a preview rendered now."""
        assert self.row is not None
        if self.row.uitgegeven_op is not None:
            return beschikkingen.get_issued_pdf(self.ctx.db, self.ctx.actor, self.beschikking_id)
        return beschikkingen.render_preview(self.ctx.db, self.ctx.actor, self.beschikking_id)

    # --- actions ----------------------------------------------------------------------------

    def _guard(self, work: Callable[[], None]) -> bool:
        try:
            work()
        except KnownError as error:
            form_base.show_message(self, "Niet gelukt", error.message, "information")
            return False
        return True

    def print_letter(self) -> int | None:
        """Print the issued letter through the system print dialog; the pages printed."""
        assert self.row is not None
        pages: list[int | None] = []

        def work() -> None:
            letter = afdrukken.letter_for_print(self.ctx.db, self.ctx.actor, self.beschikking_id)
            pages.append(
                printing.print_letters(self, self.ctx, [letter], f"Beschikking {letter.kenmerk}")
            )

        self._guard(work)
        return pages[0] if pages else None

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

        def record(datum: date) -> None:
            beschikkingen.mark_sent(self.ctx.db, self.ctx.actor, [self.beschikking_id], datum)

        if ask_sent_date(self, self.ctx, self.row.kenmerk, record) is None:
            return False
        self.changed_something = True
        self.refresh()
        return True

    def open_geld(self) -> QDialog | None:
        """The award's payments and repayments (the secretariaat's way to the money)."""
        assert self.row is not None
        try:
            self.geld_dialog = GeldDialog(self.ctx, self.row.aanvraag_id, self)
        except KnownError as error:
            form_base.show_message(self, "Niet gelukt", error.message, "information")
            return None
        self.geld_dialog.show()
        return self.geld_dialog

    def close_view(self) -> None:
        """Close; accepted when something changed (so lists refresh)."""
        if self.changed_something:
            self.accept()
        else:
            self.reject()


beschikking_form = existing_record_form(
    "Beschikking",
    "Een beschikking ontstaat uit een besluit op een aanvraag.",
    BeschikkingView,
)
"""Opener factory."""
