"""Applications: create and change (individual or group) and the detail view with history and
decisions. The workflow steps are in ``stappen``; the rules they check in ``regels``.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.db import Database
from swv_desktop.db import lock_schooljaar
from swv_desktop.errors import FieldError
from swv_desktop.errors import StateError
from swv_desktop.errors import ValidationError
from swv_desktop.errors import Validator
from swv_desktop.models import Aanvraag
from swv_desktop.models import AanvraagVoorwaarde
from swv_desktop.models import Besluit
from swv_desktop.models import Groepsplan
from swv_desktop.models import GroepsplanLeerling
from swv_desktop.models import Kostenregel
from swv_desktop.models import Schooljaar
from swv_desktop.models import Soort
from swv_desktop.models import Status
from swv_desktop.models import StatusWijziging
from swv_desktop.models import Uitkomst
from swv_desktop.services import scope
from swv_desktop.services import toegangslog
from swv_desktop.services.aanvragen.invoer import clean_aanvraag
from swv_desktop.services.aanvragen.invoer import input_of
from swv_desktop.services.aanvragen.regels import AanvraagInput
from swv_desktop.services.aanvragen.regels import GroepsplanInput
from swv_desktop.services.aanvragen.regels import award_blockers
from swv_desktop.services.aanvragen.regels import validate_aanvraag
from swv_desktop.services.commands import command
from swv_desktop.services.common import Actor
from swv_desktop.services.common import audit
from swv_desktop.services.common import audited_save
from swv_desktop.services.common import claim_version
from swv_desktop.services.common import get_or_404
from swv_desktop.services.common import snapshot
from swv_desktop.services.scope import Recht

WORKERS = tuple(sorted(scope.RECHTEN[Recht.AANVRAGEN_INVOEREN]))
"""Who records and submits applications: the contactpersoon (the route runs through her)."""


READERS = tuple(sorted(scope.RECHTEN[Recht.AANVRAGEN_ZIEN]))


def _next_nummer(session: Session, jaar: Schooljaar) -> str:
    start_year = jaar.start_datum.year
    seq = (
        int(
            session.scalar(select(func.count(Aanvraag.id)).where(Aanvraag.schooljaar_id == jaar.id))
            or 0
        )
        + 1
    )
    while True:
        nummer = f"A{start_year}-{seq:03d}"
        if session.scalars(select(Aanvraag.id).where(Aanvraag.nummer == nummer)).first() is None:
            return nummer
        seq += 1


def _apply(session: Session, aanvraag: Aanvraag, data: AanvraagInput) -> None:
    aanvraag.school_id = data.school_id  # type: ignore[assignment]
    aanvraag.contactpersoon_id = data.contactpersoon_id  # type: ignore[assignment]
    aanvraag.leerling_id = data.leerling_id if data.soort is Soort.INDIVIDUEEL else None
    aanvraag.aangevraagd_cents = data.bedrag_cents
    aanvraag.doel = data.doel
    aanvraag.omschrijving = data.omschrijving.strip()
    aanvraag.aanvraagdatum = data.aanvraagdatum  # type: ignore[assignment]
    aanvraag.vso_betrokkenheid = data.vso_betrokkenheid
    aanvraag.vso_school = data.vso_school.strip()
    aanvraag.vso_toelichting = data.vso_toelichting.strip()
    existing = {c.voorwaarde: c for c in aanvraag.voorwaarden}
    for item in data.voorwaarden:
        row = existing.get(item.voorwaarde)
        if row is None:
            row = AanvraagVoorwaarde(voorwaarde=item.voorwaarde)
            aanvraag.voorwaarden.append(row)
        row.voldaan = item.voldaan
        row.datum = item.datum
        row.toelichting = item.toelichting.strip()
    if data.soort is Soort.GROEP and data.groepsplan is not None:
        _apply_plan(aanvraag, data.groepsplan)


def _apply_plan(aanvraag: Aanvraag, data: GroepsplanInput) -> None:
    plan = aanvraag.groepsplan
    if plan is None:
        plan = Groepsplan()
        aanvraag.groepsplan = plan
    plan.ondersteuning = data.ondersteuning.strip()
    plan.doelen = data.doelen.strip()
    plan.evaluatiewijze = data.evaluatiewijze.strip()
    plan.periode_start = data.periode_start
    plan.periode_eind = data.periode_eind
    wanted = list(dict.fromkeys(data.leerling_ids))
    plan.deelnemers = [d for d in plan.deelnemers if d.leerling_id in wanted]
    present = {d.leerling_id for d in plan.deelnemers}
    plan.deelnemers.extend(GroepsplanLeerling(leerling_id=i) for i in wanted if i not in present)
    plan.kostenregels = [
        Kostenregel(omschrijving=k.omschrijving.strip(), soort=k.soort, bedrag_cents=k.bedrag_cents)
        for k in data.kostenregels
    ]


def _cleaned(db: Database, data: AanvraagInput) -> AanvraagInput:
    """``data`` checked for types, ranges, lengths and characters (refused before any rule)."""
    if not isinstance(data, AanvraagInput):
        raise ValidationError(FieldError("aanvraag", "De gegevens van de aanvraag zijn ongeldig."))
    v = Validator()
    cleaned = clean_aanvraag(v, data, db.clock().date())
    v.raise_if_any()
    return cleaned


@command("aanvraag.maken")
def create_aanvraag(db: Database, actor: Actor, data: AanvraagInput) -> int:
    """Record a new aanvraag as concept; returns its id."""
    scope.require(actor, Recht.AANVRAGEN_INVOEREN)
    data = _cleaned(db, data)
    with scope.transaction(db, actor, Recht.AANVRAGEN_INVOEREN) as session:
        jaar = validate_aanvraag(session, data)
        assert jaar is not None
        _require_work_scope(session, actor, data)
        lock_schooljaar(session, jaar.id)  # the nummer is counted under the schooljaar's lock
        now = db.clock()
        aanvraag = Aanvraag(
            nummer=_next_nummer(session, jaar),
            soort=data.soort,
            schooljaar_id=jaar.id,
            status=Status.CONCEPT,
            aangemaakt_op=now,
        )
        _apply(session, aanvraag, data)
        session.add(aanvraag)
        session.flush()
        session.add(
            StatusWijziging(
                aanvraag_id=aanvraag.id, van=None, naar=Status.CONCEPT, door_id=actor.id, op=now
            )
        )
        audit(
            session, actor, "aanvraag", aanvraag.id, "aangemaakt", None, snapshot(aanvraag), now=now
        )
        return aanvraag.id


@command("aanvraag.wijzigen", entity="aanvraag", id_param="aanvraag_id")
def update_aanvraag(db: Database, actor: Actor, aanvraag_id: int, data: AanvraagInput) -> None:
    """Change an open aanvraag. A decided one changes only through a herziening."""
    scope.require(actor, Recht.AANVRAGEN_INVOEREN)
    data = _cleaned(db, data)
    with scope.transaction(db, actor, Recht.AANVRAGEN_INVOEREN) as session:
        scope.require_aanvraag(session, actor, aanvraag_id)
        aanvraag = get_or_404(session, Aanvraag, aanvraag_id, "Aanvraag")
        claim_version(
            session, aanvraag, data.versie, entiteit="aanvraag", wat=f"aanvraag {aanvraag.nummer}"
        )
        if not aanvraag.status.is_open:
            raise StateError(
                f"Aanvraag {aanvraag.nummer} is {aanvraag.status.label.lower()} en kan niet meer worden "
                "gewijzigd; een besluit verandert alleen via een herziening."
            )
        if aanvraag.status is Status.TER_BESLUITVORMING:
            raise StateError(
                f"Aanvraag {aanvraag.nummer} ligt ter besluitvorming en ligt daarmee vast. "
                "Wijzigen kan alleen nadat zij is teruggestuurd naar de contactpersoon."
            )
        v = Validator()
        v.check(
            data.soort is aanvraag.soort, "soort", "De soort aanvraag kan niet worden gewijzigd."
        )
        v.check(
            data.schooljaar_id == aanvraag.schooljaar_id,
            "schooljaar_id",
            "Het schooljaar van een aanvraag ligt vast.",
        )
        v.raise_if_any()
        validate_aanvraag(session, data, aanvraag_id=aanvraag.id)
        _require_work_scope(session, actor, data)
        before = snapshot(aanvraag)
        _apply(session, aanvraag, data)
        audited_save(
            session, actor, "aanvraag", aanvraag, before, now=db.clock(), actie="gewijzigd"
        )


def _require_work_scope(session: Session, actor: Actor, data: AanvraagInput) -> None:
    """A contactpersoon records applications only for her own schools and their pupils."""
    if data.school_id is not None:
        scope.require_school(session, actor, data.school_id, werk=True)
    if data.leerling_id is not None:
        scope.require_leerling(session, actor, data.leerling_id)
    if data.groepsplan is not None:
        for leerling_id in data.groepsplan.leerling_ids:
            scope.require_leerling(session, actor, leerling_id)


@dataclass(frozen=True)
class StatusStap:
    """One line of an aanvraag's history."""

    van: Status | None
    naar: Status
    door: str
    op: datetime
    toelichting: str


