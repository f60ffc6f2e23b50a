"""The calls the racing processes make (module level, so a spawned process can unpickle them)."""

from __future__ import annotations

from loaded import aanvraag_versie
from loaded import decide
from signed_in import again

from swv_desktop.db import Database
from swv_desktop.models import Uitkomst
from swv_desktop.services import leerlingen
from swv_desktop.services.aanvragen import stappen
from swv_desktop.services.aanvragen import use_cases as aanvragen
from swv_desktop.services.aanvragen.regels import AanvraagInput
from swv_desktop.services.common import Actor
from swv_desktop.services.leerlingen import LeerlingInput


def award(db: Database, actor: Actor, aanvraag_id: int, cents: int) -> str:
    """Toekennen in full; returns the kenmerk."""
    return decide(
        db,
        again(db, actor),
        aanvraag_id,
        Uitkomst.TOEGEKEND,
        cents,
        "Voldoet aan alle voorwaarden.",
    ).kenmerk


def withdraw(db: Database, actor: Actor, aanvraag_id: int) -> None:
    """Intrekken with a reason."""
    stappen.withdraw(
        db,
        again(db, actor),
        aanvraag_id,
        reden="De school trekt de aanvraag in.",
        versie=aanvraag_versie(db, aanvraag_id),
    )


def create_many(db: Database, actor: Actor, data: AanvraagInput, count: int) -> list[str]:
    """Create ``count`` aanvragen; the nummers given, and every refusal's Dutch text."""
    out: list[str] = []
    actor = again(db, actor)
    for _ in range(count):
        aid = aanvragen.create_aanvraag(db, actor, data)
        out.append(aanvragen.get_aanvraag(db, actor, aid).nummer)
    return out


def save_leerling(db: Database, actor: Actor, leerling_id: int, data: LeerlingInput) -> int:
    """Save a pupil form that was loaded earlier (``data.versie`` is what it loaded)."""
    return leerlingen.save_leerling(db, again(db, actor), data, leerling_id)
