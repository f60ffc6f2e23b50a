"""The workflow of the aanvraag form: Indienen, Gesprek vastleggen, Voorleggen ter
besluitvorming, Terugsturen, Intrekken and (programmadirecteur) Besluit nemen; plus the doors to
the besluit dialog, the beschikking and the progress-talk form. Which buttons show follows status
and role. ``AanvraagWorkflow`` is a controller owned by ``AanvraagDialog``: it keeps the buttons and
runs the steps against the dialog it belongs to."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import KnownError
from swv_desktop.errors import StaleEdit
from swv_desktop.errors import ValidationError
from swv_desktop.models import Rol
from swv_desktop.models import Status
from swv_desktop.services.aanvragen import stappen
from swv_desktop.services.aanvragen.use_cases import WORKERS
from swv_desktop.services.queries import lists as queries
from swv_desktop.services.queries.lists import ListFilter
from swv_desktop.ui.dialogs import aanvraag_prompts
from swv_desktop.ui.dialogs import form_base
from swv_desktop.ui.widgets.controls import push_button

if TYPE_CHECKING:
    from swv_desktop.ui.dialogs.aanvraag_form import AanvraagDialog

BUTTONS = (
    # attribute, text, object name, tooltip
    (
        "submit_button",
        "Indienen",
        "indienen",
        "De aanvraag wordt opnieuw aan de regels getoetst en ingediend",
    ),
    (
        "discuss_button",
        "Gesprek vastleggen…",
        "gesprek_vastleggen",
        "Het gesprek tussen school en contactpersoon over de aanvraag",
    ),
    ("send_button", "Voorleggen ter besluitvorming", "voorleggen", ""),
    ("decide_button", "Besluit nemen…", "besluit_nemen", ""),
    (
        "return_button",
        "Terugsturen naar contactpersoon…",
        "terugsturen",
        "Ter besluitvorming ligt de aanvraag vast; teruggestuurd kan zij weer worden gewijzigd",
    ),
    ("withdraw_button", "Intrekken…", "intrekken", ""),
)
"""The workflow buttons in display order."""


class AanvraagWorkflow(QObject):
    """The workflow buttons and steps of one ``AanvraagDialog``."""

    def __init__(self, dialog: AanvraagDialog, bar: QHBoxLayout) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.ctx = dialog.ctx
        self.child: QDialog | None = None
        """The besluit, beschikking or progress-talk dialog opened last."""
        steps: dict[str, Callable[[], object]] = {
            "submit_button": self.submit,
            "discuss_button": self.record_discussion,
            "send_button": self.send_for_besluit,
            "decide_button": self.open_besluit,
            "return_button": self.return_to_contactpersoon,
            "withdraw_button": self.withdraw,
        }
        self.buttons: list[QPushButton] = []
        for attribute, text, name, tip in BUTTONS:
            button = push_button(text, name, steps[attribute])
            button.setToolTip(tip)
            button.setAutoDefault(False)
            setattr(self, attribute, button)
            self.buttons.append(button)
            bar.addWidget(button)

    if TYPE_CHECKING:
        submit_button: QPushButton
        discuss_button: QPushButton
        send_button: QPushButton
        decide_button: QPushButton
        return_button: QPushButton
        withdraw_button: QPushButton

    def update(self) -> None:
        """Show only the steps that fit the status and the signed-in role."""
        detail = self.dialog.detail
        status = detail.status if detail else None
        worker = self.ctx.actor.rol in WORKERS
        self.submit_button.setVisible(worker and status is Status.CONCEPT)
        self.discuss_button.setVisible(worker and status is Status.INGEDIEND)
        self.send_button.setVisible(worker and status is Status.BESPROKEN)
        self.decide_button.setVisible(
            self.ctx.actor.rol is Rol.PROGRAMMADIRECTEUR and status is Status.TER_BESLUITVORMING
        )
        self.return_button.setVisible(worker and status is Status.TER_BESLUITVORMING)
        self.withdraw_button.setVisible(worker and status is not None and status.is_open)
        if detail is not None and detail.blockers:
            self.decide_button.setToolTip(
                "Er is nog niet aan alles voldaan; afwijzen kan wel (zie de opsomming)."
            )
        else:
            self.decide_button.setToolTip("")

    # --- the steps --------------------------------------------------------------------------

    def _saved_id(self) -> int | None:
        """The aanvraag's id once pending changes are saved (``None``: new or not saved)."""
        dialog = self.dialog
        if dialog.record_id is None or (dialog.is_dirty() and not dialog.save()):
            return None
        return dialog.record_id

    def loaded_version(self) -> int | None:
        """The version of the aanvraag this form shows; a workflow step goes from it."""
        detail = self.dialog.detail
        return detail.data.versie if detail is not None else None

    def _changed(self) -> bool:
        self.dialog.changed_something = True
        self.dialog.reload()
        return True

    def _run(self, step: Callable[[int, int | None], None]) -> bool:
        """Save pending changes, run ``step(aanvraag_id, loaded version)``, reload; errors shown
        calmly; when someone else changed the aanvraag meanwhile, offer to show their version."""
        aanvraag_id = self._saved_id()
        if aanvraag_id is None:
            return False
        try:
            step(aanvraag_id, self.loaded_version())
        except ValidationError as error:
            self.dialog.show_validation(error)
            return False
        except StaleEdit as error:
            if form_base.ask_reload(self.dialog, error.message):
                self.dialog.reload()
            return False
        except KnownError as error:
            self.dialog.show_known_error(error)
            return False
        return self._changed()

    def submit(self) -> bool:
        """Concept -> ingediend."""
        return self._run(
            lambda aid, versie: stappen.submit(self.ctx.db, self.ctx.actor, aid, versie=versie)
        )

    def record_discussion(self) -> bool:
        """Ingediend -> besproken, after asking the date and a summary; a date the service
        refuses is explained in the prompt, which stays open."""
        aanvraag_id = self._saved_id()
        if aanvraag_id is None:
            return False
        versie = self.loaded_version()

        def record(datum: date, notitie: str) -> None:
            stappen.record_discussion(
                self.ctx.db,
                self.ctx.actor,
                aanvraag_id,
                datum=datum,
                notitie=notitie,
                versie=versie,
            )

        if aanvraag_prompts.ask_discussion(self.dialog, self.ctx.today, record) is None:
            return False
        return self._changed()

    def send_for_besluit(self) -> bool:
        """Besproken -> ter besluitvorming."""
        return self._run(
            lambda aid, versie: stappen.send_for_besluit(
                self.ctx.db, self.ctx.actor, aid, versie=versie
            )
        )

    def return_to_contactpersoon(self) -> bool:
        """Ter besluitvorming -> besproken, with the reason asked first; the form then reopens
        so that the fields can be changed again."""
        reden = self._reason(aanvraag_prompts.ask_return_reason)
        if reden is None:
            return False
        done = self._run(
            lambda aid, versie: stappen.return_to_contactpersoon(
                self.ctx.db, self.ctx.actor, aid, reden=reden, versie=versie
            )
        )
        if done and self.dialog.record_id is not None:
            self.dialog.reopen()
        return done

    def withdraw(self) -> bool:
        """Any open state -> ingetrokken, with the reason asked first."""
        reden = self._reason(aanvraag_prompts.ask_withdraw_reason)
        if reden is None:
            return False
        return self._run(
            lambda aid, versie: stappen.withdraw(
                self.ctx.db, self.ctx.actor, aid, reden=reden, versie=versie
            )
        )

    def _reason(self, ask: Callable[[QWidget | None, str], str | None]) -> str | None:
        """The reason ``ask`` gets for the open aanvraag; ``None`` without one (or none open)."""
        detail = self.dialog.detail
        return None if detail is None else ask(self.dialog, detail.nummer)

    # --- doors to other dialogs -------------------------------------------------------------

    def _open_child(self, make: Callable[[], QDialog]) -> QDialog | None:
        """Open the dialog ``make()`` builds beside the form; a refusal is shown calmly."""
        try:
            dialog = make()
        except KnownError as error:
            self.dialog.show_known_error(error)
            return None
        self.child = dialog
        dialog.finished.connect(self._child_closed)
        dialog.open()
        return dialog

    def _child_closed(self, result: int) -> None:
        if result == QDialog.DialogCode.Accepted.value:
            self._changed()

    def open_besluit(self) -> QDialog | None:
        """The besluit dialog for this aanvraag (programmadirecteur)."""
        from swv_desktop.ui.dialogs.besluit_dialog import BesluitDialog

        aanvraag_id = self._saved_id()
        if aanvraag_id is None:
            return None
        return self._open_child(lambda: BesluitDialog(self.ctx, aanvraag_id, self.dialog))

    def start_revision(self, besluit_id: int) -> QDialog | None:
        """The besluit dialog in herziening mode for the decision ``besluit_id``."""
        from swv_desktop.ui.dialogs.besluit_dialog import BesluitDialog

        aanvraag_id = self.dialog.record_id
        if aanvraag_id is None:
            return None
        return self._open_child(
            lambda: BesluitDialog(self.ctx, aanvraag_id, self.dialog, besluit_id=besluit_id)
        )

    def record_gesprek(self) -> QDialog | None:
        """The progress-talk form for this (awarded) aanvraag."""
        from swv_desktop.ui.dialogs.voortgang_dialog import VoortgangDialog

        aanvraag_id = self.dialog.record_id
        if aanvraag_id is None:
            return None
        return self._open_child(lambda: VoortgangDialog(self.ctx, aanvraag_id, self.dialog))

    def show_letter(self, besluit_id: int) -> QDialog | None:
        """The beschikking of the decision ``besluit_id``."""
        from swv_desktop.ui.dialogs.beschikking_view import BeschikkingView

        detail = self.dialog.detail
        regel = next((b for b in detail.besluiten if b.id == besluit_id), None) if detail else None
        if regel is None or not regel.kenmerk:
            return None
        rows = queries.fetch(
            self.ctx.db, self.ctx.actor, "beschikking", ListFilter(tekst=regel.kenmerk), limit=5
        )
        row = next((r for r in rows if r.kenmerk == regel.kenmerk), None)
        if row is None:
            form_base.show_message(
                self.dialog, "Beschikking", f"Beschikking {regel.kenmerk} is niet gevonden."
            )
            return None
        return self._open_child(lambda: BeschikkingView(self.ctx, row.id, self.dialog))
