"""Pupils: their record (number, name, school, niveau, leerjaar, instroomroute), its view with
the OPP history, and the privacy export of everything held about one pupil.

Pupil data is special-category data: only contactpersonen and the programmadirecteur see it, and
every change of a pupil's record is written to the audit trail, every view and export to the
access log (``toegangslog``). The OPP versions are in ``opp_versies``, the outcome per
schooljaar in ``uitkomsten``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.db import Database
from swv_desktop.errors import Validator
from swv_desktop.models import Aanvraag
from swv_desktop.models import GroepsplanLeerling
from swv_desktop.models import Instroomroute
from swv_desktop.models import Leerling
from swv_desktop.models import LeerlingUitkomst
from swv_desktop.models import School
from swv_desktop.models import Voortgangsgesprek
from swv_desktop.models.toegang import ToegangActie
from swv_desktop.services import invoer
from swv_desktop.services import scope
from swv_desktop.services import toegangslog
from swv_desktop.services.commands import command
from swv_desktop.services.common import Actor
from swv_desktop.services.common import audited_save
from swv_desktop.services.common import get_or_404
from swv_desktop.services.common import plain
from swv_desktop.services.common import row_to_save
from swv_desktop.services.common import snapshot
from swv_desktop.services.opp_versies import OppVersion
from swv_desktop.services.opp_versies import opp_versie
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
    with scope.transaction(db, actor, Recht.LEERLINGEN_INVOEREN) as session:
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


def _leerling_input(leerling: Leerling) -> LeerlingInput:
    """The form's data as loaded from ``leerling``."""
    return plain(LeerlingInput, leerling)


def get_leerling(db: Database, actor: Actor, leerling_id: int) -> LeerlingDetail:
    """A pupil's record with its OPP history; the view is logged."""
    with scope.transaction(db, actor, Recht.LEERLINGEN_ZIEN) as session:
        scope.require_leerling(session, actor, leerling_id)
        leerling = get_or_404(session, Leerling, leerling_id, "Leerling")
        detail = LeerlingDetail(
            id=leerling.id,
            data=_leerling_input(leerling),
            school_naam=leerling.school.naam,
            initialen=leerling.initialen,
            opps=[opp_versie(o) for o in leerling.opps],
        )
        toegangslog.leerling_bekeken(session, actor, leerling.id, now=db.clock())
        return detail


def export_leerling(db: Database, actor: Actor, leerling_id: int) -> str:
    """Everything held about one pupil as JSON (the AVG right of access); the export is logged."""
    with scope.transaction(db, actor, Recht.AVG_KOPIE) as session:
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
