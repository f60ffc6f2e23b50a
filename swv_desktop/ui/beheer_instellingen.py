"""Beheer > Instellingen: the samenwerkingsverband's details, signatory, letter settings and
retention terms (what letters and reports need about the sender)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from swv_desktop.errors import KnownError
from swv_desktop.services import instellingen
from swv_desktop.services.instellingen import OrganisatieData
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.widgets.field_errors import FieldErrors, show_error

TEXT_FIELDS = (
    ("naam", "Naam samenwerkingsverband:"),
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
TERM_FIELDS = (
    ("bewaartermijn_leerling_jaren", "Leerlinggegevens:"),
    ("bewaartermijn_aanvraag_jaren", "Aanvragen en besluiten:"),
    ("bewaartermijn_audit_jaren", "Logboek:"),
)


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
        for name, label in TEXT_FIELDS:
            self.edits[name] = QLineEdit()
            org_form.addRow(label, self.edits[name])
        sign_box = QGroupBox("Ondertekening en brieven")
        sign_form = QFormLayout(sign_box)
        for name, label in SIGN_FIELDS:
            self.edits[name] = QLineEdit()
            sign_form.addRow(label, self.edits[name])
        self.rechtsmiddel = QPlainTextEdit()
        self.rechtsmiddel.setMinimumHeight(90)
        sign_form.addRow("Rechtsmiddelenclausule:", self.rechtsmiddel)
        terms_box = QGroupBox("Bewaartermijnen")
        terms_form = QFormLayout(terms_box)
        for name, label in TERM_FIELDS:
            spin = QSpinBox()
            spin.setRange(0, 200)
            spin.setSuffix(" jaar")
            self.spins[name] = spin
            terms_form.addRow(label, spin)
        backups = QSpinBox()
        backups.setRange(1, 24)
        backups.setSuffix(" maanden")
        backups.setToolTip("Oudere reservekopieën worden verwijderd.")
        self.spins["bewaartermijn_reservekopie_maanden"] = backups
        terms_form.addRow("Reservekopieën:", backups)
        fields: dict[str, QWidget] = {**self.edits, **self.spins}
        fields["rechtsmiddel_tekst"] = self.rechtsmiddel
        for name, widget in fields.items():
            widget.setObjectName(f"instelling_{name}")
        self.marks = FieldErrors(fields)

        self.save_button = QPushButton("Instellingen opslaan")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)

        content = QWidget()
        body = QVBoxLayout(content)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(org_box)
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
        for name, spin in self.spins.items():
            spin.setValue(getattr(self.data, name))
        self.rechtsmiddel.setPlainText(self.data.rechtsmiddel_tekst)
        self.marks.clear()

    def collected(self) -> OrganisatieData:
        """The form's values (the logo is kept as stored)."""
        values: dict[str, object] = {name: edit.text() for name, edit in self.edits.items()}
        values.update({name: spin.value() for name, spin in self.spins.items()})
        values["rechtsmiddel_tekst"] = self.rechtsmiddel.toPlainText()
        return replace(self.data, **values)  # type: ignore[arg-type]

    def save(self) -> None:
        """Save through the service."""
        try:
            instellingen.update_settings(self.ctx.db, self.ctx.actor, self.collected())
        except KnownError as exc:
            show_error(self, exc, self.marks)
            return
        self.load()
        QMessageBox.information(self, "Opgeslagen", "De instellingen zijn opgeslagen.")
