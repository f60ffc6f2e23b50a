"""Pupils, their versioned OPP summaries, their outcome per schooljaar, and the privacy export.

Pupil data is special-category data: only contactpersonen and the programmadirecteur see it, and
every view, change and export of a pupil's record is written to the audit log.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from swv_desktop.db import Database
from swv_desktop.errors import Validator
from swv_desktop.models import (
    Aanvraag,
    Beoordeling,
    GroepsplanLeerling,
    Instroomroute,
    Leerling,
    LeerlingResultaat,
    LeerlingUitkomst,
    Opp,
    Rol,
    School,
    Schooljaar,
    Toestemming,
    Voortgangsgesprek,
)
from swv_desktop.services.common import (
    Actor,
    audit,
    claim_version,
    get_or_404,
    require_role,
    snapshot,
)

LEERLING_ROLES = (Rol.CONTACTPERSOON, Rol.PROGRAMMADIRECTEUR)
BASE_NIVEAUS = ("vmbo-bb", "vmbo-kb", "vmbo-gt", "havo", "vwo", "pro")
NIVEAU_CHOICES = (*BASE_NIVEAUS, "vmbo-bb/kb", "vmbo-kb/gt", "vmbo-gt/havo", "havo/vwo")


def niveau_is_valid(niveau: str) -> bool:
    """``havo``, ``vmbo-gt/havo`` and ``vmbo-kb/gt`` are valid; ``mbo`` is not."""
    parts = [p.strip() for p in niveau.strip().lower().split("/")]
    if not parts or not parts[0]:
        return False
    full: list[str] = []
    for part in parts:
        if part in BASE_NIVEAUS:
            full.append(part)
        elif full and full[-1].startswith("vmbo-") and f"vmbo-{part}" in BASE_NIVEAUS:
            full.append(f"vmbo-{part}")
        else:
            return False
    return True


@dataclass
class LeerlingInput:
    """What the leerling form edits."""

    leerlingnummer: str
    voornaam: str
    achternaam: str
    geboortedatum: date | None
    school_id: int | None
    niveau: str
    leerjaar: int
    tussenvoegsel: str = ""
    instroomroute: Instroomroute = Instroomroute.REGULIER_VO
    versie: int | None = None
    """The version the form loaded (``None`` for a new pupil)."""


@dataclass
class OppInput:
    """What the OPP form edits; saving always makes a new version."""

    vastgesteld_op: date | None
    uitstroomprofiel: str
    inzet_maatwerkbudget: str
    belemmerende_factoren: str = ""
    bevorderende_factoren: str = ""
    onderwijsbehoeften: str = ""
    afwijkingen_programma: str = ""
    ondersteuning_begeleiding: str = ""
    laatst_geevalueerd_op: date | None = None
    volgende_evaluatie_op: date | None = None
    toestemming_door: Toestemming = Toestemming.GEEN
    toestemming_datum: date | None = None


@dataclass(frozen=True)
class OppVersion:
    """One stored OPP version."""

    id: int
    versie: int
    data: OppInput
    aangemaakt_door: str
    aangemaakt_op: datetime


@dataclass(frozen=True)
class LeerlingDetail:
    """A pupil with school name and every OPP version (newest last)."""

    id: int
    data: LeerlingInput
    school_naam: str
    initialen: str
    opps: list[OppVersion] = field(default_factory=list)

    @property
    def current_opp(self) -> OppVersion | None:
        return self.opps[-1] if self.opps else None


def _validate_leerling(v: Validator, data: LeerlingInput, today: date) -> None:
    v.check(bool(data.leerlingnummer.strip()), "leerlingnummer", "Vul het leerlingnummer in.")
    v.check(bool(data.voornaam.strip()), "voornaam", "Vul de voornaam in.")
    v.check(bool(data.achternaam.strip()), "achternaam", "Vul de achternaam in.")
    v.check(data.school_id is not None, "school_id", "Kies de school van de leerling.")
    v.check(
        niveau_is_valid(data.niveau),
        "niveau",
        f"'{data.niveau}' is geen VO-niveau (bijv. havo of vmbo-gt/havo).",
    )
    v.check(1 <= data.leerjaar <= 6, "leerjaar", "Het leerjaar ligt tussen 1 en 6.")
    if data.geboortedatum is None:
        v.add("geboortedatum", "Vul de geboortedatum in.")
    else:
        age = today.year - data.geboortedatum.year
        v.check(
            9 <= age <= 23,
            "geboortedatum",
            "De geboortedatum past niet bij een leerling in het voortgezet onderwijs.",
        )


def save_leerling(
    db: Database, actor: Actor, data: LeerlingInput, leerling_id: int | None = None
) -> int:
    """Create or change a pupil; returns the id."""
    require_role(actor, *LEERLING_ROLES, action="leerlinggegevens wijzigen")
    v = Validator()
    _validate_leerling(v, data, db.clock().date())
    with db.transaction() as session:
        if data.school_id is not None:
            v.check(
                session.get(School, data.school_id) is not None,
                "school_id",
                "De gekozen school bestaat niet (meer).",
            )
        clash = session.scalars(
            select(Leerling.id).where(Leerling.leerlingnummer == data.leerlingnummer.strip())
        ).first()
        v.check(
            clash is None or clash == leerling_id,
            "leerlingnummer",
            f"Leerlingnummer {data.leerlingnummer.strip()} is al in gebruik.",
        )
        v.raise_if_any()
        assert data.geboortedatum is not None and data.school_id is not None
        if leerling_id is None:
            leerling = Leerling(aangemaakt_op=db.clock())
            session.add(leerling)
            before = None
        else:
            leerling = get_or_404(session, Leerling, leerling_id, "Leerling")
            claim_version(
                session,
                leerling,
                data.versie,
                entiteit="leerling",
                wat=f"leerling {leerling.leerlingnummer}",
            )
            before = snapshot(leerling)
        leerling.leerlingnummer = data.leerlingnummer.strip()
        leerling.voornaam = data.voornaam.strip()
        leerling.tussenvoegsel = data.tussenvoegsel.strip()
        leerling.achternaam = data.achternaam.strip()
        leerling.geboortedatum = data.geboortedatum
        leerling.school_id = data.school_id
        leerling.niveau = data.niveau.strip().lower()
        leerling.leerjaar = data.leerjaar
        leerling.instroomroute = data.instroomroute
        session.flush()
        action = "aangemaakt" if before is None else "gewijzigd"
        audit(
            session,
            actor,
            "leerling",
            leerling.id,
            action,
            before,
            snapshot(leerling),
            now=db.clock(),
        )
        return leerling.id


def _validate_opp(v: Validator, data: OppInput, today: date) -> None:
    if data.vastgesteld_op is None:
        v.add("vastgesteld_op", "Vul de datum in waarop het OPP is vastgesteld.")
    else:
        v.check(
            data.vastgesteld_op <= today,
            "vastgesteld_op",
            "De vaststellingsdatum van het OPP ligt in de toekomst.",
        )
        if data.laatst_geevalueerd_op is not None:
            v.check(
                data.laatst_geevalueerd_op >= data.vastgesteld_op,
                "laatst_geevalueerd_op",
                "Het OPP kan niet geëvalueerd zijn vóór het werd vastgesteld.",
            )
        if data.volgende_evaluatie_op is not None:
            v.check(
                data.volgende_evaluatie_op > data.vastgesteld_op,
                "volgende_evaluatie_op",
                "De volgende evaluatie ligt na de vaststelling van het OPP.",
            )
    v.check(
        bool(data.uitstroomprofiel.strip()),
        "uitstroomprofiel",
        "Vul het verwachte uitstroomprofiel in.",
    )
    if data.toestemming_door is not Toestemming.GEEN:
        v.check(
            data.toestemming_datum is not None,
            "toestemming_datum",
            "Vul de datum in waarop toestemming voor het handelingsdeel is gegeven.",
        )


def add_opp_version(db: Database, actor: Actor, leerling_id: int, data: OppInput) -> int:
    """Store a new OPP version (older versions stay as history); returns its id."""
    require_role(actor, *LEERLING_ROLES, action="een OPP vastleggen")
    v = Validator()
    _validate_opp(v, data, db.clock().date())
    with db.transaction() as session:
        leerling = get_or_404(session, Leerling, leerling_id, "Leerling")
        if data.toestemming_door is Toestemming.LEERLING and data.toestemming_datum is not None:
            age = _age_on(leerling.geboortedatum, data.toestemming_datum)
            v.check(
                age >= 16,
                "toestemming_door",
                "Een leerling geeft pas vanaf 16 jaar zelf toestemming; kies 'Ouders'.",
            )
        v.raise_if_any()
        last = (
            session.scalar(select(func.max(Opp.versie)).where(Opp.leerling_id == leerling_id)) or 0
        )
        opp = Opp(
            leerling_id=leerling.id,
            versie=last + 1,
            aangemaakt_op=db.clock(),
            aangemaakt_door_id=actor.id or None,
        )
        for key, value in asdict(data).items():
            setattr(opp, key, value.strip() if isinstance(value, str) else value)
        session.add(opp)
        session.flush()
        audit(
            session,
            actor,
            "opp",
            opp.id,
            f"versie {opp.versie} vastgelegd",
            None,
            snapshot(opp),
            now=db.clock(),
        )
        return opp.id


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _opp_input(opp: Opp) -> OppInput:
    return OppInput(**{name: getattr(opp, name) for name in OppInput.__dataclass_fields__})


def _leerling_input(leerling: Leerling) -> LeerlingInput:
    return LeerlingInput(
        **{name: getattr(leerling, name) for name in LeerlingInput.__dataclass_fields__}
    )


def get_leerling(db: Database, actor: Actor, leerling_id: int) -> LeerlingDetail:
    """A pupil's record with its OPP history; the view is logged."""
    require_role(actor, *LEERLING_ROLES, action="leerlinggegevens inzien")
    with db.transaction() as session:
        leerling = get_or_404(session, Leerling, leerling_id, "Leerling")
        detail = LeerlingDetail(
            id=leerling.id,
            data=_leerling_input(leerling),
            school_naam=leerling.school.naam,
            initialen=leerling.initialen,
            opps=[
                OppVersion(
                    id=o.id,
                    versie=o.versie,
                    data=_opp_input(o),
                    aangemaakt_door=o.aangemaakt_door.volledige_naam if o.aangemaakt_door else "",
                    aangemaakt_op=o.aangemaakt_op,
                )
                for o in leerling.opps
            ],
        )
        audit(session, actor, "leerling", leerling.id, "bekeken", now=db.clock())
        return detail


