"""The VSO expertise register: recording each deployment of VSO expertise in regular VO (the
contactpersoon for her schools, or the programmadirecteur), the list per schooljaar, and the
figures of the evaluation (per school, per VSO partner, hours, kinds of question).

It is about the questions of teachers and teams, not about pupils: the form asks not to write
pupil names, and the register holds no pupil field. Records fall under the retention term of
applications (``bewaartermijn_aanvraag_jaren``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.db import Database
from swv_desktop.errors import FieldError
from swv_desktop.errors import ValidationError
from swv_desktop.errors import Validator
from swv_desktop.models import Beoordeling
from swv_desktop.models import School
from swv_desktop.models import Schooljaar
from swv_desktop.models import VraagSoort
from swv_desktop.models import VsoInzet
from swv_desktop.reports.evaluatie_data import InzetTelling
from swv_desktop.reports.evaluatie_data import VsoInzetCijfers
from swv_desktop.reports.excel import Cell
from swv_desktop.reports.excel import table_xlsx
from swv_desktop.services import invoer
from swv_desktop.services import scope
from swv_desktop.services import toegangslog
from swv_desktop.services.commands import command
from swv_desktop.services.common import Actor
from swv_desktop.services.common import audit
from swv_desktop.services.common import audited_save
from swv_desktop.services.common import claim_version
from swv_desktop.services.common import get_or_404
from swv_desktop.services.common import plain
from swv_desktop.services.common import snapshot
from swv_desktop.services.scope import Recht

REGISTER_ROLES = tuple(sorted(scope.RECHTEN[Recht.VSO_REGISTER]))
MAX_MINUTEN = 1_000 * 60
"""More than a thousand hours on one question is a typing error."""


@dataclass
class VsoInzetInput:
    """What the register's form edits."""

    schooljaar_id: int | None
    school_id: int | None
    vso_partner: str
    vraag: str
    vraag_soort: VraagSoort | None
    startdatum: date | None
    wat_gedaan: str = ""
    uitgevoerd_door: str = ""
    minuten: int = 0
    einddatum: date | None = None
    opbrengst: str = ""
    beoordeling: Beoordeling | None = None
    versie: int | None = None
    """The version the form loaded (``None`` for a new record)."""


@dataclass(frozen=True)
class VsoInzetRow:
    """One line of the register's list."""

    id: int
    schooljaar: str
    school: str
    vso_partner: str
    vraag_soort: VraagSoort
    vraag: str
    minuten: int
    startdatum: date
    einddatum: date | None
    beoordeling: Beoordeling | None


def _clean(v: Validator, data: VsoInzetInput) -> VsoInzetInput:
    partner = invoer.text(
        v,
        "vso_partner",
        "De VSO-school of partner",
        data.vso_partner,
        max_len=200,
        required="Vul de VSO-school of partner in.",
    )
    vraag = invoer.text(
        v,
        "vraag",
        "De vraag",
        data.vraag,
        max_len=4000,
        multiline=True,
        required="Beschrijf de vraag van de docent of het team.",
    )
    soort = invoer.choice(v, "vraag_soort", "Het soort vraag", data.vraag_soort, VraagSoort)
    wat = invoer.text(
        v, "wat_gedaan", "Wat er is gedaan", data.wat_gedaan, max_len=4000, multiline=True
    )
    door = invoer.text(v, "uitgevoerd_door", "Door wie", data.uitgevoerd_door, max_len=200)
    minuten = invoer.whole(v, "minuten", "De tijd", data.minuten, 0, MAX_MINUTEN)
    start = invoer.day(
        v, "startdatum", "De begindatum", data.startdatum, required="Vul de begindatum in."
    )
    eind = invoer.day(v, "einddatum", "De einddatum", data.einddatum)
    if start is not None and eind is not None and eind < start:
        v.add("einddatum", "De einddatum ligt vóór de begindatum.")
    opbrengst = invoer.text(
        v, "opbrengst", "Wat het heeft opgeleverd", data.opbrengst, max_len=4000, multiline=True
    )
    beoordeling = (
        None
        if data.beoordeling is None
        else invoer.choice(v, "beoordeling", "Het oordeel", data.beoordeling, Beoordeling)
    )
    schooljaar_id = invoer.ident(v, "schooljaar_id", "Het schooljaar", data.schooljaar_id)
    school_id = invoer.ident(v, "school_id", "De school", data.school_id)
    v.check(data.schooljaar_id is not None, "schooljaar_id", "Kies het schooljaar.")
    v.check(data.school_id is not None, "school_id", "Kies de VO-school.")
    return VsoInzetInput(
        schooljaar_id,
        school_id,
        partner,
        vraag,
        soort,
        start,
        wat,
        door,
        minuten,
        eind,
        opbrengst,
        beoordeling,
        data.versie,
    )