@dataclass(frozen=True)
class BesluitRegel:
    """A decision on the aanvraag as shown in its detail view."""

    id: int
    uitkomst: Uitkomst
    toegekend_cents: int
    motivering: str
    besloten_door: str
    besloten_op: datetime
    kenmerk: str
    uitgegeven: bool
    herziening_van_kenmerk: str
    in_force: bool
    periode_start: date | None = None
    periode_eind: date | None = None


@dataclass(frozen=True)
class AanvraagDetail:
    """An aanvraag with its history, decisions and what still blocks an award."""

    id: int
    nummer: str
    status: Status
    schooljaar_label: str
    school_naam: str
    contactpersoon_naam: str
    data: AanvraagInput
    besproken_op: date | None
    besproken_notitie: str
    geschiedenis: list[StatusStap] = field(default_factory=list)
    besluiten: list[BesluitRegel] = field(default_factory=list)
    blockers: list[FieldError] = field(default_factory=list)

    @property
    def besluit_in_force(self) -> BesluitRegel | None:
        return next((b for b in reversed(self.besluiten) if b.in_force), None)


def get_aanvraag(db: Database, actor: Actor, aanvraag_id: int) -> AanvraagDetail:
    """The whole aanvraag for its form and detail view."""
    with scope.transaction(db, actor, Recht.AANVRAGEN_ZIEN) as session:
        scope.require_aanvraag(session, actor, aanvraag_id)
        aanvraag = get_or_404(session, Aanvraag, aanvraag_id, "Aanvraag")
        besluiten = session.scalars(
            select(Besluit).where(Besluit.aanvraag_id == aanvraag.id).order_by(Besluit.id)
        ).all()
        toegangslog.aanvraag_bekeken(session, actor, aanvraag.id, now=db.clock())
        revised = {b.herziening_van_id for b in besluiten if b.herziening_van_id}
        return AanvraagDetail(
            id=aanvraag.id,
            nummer=aanvraag.nummer,
            status=aanvraag.status,
            schooljaar_label=aanvraag.schooljaar.label,
            school_naam=aanvraag.school.naam,
            contactpersoon_naam=aanvraag.contactpersoon.volledige_naam,
            data=input_of(aanvraag),
            besproken_op=aanvraag.besproken_op,
            besproken_notitie=aanvraag.besproken_notitie,
            geschiedenis=[
                StatusStap(s.van, s.naar, s.door.volledige_naam, s.op, s.toelichting)
                for s in aanvraag.geschiedenis
            ],
            besluiten=[
                BesluitRegel(
                    id=b.id,
                    uitkomst=b.uitkomst,
                    toegekend_cents=b.toegekend_cents,
                    motivering=b.motivering,
                    besloten_door=b.besloten_door.volledige_naam,
                    besloten_op=b.besloten_op,
                    kenmerk=b.beschikking.kenmerk if b.beschikking else "",
                    uitgegeven=bool(b.beschikking and b.beschikking.uitgegeven_op),
                    herziening_van_kenmerk=(
                        b.herziening_van.beschikking.kenmerk
                        if b.herziening_van and b.herziening_van.beschikking
                        else ""
                    ),
                    in_force=b.id not in revised,
                    periode_start=b.periode_start,
                    periode_eind=b.periode_eind,
                )
                for b in besluiten
            ],
            blockers=award_blockers(session, aanvraag) if aanvraag.status.is_open else [],
        )
