"""The fields of the aanvraag form's first tab (kind, schooljaar, school, contactpersoon, date,
pupil, amount, goal, description, VSO involvement), how they react to each other, and reading them
back as ``AanvraagInput``. ``AanvraagVelden`` is that tab's page, owned by ``AanvraagDialog``; it
registers its fields with the dialog (error marks, the unsaved-changes check) and works with the
conditions checklist and the plan editor of the other tabs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup
from PySide6.QtWidgets import QGroupBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QRadioButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import ValidationError
from swv_desktop.errors import Validator
from swv_desktop.formatting import money
from swv_desktop.models import Doel
from swv_desktop.models import Rol
from swv_desktop.models import Soort
from swv_desktop.models import VsoBetrokkenheid
from swv_desktop.services import auth
from swv_desktop.services import scholen
from swv_desktop.services.aanvragen.regels import AanvraagInput
from swv_desktop.services.schooljaren import SchooljaarData
from swv_desktop.ui.dialogs.form_base import ChoiceCombo
from swv_desktop.ui.dialogs.form_base import EnumCombo
from swv_desktop.ui.dialogs.form_base import MoneyEdit
from swv_desktop.ui.dialogs.form_base import RecordDialog
from swv_desktop.ui.dialogs.form_base import text_area
from swv_desktop.ui.dialogs.groepsplan_editor import GroepsplanEditor
from swv_desktop.ui.dialogs.groepsplan_parts import school_leerlingen

if TYPE_CHECKING:
    from swv_desktop.services.aanvragen.use_cases import AanvraagDetail
    from swv_desktop.ui.dialogs.aanvraag_tabs import VoorwaardenChecklist


class SoortChoice(QWidget):
    """Individueel or Groepsaanpak, as two radio buttons (fixed once the aanvraag exists)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.individueel = QRadioButton("Individuele aanvraag (één leerling)")
        self.groep = QRadioButton("Groepsaanpak (minstens vijf leerlingen, met plan van aanpak)")
        self.group = QButtonGroup(self)
        self.group.addButton(self.individueel)
        self.group.addButton(self.groep)
        self.individueel.setChecked(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.individueel)
        layout.addWidget(self.groep)

    def value(self) -> Soort:
        """The chosen kind."""
        return Soort.GROEP if self.groep.isChecked() else Soort.INDIVIDUEEL

    def set_value(self, soort: Soort) -> None:
        """Choose ``soort``."""
        (self.groep if soort is Soort.GROEP else self.individueel).setChecked(True)

    def state(self) -> str:
        return self.value().value

    def set_read_only(self, read_only: bool) -> None:
        self.individueel.setEnabled(not read_only)
        self.groep.setEnabled(not read_only)


