"""Besluit nemen (programmadirecteur only): toekennen, gedeeltelijk toekennen or afwijzen, with the
amount, the motivering and an optional letter date; the budget meter previews the effect while the
amount changes. Past the budget a confirmation states the overshoot in euros and asks the reason
(which creates the 'bestuur informeren' note). Afterwards the beschikking is shown.

The same dialog revises a decision (herziening) when given ``besluit_id``.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QButtonGroup
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QGroupBox
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QRadioButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import KnownError
from swv_desktop.errors import Validator
from swv_desktop.formatting import long_date
from swv_desktop.formatting import money
from swv_desktop.models import Soort
from swv_desktop.models import Status
from swv_desktop.models import Uitkomst
from swv_desktop.services import besluiten
from swv_desktop.services import budget
from swv_desktop.services import scope
from swv_desktop.services.aanvragen import use_cases as aanvragen
from swv_desktop.services.besluiten import BesluitResult
from swv_desktop.services.besluiten import BudgetOverschrijding
from swv_desktop.services.queries import lists as queries
from swv_desktop.services.scope import Recht
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.beschikking_view import beschikking_form
from swv_desktop.ui.dialogs.budget_reason import BudgetReasonDialog
from swv_desktop.ui.dialogs.form_base import DateEdit
from swv_desktop.ui.dialogs.form_base import MoneyEdit
from swv_desktop.ui.dialogs.form_base import RecordDialog
from swv_desktop.ui.dialogs.form_base import text_area
from swv_desktop.ui.dialogs.form_widgets import existing_record_form
from swv_desktop.ui.dialogs.opening import show_modal
from swv_desktop.ui.widgets.budget_meter import BudgetMeter
from swv_desktop.ui.widgets.controls import wrapping_label

PREVIEW_DELAY_MS = 120


class OverschrijdingDialog(BudgetReasonDialog):
    """Awarding past the budget: states the overshoot and asks the (required) reason."""

    def __init__(self, parent: QWidget | None, error: BudgetOverschrijding) -> None:
        super().__init__(
            parent,
            title="Budget wordt overschreden",
            headline=(
                f"Met dit besluit wordt het budget met {money(error.overshoot_cents)} overschreden."
            ),
            explanation=error.message
            + "\n\nDe reden wordt vastgelegd bij het besluit en er komt een notitie "
            "'bestuur informeren' op het overzicht, tot het bestuur is geïnformeerd.",
            placeholder="Waarom wordt toch toegekend? (verplicht)",
            ok_text="Toch toekennen",
            name="overschrijding",
        )
        self.ok_button.setObjectName("toch_toekennen")


def ask_overshoot_reason(parent: QWidget | None, error: BudgetOverschrijding) -> str | None:
    """The reason to award past the budget, or ``None`` when the user goes back (tests replace
    this function)."""
    return OverschrijdingDialog(parent, error).ask()


def show_beschikking(parent: QWidget | None, ctx: UiContext, beschikking_id: int) -> QWidget:
    """Show the new beschikking (tests replace this function)."""
    return show_modal(beschikking_form(beschikking_id, parent, ctx))


class _Cancelled(Exception):
    """The user went back from the overshoot confirmation: nothing is saved."""


class BesluitDialog(RecordDialog):
    """The decision on one aanvraag, or (with ``besluit_id``) a herziening of that decision."""

    def __init__(
        self,
        ctx: UiContext,
        aanvraag_id: int,
        parent: QWidget | None = None,
        *,
        besluit_id: int | None = None,
    ) -> None:
        scope.require(ctx.actor, Recht.BESLUITEN)
        self.detail = aanvragen.get_aanvraag(ctx.db, ctx.actor, aanvraag_id)
        self.besluit_id = besluit_id
        self.vorige = next((b for b in self.detail.besluiten if b.id == besluit_id), None)
        if besluit_id is not None and self.vorige is None:
            raise KnownError("Het besluit om te herzien hoort niet bij deze aanvraag.")
        title = (
            f"Herziening van {self.vorige.kenmerk} – aanvraag {self.detail.nummer}"
            if self.vorige
            else f"Besluit nemen – aanvraag {self.detail.nummer}"
        )
        super().__init__(ctx, parent, title=title, record_id=None)
        self.aanvraag_id = aanvraag_id
        self.result_data: BesluitResult | None = None
        self.requested = self.detail.data.bedrag_cents
        self.save_button.setText("Herziening vastleggen" if self.vorige else "Besluit vastleggen")
        self.setMinimumSize(760, 660)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)
        self._build()
        self._prefill()
        self.update_preview()
        self.resize(self.sizeHint())
        self.mark_clean()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Wide enough for the budget meter, tall enough for the motivering."""
        return super().sizeHint().expandedTo(QSize(800, 700))

    # --- building ---------------------------------------------------------------------------

    def _build(self) -> None:
        d = self.detail
        heading = QLabel(self.windowTitle())
        heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.body.addWidget(heading)
        self.summary = wrapping_label(
            "besluit_samenvatting", self._summary_text().replace("€ ", "€\u00a0")
        )
        self.body.addWidget(self.summary)

        outcome_box = QGroupBox("Besluit")
        outcome_layout = QVBoxLayout(outcome_box)
        self.outcomes: dict[Uitkomst, QRadioButton] = {}
        row = QHBoxLayout()
        self.outcome_group = QButtonGroup(self)
        for uitkomst, text in (
            (Uitkomst.TOEGEKEND, "Toekennen"),
            (Uitkomst.GEDEELTELIJK, "Gedeeltelijk toekennen"),
            (Uitkomst.AFGEWEZEN, "Afwijzen"),
        ):
            button = QRadioButton(text)
            button.setObjectName(f"uitkomst_{uitkomst.value}")
            self.outcome_group.addButton(button)
            self.outcomes[uitkomst] = button
            row.addWidget(button)
            button.toggled.connect(lambda on, u=uitkomst: on and self._outcome_changed(u))
        row.addStretch(1)
        outcome_layout.addLayout(row)
        form = self.add_form(outcome_layout)
        self.bedrag = self.add_field(
            form,
            "Bedrag:",
            "bedrag",
            MoneyEdit(),
            hint=f"Aangevraagd: {money(self.requested)}.",
        )
        self.bedrag.changed.connect(self._timer.start)
        self.motivering = self.add_field(
            form,
            "Motivering:",
            "motivering",
            text_area(5),
            hint="De motivering komt in de beschikking; toets aan de voorwaarden van de regeling.",
        )
        self.briefdatum = self.add_date(
            form,
            "Dagtekening brief:",
            "briefdatum",
            hint="Leeg laten: de datum van vandaag.",
        )
        self.periode_eind: DateEdit | None = None
        vorige = self.vorige
        if vorige is not None and vorige.periode_start and vorige.periode_eind:
            self.periode_eind = self.add_date(
                form,
                "Einde periode:",
                "periode_eind",
                hint=(
                    f"Leeg laten: tot en met {long_date(vorige.periode_eind)}, zoals in "
                    f"{vorige.kenmerk}. Eerder als de ondersteuning eerder stopt (bijvoorbeeld: "
                    f"de leerling heeft de school verlaten); niet vóór "
                    f"{long_date(vorige.periode_start)}."
                ),
            )
        self.body.addWidget(outcome_box)

        budget_box = QGroupBox(f"Effect op het budget {d.schooljaar_label}")
        budget_layout = QVBoxLayout(budget_box)
        self.meter = BudgetMeter()
        self.meter.setObjectName("besluit_meter")
        self.effect = wrapping_label("besluit_effect")
        budget_layout.addWidget(self.meter)
        budget_layout.addWidget(self.effect)
        self.body.addWidget(budget_box)

        self.blockers = wrapping_label("besluit_blokkades")
        self.blockers_frame = QFrame()
        self.blockers_frame.setObjectName("blokkades")
        self.blockers_frame.setStyleSheet(
            "QFrame#blokkades { background:#fff4e0; border:1px solid #e0b35a; border-radius:4px; }"
        )
        frame_layout = QVBoxLayout(self.blockers_frame)
        frame_layout.setContentsMargins(10, 6, 10, 6)
        frame_layout.addWidget(self.blockers)
        self.body.addWidget(self.blockers_frame)

    def _summary_text(self) -> str:
        d = self.detail
        if d.data.soort is Soort.GROEP:
            n = len(d.data.groepsplan.leerling_ids) if d.data.groepsplan else 0
            who = f"groepsaanpak voor {n} leerlingen"
        else:
            row = queries.get_row(self.ctx.db, self.ctx.actor, "leerling", d.data.leerling_id or 0)
            who = f"leerling {row.leerlingnummer}" if row else "individueel"
        text = (
            f"{d.school_naam} · {who} · doel: {d.data.doel.label.lower()} · aangevraagd "
            f"{money(self.requested)} · contactpersoon {d.contactpersoon_naam}"
        )
        if self.vorige:
            text += (
                f"\nGeldend besluit {self.vorige.kenmerk}: {self.vorige.uitkomst.label.lower()}, "
                f"{money(self.vorige.toegekend_cents)}. De herziening vervangt dat besluit."
            )
        return text

    def _prefill(self) -> None:
        if self.vorige is not None:
            self.outcomes[self.vorige.uitkomst].setChecked(True)
            self.bedrag.set_cents(self.vorige.toegekend_cents)
        else:
            self.outcomes[Uitkomst.TOEGEKEND].setChecked(True)

    # --- reactions --------------------------------------------------------------------------

    def uitkomst(self) -> Uitkomst:
        """The chosen outcome."""
        return next(u for u, b in self.outcomes.items() if b.isChecked())

    def _outcome_changed(self, uitkomst: Uitkomst) -> None:
        if uitkomst is Uitkomst.AFGEWEZEN:
            self.bedrag.set_cents(0)
            self.bedrag.setEnabled(False)
        elif uitkomst is Uitkomst.TOEGEKEND:
            self.bedrag.set_cents(self.requested)
            self.bedrag.setEnabled(False)
        else:
            self.bedrag.setEnabled(True)
            try:
                current = self.bedrag.cents()
            except ValueError:
                current = None
            if not current or current >= self.requested:
                self.bedrag.line.clear()
            self.bedrag.line.setFocus()
        self.update_preview()

    def _amount(self) -> int:
        try:
            return self.bedrag.cents() or 0
        except ValueError:
            return 0

    def update_preview(self) -> None:
        """Budget before/after this decision, and what still blocks an award."""
        amount = self._amount() if self.uitkomst() is not Uitkomst.AFGEWEZEN else 0
        preview = besluiten.preview_besluit(
            self.ctx.db, self.ctx.actor, self.aanvraag_id, amount, besluit_id=self.besluit_id
        )
        overview = budget.budget_overview(self.ctx.db, self.detail.data.schooljaar_id or 0)
        own_pending = self.requested if self.detail.status is Status.TER_BESLUITVORMING else 0
        other_pending = max(0, overview.pending_cents - own_pending)
        self.meter.set_values(
            self.detail.schooljaar_label,
            preview.budget_cents,
            preview.awarded_after_cents,
            other_pending,
        )
        text = (
            f"Vóór dit besluit is {money(preview.awarded_before_cents)} toegekend; na dit besluit "
            f"{money(preview.awarded_after_cents)} van het budget van {money(preview.budget_cents)}."
        )
        if preview.overshoot_cents:
            text += " Bij het vastleggen wordt gevraagd naar de reden voor het bestuur."
            self.effect.setStyleSheet("color:#b3261e;")
        else:
            self.effect.setStyleSheet("")
        self.effect.setText(text)
        blockers = preview.blockers if self.uitkomst() is not Uitkomst.AFGEWEZEN else []
        self.blockers_frame.setVisible(bool(blockers))
        if blockers:
            self.blockers.setText(
                "Toekennen kan nog niet:\n" + "\n".join(f"• {b.message}" for b in blockers)
            )

    def reload_record(self) -> None:
        """Someone changed the aanvraag while this dialog was open: show it as stored now (its
        amount, blockers and budget); what was typed for the decision stays, to be checked
        again before deciding."""
        self.detail = aanvragen.get_aanvraag(self.ctx.db, self.ctx.actor, self.aanvraag_id)
        self.requested = self.detail.data.bedrag_cents
        self.summary.setText(self._summary_text().replace("€ ", "€\u00a0"))
        self.update_preview()

    # --- saving -----------------------------------------------------------------------------

    def _decide(self, reden: str) -> BesluitResult:
        v = Validator()
        uitkomst = self.uitkomst()
        bedrag = self.read_checked(v, "bedrag", self.bedrag.cents)
        briefdatum = self.read_checked(v, "briefdatum", self.briefdatum.value)
        eind = (
            self.read_checked(v, "periode_eind", self.periode_eind.value)
            if self.periode_eind is not None
            else None
        )
        v.raise_if_any()
        kwargs = {
            "uitkomst": uitkomst,
            "bedrag_cents": bedrag or 0,
            "motivering": self.motivering.toPlainText(),
            "overschrijding_reden": reden,
            "briefdatum": briefdatum,
        }
        if self.besluit_id is not None:
            return besluiten.revise(
                self.ctx.db,
                self.ctx.actor,
                self.besluit_id,
                periode_eind=eind,
                **kwargs,  # type: ignore[arg-type]
            )
        return besluiten.decide(
            self.ctx.db,
            self.ctx.actor,
            self.aanvraag_id,
            versie=self.detail.data.versie,
            **kwargs,  # type: ignore[arg-type]
        )

    def perform_save(self) -> int:
        try:
            result = self._decide("")
        except BudgetOverschrijding as error:
            reden = ask_overshoot_reason(self, error)
            if not reden:
                raise _Cancelled from error
            result = self._decide(reden)
        self.result_data = result
        return result.besluit_id

    def save(self) -> bool:
        """Take the decision; going back from the overshoot question saves nothing."""
        try:
            return super().save()
        except _Cancelled:
            return False

    def after_save(self, record_id: int) -> None:
        """Show the beschikking the decision produced."""
        if self.result_data is not None:
            show_beschikking(self.parentWidget(), self.ctx, self.result_data.beschikking_id)


besluit_form = existing_record_form(
    "Besluit nemen",
    "Open eerst de aanvraag waarop u wilt besluiten.",
    BesluitDialog,
)
"""Opener factory: ``record_id`` is the aanvraag's id."""
