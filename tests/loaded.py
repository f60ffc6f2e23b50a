"""What a form would have loaded, for tests that call a workflow service directly: the version of
an aanvraag as it is stored right now (a person who just opened it), the decision sent from
that version, and an account form saved as it was loaded but for what the test changes."""

from __future__ import annotations

from typing import Any

from swv_desktop.db import Database
from swv_desktop.models import Aanvraag
from swv_desktop.models import Gebruiker
from swv_desktop.models import Uitkomst
from swv_desktop.services import auth
from swv_desktop.services import besluiten
from swv_desktop.services.common import Actor


def aanvraag_versie(db: Database, aanvraag_id: object) -> int:
    """The stored version of aanvraag ``aanvraag_id`` (0 when there is none: the service then
    refuses the id itself)."""
    if type(aanvraag_id) is not int or not 0 < aanvraag_id < 2**63:
        return 0
    with db.read() as session:
        row = session.get(Aanvraag, aanvraag_id)
        return row.versie if row is not None else 0


def decide(
    db: Database,
    actor: Actor,
    aanvraag_id: int,
    uitkomst: Uitkomst,
    cents: int,
    motivering: str = "Voldoet aan alle voorwaarden.",
    *,
    versie: int | None = None,
    **extra: Any,
) -> besluiten.BesluitResult:
    """``actor`` decides ``aanvraag_id`` (``uitkomst`` for ``cents``) from the version ``versie``
    (default: as stored now, as the decision form sends it); ``extra`` are the form's other
    fields (briefdatum, overschrijding_reden)."""
    return besluiten.decide(
        db,
        actor,
        aanvraag_id,
        uitkomst=uitkomst,
        bedrag_cents=cents,
        motivering=motivering,
        versie=aanvraag_versie(db, aanvraag_id) if versie is None else versie,
        **extra,
    )


def save_account(
    db: Database,
    actor: Actor,
    user: auth.UserRow | Gebruiker,
    *,
    versie: int | None = None,
    **changed: Any,
) -> auth.UserRow:
    """``actor`` saves ``user``'s account form as it was loaded (name, e-mail, role, active)
    but for the ``changed`` fields (``nieuw_wachtwoord`` too), from the version ``versie``
    (default: the loaded one)."""
    fields = {
        "volledige_naam": user.volledige_naam,
        "email": user.email,
        "rol": user.rol,
        "actief": user.actief,
        **changed,
    }
    return auth.update_user(
        db, actor, user.id, versie=user.versie if versie is None else versie, **fields
    )
