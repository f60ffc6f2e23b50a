"""Beheer > Instellingen: the samenwerkingsverband's details, signatory, letter settings and
retention terms (what letters and reports need about the sender)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QGroupBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QScrollArea
from PySide6.QtWidgets import QSpinBox
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import FieldError
from swv_desktop.errors import KnownError
from swv_desktop.errors import StaleEdit
from swv_desktop.errors import ValidationError
from swv_desktop.models.organisatie import RECHTSMIDDEL_BEZWAAR
from swv_desktop.models.organisatie import RECHTSMIDDEL_HEROVERWEGING
from swv_desktop.services import instellingen
from swv_desktop.services.iban import format_iban
from swv_desktop.services.iban import normalize_iban
from swv_desktop.services.instellingen import OrganisatieData
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs import form_base
from swv_desktop.ui.dialogs.form_widgets import DateEdit
from swv_desktop.ui.widgets.controls import button_row
from swv_desktop.ui.widgets.controls import form_rows
from swv_desktop.ui.widgets.field_errors import FieldErrors
from swv_desktop.ui.widgets.field_errors import show_error

TEXT_FIELDS = (
    ("naam", "Naam:"),  # in the group "Organisatie"; a longer label narrows every field
    ("adres", "Adres:"),
    ("postcode", "Postcode:"),
    ("plaats", "Plaats:"),
    ("telefoon", "Telefoon:"),
    ("email", "E-mail:"),
    ("website", "Website:"),
)
SIGN_FIELDS = (
    ("programmadirecteur_naam", "Naam programmadirecteur:"),
    ("programmadirecteur_functie", "Functie:"),
    ("namens_bestuur_regel", "Mandaatregel:"),
    ("kenmerk_prefix", "Voorvoegsel kenmerk:"),
)
ACCOUNT_FIELDS = (
    ("rekening_iban", "Rekeningnummer (IBAN):"),
    ("rekening_tenaamstelling", "Ten name van:"),
)
REMEDY_FIELDS = (
    ("rechtsmiddel_adres", "Verzoek sturen naar (adres):"),
    ("rechtsmiddel_email", "Of per e-mail naar:"),
)
REMEDY_KINDS = (
    (RECHTSMIDDEL_HEROVERWEGING, "Verzoek om heroverweging (geen bezwaar volgens de Awb)"),
    (RECHTSMIDDEL_BEZWAAR, "Bezwaar volgens de Algemene wet bestuursrecht"),
)
TERM_FIELDS = (
    ("bewaartermijn_leerling_jaren", "Leerlinggegevens:"),
    ("bewaartermijn_aanvraag_jaren", "Aanvragen en besluiten:"),
    ("bewaartermijn_financieel_jaren", "Financiële gegevens:"),
    ("bewaartermijn_audit_jaren", "Logboek:"),
)


def _years_spin() -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, 200)
    spin.setSuffix(" jaar")
    return spin


class SettingsTab(QWidget):
    """The settings form (beheerder)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data = instellingen.get_settings(ctx.db)
        self.edits: dict[str, QLineEdit] = {}
        self.spins: dict[str, QSpinBox] = {}

        org_box = QGroupBox("Organisatie")
        org_form = QFormLayout(org_box)
        self.edits.update(form_rows(org_form, TEXT_FIELDS, lambda _name: QLineEdit()))
        account_box = QGroupBox("Rekening van het samenwerkingsverband")
        account_form = QFormLayout(account_box)
        self.edits.update(form_rows(account_form, ACCOUNT_FIELDS, lambda _name: QLineEdit()))
        self.edits["rekening_iban"].setPlaceholderText("NL91 ABNA 0417 1643 00")
        self.edits["rekening_iban"].setMaxLength(42)
        self.edits["rekening_iban"].setToolTip(
            "Hierop betaalt een schoolbestuur niet-bestede middelen terug; de vaststellingsbrief "
            "noemt dit rekeningnummer."
        )
        self.edits["rekening_tenaamstelling"].setPlaceholderText(
            "leeg: de naam van het samenwerkingsverband"
        )
        sign_box = QGroupBox("Ondertekening en brieven")
        sign_form = QFormLayout(sign_box)
        self.edits.update(form_rows(sign_form, SIGN_FIELDS, lambda _name: QLineEdit()))
        self.edits["namens_bestuur_regel"].setPlaceholderText(
            "leeg: namens het bestuur van <naam samenwerkingsverband>"
        )
        self.mandaat = DateEdit()
        sign_form.addRow("Datum mandaatbesluit:", self.mandaat)
        self.soort = QComboBox()
        for key, label in REMEDY_KINDS:
            self.soort.addItem(label, key)
        sign_form.addRow("Rechtsmiddel:", self.soort)
        self.edits.update(form_rows(sign_form, REMEDY_FIELDS, lambda _name: QLineEdit()))
        self.edits["rechtsmiddel_adres"].setPlaceholderText("leeg: het adres hiernaast")
        self.edits["rechtsmiddel_email"].setPlaceholderText("leeg: het e-mailadres hiernaast")
        self.rechtsmiddel = QPlainTextEdit()
        self.rechtsmiddel.setMinimumHeight(90)
        self.rechtsmiddel.setPlaceholderText(
            "leeg: de standaardtekst voor het gekozen rechtsmiddel"
        )
        sign_form.addRow("Eigen tekst rechtsmiddel:", self.rechtsmiddel)
        terms_box = QGroupBox("Bewaartermijnen")
        terms_form = QFormLayout(terms_box)
        self.spins.update(form_rows(terms_form, TERM_FIELDS, lambda _name: _years_spin()))
        backups = QSpinBox()
        backups.setRange(1, 24)
        backups.setSuffix(" maanden")
        backups.setToolTip("Oudere reservekopieën worden verwijderd.")
        self.spins["bewaartermijn_reservekopie_maanden"] = backups
        terms_form.addRow("Reservekopieën:", backups)
        offline = QSpinBox()
        offline.setRange(1, 365)
        offline.setSuffix(" dagen zonder verbinding")
        offline.setToolTip(
            "Een team-laptop die zo lang de server niet bereikte, opent pas weer na verbinding "
            "(wat nog wacht op verzending blijft bewaard)."
        )
        self.spins["offline_slot_dagen"] = offline
        terms_form.addRow("Team-laptop vergrendelen na:", offline)
        fields: dict[str, QWidget] = {**self.edits, **self.spins}
        fields["rechtsmiddel_tekst"] = self.rechtsmiddel
        fields["mandaatbesluit_op"] = self.mandaat
        fields["rechtsmiddel_soort"] = self.soort
        self.marks = FieldErrors.named(fields, "instelling")

        self.save_button = QPushButton("Instellingen opslaan")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons = button_row([], [self.save_button])

        content = QWidget()
        body = QVBoxLayout(content)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(org_box)
        left.addWidget(account_box)
        left.addWidget(terms_box)
        left.addStretch(1)
        columns.addLayout(left, 1)
        columns.addWidget(sign_box, 1)
        body.addLayout(columns)
        body.addLayout(buttons)
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.load()

    def load(self) -> None:
        """Show the stored settings."""
        self.data = instellingen.get_settings(self.ctx.db)
        for name, edit in self.edits.items():
            edit.setText(getattr(self.data, name))
        self.edits["rekening_iban"].setText(format_iban(self.data.rekening_iban))
        for name, spin in self.spins.items():
            spin.setValue(getattr(self.data, name))
        self.rechtsmiddel.setPlainText(self.data.rechtsmiddel_tekst)
        self.mandaat.set_value(self.data.mandaatbesluit_op)
        self.soort.setCurrentIndex(max(0, self.soort.findData(self.data.rechtsmiddel_soort)))
        self.marks.clear()

    def collected(self) -> OrganisatieData:
        """The form's values (the logo is kept as stored)."""
        values: dict[str, object] = {name: edit.text() for name, edit in self.edits.items()}
        iban = self.edits["rekening_iban"].text()
        if normalize_iban(iban) == self.data.rekening_iban:  # shown in groups of four
            values["rekening_iban"] = self.data.rekening_iban
        values.update({name: spin.value() for name, spin in self.spins.items()})
        values["rechtsmiddel_tekst"] = self.rechtsmiddel.toPlainText()
        values["rechtsmiddel_soort"] = str(self.soort.currentData())
        values["mandaatbesluit_op"] = self.mandaat.value()
        return replace(self.data, **values)  # type: ignore[arg-type]

    def has_unsaved_changes(self) -> bool:
        """True when the form shows something else than what is stored."""
        try:
            return self.collected() != self.data
        except ValueError:  # an unreadable date was typed: that is a change
            return True

    def save_changes(self) -> bool:
        """Save without the confirmation box (closing the window); True when saved."""
        return self.save(confirm=False)

    def save(self, *, confirm: bool = True) -> bool:
        """Save through the service; True when saved."""
        try:
            try:
                data = self.collected()
            except ValueError as exc:
                raise ValidationError(FieldError("mandaatbesluit_op", str(exc))) from exc
            instellingen.update_settings(self.ctx.db, self.ctx.actor, data)
        except StaleEdit as exc:  # someone else saved the settings first: offer what is stored
            if form_base.ask_reload(self, exc.message):
                self.load()
            return False
        except KnownError as exc:
            show_error(self, exc, self.marks)
            return False
        self.load()
        if confirm:
            QMessageBox.information(self, "Opgeslagen", "De instellingen zijn opgeslagen.")
        return True
