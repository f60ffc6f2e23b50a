"""The form of one deployment of VSO expertise (the VSO expertise register)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import ValidationError
from swv_desktop.errors import Validator
from swv_desktop.formatting import hours
from swv_desktop.formatting import parse_hours
from swv_desktop.models import Beoordeling
from swv_desktop.models import Rol
from swv_desktop.models import VraagSoort
from swv_desktop.services import scholen
from swv_desktop.services import schooljaren
from swv_desktop.services import vso_expertise as register
from swv_desktop.services.dashboard import default_schooljaar
from swv_desktop.services.vso_expertise import VsoInzetInput
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.form_base import ChoiceCombo
from swv_desktop.ui.dialogs.form_base import EnumCombo
from swv_desktop.ui.dialogs.form_base import text_area
from swv_desktop.ui.dialogs.stored_record import StoredRecordDialog

NOT_RATED = "Nog niet beoordeeld"


class VsoInzetDialog(StoredRecordDialog):
    """A deployment: school, VSO partner, the team's question, what was done, hours, dates and
    how it helped."""

    titles = ("Nieuwe inzet van VSO-expertise", "Inzet van VSO-expertise")
    editors = register.REGISTER_ROLES
    read_only_note = "Alleen contactpersonen en de programmadirecteur leggen inzet vast."
    min_width = 640

    @classmethod
    def read(cls, ctx: UiContext, record_id: int) -> VsoInzetInput:
        """The stored deployment, through ``vso_expertise.get_inzet``."""
        return register.get_inzet(ctx.db, ctx.actor, record_id)

    def build(self, form: QFormLayout) -> None:
        ctx = self.ctx
        note = QLabel(
            "Over de vraag van de docent of het team, niet over een leerling: noem geen namen "
            "van leerlingen."
        )
        note.setObjectName("hulptekst")
        note.setWordWrap(True)
        self.body.insertWidget(0, note)
        self.alle_jaren = schooljaren.list_schooljaren(ctx.db)
        jaren = [(j.id, j.label) for j in self.alle_jaren]
        self.schooljaar = self.add_field(form, "Schooljaar:", "schooljaar_id", ChoiceCombo(jaren))
        own = ctx.actor.rol is Rol.CONTACTPERSOON
        schools = scholen.school_choices(ctx.db, contactpersoon_id=ctx.actor.id if own else None)
        # a contactpersoon records for her own schools (the service checks it too)
        self.school = self.add_field(
            form, "VO-school:", "school_id", ChoiceCombo(schools, placeholder="Kies de school")
        )
        self.partner = self.add_field(form, "VSO-school of partner:", "vso_partner", QLineEdit())
        self.partner.setMaxLength(200)
        self.soort = self.add_field(form, "Soort vraag:", "vraag_soort", EnumCombo(VraagSoort))
        self.vraag = self.add_field(form, "Vraag van het team:", "vraag", text_area(3))
        self.wat = self.add_field(form, "Wat er is gedaan:", "wat_gedaan", text_area(3))
        self.door = self.add_field(form, "Door wie:", "uitgevoerd_door", QLineEdit())
        self.door.setMaxLength(200)
        self.uren = self.add_field(form, "Tijd (uren):", "minuten", QLineEdit())
        self.uren.setPlaceholderText("bijv. 2,5 of 1:30")
        self.uren.setMaximumWidth(140)
        self.start = self.add_date(form, "Begonnen op:", "startdatum")
        self.eind = self.add_date(form, "Afgerond op:", "einddatum")
        self.opbrengst = self.add_field(form, "Wat het opleverde:", "opbrengst", text_area(3))
        ratings = [(i, b.label) for i, b in enumerate(Beoordeling, start=1)]
        self.oordeel = self.add_field(
            form, "Oordeel van het team:", "beoordeling", ChoiceCombo(ratings, none_label=NOT_RATED)
        )
        for area in (self.vraag, self.wat, self.opbrengst):  # three lines each: the form fits
            area.setMaximumHeight(area.minimumHeight())

    def fill_new(self) -> None:
        """A new deployment is for the current schooljaar."""
        self.schooljaar.set_value(default_schooljaar(self.alle_jaren, self.ctx.today()))

    def fill(self, data: VsoInzetInput) -> None:
        """Show a stored deployment."""
        self.schooljaar.set_value(data.schooljaar_id)
        self.school.set_value(data.school_id)
        self.partner.setText(data.vso_partner)
        if data.vraag_soort is not None:
            self.soort.set_value(data.vraag_soort)
        self.vraag.setPlainText(data.vraag)
        self.wat.setPlainText(data.wat_gedaan)
        self.door.setText(data.uitgevoerd_door)
        self.uren.setText(hours(data.minuten).removesuffix(" uur") if data.minuten else "")
        self.start.set_value(data.startdatum)
        self.eind.set_value(data.einddatum)
        self.opbrengst.setPlainText(data.opbrengst)
        members = list(Beoordeling)
        self.oordeel.set_value(members.index(data.beoordeling) + 1 if data.beoordeling else None)
        self.versie = data.versie

    def input(self, v: Validator) -> VsoInzetInput:
        """What the fields hold; unreadable hours or dates are recorded in ``v``."""
        oordeel = self.oordeel.value()
        return VsoInzetInput(
            schooljaar_id=self.schooljaar.value(),
            school_id=self.school.value(),
            vso_partner=self.partner.text(),
            vraag=self.vraag.toPlainText(),
            vraag_soort=self.soort.value(),
            startdatum=self.read_checked(v, "startdatum", self.start.value),
            wat_gedaan=self.wat.toPlainText(),
            uitgevoerd_door=self.door.text(),
            minuten=self.read_checked(v, "minuten", lambda: parse_hours(self.uren.text())) or 0,
            einddatum=self.read_checked(v, "einddatum", self.eind.value),
            opbrengst=self.opbrengst.toPlainText(),
            beoordeling=list(Beoordeling)[oordeel - 1] if oordeel else None,
            versie=self.versie,
        )

    def perform_save(self) -> int:
        v = Validator()
        data = self.input(v)
        if v.errors:
            raise ValidationError(v.errors)
        return register.save_inzet(self.ctx.db, self.ctx.actor, data, self.record_id)


def vso_form(record_id: int | None, parent: QWidget | None, ctx: UiContext) -> QWidget:
    """Opener factory."""
    return VsoInzetDialog.opener("Inzet van VSO-expertise", record_id, parent, ctx)
