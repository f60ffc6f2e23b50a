"""The AVG copy (inzage, artikel 15 AVG) of one pupil for parents or a pupil of 16 or older: one
call makes the readable Dutch PDF and the machine-readable JSON (``leerlingen.export_data``) from
the same transaction, and logs it. Programmadirecteur only; file names carry the leerlingnummer,
never the name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, or_, select, tuple_
from sqlalchemy.orm import Session

from swv_desktop.db import Database
from swv_desktop.formatting import date_time, long_date, money
from swv_desktop.models import (
    Aanvraag,
    AuditEntry,
    Beschikking,
    Besluit,
    Gebruiker,
    Groepsplan,
    GroepsplanLeerling,
    Leerling,
    LeerlingUitkomst,
    Organisatie,
    Rol,
    Schooljaar,
    Soort,
    Status,
    Vaststelling,
    Voortgangsgesprek,
)
from swv_desktop.paths import safe_file_name
from swv_desktop.reports.avg_kopie import render_avg_kopie
from swv_desktop.reports.avg_kopie_data import AvgKopieData, Hoofdstuk, Onderdeel, Wijziging
from swv_desktop.services.beschikkingen.briefgegevens import _afzender
from swv_desktop.services.common import Actor, audit, get_or_404, require_role
from swv_desktop.services.leerlingen import export_data, export_json

AVG_ROLES = (Rol.PROGRAMMADIRECTEUR,)
"""Who makes an AVG copy (she answers the request of the parents or the pupil)."""

ENTITEIT_LABELS = {
    "leerling": "Leerling",
    "opp": "OPP",
    "leerling_uitkomst": "Uitkomst",
    "aanvraag": "Aanvraag",
    "besluit": "Besluit",
    "beschikking": "Beschikking",
    "voortgangsgesprek": "Voortgangsgesprek",
    "vaststelling": "Vaststelling",
}


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


def _dag(value: date | None) -> str:
    return long_date(value) if value else ""


def _leerling(leerling: Leerling) -> Hoofdstuk:
    fields = (
        ("Leerlingnummer", leerling.leerlingnummer),
        ("Voornaam", leerling.voornaam),
        ("Tussenvoegsel", leerling.tussenvoegsel),
        ("Achternaam", leerling.achternaam),
        ("Geboortedatum", _dag(leerling.geboortedatum)),
        ("School", leerling.school.naam),
        ("Niveau", leerling.niveau),
        ("Leerjaar", str(leerling.leerjaar)),
        ("Instroomroute", leerling.instroomroute.label),
        ("Vastgelegd op", date_time(leerling.aangemaakt_op)),
    )
    return Hoofdstuk(
        "De leerling",
        "De gegevens van de leerling zelf.",
        (Onderdeel(leerling.volledige_naam, fields),),
    )


def _opps(leerling: Leerling) -> Hoofdstuk:
    items = []
    for opp in sorted(leerling.opps, key=lambda o: o.versie):
        toestemming = opp.toestemming_door.label
        if opp.toestemming_datum:
            toestemming += f", op {long_date(opp.toestemming_datum)}"
        door = opp.aangemaakt_door.volledige_naam if opp.aangemaakt_door else ""
        items.append(
            Onderdeel(
                f"Versie {opp.versie}, vastgesteld op {long_date(opp.vastgesteld_op)}",
                (
                    ("Laatst geëvalueerd", _dag(opp.laatst_geevalueerd_op)),
                    ("Volgende evaluatie", _dag(opp.volgende_evaluatie_op)),
                    ("Uitstroomprofiel", opp.uitstroomprofiel),
                    ("Belemmerende factoren", opp.belemmerende_factoren),
                    ("Bevorderende factoren", opp.bevorderende_factoren),
                    ("Onderwijsbehoeften", opp.onderwijsbehoeften),
                    ("Afwijkingen van het programma", opp.afwijkingen_programma),
                    ("Ondersteuning en begeleiding", opp.ondersteuning_begeleiding),
                    ("Inzet maatwerkbudget", opp.inzet_maatwerkbudget),
                    ("Toestemming handelingsdeel", toestemming),
                    ("Vastgelegd", f"{date_time(opp.aangemaakt_op)} door {door}".strip()),
                ),
            )
        )
    return Hoofdstuk(
        "Ontwikkelingsperspectiefplan (OPP)",
        "De samenvatting van het OPP die het bureau bewaart, elke versie apart.",
        tuple(items),
        "Er is geen OPP vastgelegd.",
    )


def _aanvraag(session: Session, a: Aanvraag) -> Onderdeel:
    if a.soort is Soort.GROEP:
        n = session.scalar(
            select(func.count(GroepsplanLeerling.id))
            .join(Groepsplan, Groepsplan.id == GroepsplanLeerling.groepsplan_id)
            .where(Groepsplan.aanvraag_id == a.id)
        )
        kop = f"Aanvraag {a.nummer} (groepsaanpak met {n} leerlingen, onder wie deze leerling)"
    else:
        kop = f"Aanvraag {a.nummer} (individueel)"
    vso = a.vso_betrokkenheid.label
    if a.vso_school:
        vso += f", {a.vso_school}"
    if a.vso_toelichting:
        vso += f": {a.vso_toelichting}"
    fields: list[tuple[str, str]] = [
        ("Schooljaar", a.schooljaar.label),
        ("School", a.school.naam),
        ("Aanvraagdatum", _dag(a.aanvraagdatum)),
        ("Stand", a.status.label),
        ("Aangevraagd bedrag", money(a.aangevraagd_cents)),
        ("Doel", a.doel.label),
        ("Omschrijving", a.omschrijving),
        ("VSO-betrokkenheid", vso),
        ("Contactpersoon", a.contactpersoon.volledige_naam),
        (
            "Besproken met de contactpersoon",
            " – ".join(p for p in (_dag(a.besproken_op), a.besproken_notitie) if p),
        ),
    ]
    if a.groepsplan is not None:
        plan = a.groepsplan
        periode = ""
        if plan.periode_start and plan.periode_eind:
            periode = f"{long_date(plan.periode_start)} tot en met {long_date(plan.periode_eind)}"
        fields += [
            ("Ondersteuning (plan van aanpak)", plan.ondersteuning),
            ("Doelen", plan.doelen),
            ("Evaluatie", plan.evaluatiewijze),
            ("Periode", periode),
        ]
    for check in a.voorwaarden:
        state = "voldaan" if check.voldaan else "niet voldaan"
        if check.datum:
            state += f" ({long_date(check.datum)})"
        if check.toelichting:
            state += f": {check.toelichting}"
        fields.append((check.voorwaarde.label, state))
    return Onderdeel(kop, tuple(fields))


def _besluit(b: Besluit) -> Onderdeel:
    kop = f"{'Herziening' if b.herziening_van_id else 'Besluit'} op aanvraag {b.aanvraag.nummer}"
    return Onderdeel(
        kop,
        (
            ("Besluit", b.uitkomst.label),
            ("Toegekend bedrag", money(b.toegekend_cents)),
            ("Periode", f"{long_date(b.periode_start)} tot en met {long_date(b.periode_eind)}"),
            ("Besloten", f"{date_time(b.besloten_op)} door {b.besloten_door.volledige_naam}"),
            ("Motivering", b.motivering),
        ),
    )


def _brieven(session: Session, aanvraag_ids: list[int]) -> list[Onderdeel]:
    items = [
        Onderdeel(
            f"Beschikking {k.kenmerk}",
            (
                ("Over", f"aanvraag {b.aanvraag.nummer}: {b.uitkomst.label.lower()}"),
                ("Dagtekening", _dag(k.briefdatum)),
                ("Ondertekend", date_time(k.uitgegeven_op) or "nog niet"),
                ("Verzonden op", _dag(k.verzonden_op) or "nog niet"),
            ),
        )
        for k, b in session.execute(
            select(Beschikking, Besluit)
            .join(Besluit, Besluit.id == Beschikking.besluit_id)
            .where(Besluit.aanvraag_id.in_(aanvraag_ids))
            .order_by(Beschikking.briefdatum, Beschikking.id)
        ).all()
    ]
    items += [
        Onderdeel(
            f"Vaststellingsbrief {v.kenmerk}",
            (
                ("Over", f"aanvraag {v.aanvraag.nummer}"),
                ("Vastgesteld bedrag", money(v.vastgesteld_cents)),
                ("Dagtekening", _dag(v.briefdatum)),
                ("Ondertekend", date_time(v.uitgegeven_op) or "nog niet"),
                ("Verzonden op", _dag(v.verzonden_op) or "nog niet"),
            ),
        )
        for v in session.scalars(
            select(Vaststelling)
            .where(Vaststelling.aanvraag_id.in_(aanvraag_ids))
            .order_by(Vaststelling.briefdatum, Vaststelling.id)
        )
    ]
    return items


def _gesprek(g: Voortgangsgesprek) -> Onderdeel:
    return Onderdeel(
        f"Gesprek van {long_date(g.datum)} over aanvraag {g.aanvraag.nummer}",
        (
            ("Gevoerd door", g.gevoerd_door.volledige_naam),
            ("Deelnemers", g.deelnemers),
            ("Voortgang", g.beoordeling.label),
            ("Verslag", g.notities),
            ("Volgend gesprek uiterlijk", _dag(g.volgende_op)),
        ),
    )


def _uitkomst(u: LeerlingUitkomst, label: str) -> Onderdeel:
    return Onderdeel(
        f"Schooljaar {label}",
        (
            ("Resultaat", u.resultaat.label),
            ("Voortgang", u.voortgang.label),
            ("Opmerkingen", u.opmerkingen),
            ("Vastgelegd op", date_time(u.vastgelegd_op)),
        ),
    )


def _wijzigingen(session: Session, keys: list[tuple[str, int]]) -> tuple[Wijziging, ...]:
    if not keys:
        return ()
    rows = session.execute(
        select(AuditEntry, Gebruiker.volledige_naam)
        .outerjoin(Gebruiker, Gebruiker.id == AuditEntry.gebruiker_id)
        .where(tuple_(AuditEntry.entiteit, AuditEntry.entiteit_id).in_(keys))
        .order_by(AuditEntry.op, AuditEntry.id)
    ).all()
    return tuple(
        Wijziging(
            e.op,
            naam or e.gebruikersnaam,
            ENTITEIT_LABELS.get(e.entiteit, e.entiteit),
            readable_action(e.actie),
        )
        for e, naam in rows
    )


def readable_action(actie: str) -> str:
    """``status ter_besluitvorming`` -> ``status: Ter besluitvorming``; other actions as they
    are, without underscores."""
    word, _, value = actie.partition(" ")
    if word == "status" and value in {s.value for s in Status}:
        return f"status: {Status(value).label}"
    return actie.replace("_", " ")


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
    brieven = _brieven(session, ids)
    keys = [("leerling", leerling.id)]
    keys += [("opp", o.id) for o in leerling.opps]
    keys += [("leerling_uitkomst", u.id) for u, _label in uitkomsten]
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
            _leerling(leerling),
            _opps(leerling),
            Hoofdstuk(
                "Aanvragen voor een maatwerkbudget",
                "De aanvragen van de school voor deze leerling, ook de groepsaanpakken waarin "
                "de leerling staat (van de andere leerlingen staat hier niets).",
                tuple(_aanvraag(session, a) for a in aanvragen),
                "Er is geen aanvraag voor deze leerling.",
            ),
            Hoofdstuk(
                "Besluiten",
                "De besluiten van de programmadirecteur op die aanvragen, ook herzieningen.",
                tuple(_besluit(b) for b in besluiten),
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
                tuple(_gesprek(g) for g in gesprekken),
                "Er is (nog) geen voortgangsgesprek vastgelegd.",
            ),
            Hoofdstuk(
                "Uitkomsten",
                "Waar de leerling aan het einde van een schooljaar stond.",
                tuple(_uitkomst(u, label) for u, label in uitkomsten),
                "Er is (nog) geen uitkomst vastgelegd.",
            ),
        ),
        wijzigingen=_wijzigingen(session, keys),
        json_bestand=json_naam,
    )


def make_avg_kopie(
    db: Database, actor: Actor, leerling_id: int, *, json_naam: str | None = None
) -> AvgKopie:
    """Everything held about pupil ``leerling_id`` as a readable PDF and as JSON, made in one
    transaction and logged (programmadirecteur). ``json_naam``: the JSON file's name as saved
    (the PDF names it); default ``avg_file_names``."""
    require_role(actor, *AVG_ROLES, action="een AVG-kopie van een leerling maken")
    with db.transaction() as session:
        leerling = get_or_404(session, Leerling, leerling_id, "Leerling")
        pdf_naam, standaard = avg_file_names(leerling.leerlingnummer)
        json_naam = Path(json_naam).name if json_naam else standaard
        json_text = export_json(export_data(session, leerling_id))
        now = db.clock()
        pdf = render_avg_kopie(_data(session, actor, leerling, json_naam, now.date()))
        audit(
            session,
            actor,
            "leerling",
            leerling_id,
            "AVG-kopie gemaakt",
            None,
            {"bestanden": [pdf_naam, json_naam]},
            now=now,
        )
        return AvgKopie(pdf_naam, pdf, json_naam, json_text)
