"""The parts of an AVG copy, read from the database inside the caller's transaction: one
``Hoofdstuk`` per kind of record (pupil, OPP versions, applications, decisions, letters, talks,
outcomes) with Dutch labels, and the audit entries on those records as ``Wijziging``s."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import tuple_
from sqlalchemy.orm import Session

from swv_desktop.formatting import date_time
from swv_desktop.formatting import long_date
from swv_desktop.formatting import money
from swv_desktop.models import Aanvraag
from swv_desktop.models import AuditEntry
from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import Gebruiker
from swv_desktop.models import Groepsplan
from swv_desktop.models import GroepsplanLeerling
from swv_desktop.models import Leerling
from swv_desktop.models import LeerlingUitkomst
from swv_desktop.models import Soort
from swv_desktop.models import Status
from swv_desktop.models import Vaststelling
from swv_desktop.models import Voortgangsgesprek
from swv_desktop.reports.avg_kopie_data import Hoofdstuk
from swv_desktop.reports.avg_kopie_data import Onderdeel
from swv_desktop.reports.avg_kopie_data import Wijziging
from swv_desktop.services import toegangslog

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


def _dag(value: date | None) -> str:
    return long_date(value) if value else ""


def leerling_hoofdstuk(leerling: Leerling) -> Hoofdstuk:
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


def opp_hoofdstuk(leerling: Leerling) -> Hoofdstuk:
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


def aanvraag_onderdeel(session: Session, a: Aanvraag) -> Onderdeel:
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


def besluit_onderdeel(b: Besluit) -> Onderdeel:
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


def brief_onderdelen(session: Session, aanvraag_ids: list[int]) -> list[Onderdeel]:
    items = [
        Onderdeel(
            f"Beschikking {row.Beschikking.kenmerk}",
            (
                (
                    "Over",
                    f"aanvraag {row.Besluit.aanvraag.nummer}: {row.Besluit.uitkomst.label.lower()}",
                ),
                ("Dagtekening", _dag(row.Beschikking.briefdatum)),
                ("Ondertekend", date_time(row.Beschikking.uitgegeven_op) or "nog niet"),
                ("Verzonden op", _dag(row.Beschikking.verzonden_op) or "nog niet"),
            ),
        )
        for row in session.execute(
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


def gesprek_onderdeel(g: Voortgangsgesprek) -> Onderdeel:
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


def uitkomst_onderdeel(u: LeerlingUitkomst, label: str) -> Onderdeel:
    return Onderdeel(
        f"Schooljaar {label}",
        (
            ("Resultaat", u.resultaat.label),
            ("Voortgang", u.voortgang.label),
            ("Opmerkingen", u.opmerkingen),
            ("Vastgelegd op", date_time(u.vastgelegd_op)),
        ),
    )


def wijzigingen(session: Session, keys: list[tuple[str, int]]) -> tuple[Wijziging, ...]:
    """The audit entries on the records ``keys`` names, oldest first (views are in the access
    log, ``toegangslog.inzagen``)."""
    if not keys:
        return ()
    rows = session.execute(
        select(AuditEntry, Gebruiker.volledige_naam)
        .outerjoin(Gebruiker, Gebruiker.id == AuditEntry.gebruiker_id)
        .where(tuple_(AuditEntry.entiteit, AuditEntry.entiteit_id).in_(keys))
        .where(AuditEntry.actie.not_in(toegangslog.AUDIT_INZAGEN))  # views: the access log
        .order_by(AuditEntry.op, AuditEntry.id)
    ).all()
    return tuple(
        Wijziging(
            row.AuditEntry.op,
            row.volledige_naam or row.AuditEntry.gebruikersnaam,
            ENTITEIT_LABELS.get(row.AuditEntry.entiteit, row.AuditEntry.entiteit),
            readable_action(row.AuditEntry.actie),
        )
        for row in rows
    )


def readable_action(actie: str) -> str:
    """``status ter_besluitvorming`` -> ``status: Ter besluitvorming``; other actions as they
    are, without underscores."""
    word, _, value = actie.partition(" ")
    if word == "status" and value in {s.value for s in Status}:
        return f"status: {Status(value).label}"
    return actie.replace("_", " ")
