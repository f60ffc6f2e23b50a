"""The first-run wizard of an empty database: organisation, first beheerder, first schooljaar;
or, on its first page, "Aansluiten bij een team-server…" for a laptop of a bureau that already
works with a server.

Three short pages; finishing calls ``instellingen.first_run``. Its validation messages are shown
in one dialog and the fields they name are marked; nothing is saved until everything is valid.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget
from PySide6.QtWidgets import QWizard
from PySide6.QtWidgets import QWizardPage

from swv_desktop.db import Database
from swv_desktop.errors import FieldError
from swv_desktop.errors import KnownError
from swv_desktop.errors import ValidationError
from swv_desktop.formatting import money
from swv_desktop.formatting import schooljaar_for
from swv_desktop.services import instellingen
from swv_desktop.services.auth import MIN_PASSWORD_LENGTH
from swv_desktop.services.common import Actor
from swv_desktop.services.instellingen import REGELING_DEFAULTS
from swv_desktop.services.instellingen import OrganisatieData
from swv_desktop.ui.widgets.controls import form_rows
from swv_desktop.ui.widgets.controls import text_field
from swv_desktop.ui.widgets.field_errors import FieldErrors
from swv_desktop.ui.widgets.field_errors import show_error


def _page(title: str, subtitle: str) -> tuple[QWizardPage, QFormLayout]:
    page = QWizardPage()
    page.setTitle(title)
    page.setSubTitle(subtitle)
    layout = QVBoxLayout(page)
    form = QFormLayout()
    layout.addLayout(form)
    layout.addStretch(1)
    return page, form


class FirstRunWizard(QWizard):
    """Sets up an empty database; ``actor`` is the new beheerder after ``accept``. With
    ``can_join`` it also offers "Aansluiten bij een team-server…": the wizard then ends with
    ``JOIN`` (``ui.team_join`` takes over)."""

    JOIN = 2
    """``exec()``'s result when she chose to join a team instead of setting up a new bureau."""

    def __init__(self, db: Database, parent: QWidget | None = None, can_join: bool = False) -> None:
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None
        self.joining = False
        self.setWindowTitle("Eerste inrichting")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.BackButton, "< Vorige")
        self.setButtonText(QWizard.WizardButton.NextButton, "Volgende >")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Inrichten")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Annuleren")
        self.setMinimumSize(640, 480)
        if can_join:
            self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
            self.setButtonText(
                QWizard.WizardButton.CustomButton1, "Aansluiten bij een team-server…"
            )
            join = self.button(QWizard.WizardButton.CustomButton1)
            join.setObjectName("inrichting_aansluiten")
            join.setToolTip("Het bureau werkt al met een server: sluit deze laptop daarop aan")
            self.customButtonClicked.connect(self._join)
            self.currentIdChanged.connect(lambda page: join.setVisible(page <= 0))

        page, form = _page(
            "Het samenwerkingsverband",
            "Deze gegevens staan in het briefhoofd van de beschikkingen; u kunt ze later "
            "wijzigen onder Beheer.",
        )
        self.org: dict[str, QLineEdit] = form_rows(
            form,
            (
                ("naam", "Naam:"),
                ("adres", "Adres:"),
                ("postcode", "Postcode:"),
                ("plaats", "Plaats:"),
                ("telefoon", "Telefoon:"),
                ("email", "E-mail:"),
                ("programmadirecteur_naam", "Naam programmadirecteur:"),
            ),
            lambda name: text_field(f"inrichting_{name}"),
        )
        self.addPage(page)

        page, form = _page(
            "De eerste beheerder",
            "Met dit account maakt u daarna de accounts van de collega's aan.",
        )
        self.gebruikersnaam = QLineEdit()
        self.volledige_naam = QLineEdit()
        self.wachtwoord = QLineEdit()
        self.herhaal = QLineEdit()
        for name, edit in (
            ("gebruikersnaam", self.gebruikersnaam),
            ("volledige_naam", self.volledige_naam),
            ("wachtwoord", self.wachtwoord),
            ("herhaal", self.herhaal),
        ):
            edit.setObjectName(f"inrichting_{name}")
        self.wachtwoord.setEchoMode(QLineEdit.EchoMode.Password)
        self.herhaal.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Gebruikersnaam:", self.gebruikersnaam)
        form.addRow("Volledige naam:", self.volledige_naam)
        form.addRow("Wachtwoord:", self.wachtwoord)
        form.addRow("Herhaal wachtwoord:", self.herhaal)
        hint = QLabel(f"Minstens {MIN_PASSWORD_LENGTH} tekens.")
        hint.setObjectName("hulptekst")
        form.addRow("", hint)
        self.addPage(page)

        page, form = _page(
            "Het eerste schooljaar",
            "Met de bedragen uit de regeling Pilot Maatwerkbudget; per schooljaar aan te passen "
            "onder Beheer.",
        )
        self.schooljaar = text_field("inrichting_schooljaar", schooljaar_for(db.clock().date()))
        form.addRow("Schooljaar:", self.schooljaar)
        d = REGELING_DEFAULTS
        for label, text in (
            ("Budget:", money(d["budget_cents"])),
            ("Maximum per leerling:", money(d["individueel_max_cents"])),
            ("Maximum groepsaanpak:", money(d["groep_max_cents"])),
            ("Minimum leerlingen per groep:", str(d["groep_min_leerlingen"])),
            ("Voortgangsgesprek minstens elke:", f"{d['voortgang_interval_maanden']} maanden"),
        ):
            form.addRow(label, QLabel(text))
        self.addPage(page)

        self.marks = FieldErrors(
            {
                **self.org,
                "gebruikersnaam": self.gebruikersnaam,
                "volledige_naam": self.volledige_naam,
                "wachtwoord": self.wachtwoord,
                "herhaal": self.herhaal,
                "schooljaar": self.schooljaar,
            }
        )

    def _join(self, _which: int = 0) -> None:
        self.joining = True  # QWizard.done validates the page first: not for this way out
        self.done(self.JOIN)

    def validateCurrentPage(self) -> bool:
        """Check each page before moving on; the last page sets the database up."""
        if self.joining:
            return True
        page = self.currentId()
        try:
            if page == 0 and not self.org["naam"].text().strip():
                raise ValidationError(
                    FieldError("naam", "Vul de naam van het samenwerkingsverband in.")
                )
            if page == 1 and self.wachtwoord.text() != self.herhaal.text():
                raise ValidationError(FieldError("herhaal", "De wachtwoorden zijn niet gelijk."))
            if page == 2:
                self.actor = self.set_up()
        except KnownError as exc:
            show_error(self, exc, self.marks)
            return False
        self.marks.clear()
        return True

    def set_up(self) -> Actor:
        """Call the service with what was entered."""
        values = {name: edit.text().strip() for name, edit in self.org.items()}
        data = OrganisatieData(**values)  # type: ignore[arg-type]
        return instellingen.first_run(
            self.db,
            organisatie=data,
            gebruikersnaam=self.gebruikersnaam.text(),
            volledige_naam=self.volledige_naam.text(),
            wachtwoord=self.wachtwoord.text(),
            schooljaar_label=self.schooljaar.text().strip(),
        )
