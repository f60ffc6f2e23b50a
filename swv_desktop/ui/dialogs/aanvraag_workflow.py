"""The workflow buttons of the aanvraag form: Indienen, Gesprek vastleggen, Voorleggen ter
besluitvorming, Intrekken and (programmadirecteur) Besluit nemen; plus the doors to the besluit
dialog, the beschikking and the progress-talk form. Which buttons show follows status and role."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton

from swv_desktop.errors import KnownError, StaleEdit, ValidationError
from swv_desktop.models import Rol, Status
from swv_desktop.services.aanvragen import use_cases as aanvragen
from swv_desktop.services.aanvragen.use_cases import WORKERS
from swv_desktop.services.queries import lists as queries
from swv_desktop.services.queries.lists import ListFilter
from swv_desktop.ui.dialogs import aanvraag_prompts, form_base

if TYPE_CHECKING:
    from swv_desktop.services.aanvragen.use_cases import AanvraagDetail
    from swv_desktop.ui.context import UiContext


class WorkflowMixin:
    """Mixed into ``AanvraagDialog`` (a ``RecordDialog``)."""

    if TYPE_CHECKING:
        ctx: UiContext
        detail: AanvraagDetail | None
        record_id: int | None
        child: QDialog | None
        changed_something: bool

        def save(self) -> bool: ...
        def is_dirty(self) -> bool: ...
        def reload(self) -> None: ...
        def show_validation(self, error: ValidationError) -> None: ...
        def show_known_error(self, error: KnownError) -> None: ...
        def reopen(self) -> QDialog: ...

    def build_actions(self, bar: QHBoxLayout) -> None:
        """Create the workflow buttons in ``bar`` (shown by ``update_actions``)."""
        self.submit_button = QPushButton("Indienen")
        self.submit_button.setObjectName("indienen")
        self.submit_button.setToolTip(
            "De aanvraag wordt opnieuw aan de regels getoetst en ingediend"
        )
        self.submit_button.clicked.connect(self.submit)
        self.discuss_button = QPushButton("Gesprek vastleggen…")
        self.discuss_button.setObjectName("gesprek_vastleggen")
        self.discuss_button.setToolTip(
            "Het gesprek tussen school en contactpersoon over de aanvraag"
        )
        self.discuss_button.clicked.connect(self.record_discussion)
        self.send_button = QPushButton("Voorleggen ter besluitvorming")
        self.send_button.setObjectName("voorleggen")
        self.send_button.clicked.connect(self.send_for_besluit)
        self.decide_button = QPushButton("Besluit nemen…")
        self.decide_button.setObjectName("besluit_nemen")
        self.decide_button.clicked.connect(self.open_besluit)
        self.return_button = QPushButton("Terugsturen naar contactpersoon…")
        self.return_button.setObjectName("terugsturen")
        self.return_button.setToolTip(
            "Ter besluitvorming ligt de aanvraag vast; teruggestuurd kan zij weer worden gewijzigd"
        )
        self.return_button.clicked.connect(self.return_to_contactpersoon)
        self.withdraw_button = QPushButton("Intrekken…")
        self.withdraw_button.setObjectName("intrekken")
        self.withdraw_button.clicked.connect(self.withdraw)
        for button in self.workflow_buttons():
            button.setAutoDefault(False)
            bar.addWidget(button)

    def workflow_buttons(self) -> list[QPushButton]:
        """Every workflow button, in display order."""
        return [
            self.submit_button,
            self.discuss_button,
            self.send_button,
            self.decide_button,
            self.return_button,
            self.withdraw_button,
        ]

    def update_actions(self) -> None:
        """Show only the steps that fit the status and the signed-in role."""
        status = self.detail.status if self.detail else None
        worker = self.ctx.actor.rol in WORKERS
        self.submit_button.setVisible(worker and status is Status.CONCEPT)
        self.discuss_button.setVisible(worker and status is Status.INGEDIEND)
        self.send_button.setVisible(worker and status is Status.BESPROKEN)
        self.decide_button.setVisible(
            self.ctx.actor.rol is Rol.PROGRAMMADIRECTEUR and status is Status.TER_BESLUITVORMING
        )
        self.return_button.setVisible(worker and status is Status.TER_BESLUITVORMING)
        self.withdraw_button.setVisible(worker and status is not None and status.is_open)
        if self.detail is not None and self.detail.blockers:
            self.decide_button.setToolTip(
                "Er is nog niet aan alles voldaan; afwijzen kan wel (zie de opsomming)."
            )
        else:
            self.decide_button.setToolTip("")

    # --- the steps --------------------------------------------------------------------------

    def loaded_version(self) -> int | None:
        """The version of the aanvraag this form shows; a workflow step goes from it."""
        return self.detail.data.versie if self.detail is not None else None

    def _run(self, step: Callable[[int, int | None], None]) -> bool:
        """Save pending changes, run ``step(aanvraag_id, loaded version)``, reload; errors shown
        calmly; when someone else changed the aanvraag meanwhile, offer to show their version."""
        if self.record_id is None or (self.is_dirty() and not self.save()):
            return False
        try:
            step(self.record_id, self.loaded_version())
        except ValidationError as error:
            self.show_validation(error)
            return False
        except StaleEdit as error:
            if form_base.ask_reload(self, error.message):  # type: ignore[arg-type]
                self.reload()
            return False
        except KnownError as error:
            self.show_known_error(error)
            return False
        self.changed_something = True
        self.reload()
        return True

    def submit(self) -> bool:
        """Concept -> ingediend."""
        return self._run(
            lambda aid, versie: aanvragen.submit(self.ctx.db, self.ctx.actor, aid, versie=versie)
        )

    def record_discussion(self) -> bool:
        """Ingediend -> besproken, after asking the date and a summary; a date the service
        refuses is explained in the prompt, which stays open."""
        if self.record_id is None or (self.is_dirty() and not self.save()):
            return False
        aanvraag_id, versie = self.record_id, self.loaded_version()

        def record(datum: date, notitie: str) -> None:
            aanvragen.record_discussion(
                self.ctx.db,
                self.ctx.actor,
                aanvraag_id,
                datum=datum,
                notitie=notitie,
                versie=versie,
            )

        answer = aanvraag_prompts.ask_discussion(self, self.ctx.today, record)  # type: ignore[arg-type]
        if answer is None:
            return False
        self.changed_something = True
        self.reload()
        return True

    def send_for_besluit(self) -> bool:
        """Besproken -> ter besluitvorming."""
        return self._run(
            lambda aid, versie: aanvragen.send_for_besluit(
                self.ctx.db, self.ctx.actor, aid, versie=versie
            )
        )

    def return_to_contactpersoon(self) -> bool:
        """Ter besluitvorming -> besproken, with the reason asked first; the form then reopens
        so that the fields can be changed again."""
        if self.detail is None:
            return False
        reden = aanvraag_prompts.ask_return_reason(self, self.detail.nummer)  # type: ignore[arg-type]
        if reden is None:
            return False
        done = self._run(
            lambda aid, versie: aanvragen.return_to_contactpersoon(
                self.ctx.db, self.ctx.actor, aid, reden=reden, versie=versie
            )
        )
        if done and self.record_id is not None:
            self.reopen()
        return done

    def withdraw(self) -> bool:
        """Any open state -> ingetrokken, with the reason asked first."""
        if self.detail is None:
            return False
        reden = aanvraag_prompts.ask_withdraw_reason(self, self.detail.nummer)  # type: ignore[arg-type]
        if reden is None:
            return False
        return self._run(
            lambda aid, versie: aanvragen.withdraw(
                self.ctx.db, self.ctx.actor, aid, reden=reden, versie=versie
            )
        )

    # --- doors to other dialogs -------------------------------------------------------------

    def _open_child(self, dialog: QDialog) -> QDialog:
        self.child = dialog
        dialog.finished.connect(self._child_closed)
        dialog.open()
        return dialog

    def _child_closed(self, result: int) -> None:
        if result == QDialog.DialogCode.Accepted.value:
            self.changed_something = True
            self.reload()

    def open_besluit(self) -> QDialog | None:
        """The besluit dialog for this aanvraag (programmadirecteur)."""
        from swv_desktop.ui.dialogs.besluit_dialog import BesluitDialog

        if self.record_id is None or (self.is_dirty() and not self.save()):
            return None
        try:
            dialog = BesluitDialog(self.ctx, self.record_id, self)  # type: ignore[arg-type]
        except KnownError as error:
            self.show_known_error(error)
            return None
        return self._open_child(dialog)

    def start_revision(self, besluit_id: int) -> QDialog | None:
        """The besluit dialog in herziening mode for the decision ``besluit_id``."""
        from swv_desktop.ui.dialogs.besluit_dialog import BesluitDialog

        if self.record_id is None:
            return None
        try:
            dialog = BesluitDialog(
                self.ctx,
                self.record_id,
                self,
                besluit_id=besluit_id,  # type: ignore[arg-type]
            )
        except KnownError as error:
            self.show_known_error(error)
            return None
        return self._open_child(dialog)

    def record_gesprek(self) -> QDialog | None:
        """The progress-talk form for this (awarded) aanvraag."""
        from swv_desktop.ui.dialogs.voortgang_dialog import VoortgangDialog

        if self.record_id is None:
            return None
        try:
            dialog = VoortgangDialog(self.ctx, self.record_id, self)  # type: ignore[arg-type]
        except KnownError as error:
            self.show_known_error(error)
            return None
        return self._open_child(dialog)

    def show_letter(self, besluit_id: int) -> QDialog | None:
        """The beschikking of the decision ``besluit_id``."""
        from swv_desktop.ui.dialogs.beschikking_view import BeschikkingView

        detail = self.detail
        regel = next((b for b in detail.besluiten if b.id == besluit_id), None) if detail else None
        if regel is None or not regel.kenmerk:
            return None
        rows = queries.fetch(
            self.ctx.db, self.ctx.actor, "beschikking", ListFilter(tekst=regel.kenmerk), limit=5
        )
        row = next((r for r in rows if r.kenmerk == regel.kenmerk), None)
        if row is None:
            form_base.show_message(
                self,  # type: ignore[arg-type]
                "Beschikking",
                f"Beschikking {regel.kenmerk} is niet gevonden.",
            )
            return None
        return self._open_child(BeschikkingView(self.ctx, row.id, self))  # type: ignore[arg-type]