def record_uitkomst(
    db: Database,
    actor: Actor,
    leerling_id: int,
    schooljaar_id: int,
    *,
    resultaat: LeerlingResultaat,
    voortgang: Beoordeling,
    opmerkingen: str = "",
) -> int:
    """Record (or correct) where a pupil stands at the end of a schooljaar."""
    require_role(actor, *LEERLING_ROLES, action="de uitkomst van een leerling vastleggen")
    v = Validator()
    v.check(
        resultaat is not LeerlingResultaat.ANDERS or bool(opmerkingen.strip()),
        "opmerkingen",
        "Licht toe wat 'anders' inhoudt.",
    )
    v.raise_if_any()
    with db.transaction() as session:
        get_or_404(session, Leerling, leerling_id, "Leerling")
        get_or_404(session, Schooljaar, schooljaar_id, "Schooljaar")
        row = session.scalars(
            select(LeerlingUitkomst).where(
                LeerlingUitkomst.leerling_id == leerling_id,
                LeerlingUitkomst.schooljaar_id == schooljaar_id,
            )
        ).first()
        before = snapshot(row)
        if row is None:
            row = LeerlingUitkomst(leerling_id=leerling_id, schooljaar_id=schooljaar_id)
            session.add(row)
        row.resultaat = resultaat
        row.voortgang = voortgang
        row.opmerkingen = opmerkingen.strip()
        row.vastgelegd_op = db.clock()
        session.flush()
        audit(
            session,
            actor,
            "leerling_uitkomst",
            row.id,
            "vastgelegd",
            before,
            snapshot(row),
            now=db.clock(),
        )
        return row.id


