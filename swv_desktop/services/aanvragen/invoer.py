"""The types, ranges, lengths and characters of an aanvraag as typed, checked before the rules.

``clean_aanvraag`` returns a cleaned copy (text stripped, line breaks normalised) or adds a Dutch
message per field; the regulation's rules (``regels.validate_aanvraag``) then judge the content.
"""

from __future__ import annotations

from datetime import date

from swv_desktop.errors import Validator
from swv_desktop.models import Aanvraag
from swv_desktop.models import Doel
from swv_desktop.models import KostenSoort
from swv_desktop.models import Soort
from swv_desktop.models import Voorwaarde
from swv_desktop.models import VsoBetrokkenheid
from swv_desktop.services import invoer
from swv_desktop.services.aanvragen.regels import AanvraagInput
from swv_desktop.services.aanvragen.regels import GroepsplanInput
from swv_desktop.services.aanvragen.regels import KostenregelInput
from swv_desktop.services.aanvragen.regels import VoorwaardeInput
from swv_desktop.services.common import plain

MAX_GROUP_PUPILS = 500
MAX_COST_LINES = 100


def _voorwaarden(v: Validator, items: object, today: date) -> list[VoorwaardeInput]:
    if not isinstance(items, list):
        v.add("voorwaarden", "De voorwaarden: dit is geen lijst.")
        return []
    out: list[VoorwaardeInput] = []
    for item in items:
        if not isinstance(item, VoorwaardeInput):
            v.add("voorwaarden", "De voorwaarden: een regel is ongeldig.")
            continue
        kind = invoer.choice(v, "voorwaarden", "De voorwaarde", item.voorwaarde, Voorwaarde)
        done = invoer.flag(v, "voorwaarden", "Voldaan", item.voldaan)
        when = invoer.past_day(
            v,
            "voorwaarden",
            "De datum bij een voorwaarde",
            item.datum,
            today,
        )
        note = invoer.long_text(
            v, "voorwaarden", "De toelichting bij een voorwaarde", item.toelichting
        )
        if kind is not None:
            out.append(VoorwaardeInput(kind, done, when, note))
    return out


def _plan(v: Validator, plan: object) -> GroepsplanInput | None:
    if plan is None:
        return None
    if not isinstance(plan, GroepsplanInput):
        v.add("groepsplan", "Het plan van aanpak is ongeldig.")
        return None
    ids: list[int] = []
    if not isinstance(plan.leerling_ids, list) or len(plan.leerling_ids) > MAX_GROUP_PUPILS:
        v.add("leerling_ids", f"Een plan van aanpak noemt hoogstens {MAX_GROUP_PUPILS} leerlingen.")
    else:
        for raw in plan.leerling_ids:
            pupil = invoer.ident(v, "leerling_ids", "Een leerling", raw)
            if pupil is not None:
                ids.append(pupil)
    lines: list[KostenregelInput] = []
    if not isinstance(plan.kostenregels, list) or len(plan.kostenregels) > MAX_COST_LINES:
        v.add("kostenregels", f"Een plan van aanpak heeft hoogstens {MAX_COST_LINES} kostenregels.")
    else:
        for i, line in enumerate(plan.kostenregels, start=1):
            if not isinstance(line, KostenregelInput):
                v.add("kostenregels", f"Kostenregel {i} is ongeldig.")
                continue
            what = invoer.text(
                v,
                "kostenregels",
                f"De omschrijving van kostenregel {i}",
                line.omschrijving,
                max_len=300,
            )
            kind = invoer.choice(
                v, "kostenregels", f"De soort van kostenregel {i}", line.soort, KostenSoort
            )
            amount = invoer.cents(
                v, "kostenregels", f"Het bedrag van kostenregel {i}", line.bedrag_cents
            )
            if kind is not None:
                lines.append(KostenregelInput(what, kind, amount))
    start = invoer.day(v, "periode", "Het begin van de periode", plan.periode_start)
    end = invoer.day(v, "periode", "Het einde van de periode", plan.periode_eind)
    return GroepsplanInput(
        leerling_ids=ids,
        ondersteuning=invoer.long_text(v, "ondersteuning", "De ondersteuning", plan.ondersteuning),
        doelen=invoer.long_text(v, "doelen", "De doelen", plan.doelen),
        evaluatiewijze=invoer.long_text(
            v, "evaluatiewijze", "De evaluatiewijze", plan.evaluatiewijze
        ),
        periode_start=start,
        periode_eind=end,
        kostenregels=lines,
    )


def clean_aanvraag(v: Validator, data: AanvraagInput, today: date) -> AanvraagInput:
    """A checked, cleaned copy of ``data``; a message per field whose value cannot be right."""
    soort = invoer.choice(v, "soort", "De soort aanvraag", data.soort, Soort) or Soort.INDIVIDUEEL
    return AanvraagInput(
        versie=data.versie,
        soort=soort,
        schooljaar_id=invoer.ident(v, "schooljaar_id", "Het schooljaar", data.schooljaar_id),
        school_id=invoer.ident(v, "school_id", "De school", data.school_id),
        contactpersoon_id=invoer.ident(
            v, "contactpersoon_id", "De contactpersoon", data.contactpersoon_id
        ),
        doel=invoer.choice(v, "doel", "Het doel", data.doel, Doel) or Doel.SOCIAAL_EMOTIONEEL,
        aanvraagdatum=invoer.past_day(
            v,
            "aanvraagdatum",
            "De datum van de aanvraag",
            data.aanvraagdatum,
            today,
        ),
        aangevraagd_cents=invoer.cents(
            v, "aangevraagd_cents", "Het aangevraagde bedrag", data.aangevraagd_cents
        ),
        leerling_id=invoer.ident(v, "leerling_id", "De leerling", data.leerling_id),
        omschrijving=invoer.long_text(v, "omschrijving", "De omschrijving", data.omschrijving),
        vso_betrokkenheid=invoer.choice(
            v, "vso_betrokkenheid", "De VSO-betrokkenheid", data.vso_betrokkenheid, VsoBetrokkenheid
        )
        or VsoBetrokkenheid.GEEN,
        vso_school=invoer.text(v, "vso_school", "De VSO-school", data.vso_school, max_len=200),
        vso_toelichting=invoer.long_text(
            v, "vso_toelichting", "De toelichting op het VSO", data.vso_toelichting
        ),
        voorwaarden=_voorwaarden(v, data.voorwaarden, today),
        groepsplan=_plan(v, data.groepsplan),
    )


__all__ = ["clean_aanvraag"]


def input_of(aanvraag: Aanvraag) -> AanvraagInput:
    """A stored aanvraag as the input its form loads (and the rules check again)."""
    plan = aanvraag.groepsplan
    return plain(
        AanvraagInput,
        aanvraag,
        voorwaarden=[
            VoorwaardeInput(c.voorwaarde, c.voldaan, c.datum, c.toelichting)
            for c in aanvraag.voorwaarden
        ],
        groepsplan=None
        if plan is None
        else plain(
            GroepsplanInput,
            plan,
            leerling_ids=[d.leerling_id for d in plan.deelnemers],
            kostenregels=[
                KostenregelInput(k.omschrijving, k.soort, k.bedrag_cents) for k in plan.kostenregels
            ],
        ),
    )
