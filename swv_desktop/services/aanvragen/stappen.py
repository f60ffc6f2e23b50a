"""The workflow of an application, one step per call:

concept -> ingediend -> besproken met contactpersoon -> ter besluitvorming -> (decided by
``besluiten.decide``); back from ter besluitvorming to besproken (returned to the
contactpersoon); ingetrokken from any open state. A decided aanvraag changes only through a
herziening (``besluiten.revise``). Each step goes on only from the state and the version the
form showed, and logs the new status with one audit entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from datetime import datetime

from sqlalchemy.orm import Session

from swv_desktop.db import Database
from swv_desktop.errors import StateError
from swv_desktop.errors import Validator
from swv_desktop.models import OPEN_STATUSES
from swv_desktop.models import Aanvraag
from swv_desktop.models import Status
from swv_desktop.models import StatusWijziging
from swv_desktop.services import invoer
from swv_desktop.services import scope
from swv_desktop.services.aanvragen.invoer import input_of
from swv_desktop.services.aanvragen.regels import validate_aanvraag
from swv_desktop.services.commands import command
from swv_desktop.services.common import Actor
from swv_desktop.services.common import audited_save
from swv_desktop.services.common import claim_version
from swv_desktop.services.common import get_or_404
from swv_desktop.services.common import snapshot
from swv_desktop.services.scope import Recht


def _log_status(
    session: Session,
    aanvraag: Aanvraag,
    naar: Status,
    actor: Actor,
    now: datetime,
    toelichting: str = "",
) -> None:
    session.add(
        StatusWijziging(
            aanvraag_id=aanvraag.id,
            van=aanvraag.status if aanvraag.id else None,
            naar=naar,
            door_id=actor.id,
            op=now,
            toelichting=toelichting,
        )
    )
    aanvraag.status = naar


@dataclass(frozen=True)
class Stap:
    """One step of the workflow: from which states (``van``) to which (``naar``), what it is
    called in a refusal (``handeling``), who may take it (``recht``), the refusal when the
    state does not fit (``weigering``; by default a sentence about ``handeling``) and the
    audit action (``actie``; by default ``status <naar>``)."""

    van: tuple[Status, ...]
    naar: Status
    handeling: str
    recht: Recht
    weigering: str = ""
    actie: str = ""


INDIENEN = Stap((Status.CONCEPT,), Status.INGEDIEND, "indienen", Recht.AANVRAGEN_INVOEREN)
BESPREKEN = Stap(
    (Status.INGEDIEND,),
    Status.BESPROKEN,
    "bespreken",
    Recht.GESPREK_VASTLEGGEN,  # on her school's aanvraag: she held the talk
    weigering="alleen een ingediende aanvraag wordt besproken.",
    actie="besproken",
)
VOORLEGGEN = Stap(
    (Status.BESPROKEN,),
    Status.TER_BESLUITVORMING,
    "voorleggen ter besluitvorming",
    Recht.AANVRAGEN_INVOEREN,
)
TERUGSTUREN = Stap(
    (Status.TER_BESLUITVORMING,),
    Status.BESPROKEN,
    "terugsturen naar de contactpersoon",
    Recht.TERUGSTUREN,
)
INTREKKEN = Stap(tuple(OPEN_STATUSES), Status.INGETROKKEN, "intrekken", Recht.INTREKKEN)


def _transition(
    db: Database,
    actor: Actor,
    aanvraag_id: int,
    stap: Stap,
    *,
    versie: int | None,
    toelichting: str = "",
    check: Callable[[Session, Aanvraag], object] | None = None,
    change: Callable[[Aanvraag], None] | None = None,
) -> None:
    """One workflow ``stap`` in one transaction: refuse it from any other state than the step
    starts from or from another version than the form showed (``versie``), ``check`` the
    aanvraag, ``change`` it, log the new status with ``toelichting`` and save with one audit
    entry."""
    with scope.transaction(db, actor, stap.recht) as session:
        scope.require_aanvraag(session, actor, aanvraag_id)
        aanvraag = get_or_404(session, Aanvraag, aanvraag_id, "Aanvraag")
        if aanvraag.status not in stap.van:
            vanuit = " of ".join(s.label.lower() for s in stap.van)
            raise StateError(
                f"Aanvraag {aanvraag.nummer} is {aanvraag.status.label.lower()}; "
                + (stap.weigering or f"{stap.handeling} kan alleen vanuit {vanuit}.")
            )
        claim_step(session, aanvraag, versie)
        if check is not None:
            check(session, aanvraag)
        before = snapshot(aanvraag)
        if change is not None:
            change(aanvraag)
        _log_status(session, aanvraag, stap.naar, actor, db.clock(), toelichting)
        audited_save(
            session,
            actor,
            "aanvraag",
            aanvraag,
            before,
            now=db.clock(),
            actie=stap.actie or f"status {stap.naar.value}",
        )


def _reden(reden: str, required: str) -> str:
    """The reason for a step back (returned or withdrawn), checked as a long text."""
    v = Validator()
    text = invoer.long_text(v, "reden", "De reden", reden, required=required)
    v.raise_if_any()
    return text


def claim_step(session: Session, aanvraag: Aanvraag, versie: int | None) -> None:
    """A workflow step goes on only from the version of the aanvraag the form showed: a step
    that no longer fits the status was refused before (``StateError``), a step on an aanvraag
    someone changed meanwhile is refused with who and when (``StaleEdit``)."""
    claim_version(session, aanvraag, versie, entiteit="aanvraag", wat=f"aanvraag {aanvraag.nummer}")


@command("aanvraag.indienen", entity="aanvraag", id_param="aanvraag_id")
def submit(db: Database, actor: Actor, aanvraag_id: int, *, versie: int | None = None) -> None:
    """Concept -> ingediend, after checking the whole aanvraag against the rules again; from the
    version the form showed (``versie``)."""
    scope.require(actor, INDIENEN.recht)
    _transition(
        db,
        actor,
        aanvraag_id,
        INDIENEN,
        versie=versie,
        check=lambda session, aanvraag: validate_aanvraag(
            session, input_of(aanvraag), aanvraag_id=aanvraag.id
        ),
    )


@command("aanvraag.bespreken", entity="aanvraag", id_param="aanvraag_id")
def record_discussion(
    db: Database,
    actor: Actor,
    aanvraag_id: int,
    *,
    datum: date,
    notitie: str,
    versie: int | None = None,
) -> None:
    """Ingediend -> besproken: the talk between school and contactpersoon is recorded."""
    scope.require(actor, BESPREKEN.recht)
    v = Validator()
    day = invoer.past_day(
        v,
        "besproken_op",
        "De datum van het gesprek",
        datum,
        db.clock().date(),
        required="Vul de datum van het gesprek in.",
    )
    notitie = invoer.long_text(
        v,
        "besproken_notitie",
        "De samenvatting van het gesprek",
        notitie,
        required="Vat kort samen wat in het gesprek is besproken.",
    )
    v.raise_if_any()
    assert day is not None

    def change(aanvraag: Aanvraag) -> None:
        aanvraag.besproken_op = day
        aanvraag.besproken_notitie = notitie

    _transition(
        db, actor, aanvraag_id, BESPREKEN, versie=versie, toelichting=notitie, change=change
    )


@command("aanvraag.voorleggen", entity="aanvraag", id_param="aanvraag_id")
def send_for_besluit(
    db: Database, actor: Actor, aanvraag_id: int, *, versie: int | None = None
) -> None:
    """Besproken -> ter besluitvorming (to the programmadirecteur)."""
    scope.require(actor, VOORLEGGEN.recht)
    _transition(db, actor, aanvraag_id, VOORLEGGEN, versie=versie)


@command("aanvraag.terugsturen", entity="aanvraag", id_param="aanvraag_id")
def return_to_contactpersoon(
    db: Database, actor: Actor, aanvraag_id: int, *, reden: str, versie: int | None = None
) -> None:
    """Ter besluitvorming -> besproken: the only way to change an aanvraag once it has been put
    forward for a decision; the reason is recorded in the history."""
    scope.require(actor, TERUGSTUREN.recht)
    reden = _reden(reden, "Geef aan waarom de aanvraag wordt teruggestuurd.")
    _transition(db, actor, aanvraag_id, TERUGSTUREN, versie=versie, toelichting=reden)


@command("aanvraag.intrekken", entity="aanvraag", id_param="aanvraag_id")
def withdraw(
    db: Database, actor: Actor, aanvraag_id: int, *, reden: str, versie: int | None = None
) -> None:
    """Any open state -> ingetrokken, with the reason."""
    scope.require(actor, INTREKKEN.recht)
    reden = _reden(reden, "Geef aan waarom de aanvraag wordt ingetrokken.")
    _transition(db, actor, aanvraag_id, INTREKKEN, versie=versie, toelichting=reden)
