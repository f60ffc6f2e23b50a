"""The aanvraag form: an individual application or a group approach (chosen when it is new), the
regulation's conditions, the plan van aanpak, the workflow steps, and the history, decisions and
progress talks of a saved aanvraag.

Saving keeps the form open (the workflow buttons then apply to the saved aanvraag); closing after
any change reports "accepted" so the list refreshes. The workflow buttons follow the status and the
role; the services refuse anything else anyway.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...errors import KnownError, ValidationError, Validator
from ...formatting import money
from ...models import Doel, Rol, Soort, Status, VsoBetrokkenheid
from ...services import aanvragen, auth, instellingen, queries, scholen, voortgang
from ...services.aanvraag_regels import AanvraagInput
from ...services.aanvragen import WORKERS, AanvraagDetail
from ...services.common import require_role
from ...services.instellingen import SchooljaarData
from ...services.queries import ListFilter
from .. import openers
from ..context import UiContext
from .aanvraag_tabs import (
    BlockersPanel,
    DecisionsTab,
    HistoryTab,
    VoortgangTab,
    VoorwaardenChecklist,
    status_badge,
)
from .aanvraag_workflow import WorkflowMixin
from .form_base import (
    ChoiceCombo,
    DateEdit,
    EnumCombo,
    MoneyEdit,
    RecordDialog,
    refusal_dialog,
    text_area,
)
from .groepsplan_editor import MAX_PUPILS_LISTED, GroepsplanEditor

GROUP_FIELDS = (
    "leerling_ids",
    "ondersteuning",
    "doelen",
    "evaluatiewijze",
    "periode",
    "kostenregels",
)


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


def _scrolling(inner: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(inner)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


class AanvraagDialog(WorkflowMixin, RecordDialog):
    """One aanvraag: new (``aanvraag_id`` None) or existing."""

    def __init__(
        self,
        ctx: UiContext,
        aanvraag_id: int | None = None,
        parent: QWidget | None = None,
        *,
        soort: Soort = Soort.INDIVIDUEEL,
    ) -> None:
        self.detail: AanvraagDetail | None = (
            aanvragen.get_aanvraag(ctx.db, ctx.actor, aanvraag_id) if aanvraag_id else None
        )
        if self.detail is None:
            require_role(ctx.actor, *WORKERS, action="aanvragen vastleggen")
        super().__init__(ctx, parent, title="Aanvraag", record_id=aanvraag_id)
        self.close_after_save = False
        self.changed_something = False
        self.child: QDialog | None = None
        self.jaren = {j.id: j for j in instellingen.list_schooljaren(ctx.db)}
        self.resize(1060, 760)
        self.cancel_button.setText("Sluiten")
        self._build_header()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("aanvraag_tabs")
        self.body.addWidget(self.tabs, 1)
        self._build_main_tab(soort)
        self._build_conditions_tab()
        self._build_plan_tab()
        self.history = HistoryTab()
        self.decisions = DecisionsTab(may_revise=ctx.actor.rol is Rol.PROGRAMMADIRECTEUR)
        self.decisions.open_letter.connect(self.show_letter)
        self.decisions.revise.connect(self.start_revision)
        self.voortgang = VoortgangTab(may_record=ctx.actor.rol in WORKERS)
        self.voortgang.record.connect(self.record_talk)
        self._load()

    # --- building ---------------------------------------------------------------------------

    def _build_header(self) -> None:
        self.heading = QLabel()
        self.heading.setObjectName("aanvraag_kop")
        self.heading.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.badge = QLabel()
        self.badge.setObjectName("aanvraag_status")
        self.subheading = QLabel()
        self.subheading.setObjectName("aanvraag_subkop")
        self.subheading.setStyleSheet("color:#555555;")
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.badge)
        top.addStretch(1)
        self.action_bar = QHBoxLayout()
        top.addLayout(self.action_bar)
        self.build_actions(self.action_bar)
        self.body.addLayout(top)
        self.body.addWidget(self.subheading)
        self.blockers = BlockersPanel()
        self.body.addWidget(self.blockers)

    def _build_main_tab(self, soort: Soort) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        form = self.add_form(column)
        self.form = form
        self.soort = self.add_field(form, "Soort aanvraag:", "soort", SoortChoice())
        self.soort.set_value(soort)
        self.soort.group.buttonToggled.connect(lambda *_a: self._soort_changed())
        jaren = [(j.id, j.label) for j in instellingen.list_schooljaren(self.ctx.db)]
        self.schooljaar = self.add_field(
            form,
            "Schooljaar:",
            "schooljaar_id",
            ChoiceCombo(jaren, placeholder="Kies het schooljaar"),
        )
        self.schooljaar.currentIndexChanged.connect(lambda _i: self._jaar_changed())
        self.school = self.add_field(
            form,
            "School:",
            "school_id",
            ChoiceCombo(
                scholen.school_choices(self.ctx.db), placeholder="Kies de aanvragende school"
            ),
        )
        self.school.currentIndexChanged.connect(lambda _i: self._school_changed())
        self.contactpersoon = self.add_field(
            form,
            "Contactpersoon bureau:",
            "contactpersoon_id",
            ChoiceCombo(
                auth.list_contactpersonen(self.ctx.db), placeholder="Kies de contactpersoon"
            ),
            hint="De route loopt altijd via de contactpersoon van het bureau.",
        )
        self.aanvraagdatum = self.add_field(
            form, "Datum aanvraag:", "aanvraagdatum", DateEdit(today=self.ctx.today)
        )
        self.leerling = self.add_field(
            form, "Leerling:", "leerling_id", ChoiceCombo([], placeholder="Kies eerst de school")
        )
        self.leerling_row = form.rowCount() - 1
        self.bedrag = self.add_field(form, "Aangevraagd bedrag:", "aangevraagd_cents", MoneyEdit())
        self.bedrag_row = form.rowCount() - 1
        self.bedrag_hint = QLabel()
        self.bedrag_hint.setObjectName("hulptekst")
        self.plan_total = QLabel()
        self.plan_total.setObjectName("plan_totaal")
        form.addRow("", self.bedrag_hint)
        self.hint_row = form.rowCount() - 1
        form.addRow("Aangevraagd bedrag:", self.plan_total)
        self.plan_total_row = form.rowCount() - 1
        self.doel = self.add_field(form, "Doel:", "doel", EnumCombo(list(Doel)))
        self.doel_warning = QLabel(
            "Let op: didactische ondersteuning valt niet onder het maatwerkbudget."
        )
        self.doel_warning.setStyleSheet("color:#b3261e;")
        self.doel_warning.setWordWrap(True)
        form.addRow("", self.doel_warning)
        self.doel.currentIndexChanged.connect(lambda _i: self._doel_changed())
        self.omschrijving = self.add_field(
            form,
            "Omschrijving:",
            "omschrijving",
            text_area(4),
            hint="Wat de ondersteuning inhoudt en waarom basis- en extra ondersteuning niet volstaan.",
        )
        vso_box = QGroupBox("Samenwerking met het VSO")
        vso_layout = QVBoxLayout(vso_box)
        vso_form = self.add_form(vso_layout)
        self.vso = self.add_field(
            vso_form, "Betrokkenheid VSO:", "vso_betrokkenheid", EnumCombo(list(VsoBetrokkenheid))
        )
        self.vso.currentIndexChanged.connect(lambda _i: self._vso_changed())
        self.vso_school = self.add_field(vso_form, "VSO-school:", "vso_school", QLineEdit())
        self.vso_toelichting = self.add_field(
            vso_form,
            "Hoe:",
            "vso_toelichting",
            text_area(2),
            hint="Bijvoorbeeld: consultatie door een ambulant begeleider van het VSO.",
        )
        column.addWidget(vso_box)
        column.addStretch(1)
        self.tabs.addTab(_scrolling(page), "Aanvraag")

    def _build_conditions_tab(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel(
            "De voorwaarden van de regeling. Vink aan wat is vastgesteld, met de datum en zo nodig "
            "een toelichting. Een toekenning kan pas als aan elke voorwaarde is voldaan."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.voorwaarden = self.add_field(
            None, "Voorwaarden", "voorwaarden", VoorwaardenChecklist(self.ctx.today)
        )
        layout.addWidget(self.voorwaarden)
        layout.addWidget(self.error_labels["voorwaarden"])
        self.tabs.addTab(_scrolling(page), "Voorwaarden")

    def _build_plan_tab(self) -> None:
        self.plan = GroepsplanEditor(self.ctx)
        editor = self.plan
        for name, widget in (
            ("leerling_ids", editor.pupils),
            ("ondersteuning", editor.ondersteuning),
            ("doelen", editor.doelen),
            ("evaluatiewijze", editor.evaluatiewijze),
            ("periode_start", editor.periode_start),
            ("periode_eind", editor.periode_eind),
            ("kostenregels", editor.costs),
        ):
            self.add_field(None, "", name, widget)
        for name in GROUP_FIELDS:
            self.error_labels[name] = editor.errors[name]
            self.marks.labels[name] = editor.errors[name]
        self.marks.fields["leerling_ids"] = editor.pupils.view
        self.marks.fields["groepsplan"] = editor.pupils.view
        self.marks.fields["periode"] = editor.periode_start.line
        self.marks.fields["kostenregels"] = editor.costs.table
        editor.costs.changed.connect(self._update_plan_total)
        self.plan_tab_index = self.tabs.addTab(editor, "Plan van aanpak")

    # --- loading ----------------------------------------------------------------------------

    def _load(self) -> None:
        detail = self.detail
        if detail is None:
            self._load_new()
        else:
            self._load_existing(detail)
        self._soort_changed()
        self._doel_changed()
        self._vso_changed()
        self._update_plan_total()
        self.refresh_header()
        self.mark_clean()

    def _load_new(self) -> None:
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

    def _load_existing(self, detail: AanvraagDetail) -> None:
        data = detail.data
        self.soort.set_value(data.soort)
        self.soort.set_read_only(True)
        self.schooljaar.set_value(data.schooljaar_id)
        self.schooljaar.setEnabled(False)
        self.school.blockSignals(True)
        self.school.set_value(data.school_id)
        self.school.blockSignals(False)
        self._fill_pupils(data.school_id)
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
        self._load_tabs(detail)
        editable = detail.status.is_open and self.ctx.actor.rol in WORKERS
        if not editable:
            self.set_read_only(True)
            self.voorwaarden.set_read_only(True)
            self.plan.set_read_only(True)

    def _load_tabs(self, detail: AanvraagDetail) -> None:
        for widget, title in (
            (self.voortgang, "Voortgang"),
            (self.decisions, "Besluiten"),
            (self.history, "Geschiedenis"),
        ):
            index = self.tabs.indexOf(widget)
            if index >= 0:
                self.tabs.removeTab(index)
            if widget is self.voortgang:
                awarded = detail.status in (Status.TOEGEKEND, Status.GEDEELTELIJK_TOEGEKEND)
                if not awarded or self.ctx.actor.rol not in WORKERS:
                    continue
                self.voortgang.set_talks(
                    voortgang.talks_for(self.ctx.db, self.ctx.actor, detail.id)
                )
            if widget is self.decisions:
                if not detail.besluiten:
                    continue
                self.decisions.set_decisions(detail.besluiten)
            if widget is self.history:
                self.history.set_steps(detail.geschiedenis)
            self.tabs.addTab(widget, title)

    def reload(self) -> None:
        """Read the aanvraag again (after a save or a workflow step)."""
        if self.record_id is None:
            return
        self.detail = aanvragen.get_aanvraag(self.ctx.db, self.ctx.actor, self.record_id)
        self._load_existing(self.detail)
        self._soort_changed()
        self._update_plan_total()
        self.refresh_header()
        self.mark_clean()

    def refresh_header(self) -> None:
        """Title, status, what still blocks an award and the workflow buttons."""
        detail = self.detail
        if detail is None:
            self.setWindowTitle("Nieuwe aanvraag")
            self.heading.setText("Nieuwe aanvraag")
            self.badge.setVisible(False)
            self.subheading.setText("Kies de soort aanvraag; sla op als concept en dien daarna in.")
            self.blockers.show_blockers([], applies=False)
        else:
            kind = detail.data.soort.label.lower()
            self.setWindowTitle(f"Aanvraag {detail.nummer}")
            self.heading.setText(f"Aanvraag {detail.nummer}")
            self.badge.setText(detail.status.label)
            self.badge.setStyleSheet(status_badge(detail.status))
            self.badge.setVisible(True)
            self.subheading.setText(
                f"{detail.data.soort.label} · {detail.school_naam} · schooljaar "
                f"{detail.schooljaar_label} · contactpersoon {detail.contactpersoon_naam}"
                if kind
                else ""
            )
            self.blockers.show_blockers(detail.blockers, applies=detail.status.is_open)
        self.update_actions()

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
        self.plan.pupils.minimum = jaar.groep_min_leerlingen
        self.plan.pupils.load_school(self.school.value())
        if self.detail is None:
            self.plan.default_period(jaar.start_datum, jaar.eind_datum)

    def _school_changed(self) -> None:
        school_id = self.school.value()
        self._fill_pupils(school_id)
        self.plan.set_school(school_id)
        if school_id is not None and self.contactpersoon.value() is None:
            cp = scholen.get_school(self.ctx.db, school_id).contactpersoon_id
            if cp is not None:
                self.contactpersoon.set_value(cp)

    def _fill_pupils(self, school_id: int | None) -> None:
        current = self.leerling.value()
        self.leerling.blockSignals(True)
        self.leerling.clear()
        if school_id is not None:
            rows = queries.fetch(
                self.ctx.db,
                "leerling",
                ListFilter(school_id=school_id),
                sort="naam",
                limit=MAX_PUPILS_LISTED,
            )
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
        self.tabs.setTabVisible(self.plan_tab_index, group)

    def _doel_changed(self) -> None:
        self.doel_warning.setVisible(self.doel.value() is Doel.DIDACTISCH)

    def _vso_changed(self) -> None:
        involved = self.vso.value() is not VsoBetrokkenheid.GEEN
        if not self.read_only:
            self.vso_school.setEnabled(involved)
            self.vso_toelichting.setEnabled(involved)

    def _update_plan_total(self) -> None:
        self.plan_total.setText(
            f"{money(self.plan.costs.total_cents())} (het totaal van de kostenregels in het plan)"
        )

    # --- saving -----------------------------------------------------------------------------

    def read_input(self) -> AanvraagInput:
        """What the form shows as service input; unreadable dates or amounts raise."""
        v = Validator()
        soort = self.soort.value()
        datum = self.read_checked(v, "aanvraagdatum", self.aanvraagdatum.value)
        cents = self.read_checked(v, "aangevraagd_cents", self.bedrag.cents)
        voorwaarden = self.read_checked(v, "voorwaarden", self.voorwaarden.value) or []
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

    def perform_save(self) -> int:
        data = self.read_input()
        if self.record_id is None:
            return aanvragen.create_aanvraag(self.ctx.db, self.ctx.actor, data)
        aanvragen.update_aanvraag(self.ctx.db, self.ctx.actor, self.record_id, data)
        return self.record_id

    def after_save(self, record_id: int) -> None:
        self.changed_something = True
        self.reload()

    def show_validation(self, error: ValidationError) -> None:
        """Go to the tab of the first marked field, then mark and list as usual."""
        for field_error in error.errors:
            widget = self.marks.fields.get(field_error.field)
            if widget is None:
                continue
            for index in range(self.tabs.count()):
                if self.tabs.widget(index).isAncestorOf(widget):
                    self.tabs.setCurrentIndex(index)
                    break
            break
        super().show_validation(error)

    def done(self, result: int) -> None:
        """Closing after a save still counts as accepted (the list refreshes)."""
        if self.changed_something:
            result = QDialog.DialogCode.Accepted.value
        super().done(result)


def aanvraag_form(record_id: int | None, parent: QWidget | None, ctx: UiContext) -> QWidget:
    """The opener's factory: the form, or a calm refusal when the role may not see it."""
    try:
        return AanvraagDialog(ctx, record_id, parent)
    except KnownError as error:
        return refusal_dialog(parent, "Aanvraag", error)


def sample_aanvraag(ctx: UiContext) -> int | None:
    """For screenshots: an aanvraag waiting for a decision, else the newest."""
    for status in (Status.TER_BESLUITVORMING.value, None):
        rows = queries.fetch(
            ctx.db, "aanvraag", ListFilter(status=status), limit=1, descending=True
        )
        if rows:
            return int(rows[0].id)
    return None


def register() -> None:
    """Register the aanvraag form with the opener registry."""
    openers.register("aanvraag", aanvraag_form, sample=sample_aanvraag)
