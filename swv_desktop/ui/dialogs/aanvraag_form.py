"""The aanvraag form: an individual application or a group approach (chosen when it is new), the
regulation's conditions, the plan van aanpak, the workflow steps, and the history, decisions and
progress talks of a saved aanvraag.

Saving keeps the form open (the workflow buttons then apply to the saved aanvraag); closing after
any change reports "accepted" so the list refreshes. The workflow buttons follow the status and the
role; the services refuse anything else anyway.

The dialog is built by composition: ``AanvraagVelden`` (the first tab's fields), the conditions
checklist, the plan editor and the read-only tabs are widgets it owns, and ``AanvraagWorkflow`` is
the controller of the workflow buttons.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import KnownError
from swv_desktop.errors import ValidationError
from swv_desktop.models import Rol
from swv_desktop.models import Soort
from swv_desktop.models import Status
from swv_desktop.services import schooljaren
from swv_desktop.services import scope
from swv_desktop.services import voortgang
from swv_desktop.services.aanvragen import use_cases as aanvragen
from swv_desktop.services.aanvragen.use_cases import WORKERS
from swv_desktop.services.aanvragen.use_cases import AanvraagDetail
from swv_desktop.services.scope import Recht
from swv_desktop.services.verantwoording.overzicht import INZIEN_ROLES
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.aanvraag_tabs import BesluitenTab
from swv_desktop.ui.dialogs.aanvraag_tabs import BlockersPanel
from swv_desktop.ui.dialogs.aanvraag_tabs import HistoryTab
from swv_desktop.ui.dialogs.aanvraag_tabs import VoortgangTab
from swv_desktop.ui.dialogs.aanvraag_tabs import VoorwaardenChecklist
from swv_desktop.ui.dialogs.aanvraag_tabs import status_badge
from swv_desktop.ui.dialogs.aanvraag_velden import AanvraagVelden
from swv_desktop.ui.dialogs.aanvraag_workflow import AanvraagWorkflow
from swv_desktop.ui.dialogs.form_base import RecordDialog
from swv_desktop.ui.dialogs.form_base import refusal_dialog
from swv_desktop.ui.dialogs.geld_tab import GeldTab
from swv_desktop.ui.dialogs.groepsplan_editor import GROUP_FIELDS
from swv_desktop.ui.dialogs.groepsplan_editor import GroepsplanEditor
from swv_desktop.ui.dialogs.opening import show_modal
from swv_desktop.ui.widgets.scrolling import scrolling


class AanvraagDialog(RecordDialog):
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
            scope.require(ctx.actor, Recht.AANVRAGEN_INVOEREN)
        super().__init__(ctx, parent, title="Aanvraag", record_id=aanvraag_id)
        self.close_after_save = False
        self.changed_something = False
        self.jaren = {j.id: j for j in schooljaren.list_schooljaren(ctx.db)}
        self.setMinimumSize(900, 640)
        self.resize(self.sizeHint())
        self.cancel_button.setText("Sluiten")
        self._build_header()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("aanvraag_tabs")
        self.body.addWidget(self.tabs, 1)
        self.voorwaarden = VoorwaardenChecklist(ctx.today)
        self.plan = GroepsplanEditor(ctx)
        self.velden = AanvraagVelden(self, self.jaren, self.voorwaarden, self.plan, soort)
        self.velden.soort_changed.connect(self._soort_changed)
        self.tabs.addTab(scrolling(self.velden), "Aanvraag")
        self._build_conditions_tab()
        self._build_plan_tab()
        self.history = HistoryTab()
        self.besluiten = BesluitenTab(may_revise=ctx.actor.rol is Rol.PROGRAMMADIRECTEUR)
        self.besluiten.open_letter.connect(self.workflow.show_letter)
        self.besluiten.revise.connect(self.workflow.start_revision)
        self.voortgang = VoortgangTab(may_record=ctx.actor.rol in WORKERS)
        self.voortgang.record.connect(self.workflow.record_gesprek)
        self.geld = GeldTab(ctx)
        self.geld.changed.connect(self._money_changed)
        self._load()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Room for the tabs without scrolling on a 1366×768 laptop screen."""
        return super().sizeHint().expandedTo(QSize(1060, 720))

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
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        self.action_bar = QHBoxLayout()
        top.addLayout(self.action_bar)
        self.workflow = AanvraagWorkflow(self, self.action_bar)
        self.body.addLayout(top)
        self.body.addWidget(self.subheading)
        self.blockers = BlockersPanel()
        self.body.addWidget(self.blockers)

    def _build_conditions_tab(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel(
            "De voorwaarden van de regeling. Vink aan wat is vastgesteld, met de datum en zo nodig "
            "een toelichting. Een toekenning kan pas als aan elke voorwaarde is voldaan."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.add_field(None, "Voorwaarden", "voorwaarden", self.voorwaarden)
        layout.addWidget(self.voorwaarden)
        layout.addWidget(self.error_labels["voorwaarden"])
        self.tabs.addTab(scrolling(page), "Voorwaarden")

    def _build_plan_tab(self) -> None:
        editor = self.plan
        for name, widget in (
            ("leerling_ids", editor.leerlingen),
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
        self.marks.fields["leerling_ids"] = editor.leerlingen.view
        self.marks.fields["groepsplan"] = editor.leerlingen.view
        self.marks.fields["periode"] = editor.periode_start.line
        self.marks.fields["kostenregels"] = editor.costs.table
        editor.costs.changed.connect(self.velden.update_plan_total)
        self.plan_tab_index = self.tabs.addTab(editor, "Plan van aanpak")

    # --- loading ----------------------------------------------------------------------------

    def _soort_changed(self, group: bool) -> None:
        self.tabs.setTabVisible(self.plan_tab_index, group)

    def _load(self) -> None:
        if self.detail is None:
            self.velden.load_new()
        else:
            self._load_existing(self.detail)
        self.velden.refresh()
        self.refresh_header()
        self.mark_clean()

    def _load_existing(self, detail: AanvraagDetail) -> None:
        self.versie = detail.data.versie
        self.velden.load(detail)
        self._load_tabs(detail)
        fixed = detail.status is Status.TER_BESLUITVORMING
        editable = detail.status.is_open and not fixed and self.ctx.actor.rol in WORKERS
        if fixed:
            self.read_only_label.setText(
                "Deze aanvraag ligt ter besluitvorming en ligt vast. Wijzigen kan pas nadat zij "
                "is teruggestuurd naar de contactpersoon."
            )
        if not editable:
            self.set_read_only(True)
            self.voorwaarden.set_read_only(True)
            self.plan.set_read_only(True)

    def _load_tabs(self, detail: AanvraagDetail) -> None:
        for widget, title in (
            (self.geld, "Geld"),
            (self.voortgang, "Voortgang"),
            (self.besluiten, "Besluiten"),
            (self.history, "Geschiedenis"),
        ):
            index = self.tabs.indexOf(widget)
            if index >= 0:
                self.tabs.removeTab(index)
            if widget is self.voortgang:
                awarded = detail.status in (Status.TOEGEKEND, Status.GEDEELTELIJK_TOEGEKEND)
                if not awarded or self.ctx.actor.rol not in WORKERS:
                    continue
                self.voortgang.set_gesprekken(
                    voortgang.gesprekken_for(self.ctx.db, self.ctx.actor, detail.id)
                )
            if widget is self.geld:
                awarded = detail.status in (Status.TOEGEKEND, Status.GEDEELTELIJK_TOEGEKEND)
                if not awarded or self.ctx.actor.rol not in INZIEN_ROLES:
                    continue
                if not self.geld.load(detail.id):
                    continue
            if widget is self.besluiten:
                if not detail.besluiten:
                    continue
                self.besluiten.set_besluiten(detail.besluiten)
            if widget is self.history:
                self.history.set_steps(detail.geschiedenis)
            self.tabs.addTab(widget, title)

    def _money_changed(self) -> None:
        self.changed_something = True

    def reopen(self) -> QDialog:
        """Close this form (accepted: something changed) and open the aanvraag afresh, with the
        fields editable as its new status allows."""
        assert self.record_id is not None
        fresh = AanvraagDialog(self.ctx, self.record_id, self.parentWidget())
        self.done(QDialog.DialogCode.Accepted.value)
        show_modal(fresh)
        return fresh

    def reload(self) -> None:
        """Read the aanvraag again (after a save or a workflow step)."""
        if self.record_id is None:
            return
        self.detail = aanvragen.get_aanvraag(self.ctx.db, self.ctx.actor, self.record_id)
        self._load_existing(self.detail)
        self.velden.refresh()
        self.refresh_header()
        self.mark_clean()

    def reload_record(self) -> None:
        """Show the aanvraag as stored now (someone else saved it first)."""
        self.reload()

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
        self.workflow.update()

    # --- saving -----------------------------------------------------------------------------

    def perform_save(self) -> int:
        data = self.velden.read_input()
        data.versie = self.versie
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
