"""Which form opens a record of a kind, from any list or card: a plain map from kind to factory.

``FORMS[kind](record_id, parent, ctx)`` builds the form (``record_id`` ``None``: a new record)
without showing it; ``open_record``/``new_record`` show it window-modal and call
``on_closed(result)`` when it closes. The form modules are imported here directly, so a broken
form fails at start-up instead of silently disappearing from the window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.aanvraag_form import aanvraag_form
from swv_desktop.ui.dialogs.beschikking_view import beschikking_form
from swv_desktop.ui.dialogs.besluit_dialog import besluit_form
from swv_desktop.ui.dialogs.budget_note_dialog import budget_note_form
from swv_desktop.ui.dialogs.leerling_form import leerling_dialog
from swv_desktop.ui.dialogs.opening import show_modal
from swv_desktop.ui.dialogs.opp_form import opp_dialog
from swv_desktop.ui.dialogs.school_forms import bestuur_dialog
from swv_desktop.ui.dialogs.school_forms import school_dialog
from swv_desktop.ui.dialogs.voortgang_dialog import voortgang_form
from swv_desktop.ui.dialogs.vso_form import vso_form

RecordFactory = Callable[[int | None, QWidget | None, UiContext], QWidget]
"""``factory(record_id, parent, context)``: ``record_id`` is ``None`` for a new record."""

FORMS: dict[str, RecordFactory] = {
    "leerling": leerling_dialog,
    "opp": opp_dialog,  # record id: the leerling's
    "school": school_dialog,
    "bestuur": bestuur_dialog,
    "aanvraag": aanvraag_form,
    "besluit": besluit_form,  # record id: the aanvraag's
    "voortgang": voortgang_form,  # record id: the aanvraag's
    "beschikking": beschikking_form,
    "budget_notitie": budget_note_form,
    "vso_inzet": vso_form,
}


def build(kind: str, record_id: int | None, parent: QWidget | None, ctx: UiContext) -> QWidget:
    """The form of a record (``KeyError`` for an unknown kind), built but not shown."""
    return FORMS[kind](record_id, parent, ctx)


def open_record(
    kind: str,
    record_id: int,
    parent: QWidget | None,
    ctx: UiContext,
    on_closed: Callable[[int], None] | None = None,
) -> QWidget:
    """Open the record in its form; returns the shown widget."""
    return show_modal(build(kind, record_id, parent, ctx), on_closed)


def new_record(
    kind: str,
    parent: QWidget | None,
    ctx: UiContext,
    on_closed: Callable[[int], None] | None = None,
) -> QWidget:
    """Open the empty form of ``kind``."""
    return show_modal(build(kind, None, parent, ctx), on_closed)
