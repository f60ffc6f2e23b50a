"""The AVG copy (inzage, artikel 15 AVG) of one pupil for parents or a pupil of 16 or older: one
call makes the readable Dutch PDF and the machine-readable JSON (``leerlingen.export_data``) from
the same transaction, and logs it. Who may make it is ``scope``'s ``Recht.AVG_KOPIE``; file names
carry the leerlingnummer, never the name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.db import Database
from swv_desktop.models import Aanvraag
from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import Groepsplan
from swv_desktop.models import GroepsplanLeerling
from swv_desktop.models import Leerling
from swv_desktop.models import LeerlingUitkomst
from swv_desktop.models import Organisatie
from swv_desktop.models import Schooljaar
from swv_desktop.models import ToegangActie
from swv_desktop.models import Voortgangsgesprek
from swv_desktop.paths import safe_file_name
from swv_desktop.reports.avg_kopie import render_avg_kopie
from swv_desktop.reports.avg_kopie_data import AvgKopieData
from swv_desktop.reports.avg_kopie_data import Hoofdstuk
from swv_desktop.services import scope
from swv_desktop.services import toegangslog
from swv_desktop.services.avg_kopie_delen import aanvraag_onderdeel
from swv_desktop.services.avg_kopie_delen import besluit_onderdeel
from swv_desktop.services.avg_kopie_delen import brief_onderdelen
from swv_desktop.services.avg_kopie_delen import gesprek_onderdeel
from swv_desktop.services.avg_kopie_delen import leerling_hoofdstuk
from swv_desktop.services.avg_kopie_delen import opp_hoofdstuk
from swv_desktop.services.avg_kopie_delen import uitkomst_onderdeel
from swv_desktop.services.avg_kopie_delen import wijzigingen
from swv_desktop.services.beschikkingen.briefgegevens import _afzender
from swv_desktop.services.common import Actor
from swv_desktop.services.common import get_or_404
from swv_desktop.services.leerlingen import export_data
from swv_desktop.services.leerlingen import export_json
from swv_desktop.services.scope import Recht

AVG_ROLES = tuple(sorted(scope.RECHTEN[Recht.AVG_KOPIE]))
"""Who makes an AVG copy (``scope``: the programmadirecteur, and a contactpersoon for the pupils
of her own schools), the same right as the JSON export."""


@dataclass(frozen=True)
class AvgKopie:
    """The two files of one AVG copy: their suggested names and contents."""

    pdf_naam: str
    pdf: bytes
    json_naam: str
    json: str


def avg_file_names(leerlingnummer: str) -> tuple[str, str]:
    """``leerling-L1001-avg-kopie.pdf`` and ``.json``: by the internal number, never the name."""
    stem = f"leerling-{safe_file_name(leerlingnummer)}-avg-kopie"
    return f"{stem}.pdf", f"{stem}.json"


def _data(
    session: Session, actor: Actor, leerling: Leerling, json_naam: str, today: date
) -> AvgKopieData:
    """The copy's chapters and trail, read in the caller's transaction."""
    in_group = (
        select(Groepsplan.aanvraag_id)
        .join(GroepsplanLeerling, GroepsplanLeerling.groepsplan_id == Groepsplan.id)
        .where(GroepsplanLeerling.leerling_id == leerling.id)
    )
    aanvragen = list(
        session.scalars(
            select(Aanvraag)
            .where(or_(Aanvraag.leerling_id == leerling.id, Aanvraag.id.in_(in_group)))
            .order_by(Aanvraag.aanvraagdatum, Aanvraag.id)
        )
    )
    ids = [a.id for a in aanvragen]
    besluiten = list(
        session.scalars(
            select(Besluit).where(Besluit.aanvraag_id.in_(ids)).order_by(Besluit.besloten_op)
        )
    )
    gesprekken = list(
        session.scalars(
            select(Voortgangsgesprek)
            .where(Voortgangsgesprek.aanvraag_id.in_(ids))
            .order_by(Voortgangsgesprek.datum, Voortgangsgesprek.id)
        )
    )
    uitkomsten = session.execute(
        select(LeerlingUitkomst, Schooljaar.label)
        .join(Schooljaar, Schooljaar.id == LeerlingUitkomst.schooljaar_id)
        .where(LeerlingUitkomst.leerling_id == leerling.id)
        .order_by(Schooljaar.start_datum)
    ).all()
    brieven = brief_onderdelen(session, ids)
    keys = [("leerling", leerling.id)]
    keys += [("opp", o.id) for o in leerling.opps]
    keys += [("leerling_uitkomst", row.LeerlingUitkomst.id) for row in uitkomsten]
    keys += [("aanvraag", i) for i in ids] + [("besluit", b.id) for b in besluiten]
    keys += [("voortgangsgesprek", g.id) for g in gesprekken]
    keys += [
        ("beschikking", k)
        for k in session.scalars(
            select(Beschikking.id)
            .join(Besluit, Besluit.id == Beschikking.besluit_id)
            .where(Besluit.aanvraag_id.in_(ids))
        )
    ]
    org = session.scalars(select(Organisatie)).first()
    return AvgKopieData(
        afzender=_afzender(org),
        leerlingnummer=leerling.leerlingnummer,
        leerling_naam=leerling.volledige_naam,
        opgesteld_op=today,
        opgesteld_door=actor.naam,
        hoofdstukken=(
            leerling_hoofdstuk(leerling),
            opp_hoofdstuk(leerling),
            Hoofdstuk(
                "Aanvragen voor een maatwerkbudget",
                "De aanvragen van de school voor deze leerling, ook de groepsaanpakken waarin "
                "de leerling staat (van de andere leerlingen staat hier niets).",
                tuple(aanvraag_onderdeel(session, a) for a in aanvragen),
                "Er is geen aanvraag voor deze leerling.",
            ),
            Hoofdstuk(
                "Besluiten",
                "De besluiten van de programmadirecteur op die aanvragen, ook herzieningen.",
                tuple(besluit_onderdeel(b) for b in besluiten),
                "Er is (nog) geen besluit genomen.",
            ),
            Hoofdstuk(
                "Brieven",
                "De brieven over die besluiten aan het schoolbestuur.",
                tuple(brieven),
                "Er is (nog) geen brief gemaakt.",
            ),
            Hoofdstuk(
                "Voortgangsgesprekken",
                "De gesprekken van de school met de contactpersoon over de voortgang.",
                tuple(gesprek_onderdeel(g) for g in gesprekken),
                "Er is (nog) geen voortgangsgesprek vastgelegd.",
            ),
            Hoofdstuk(
                "Uitkomsten",
                "Waar de leerling aan het einde van een schooljaar stond.",
                tuple(uitkomst_onderdeel(row.LeerlingUitkomst, row.label) for row in uitkomsten),
                "Er is (nog) geen uitkomst vastgelegd.",
            ),
        ),
        wijzigingen=wijzigingen(session, keys),
        inzagen=toegangslog.inzagen(session, leerling.id, keys),
        inzagen_bijgehouden=True,
        json_bestand=json_naam,
    )


def make_avg_kopie(
    db: Database, actor: Actor, leerling_id: int, *, json_naam: str | None = None
) -> AvgKopie:
    """Everything held about pupil ``leerling_id`` as a readable PDF and as JSON, made in one
    transaction and logged (``Recht.AVG_KOPIE``, a pupil the actor may see). ``json_naam``: the JSON file's name as saved
    (the PDF names it); default ``avg_file_names``."""
    with scope.transaction(db, actor, Recht.AVG_KOPIE) as session:
        scope.require_leerling(session, actor, leerling_id)
        leerling = get_or_404(session, Leerling, leerling_id, "Leerling")
        pdf_naam, standaard = avg_file_names(leerling.leerlingnummer)
        json_naam = Path(json_naam).name if json_naam else standaard
        json_text = export_json(export_data(session, leerling_id))
        now = db.clock()
        pdf = render_avg_kopie(_data(session, actor, leerling, json_naam, now.date()))
        toegangslog.leerling_bekeken(
            session,
            actor,
            leerling_id,
            now=now,
            actie=ToegangActie.AVG_KOPIE,
            wat="AVG-kopie van leerling",
        )
        return AvgKopie(pdf_naam, pdf, json_naam, json_text)
