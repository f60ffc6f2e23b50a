"""The checks table of a beschikking: every condition of the regulation with its own verdict and
explanation. A future duty (the three-monthly progress talks) is "Toegezegd", not "Voldaan"; a
decision that is not a full award ends with the programmadirecteur's own weighing, so the table
never reads as if everything was fine while the letter refuses."""

from __future__ import annotations

from swv_desktop.formatting import long_date
from swv_desktop.formatting import money
from swv_desktop.models import Aanvraag
from swv_desktop.models import Doel
from swv_desktop.models import KostenSoort
from swv_desktop.models import Soort
from swv_desktop.models import Uitkomst
from swv_desktop.models import Voorwaarde
from swv_desktop.reports.beschikking_data import Toetsing


def _own_explanation(aanvraag: Aanvraag, voorwaarde: Voorwaarde, interval: str) -> str:
    """What the bureau established for this condition, when no note was recorded."""
    contact = aanvraag.contactpersoon.volledige_naam
    if voorwaarde is Voorwaarde.NIET_UIT_BASIS:
        return (
            "De school heeft onderbouwd dat deze ondersteuning niet uit de basis- of extra "
            "ondersteuning kan worden geboden."
        )
    if voorwaarde is Voorwaarde.DOEL_NIET_DIDACTISCH:
        return f"Inzet voor: {aanvraag.doel.label.lower()}."
    if voorwaarde is Voorwaarde.BESPROKEN_CONTACTPERSOON:
        when = f" op {long_date(aanvraag.besproken_op)}" if aanvraag.besproken_op else ""
        return f"Besproken met {contact}{when}."
    if voorwaarde is Voorwaarde.OPP_VERMELDT_INZET:
        return "Het OPP vermeldt de inzet van het maatwerkbudget."
    return f"De school heeft toegezegd de voortgang {interval} te bespreken."


def _condition(aanvraag: Aanvraag, voorwaarde: Voorwaarde, interval: str) -> Toetsing:
    row = next((v for v in aanvraag.voorwaarden if v.voorwaarde is voorwaarde), None)
    future = voorwaarde is Voorwaarde.VOORTGANG_DRIEMAANDELIJKS
    if row is None:
        return Toetsing(
            voorwaarde.label,
            False,
            "Niet vastgelegd bij de aanvraag.",
            "Niet toegezegd" if future else "",
        )
    voldaan = row.voldaan
    note = (row.toelichting or "").strip()
    if voorwaarde is Voorwaarde.DOEL_NIET_DIDACTISCH and aanvraag.doel is Doel.DIDACTISCH:
        voldaan, note = False, "De aanvraag is gericht op didactische ondersteuning."
    if voldaan or not note:
        own = _own_explanation(aanvraag, voorwaarde, interval)
        note = own if not note else f"{own} {note}"
    if row.datum and voldaan:
        note += f" Vastgesteld op {long_date(row.datum)}."
    oordeel = ("Toegezegd" if voldaan else "Niet toegezegd") if future else ""
    return Toetsing(voorwaarde.label, voldaan, note.strip(), oordeel)


def _group_checks(aanvraag: Aanvraag, min_leerlingen: int) -> list[Toetsing]:
    plan = aanvraag.groepsplan
    if plan is None:
        return [Toetsing("Er is een plan van aanpak", False, "Geen plan van aanpak vastgelegd.")]
    missing = [
        label
        for label, present in (
            ("leerlingen", bool(plan.deelnemers)),
            ("ondersteuning", bool(plan.ondersteuning.strip())),
            ("doelen", bool(plan.doelen.strip())),
            ("evaluatie", bool(plan.evaluatiewijze.strip())),
            ("periode", plan.periode_start is not None and plan.periode_eind is not None),
            ("kosten", bool(plan.kostenregels)),
        )
        if not present
    ]
    count = len(plan.deelnemers)
    development = sum(
        k.bedrag_cents for k in plan.kostenregels if k.soort is KostenSoort.ONTWIKKELTIJD
    )
    with_opp = sum(
        1
        for d in plan.deelnemers
        if d.leerling.opps and d.leerling.opps[-1].inzet_maatwerkbudget.strip()
    )
    return [
        Toetsing(
            "Het plan van aanpak beschrijft de leerlingen, de ondersteuning, de doelen en de "
            "evaluatie, de periode en de geschatte kosten",
            not missing,
            "Ontbreekt: " + ", ".join(missing) + "."
            if missing
            else "Alle onderdelen zijn beschreven.",
        ),
        Toetsing(
            f"De groepsaanpak is voor minstens {min_leerlingen} leerlingen",
            count >= min_leerlingen,
            f"{count} leerlingen, met naam genoemd in het plan van aanpak.",
        ),
        Toetsing(
            "Alleen de kosten van de ondersteuning worden aangevraagd, geen ontwikkeltijd",
            development == 0,
            f"Ontwikkeltijd van {money(development)} komt niet voor vergoeding in aanmerking."
            if development
            else "Er is geen ontwikkeltijd opgevoerd.",
            "Deels" if development and development < aanvraag.aangevraagd_cents else "",
        ),
        Toetsing(
            "De groepsaanpak is opgenomen in het OPP van iedere deelnemende leerling",
            count > 0 and with_opp == count,
            f"{with_opp} van de {count} OPP's vermelden de inzet.",
        ),
    ]


def checks(
    aanvraag: Aanvraag,
    uitkomst: Uitkomst,
    max_cents: int,
    min_leerlingen: int,
    interval: str,
) -> list[Toetsing]:
    """Every condition of the regulation with its verdict and explanation."""
    rows = [_condition(aanvraag, v, interval) for v in Voorwaarde]
    groep = aanvraag.soort is Soort.GROEP
    cap_label = "per groepsaanpak" if groep else "per leerling"
    rows.append(
        Toetsing(
            f"Het aangevraagde bedrag blijft binnen het maximum van {money(max_cents)} {cap_label}",
            aanvraag.aangevraagd_cents <= max_cents,
            f"Aangevraagd: {money(aanvraag.aangevraagd_cents)}.",
        )
    )
    if groep:
        rows += _group_checks(aanvraag, min_leerlingen)
    refused_without_reason = uitkomst is Uitkomst.AFGEWEZEN and all(r.voldaan for r in rows)
    partial_unexplained = uitkomst is Uitkomst.GEDEELTELIJK and not any(
        r.oordeel == "Deels" for r in rows
    )
    if refused_without_reason or partial_unexplained:
        rows.append(
            Toetsing(
                "Afweging van de programmadirecteur: de ondersteuning past geheel binnen de regeling",
                False,
                "Zie de motivering hierboven.",
                "Deels" if uitkomst is Uitkomst.GEDEELTELIJK else "Niet voldaan",
            )
        )
    return rows
