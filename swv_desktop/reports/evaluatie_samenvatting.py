"""The first page of the evaluation report: the key figures and the programmadirecteur's
answers in short, and the definitions with the data cut-off date."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from reportlab.platypus import Spacer

from swv_desktop.formatting import long_date
from swv_desktop.formatting import money
from swv_desktop.formatting import percent
from swv_desktop.formatting import thousands
from swv_desktop.reports.evaluatie_data import VRAGEN
from swv_desktop.reports.evaluatie_data import EvaluatieCijfers
from swv_desktop.reports.evaluatie_tabellen import table
from swv_desktop.reports.text import markup
from swv_desktop.reports.text import para

SUMMARY_ANSWER_CHARS = 320
"""An answer on the summary page is cut at a sentence within this length (the section has it
whole)."""
SECTION_OF = {"gebruik": 1, "bedragen": 2, "doelen": 3, "vso": 4, "leerlingen": 5}


def _short(answer: str) -> str:
    first = answer.strip().split("\n\n")[0].strip()
    if len(first) <= SUMMARY_ANSWER_CHARS:
        return first
    cut = first[:SUMMARY_ANSWER_CHARS]
    end = cut.rfind(". ")
    return (cut[: end + 1] if end > 80 else cut.rstrip() + " …").strip()


def _key_figures(f: EvaluatieCijfers) -> list[list[str]]:
    behouden = f"{thousands(f.behouden)} van de {thousands(sum(b.vastgelegd for b in f.budget))} vastgelegde uitkomsten"
    kept_share = percent(f.behouden, sum(b.vastgelegd for b in f.budget))
    rows = [
        [
            "Aanvragen ingediend / toegekend (geheel of deels)",
            f"{thousands(f.aanvragen)} / {thousands(f.toekenningen)}",
        ],
        ["Aangevraagd bedrag", money(f.aangevraagd_cents)],
        ["Toegekend bedrag", money(f.toegekend_cents)],
        *(
            [
                [
                    "Besteed (vastgesteld waar dat kan)",
                    f"{money(f.benut_cents)}; niet besteed {money(f.niet_besteed_cents)}",
                ]
            ]
            if f.vastgesteld
            else []
        ),
        [
            "Beschikbaar budget (benut)",
            f"{money(f.budget_cents)} ({percent(f.toegekend_cents, f.budget_cents)})",
        ],
        ["Leerlingen bereikt (verschillende leerlingen)", thousands(f.leerlingen_uniek)],
        ["Leerlingjaren (een leerling per pilotjaar)", thousands(f.leerlingen)],
        ["Behouden in regulier VO", f"{behouden} ({kept_share})"],
        [
            "Besteed bedrag per behouden leerling"
            if f.vastgesteld
            else "Toegekend bedrag per behouden leerling",
            money(f.kosten_per_behouden_cents),
        ],
        [
            "Scholen met een aanvraag",
            f"{f.scholen_totaal - len(f.scholen_zonder_aanvraag)} van de {f.scholen_totaal}",
        ],
        [
            "Openstaande aanvragen op de peildatum",
            f"{thousands(f.openstaand_aantal)} ({money(f.openstaand_cents)} aangevraagd)",
        ],
        ["Prognose toegekend bedrag", money(f.prognose_cents)],
    ]
    return rows


def summary(f: EvaluatieCijfers) -> list[Flowable]:
    """The first page: key figures and the answers in short."""
    story: list[Flowable] = [
        para("Samenvatting", "H1"),
        table(["Kerncijfer", "Waarde"], _key_figures(f), [88, 72]),
        Spacer(1, 3 * mm),
        para("De antwoorden op de monitoringsvragen in het kort", "Heading"),
    ]
    for key, question in VRAGEN.items():
        answer = f.antwoord(key)
        where = f" (zie hoofdstuk {SECTION_OF[key]})" if key in SECTION_OF else ""
        story.append(para(question, "Question"))
        story.append(
            para(_short(answer) + where, "Small")
            if answer.strip()
            else markup("<i>Nog niet beantwoord.</i>", "Small")
        )
    story.append(para("Conclusie", "Heading"))
    story.append(
        para(_short(f.conclusies) + " (zie hoofdstuk 7)", "Small")
        if f.conclusies.strip()
        else markup("<i>De programmadirecteur heeft de conclusie nog niet geschreven.</i>", "Small")
    )
    return story


def definitions(f: EvaluatieCijfers) -> Flowable:
    return para(
        f"Peildatum: {long_date(f.peildatum or f.opgesteld_op)}; het rapport toont wat tot en met "
        "die dag is vastgelegd: aanvragen met een aanvraagdatum tot en met die dag, besluiten "
        "zoals zij op die dag golden, gesprekken, uitkomsten, betalingen, verantwoordingen, "
        "vaststellingen en terugbetalingen van uiterlijk die dag. Een aanvraag telt mee zodra zij is ingediend. Een toekenning is "
        "een besluit dat geldt (niet vervangen door een herziening) en geen afwijzing. Een "
        "leerling is bereikt als een individuele toekenning of een toegekende groepsaanpak de "
        "leerling noemt; een leerlingjaar is een bereikte leerling in één pilotjaar. Percentages "
        "van uitkomsten gaan over de vastgelegde uitkomsten. Instroomroute, niveau en leerjaar "
        "zijn die van nu. Gemiddelden zijn afgerond op hele centen.",
        "Small",
    )
