"""The aanvraag form's "Geld" tab: the award's payments, the school's account and the settlement,
with the actions the role may take; and the settlement letter shown and issued in a dialog.

``GeldTab`` shows a ``Geldstroom`` (``services.verantwoording.overzicht``) and opens the forms of
``geld_dialogs``; after each save it reads the money again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QGridLayout
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop import paths
from swv_desktop.errors import KnownError
from swv_desktop.formatting import long_date
from swv_desktop.formatting import money
from swv_desktop.formatting import money_change
from swv_desktop.formatting import short_date
from swv_desktop.models import Rol
from swv_desktop.services.verantwoording import overzicht
from swv_desktop.services.verantwoording import use_cases as geld
from swv_desktop.services.verantwoording.overzicht import Geldstroom
from swv_desktop.services.verantwoording.regels import Stand
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs import form_base
from swv_desktop.ui.dialogs.geld_dialogs import BetalingDialog
from swv_desktop.ui.dialogs.geld_dialogs import VaststellingDialog
from swv_desktop.ui.dialogs.geld_dialogs import VerantwoordingDialog
from swv_desktop.ui.pdf_pages import PdfPagesView
from swv_desktop.ui.widgets.controls import push_button
from swv_desktop.ui.widgets.controls import wrapping_label
from swv_desktop.ui.widgets.geld_figures import MONEY_FIGURES
from swv_desktop.ui.widgets.geld_figures import add_figures
from swv_desktop.ui.widgets.screen_fit import fit_to_screen
from swv_desktop.ui.widgets.tables import record_table

STAND_COLOURS = {
    Stand.WACHT: "#5f6368",
    Stand.TE_LAAT: "#b3261e",
    Stand.ONTVANGEN: "#8a5a00",
    Stand.GECONTROLEERD: "#2f6f9f",
    Stand.VASTGESTELD: "#2f6f9f",
    Stand.AFGESLOTEN: "#1e6b3a",
}
FIGURES = (*MONEY_FIGURES, ("saldo", "Nog open"))


def confirm_issue(parent: QWidget | None, kenmerk: str) -> bool:
    """Ask before signing the settlement letter; the default answer is No (tests replace this)."""
    answer = QMessageBox.question(
        parent,
        "Vaststellingsbrief uitgeven",
        f"Vaststellingsbrief {kenmerk} uitgeven en ondertekenen? De brief wordt definitief "
        "vastgelegd en verandert daarna niet meer.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class VaststellingView(QDialog):
    """The settlement letter: a preview until issued, then the frozen bytes."""

    def __init__(self, ctx: UiContext, stroom: Geldstroom, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert stroom.vaststelling is not None
        self.ctx = ctx
        self.vaststelling = stroom.vaststelling
        self.issued = self.vaststelling.uitgegeven
        self.setWindowTitle(f"Vaststellingsbrief {self.vaststelling.kenmerk}")
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setObjectName("vaststelling_stand")
        layout.addWidget(self.note)
        self.pages = PdfPagesView()
        layout.addWidget(self.pages, 1)
        buttons = QDialogButtonBox()
        self.issue_button = push_button(
            "Uitgeven (ondertekenen)", "vaststelling_uitgeven", self.issue
        )
        self.issue_button.setVisible(ctx.actor.rol is Rol.PROGRAMMADIRECTEUR)
        self.save_button = push_button("PDF opslaan…", "pdf_opslaan", self.save_pdf)
        close = QPushButton("Sluiten")
        for button in (self.issue_button, self.save_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self._close)
        layout.addWidget(buttons)
        self.changed = False
        self.refresh()
        self.resize(860, 720)
        fit_to_screen(self)

    def pdf(self) -> bytes:
        if self.issued:
            return geld.get_vaststelling_pdf(self.ctx.db, self.ctx.actor, self.vaststelling.id)
        return geld.render_vaststelling_preview(self.ctx.db, self.ctx.actor, self.vaststelling.id)

    def refresh(self) -> None:
        self.note.setText(
            "Uitgegeven: de vastgelegde brief."
            if self.issued
            else "Voorbeeld: zo wordt de brief uitgegeven. Nog niet ondertekend."
        )
        self.issue_button.setEnabled(not self.issued)
        self.save_button.setEnabled(self.issued)
        try:
            self.pages.show_pdf(self.pdf())
        except KnownError as error:  # a team laptop offline: the letter is not fetched yet
            self.pages.show_message(error.message)

    def issue(self) -> bool:
        """Sign and freeze the letter after confirming."""
        if not confirm_issue(self, self.vaststelling.kenmerk):
            return False
        try:
            geld.issue_vaststelling(self.ctx.db, self.ctx.actor, self.vaststelling.id)
        except KnownError as error:
            form_base.show_message(self, "Niet gelukt", error.message, "information")
            return False
        self.issued = self.changed = True
        self.refresh()
        return True

    def save_pdf(self) -> bool:
        """Write the frozen letter to a file named after its kenmerk."""
        name = paths.safe_file_name(self.vaststelling.kenmerk, ".pdf")
        chosen, _f = QFileDialog.getSaveFileName(self, "Brief opslaan", name, "PDF (*.pdf)")
        if not chosen:
            return False
        paths.write_atomic(Path(chosen), self.pdf())
        return True

    def _close(self) -> None:
        self.done(QDialog.DialogCode.Accepted.value if self.changed else 0)


class GeldTab(QWidget):
    """Payments, account and settlement of one award."""

    changed = Signal()
    """Something was saved (the form refreshes its header)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stroom: Geldstroom | None = None
        self.child: QDialog | None = None
        self.stand = QLabel()
        self.stand.setObjectName("geld_stand")
        self.due = wrapping_label("geld_termijn")
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        self.values = add_figures(grid, FIGURES, "font-size: 12pt; font-weight: 600;")
        self.table = record_table(["Datum", "Soort", "Bedrag", "Referentie"])
        self.table.setObjectName("tabel_geld")
        self.account = wrapping_label("geld_verantwoording")
        rol = ctx.actor.rol
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, text, roles, slot in (
            ("betaling", "Betaling vastleggen…", geld.BETALING_ROLES, self.record_payment),
            ("verantwoording", "Verantwoording…", geld.VERANTWOORDING_ROLES, self.record_account),
            ("vaststellen", "Vaststellen…", (Rol.PROGRAMMADIRECTEUR,), self.settle),
            ("brief", "Vaststellingsbrief…", overzicht.INZIEN_ROLES, self.show_letter),
            (
                "terugbetaling",
                "Terugbetaling vastleggen…",
                geld.BETALING_ROLES,
                self.record_repayment,
            ),
        ):
            button = push_button(text, f"geld_{key}", slot)
            button.setAutoDefault(False)
            button.setVisible(rol in roles)
            self.buttons[key] = button
            bar.addWidget(button)
        bar.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.stand, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.due, 1)
        self.table.setMinimumHeight(120)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(bar)  # the actions above the figures: always in view
        layout.addSpacing(6)
        layout.addLayout(grid)
        layout.addWidget(self.account)
        layout.addWidget(self.table, 1)

    def load(self, aanvraag_id: int) -> bool:
        """Read the award's money; ``False`` when the aanvraag has no award in force."""
        self.stroom = overzicht.geldstroom(self.ctx.db, self.ctx.actor, aanvraag_id)
        if self.stroom is not None:
            self._show(self.stroom)
        return self.stroom is not None

    def _show(self, s: Geldstroom) -> None:
        colour = STAND_COLOURS[s.stand]
        self.stand.setText(s.stand.label)
        self.stand.setStyleSheet(
            f"QLabel {{ color: white; background: {colour}; border-radius: 9px; "
            "padding: 2px 10px; font-weight: 600; }"
        )
        if s.vaststelling is not None:
            v = s.vaststelling
            due = f"Vastgesteld met {v.kenmerk} op {long_date(v.briefdatum)}"
            if v.terug_uiterlijk and s.saldo_cents > 0:
                due += f"; terugbetalen uiterlijk {long_date(v.terug_uiterlijk)}"
            due += "." if v.uitgegeven else " (brief nog niet uitgegeven)."
        else:
            due = f"Verantwoording uiterlijk {long_date(s.due)}."
        self.due.setText(due)
        settled = s.vaststelling.vastgesteld_cents if s.vaststelling else None
        account = s.verantwoording
        self.values["toegekend"].setText(money(s.toegekend_cents))
        self.values["betaald"].setText(money(s.betaald_cents))
        self.values["verantwoord"].setText(money(account.besteed_cents) if account else "–")
        self.values["vastgesteld"].setText(money(settled) if settled is not None else "–")
        self.values["terugbetaald"].setText(money(s.terugbetaald_cents))
        if s.vaststelling is None:
            self.values["saldo"].setText("–")
        elif s.saldo_cents >= 0:
            self.values["saldo"].setText(money(s.saldo_cents))
        else:
            self.values["saldo"].setText(f"{money(-s.saldo_cents)} te betalen")
        if account is None:
            self.account.setText("Nog geen verantwoording van de school ontvangen.")
        else:
            parts = ", ".join(
                f"{k.label.lower()} {money(c)}" for k, c in account.bedragen.items() if c
            )
            checked = (
                f"gecontroleerd door {account.gecontroleerd_door} op {long_date(account.gecontroleerd_op)}"
                if account.gecontroleerd_op
                else "nog niet gecontroleerd"
            )
            self.account.setText(
                f"Verantwoording ontvangen op {long_date(account.ontvangen_op)}: "
                f"{parts or 'niets besteed'}; {checked}."
                + (f" Bijlage: {account.bijlage}." if account.bijlage else "")
            )
        moves = [(b.datum, "Betaling", b.bedrag_cents, b.referentie) for b in s.betalingen]
        moves += [(t.datum, t.wijze, -t.bedrag_cents, t.referentie) for t in s.terugbetalingen]
        moves.sort(key=lambda m: m[0])
        self.table.setRowCount(len(moves))
        for row, (day, kind, cents, ref) in enumerate(moves):
            amount = QTableWidgetItem(money_change(cents, plus=False))
            amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 0, QTableWidgetItem(short_date(day)))
            self.table.setItem(row, 1, QTableWidgetItem(kind))
            self.table.setItem(row, 2, amount)
            self.table.setItem(row, 3, QTableWidgetItem(ref))
        settled_now = s.vaststelling is not None
        self.buttons["betaling"].setEnabled(
            (not settled_now and s.betaald_cents < s.toegekend_cents) or s.saldo_cents < 0
        )
        self.buttons["verantwoording"].setEnabled(not settled_now)
        self.buttons["vaststellen"].setEnabled(
            not settled_now and account is not None and account.gecontroleerd_op is not None
        )
        self.buttons["brief"].setEnabled(settled_now)
        self.buttons["terugbetaling"].setEnabled(settled_now and s.saldo_cents > 0)

    def _open(self, dialog: QDialog) -> QDialog:
        self.child = dialog
        dialog.finished.connect(self._closed)
        dialog.open()
        return dialog

    def _closed(self, result: int) -> None:
        if result and self.stroom is not None:
            self.load(self.stroom.aanvraag_id)
            self.changed.emit()

    def record_payment(self) -> QDialog | None:
        """The payment form."""
        return (
            None
            if self.stroom is None
            else self._open(BetalingDialog(self.ctx, self.stroom, self, terug=False))
        )

    def record_repayment(self) -> QDialog | None:
        """The repayment form."""
        return (
            None
            if self.stroom is None
            else self._open(BetalingDialog(self.ctx, self.stroom, self, terug=True))
        )

    def record_account(self) -> QDialog | None:
        """The account form (new, or the one on record)."""
        return (
            None
            if self.stroom is None
            else self._open(VerantwoordingDialog(self.ctx, self.stroom, self))
        )

    def settle(self) -> QDialog | None:
        """The settlement form."""
        return (
            None
            if self.stroom is None
            else self._open(VaststellingDialog(self.ctx, self.stroom, self))
        )

    def show_letter(self) -> QDialog | None:
        """The settlement letter (preview or frozen)."""
        if self.stroom is None or self.stroom.vaststelling is None:
            return None
        return self._open(VaststellingView(self.ctx, self.stroom, self))


class GeldDialog(QDialog):
    """The Geld tab on its own, for the secretariaat: it records payments and repayments from
    the beschikking (which it sees with initials), never through the aanvraag with the pupil."""

    def __init__(self, ctx: UiContext, aanvraag_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.geld = GeldTab(ctx, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.geld, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Sluiten")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.geld.load(aanvraag_id)
        nummer = self.geld.stroom.nummer if self.geld.stroom is not None else ""
        self.setWindowTitle(f"Geld – aanvraag {nummer}".strip())
        self.resize(820, 520)
        fit_to_screen(self)