@command("vso_inzet.opslaan", entity="vso_inzet", id_param="inzet_id")
def save_inzet(db: Database, actor: Actor, data: VsoInzetInput, inzet_id: int | None = None) -> int:
    """Record a deployment (or change one); returns its id."""
    scope.require(actor, Recht.VSO_REGISTER)
    v = Validator()
    clean = _clean(v, data)
    v.raise_if_any()
    assert clean.school_id is not None and clean.schooljaar_id is not None
    with scope.transaction(db, actor, Recht.VSO_REGISTER) as session:
        school = get_or_404(session, School, clean.school_id, "School")
        jaar = get_or_404(session, Schooljaar, clean.schooljaar_id, "Schooljaar")
        scope.require_vso_school(session, actor, school.id)
        assert clean.startdatum is not None
        if not jaar.start_datum <= clean.startdatum <= jaar.eind_datum:
            raise ValidationError(
                FieldError("startdatum", f"De begindatum valt niet in schooljaar {jaar.label}.")
            )
        if inzet_id is None:
            row = VsoInzet(vastgelegd_door_id=actor.id, aangemaakt_op=db.clock())
            session.add(row)
            before = None
        else:
            scope.require_vso_inzet(session, actor, inzet_id)
            row = get_or_404(session, VsoInzet, inzet_id, "Inzet van VSO-expertise")
            claim_version(
                session, row, clean.versie, entiteit="vso_inzet", wat="deze inzet van VSO-expertise"
            )
            before = snapshot(row)
        row.schooljaar_id = jaar.id
        row.school_id = school.id
        row.vso_partner = clean.vso_partner
        row.vraag = clean.vraag
        assert clean.vraag_soort is not None
        row.vraag_soort = clean.vraag_soort
        row.wat_gedaan = clean.wat_gedaan
        row.uitgevoerd_door = clean.uitgevoerd_door
        row.minuten = clean.minuten
        row.startdatum = clean.startdatum
        row.einddatum = clean.einddatum
        row.opbrengst = clean.opbrengst
        row.beoordeling = clean.beoordeling
        audited_save(session, actor, "vso_inzet", row, before, now=db.clock())
        return row.id


@command("vso_inzet.verwijderen", entity="vso_inzet", id_param="inzet_id")
def delete_inzet(db: Database, actor: Actor, inzet_id: int, versie: int | None) -> None:
    """Remove a deployment recorded by mistake (audited with what it held)."""
    with scope.transaction(db, actor, Recht.VSO_REGISTER) as session:
        scope.require_vso_inzet(session, actor, inzet_id)
        row = get_or_404(session, VsoInzet, inzet_id, "Inzet van VSO-expertise")
        if row.versie != versie:
            claim_version(
                session, row, versie, entiteit="vso_inzet", wat="deze inzet van VSO-expertise"
            )
        before = snapshot(row)
        session.delete(row)
        audit(session, actor, "vso_inzet", inzet_id, "verwijderd", before, None, now=db.clock())


def get_inzet(db: Database, actor: Actor, inzet_id: int) -> VsoInzetInput:
    """A deployment's editable fields."""
    with scope.read(db, actor, Recht.VSO_REGISTER) as session:
        scope.require_vso_inzet(session, actor, inzet_id)
        r = get_or_404(session, VsoInzet, inzet_id, "Inzet van VSO-expertise")
        return plain(VsoInzetInput, r)


def list_inzet(db: Database, actor: Actor, schooljaar_id: int | None = None) -> list[VsoInzetRow]:
    """The register, newest first; a contactpersoon sees her own schools."""
    scope.require(actor, Recht.VSO_REGISTER)
    query = (
        select(VsoInzet, School.naam, Schooljaar.label)
        .join(School, School.id == VsoInzet.school_id)
        .join(Schooljaar, Schooljaar.id == VsoInzet.schooljaar_id)
        .order_by(VsoInzet.startdatum.desc(), VsoInzet.id.desc())
    )
    if schooljaar_id is not None:
        query = query.where(VsoInzet.schooljaar_id == schooljaar_id)
    query = query.where(scope.rows(actor, "vso_inzet"))
    with scope.read(db, actor, Recht.VSO_REGISTER) as session:
        return [
            VsoInzetRow(
                row.VsoInzet.id,
                row.label,
                row.naam,
                row.VsoInzet.vso_partner,
                row.VsoInzet.vraag_soort,
                row.VsoInzet.vraag,
                row.VsoInzet.minuten,
                row.VsoInzet.startdatum,
                row.VsoInzet.einddatum,
                row.VsoInzet.beoordeling,
            )
            for row in session.execute(query)
        ]