@dataclass(frozen=True)
class UitkomstRow:
    """A pupil's recorded outcome in one schooljaar."""

    schooljaar_id: int
    schooljaar_label: str
    resultaat: LeerlingResultaat
    voortgang: Beoordeling
    opmerkingen: str
    vastgelegd_op: datetime


def list_uitkomsten(db: Database, actor: Actor, leerling_id: int) -> list[UitkomstRow]:
    """A pupil's recorded outcomes, newest schooljaar first."""
    require_role(actor, *LEERLING_ROLES, action="leerlinggegevens inzien")
    with db.read() as session:
        rows = session.execute(
            select(LeerlingUitkomst, Schooljaar.label)
            .join(Schooljaar, Schooljaar.id == LeerlingUitkomst.schooljaar_id)
            .where(LeerlingUitkomst.leerling_id == leerling_id)
            .order_by(Schooljaar.start_datum.desc())
        ).all()
        return [
            UitkomstRow(
                u.schooljaar_id, label, u.resultaat, u.voortgang, u.opmerkingen, u.vastgelegd_op
            )
            for u, label in rows
        ]


def export_leerling(db: Database, actor: Actor, leerling_id: int) -> str:
    """Everything held about one pupil as JSON (the AVG right of access); the export is logged."""
    require_role(actor, *LEERLING_ROLES, action="leerlinggegevens exporteren")
    with db.transaction() as session:
        leerling = get_or_404(session, Leerling, leerling_id, "Leerling")
        aanvraag_ids = set(
            session.scalars(select(Aanvraag.id).where(Aanvraag.leerling_id == leerling_id))
        )
        aanvraag_ids |= set(
            session.scalars(
                select(Aanvraag.id)
                .join(Aanvraag.groepsplan)
                .join(GroepsplanLeerling)
                .where(GroepsplanLeerling.leerling_id == leerling_id)
            )
        )
        aanvragen = [session.get(Aanvraag, i) for i in sorted(aanvraag_ids)]
        data: dict[str, Any] = {
            "leerling": snapshot(leerling),
            "school": leerling.school.naam,
            "opp_versies": [snapshot(o) for o in leerling.opps],
            "uitkomsten": [
                snapshot(u)
                for u in session.scalars(
                    select(LeerlingUitkomst).where(LeerlingUitkomst.leerling_id == leerling_id)
                )
            ],
            "aanvragen": [
                {
                    **snapshot(a),
                    "voorwaarden": [snapshot(c) for c in a.voorwaarden],
                    "voortgangsgesprekken": [
                        snapshot(g)
                        for g in session.scalars(
                            select(Voortgangsgesprek).where(Voortgangsgesprek.aanvraag_id == a.id)
                        )
                    ],
                }
                for a in aanvragen
                if a is not None
            ],
        }
        audit(session, actor, "leerling", leerling.id, "geëxporteerd", now=db.clock())
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