class AanvraagVelden(QWidget):
    """The first tab's page: its fields, how they react to each other, loading and reading."""

    soort_changed = Signal(bool)
    """Emitted with True when the kind is (now) a group approach."""

    def __init__(
        self,
        host: RecordDialog,
        jaren: dict[int, SchooljaarData],
        voorwaarden: VoorwaardenChecklist,
        plan: GroepsplanEditor,
        soort: Soort,
    ) -> None:
        super().__init__()
        self.host = host
        self.ctx = host.ctx
        self.jaren = jaren
        self.voorwaarden = voorwaarden
        self.plan = plan
        self.new = True
        """True while the aanvraag is not saved yet (the plan period follows the schooljaar)."""
        self._build(soort)

    def _build(self, soort: Soort) -> None:
        add_field = self.host.add_field
        column = QVBoxLayout(self)
        form = self.host.add_form(column)
        self.form = form
        self.soort = add_field(form, "Soort aanvraag:", "soort", SoortChoice())
        self.soort.set_value(soort)
        self.soort.group.buttonToggled.connect(lambda *_a: self._soort_changed())
        jaren = [(j.id, j.label) for j in self.jaren.values()]
        self.schooljaar = add_field(
            form,
            "Schooljaar:",
            "schooljaar_id",
            ChoiceCombo(jaren, placeholder="Kies het schooljaar"),
        )
        self.schooljaar.currentIndexChanged.connect(lambda _i: self._jaar_changed())
        self.school = add_field(
            form,
            "School:",
            "school_id",
            ChoiceCombo(
                scholen.school_choices(self.ctx.db), placeholder="Kies de aanvragende school"
            ),
        )
        self.school.currentIndexChanged.connect(lambda _i: self._school_changed())
        self.contactpersoon = add_field(
            form,
            "Contactpersoon bureau:",
            "contactpersoon_id",
            ChoiceCombo(
                auth.list_contactpersonen(self.ctx.db), placeholder="Kies de contactpersoon"
            ),
            hint="De route loopt altijd via de contactpersoon van het bureau.",
        )
        self.aanvraagdatum = self.host.add_date(form, "Datum aanvraag:", "aanvraagdatum")
        self.leerling = add_field(
            form, "Leerling:", "leerling_id", ChoiceCombo([], placeholder="Kies eerst de school")
        )
        self.leerling_row = form.rowCount() - 1
        self.bedrag = add_field(form, "Aangevraagd bedrag:", "aangevraagd_cents", MoneyEdit())
        self.bedrag_row = form.rowCount() - 1
        self.bedrag_hint = QLabel()
        self.bedrag_hint.setObjectName("hulptekst")
        self.plan_total = QLabel()
        self.plan_total.setObjectName("plan_totaal")
        form.addRow("", self.bedrag_hint)
        self.hint_row = form.rowCount() - 1
        form.addRow("Aangevraagd bedrag:", self.plan_total)
        self.plan_total_row = form.rowCount() - 1
        self.doel = add_field(form, "Doel:", "doel", EnumCombo(list(Doel)))
        self.doel_warning = QLabel(
            "Let op: didactische ondersteuning valt niet onder het maatwerkbudget."
        )
        self.doel_warning.setStyleSheet("color:#b3261e;")
        self.doel_warning.setWordWrap(True)
        form.addRow("", self.doel_warning)
        self.doel.currentIndexChanged.connect(lambda _i: self._doel_changed())
        self.omschrijving = add_field(
            form,
            "Omschrijving:",
            "omschrijving",
            text_area(4),
            hint="Wat de ondersteuning inhoudt en waarom basis- en extra ondersteuning niet volstaan.",
        )
        self.omschrijving.setMaximumHeight(self.omschrijving.minimumHeight() + 40)
        vso_box = QGroupBox("Samenwerking met het VSO")
        vso_layout = QVBoxLayout(vso_box)
        vso_form = self.host.add_form(vso_layout)
        self.vso = add_field(
            vso_form, "Betrokkenheid VSO:", "vso_betrokkenheid", EnumCombo(list(VsoBetrokkenheid))
        )
        self.vso.currentIndexChanged.connect(lambda _i: self._vso_changed())
        self.vso_school = add_field(vso_form, "VSO-school:", "vso_school", QLineEdit())
        self.vso_toelichting = add_field(
            vso_form,
            "Hoe:",
            "vso_toelichting",
            text_area(2),
            hint="Bijvoorbeeld: consultatie door een ambulant begeleider van het VSO.",
        )
        column.addWidget(vso_box)
        column.addStretch(1)

    # --- loading ----------------------------------------------------------------------------

    def load_new(self) -> None:
        """The defaults of a new aanvraag: this schooljaar, the signed-in contactpersoon, today."""
        today = self.ctx.today()
        current = next(
            (j for j in self.jaren.values() if j.start_datum <= today <= j.eind_datum), None
        )
        chosen = current or next(iter(self.jaren.values()), None)
        if chosen is not None:
            self.schooljaar.set_value(chosen.id)
        if self.ctx.actor.rol is Rol.CONTACTPERSOON:
            self.contactpersoon.set_value(self.ctx.actor.id)
        self.aanvraagdatum.set_value(today)
        self.plan.set_value(None, None)
        self._jaar_changed()

    def load(self, detail: AanvraagDetail) -> None:
        """Show the stored aanvraag ``detail`` (its kind and schooljaar stay fixed)."""
        self.new = False
        data = detail.data
        self.soort.set_value(data.soort)
        self.soort.set_read_only(True)
        self.schooljaar.set_value(data.schooljaar_id)
        self.schooljaar.setEnabled(False)
        self.school.blockSignals(True)
        self.school.set_value(data.school_id)
        self.school.blockSignals(False)
        self._fill_leerlingen(data.school_id)
        self.contactpersoon.set_value(data.contactpersoon_id)
        if self.contactpersoon.value() is None and data.contactpersoon_id is not None:
            # an inactive contactpersoon still shows by name
            self.contactpersoon.addItem(detail.contactpersoon_naam, data.contactpersoon_id)
            self.contactpersoon.set_value(data.contactpersoon_id)
        self.aanvraagdatum.set_value(data.aanvraagdatum)
        self.leerling.set_value(data.leerling_id)
        if data.soort is Soort.INDIVIDUEEL:
            self.bedrag.set_cents(data.aangevraagd_cents)
        self.doel.set_value(data.doel)
        self.omschrijving.setPlainText(data.omschrijving)
        self.vso.set_value(data.vso_betrokkenheid)
        self.vso_school.setText(data.vso_school)
        self.vso_toelichting.setPlainText(data.vso_toelichting)
        self.voorwaarden.set_value(data.voorwaarden)
        self.plan.set_value(data.school_id, data.groepsplan)
        self._jaar_changed()

    def refresh(self) -> None:
        """Bring the dependent rows, warnings and the plan total in line with the fields."""
        self._soort_changed()
        self._doel_changed()
        self._vso_changed()
        self.update_plan_total()

    # --- reactions --------------------------------------------------------------------------

    def _jaar(self) -> SchooljaarData | None:
        value = self.schooljaar.value()
        return self.jaren.get(value) if value is not None else None

    def _jaar_changed(self) -> None:
        jaar = self._jaar()
        if jaar is None:
            self.bedrag_hint.setText("")
            return
        self.bedrag_hint.setText(
            f"Maximaal {money(jaar.individueel_max_cents)} per leerling in {jaar.label}."
        )
        self.plan.leerlingen.minimum = jaar.groep_min_leerlingen
        self.plan.leerlingen.load_school(self.school.value())
        if self.new:
            self.plan.default_period(jaar.start_datum, jaar.eind_datum)

    def _school_changed(self) -> None:
        school_id = self.school.value()
        self._fill_leerlingen(school_id)
        self.plan.set_school(school_id)
        if school_id is not None and self.contactpersoon.value() is None:
            cp = scholen.get_school(self.ctx.db, school_id).contactpersoon_id
            if cp is not None:
                self.contactpersoon.set_value(cp)

    def _fill_leerlingen(self, school_id: int | None) -> None:
        current = self.leerling.value()
        self.leerling.blockSignals(True)
        self.leerling.clear()
        if school_id is not None:
            rows = school_leerlingen(self.ctx, school_id)
            for row in rows:
                self.leerling.addItem(f"{row.naam} ({row.leerlingnummer}), {row.klas}", row.id)
            self.leerling.setPlaceholderText(
                "Kies de leerling" if rows else "Deze school heeft nog geen leerlingen"
            )
        else:
            self.leerling.setPlaceholderText("Kies eerst de school")
        self.leerling.set_value(current)
        self.leerling.blockSignals(False)

    def _soort_changed(self) -> None:
        group = self.soort.value() is Soort.GROEP
        self.form.setRowVisible(self.leerling_row, not group)
        self.form.setRowVisible(self.bedrag_row, not group)
        self.form.setRowVisible(self.hint_row, not group)
        self.form.setRowVisible(self.plan_total_row, group)
        self.soort_changed.emit(group)

    def _doel_changed(self) -> None:
        self.doel_warning.setVisible(self.doel.value() is Doel.DIDACTISCH)

    def _vso_changed(self) -> None:
        involved = self.vso.value() is not VsoBetrokkenheid.GEEN
        if not self.host.read_only:
            self.vso_school.setEnabled(involved)
            self.vso_toelichting.setEnabled(involved)

    def update_plan_total(self) -> None:
        self.plan_total.setText(
            f"{money(self.plan.costs.total_cents())} (het totaal van de kostenregels in het plan)"
        )

    def read_input(self) -> AanvraagInput:
        """What the form shows as service input; unreadable dates or amounts raise."""
        v = Validator()
        soort = self.soort.value()
        datum = self.host.read_checked(v, "aanvraagdatum", self.aanvraagdatum.value)
        cents = self.host.read_checked(v, "aangevraagd_cents", self.bedrag.cents)
        voorwaarden = self.host.read_checked(v, "voorwaarden", self.voorwaarden.value) or []
        plan = None
        if soort is Soort.GROEP:
            try:
                plan = self.plan.value()
            except ValidationError as error:
                v.errors.extend(error.errors)
        v.raise_if_any()
        return AanvraagInput(
            soort=soort,
            schooljaar_id=self.schooljaar.value(),
            school_id=self.school.value(),
            contactpersoon_id=self.contactpersoon.value(),
            doel=self.doel.value(),
            aanvraagdatum=datum,
            aangevraagd_cents=cents or 0 if soort is Soort.INDIVIDUEEL else 0,
            leerling_id=self.leerling.value() if soort is Soort.INDIVIDUEEL else None,
            omschrijving=self.omschrijving.toPlainText(),
            vso_betrokkenheid=self.vso.value(),
            vso_school=self.vso_school.text(),
            vso_toelichting=self.vso_toelichting.toPlainText(),
            voorwaarden=voorwaarden,
            groepsplan=plan,
        )
