"""Pupils, their versioned OPP summaries, their outcome per schooljaar, and the privacy export.

Pupil data is special-category data: only contactpersonen and the programmadirecteur see it, and
every change of a pupil's record is written to the audit trail, every view and export to the
access log (``toegangslog``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

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
    School,
    Schooljaar,
    Toestemming,
    Voortgangsgesprek,
)
from swv_desktop.models.toegang import ToegangActie
from swv_desktop.services import invoer, scope, toegangslog
from swv_desktop.services.commands import command
from swv_desktop.services.common import (
    Actor,
    audited_save,
    get_or_404,
    row_to_save,
    snapshot,
    stale_edit,
    unknown_version,
)
from swv_desktop.services.scope import Recht

LEERLING_ROLES = tuple(sorted(scope.RECHTEN[Recht.LEERLINGEN_INVOEREN]))
"""Who records pupils and OPPs (the contactpersoon of the pupil's school, see ``scope``)."""
BASE_NIVEAUS = ("vmbo-bb", "vmbo-kb", "vmbo-gt", "vmbo-gl", "vmbo-tl", "havo", "vwo", "pro")
"""The VO niveaus (DOMAIN.md): the vmbo leerwegen bb, kb and gt (gemengde and theoretische
leerweg, also written gl and tl), havo, vwo and praktijkonderwijs."""
NIVEAU_CHOICES = (*BASE_NIVEAUS, "vmbo-bb/kb", "vmbo-kb/gt", "vmbo-gt/havo", "havo/vwo")
LEERLINGNUMMER = r"[A-Z0-9][A-Z0-9-]{0,19}"


def niveau_is_valid(niveau: str) -> bool:
    """``havo``, ``vmbo-tl``, ``vmbo-gt/havo`` and ``vmbo-kb/gt`` are valid; ``mbo`` is not, nor
    a combined class that names a niveau twice (``havo/havo``)."""
    if not isinstance(niveau, str) or not niveau.isascii() or len(niveau) > 40:
        return False
    parts = [p.strip() for p in niveau.strip().lower().split("/")]
    full: list[str] = []
    for part in parts:
        if part in BASE_NIVEAUS:
            full.append(part)
        elif full and full[-1].startswith("vmbo-") and f"vmbo-{part}" in BASE_NIVEAUS:
            full.append(f"vmbo-{part}")
        else:
            return False
    return len(set(full)) == len(full)


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


def _validate_leerling(v: Validator, data: LeerlingInput, today: date) -> LeerlingInput:
    """The pupil's fields checked and cleaned (a new ``LeerlingInput``)."""
    nummer = invoer.text(
        v,
        "leerlingnummer",
        "Het leerlingnummer",
        data.leerlingnummer,
        max_len=20,
        required="Vul het leerlingnummer in.",
    )
    if nummer and not re.fullmatch(LEERLINGNUMMER, nummer, flags=re.ASCII | re.IGNORECASE):
        v.add(
            "leerlingnummer",
            "Het leerlingnummer bestaat uit letters (A-Z), cijfers (0-9) en streepjes.",
        )
    voornaam = invoer.text(
        v, "voornaam", "De voornaam", data.voornaam, max_len=100, required="Vul de voornaam in."
    )
    tussenvoegsel = invoer.text(
        v, "tussenvoegsel", "Het tussenvoegsel", data.tussenvoegsel, max_len=20
    )
    achternaam = invoer.text(
        v,
        "achternaam",
        "De achternaam",
        data.achternaam,
        max_len=100,
        required="Vul de achternaam in.",
    )
    school_id = invoer.ident(v, "school_id", "De school", data.school_id)
    v.check(data.school_id is not None, "school_id", "Kies de school van de leerling.")
    niveau = invoer.text(v, "niveau", "Het niveau", data.niveau, max_len=40)
    if not niveau:
        v.add("niveau", "Kies het niveau van de leerling (bijv. havo, vmbo-tl of vmbo-gt/havo).")
    else:
        v.check(
            niveau_is_valid(niveau),
            "niveau",
            f"'{niveau[:40]}' is geen VO-niveau (bijv. havo, vmbo-tl of vmbo-gt/havo).",
        )
    leerjaar = invoer.whole(v, "leerjaar", "Het leerjaar", data.leerjaar, 1, 6)
    route = invoer.choice(v, "instroomroute", "De instroomroute", data.instroomroute, Instroomroute)
    born = invoer.day(
        v,
        "geboortedatum",
        "De geboortedatum",
        data.geboortedatum,
        earliest=date(1900, 1, 1),
        latest=today,
        required="Vul de geboortedatum in.",
        too_late="De geboortedatum ligt in de toekomst.",
    )
    if born is not None:
        age = today.year - born.year
        v.check(
            9 <= age <= 23,
            "geboortedatum",
            "De geboortedatum past niet bij een leerling in het voortgezet onderwijs.",
        )
    return LeerlingInput(
        leerlingnummer=nummer,
        voornaam=voornaam,
        achternaam=achternaam,
        geboortedatum=born,
        school_id=school_id,
        niveau=niveau.lower(),
        leerjaar=leerjaar,
        tussenvoegsel=tussenvoegsel,
        instroomroute=route or Instroomroute.REGULIER_VO,
        versie=data.versie,
    )


@command("leerling.opslaan", entity="leerling", id_param="leerling_id")
def save_leerling(
    db: Database, actor: Actor, data: LeerlingInput, leerling_id: int | None = None
) -> int:
    """Create or change a pupil; returns the id."""
    scope.require(actor, Recht.LEERLINGEN_INVOEREN)
    v = Validator()
    data = _validate_leerling(v, data, db.clock().date())
    with db.transaction() as session:
        scope.check(session, actor, Recht.LEERLINGEN_INVOEREN)
        if leerling_id is not None:
            scope.require_leerling(session, actor, leerling_id)
        if data.school_id is not None:
            v.check(
                session.get(School, data.school_id) is not None,
                "school_id",
                "De gekozen school bestaat niet (meer).",
            )
        clash = session.scalars(
            select(Leerling.id).where(Leerling.leerlingnummer == data.leerlingnummer)
        ).first()
        v.check(
            clash is None or clash == leerling_id,
            "leerlingnummer",
            f"Leerlingnummer {data.leerlingnummer} is al in gebruik.",
        )
        v.raise_if_any()
        assert data.geboortedatum is not None and data.school_id is not None
        scope.require_school(session, actor, data.school_id, werk=True)
        leerling, before = row_to_save(
            session,
            Leerling,
            leerling_id,
            data.versie,
            new=lambda: Leerling(aangemaakt_op=db.clock()),
            label="Leerling",
            entiteit="leerling",
            wat=lambda row: f"leerling {row.leerlingnummer}",
        )
        leerling.leerlingnummer = data.leerlingnummer
        leerling.voornaam = data.voornaam
        leerling.tussenvoegsel = data.tussenvoegsel
        leerling.achternaam = data.achternaam
        leerling.geboortedatum = data.geboortedatum
        leerling.school_id = data.school_id
        leerling.niveau = data.niveau
        leerling.leerjaar = data.leerjaar
        leerling.instroomroute = data.instroomroute
        audited_save(session, actor, "leerling", leerling, before, now=db.clock())
        return leerling.id


_OPP_TEXTS = {
    "uitstroomprofiel": ("Het uitstroomprofiel", 200),
    "inzet_maatwerkbudget": ("De inzet van het maatwerkbudget", invoer.LONG_TEXT),
    "belemmerende_factoren": ("De belemmerende factoren", invoer.LONG_TEXT),
    "bevorderende_factoren": ("De bevorderende factoren", invoer.LONG_TEXT),
    "onderwijsbehoeften": ("De onderwijsbehoeften", invoer.LONG_TEXT),
    "afwijkingen_programma": ("De afwijkingen van het programma", invoer.LONG_TEXT),
    "ondersteuning_begeleiding": ("De ondersteuning en begeleiding", invoer.LONG_TEXT),
}


def _validate_opp(v: Validator, data: OppInput, today: date) -> OppInput:
    """The OPP's fields checked and cleaned (a new ``OppInput``)."""
    cleaned = {
        name: invoer.text(v, name, label, getattr(data, name), max_len=limit, multiline=limit > 200)
        for name, (label, limit) in _OPP_TEXTS.items()
    }
    later = date(today.year + 5, 12, 31)
    vastgesteld = invoer.day(
        v,
        "vastgesteld_op",
        "De vaststellingsdatum",
        data.vastgesteld_op,
        latest=today,
        required="Vul de datum in waarop het OPP is vastgesteld.",
        too_late="De vaststellingsdatum van het OPP ligt in de toekomst.",
    )
    geevalueerd = invoer.day(
        v,
        "laatst_geevalueerd_op",
        "De datum van de laatste evaluatie",
        data.laatst_geevalueerd_op,
        latest=today,
        too_late="De laatste evaluatie van het OPP ligt in de toekomst.",
    )
    volgende = invoer.day(
        v,
        "volgende_evaluatie_op",
        "De volgende evaluatie",
        data.volgende_evaluatie_op,
        latest=later,
    )
    toestemming_datum = invoer.past_day(
        v,
        "toestemming_datum",
        "De datum van de toestemming",
        data.toestemming_datum,
        today,
    )
    door = invoer.choice(
        v, "toestemming_door", "De toestemming", data.toestemming_door, Toestemming
    )
    if vastgesteld is not None:
        if geevalueerd is not None:
            v.check(
                geevalueerd >= vastgesteld,
                "laatst_geevalueerd_op",
                "Het OPP kan niet geëvalueerd zijn vóór het werd vastgesteld.",
            )
        if volgende is not None:
            v.check(
                volgende > vastgesteld,
                "volgende_evaluatie_op",
                "De volgende evaluatie ligt na de vaststelling van het OPP.",
            )
    if not cleaned["uitstroomprofiel"] and not any(e.field == "uitstroomprofiel" for e in v.errors):
        v.add("uitstroomprofiel", "Vul het verwachte uitstroomprofiel in.")
    if door is not None and door is not Toestemming.GEEN:
        v.check(
            data.toestemming_datum is not None,
            "toestemming_datum",
            "Vul de datum in waarop toestemming voor het handelingsdeel is gegeven.",
        )
    return replace(
        data,
        **cleaned,
        vastgesteld_op=vastgesteld,
        laatst_geevalueerd_op=geevalueerd,
        volgende_evaluatie_op=volgende,
        toestemming_datum=toestemming_datum,
        toestemming_door=door or Toestemming.GEEN,
    )


@command("opp.toevoegen")
def add_opp_version(
    db: Database,
    actor: Actor,
    leerling_id: int,
    data: OppInput,
    *,
    vorige_versie: int | None = None,
) -> int:
    """Store a new OPP version (older versions stay as history); returns its id.
    ``vorige_versie`` is the newest version the form showed (0 when the pupil had none): when
    someone else stored a newer one meanwhile, the save is refused with who and when, so that
    version is not silently passed over."""
    scope.require(actor, Recht.LEERLINGEN_INVOEREN)
    v = Validator()
    data = _validate_opp(v, data, db.clock().date())
    v.raise_if_any()
    with db.transaction() as session:
        scope.check(session, actor, Recht.LEERLINGEN_INVOEREN)
        scope.require_leerling(session, actor, leerling_id)
        leerling = get_or_404(session, Leerling, leerling_id, "Leerling")
        if data.toestemming_door is Toestemming.LEERLING and data.toestemming_datum is not None:
            age = age_on(leerling.geboortedatum, data.toestemming_datum)
            v.check(
                age >= 16,
                "toestemming_door",
                "Een leerling geeft pas vanaf 16 jaar zelf toestemming; kies 'Ouders'.",
            )
        v.raise_if_any()
        newest = session.scalars(
            select(Opp).where(Opp.leerling_id == leerling_id).order_by(Opp.versie.desc()).limit(1)
        ).first()
        last = newest.versie if newest is not None else 0
        wat = f"het OPP van leerling {leerling.leerlingnummer}"
        if vorige_versie is None:
            raise unknown_version(wat)
        if vorige_versie != last:
            raise stale_edit(session, "opp", newest.id if newest is not None else None, wat)
        opp = Opp(
            leerling_id=leerling.id,
            versie=last + 1,
            aangemaakt_op=db.clock(),
            aangemaakt_door_id=actor.id or None,
        )
        for f in fields(data):
            setattr(opp, f.name, getattr(data, f.name))
        session.add(opp)
        audited_save(
            session,
            actor,
            "opp",
            opp,
            None,
            now=db.clock(),
            actie=f"versie {opp.versie} vastgelegd",
        )
        return opp.id


def age_on(born: date, day: date) -> int:
    """Age in whole years on ``day`` of someone born on ``born``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _opp_input(opp: Opp) -> OppInput:
    return OppInput(**{name: getattr(opp, name) for name in OppInput.__dataclass_fields__})


def _leerling_input(leerling: Leerling) -> LeerlingInput:
    return LeerlingInput(
        **{name: getattr(leerling, name) for name in LeerlingInput.__dataclass_fields__}
    )


def get_leerling(db: Database, actor: Actor, leerling_id: int) -> LeerlingDetail:
    """A pupil's record with its OPP history; the view is logged."""
    scope.require(actor, Recht.LEERLINGEN_ZIEN)
    with db.transaction() as session:
        scope.check(session, actor, Recht.LEERLINGEN_ZIEN)
        scope.require_leerling(session, actor, leerling_id)
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
        toegangslog.leerling_bekeken(session, actor, leerling.id, now=db.clock())
        return detail


@command("uitkomst.vastleggen")
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
    scope.require(actor, Recht.UITKOMST_VASTLEGGEN)
    v = Validator()
    invoer.choice(v, "resultaat", "Het resultaat", resultaat, LeerlingResultaat)
    invoer.choice(v, "voortgang", "De voortgang", voortgang, Beoordeling)
    opmerkingen = invoer.text(
        v, "opmerkingen", "De opmerkingen", opmerkingen, max_len=invoer.LONG_TEXT, multiline=True
    )
    v.check(
        resultaat is not LeerlingResultaat.ANDERS or bool(opmerkingen),
        "opmerkingen",
        "Licht toe wat 'anders' inhoudt.",
    )
    v.raise_if_any()
    with db.transaction() as session:
        scope.check(session, actor, Recht.UITKOMST_VASTLEGGEN)
        scope.require_leerling(session, actor, leerling_id)
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
        audited_save(
            session, actor, "leerling_uitkomst", row, before, now=db.clock(), actie="vastgelegd"
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
    scope.require(actor, Recht.LEERLINGEN_ZIEN)
    with db.read() as session:
        scope.check(session, actor, Recht.LEERLINGEN_ZIEN)
        scope.require_leerling(session, actor, leerling_id)
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
    scope.require(actor, Recht.AVG_KOPIE)
    with db.transaction() as session:
        scope.check(session, actor, Recht.AVG_KOPIE)
        scope.require_leerling(session, actor, leerling_id)
        data = export_data(session, leerling_id)
        toegangslog.leerling_bekeken(
            session,
            actor,
            leerling_id,
            now=db.clock(),
            actie=ToegangActie.EXPORT,
            wat="JSON-export van leerling",
        )
        return export_json(data)


def export_json(data: dict[str, Any]) -> str:
    """The machine-readable copy: ``export_data`` as sorted, indented JSON."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


def export_data(session: Session, leerling_id: int) -> dict[str, Any]:
    """Everything held about one pupil as plain data (inside an open session)."""
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
    return {
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