def _tellingen(
    session: Session, key: Any, where: list[ColumnElement[bool]]
) -> tuple[InzetTelling, ...]:
    query = (
        select(
            key.label("key"),
            func.count(VsoInzet.id).label("n"),
            func.coalesce(func.sum(VsoInzet.minuten), 0).label("minuten"),
        )
        .select_from(VsoInzet)
        .join(School, School.id == VsoInzet.school_id)
        .where(*where)
        .group_by(key)
        .order_by(func.count(VsoInzet.id).desc(), key)
    )
    return tuple(
        InzetTelling(str(row.key), int(row.n), int(row.minuten)) for row in session.execute(query)
    )


def register_figures(
    session: Session, schooljaar_ids: list[int] | None = None, *, tot: date | None = None
) -> VsoInzetCijfers:
    """The register's figures (all schooljaren, or those given; with ``tot`` only what started
    on or before that day), for the evaluation."""
    where: list[ColumnElement[bool]] = []
    if schooljaar_ids is not None:
        where.append(VsoInzet.schooljaar_id.in_(schooljaar_ids))
    if tot is not None:
        where.append(VsoInzet.startdatum <= tot)
    totals = session.execute(
        select(
            func.count(VsoInzet.id).label("inzetten"),
            func.coalesce(func.sum(VsoInzet.minuten), 0).label("minuten"),
            func.count(func.distinct(VsoInzet.school_id)).label("scholen"),
        ).where(*where)
    ).one()
    soorten = _tellingen(session, VsoInzet.vraag_soort, where)
    oordelen = _tellingen(session, VsoInzet.beoordeling, where)
    return VsoInzetCijfers(
        inzetten=int(totals.inzetten),
        minuten=int(totals.minuten),
        scholen=int(totals.scholen),
        per_school=_tellingen(session, School.naam, where),
        per_partner=_tellingen(session, VsoInzet.vso_partner, where),
        per_soort=tuple(
            InzetTelling(VraagSoort(t.label).label, t.inzetten, t.minuten) for t in soorten
        ),
        per_beoordeling=tuple(
            InzetTelling(
                Beoordeling(t.label).label if t.label != "None" else "Niet beoordeeld",
                t.inzetten,
                t.minuten,
            )
            for t in oordelen
        ),
    )


def vso_cijfers(
    db: Database, actor: Actor, schooljaar_ids: list[int] | None = None
) -> VsoInzetCijfers:
    """``register_figures`` in a read transaction of its own (the evaluation's figures: the
    programmadirecteur)."""
    with scope.read(db, actor, Recht.RAPPORTEN) as session:
        return register_figures(session, schooljaar_ids)


def export_xlsx(db: Database, actor: Actor, schooljaar_id: int | None = None) -> bytes:
    """The register (as ``list_inzet`` gives it) as an Excel sheet, logged."""
    rows = list_inzet(db, actor, schooljaar_id)
    header = [
        "Schooljaar",
        "Begonnen",
        "Afgerond",
        "School",
        "VSO-school of partner",
        "Soort vraag",
        "Vraag",
        "Wat er is gedaan",
        "Door wie",
        "Uren",
        "Wat het opleverde",
        "Oordeel",
    ]
    body: list[list[Cell]] = []
    with db.read() as session:
        query = select(
            VsoInzet.id, VsoInzet.wat_gedaan, VsoInzet.uitgevoerd_door, VsoInzet.opbrengst
        ).where(VsoInzet.id.in_([x.id for x in rows]))
        details = {
            row.id: (row.wat_gedaan, row.uitgevoerd_door, row.opbrengst)
            for row in session.execute(query)
        }
    for r in rows:
        wat, door, opbrengst = details[r.id]
        body.append(
            [
                r.schooljaar,
                r.startdatum,
                r.einddatum,
                r.school,
                r.vso_partner,
                r.vraag_soort.label,
                r.vraag,
                wat,
                door,
                Decimal(r.minuten) / 60,
                opbrengst,
                r.beoordeling.label if r.beoordeling else "",
            ]
        )
    xlsx = table_xlsx("VSO-expertise", header, body)
    toegangslog.export_gemaakt(
        db,
        actor,
        objectsoort="lijst_vso_inzet",
        omschrijving=f"VSO-expertise naar Excel, {len(rows)} rijen",
    )
    return xlsx
