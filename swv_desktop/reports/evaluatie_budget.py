"""Section 6 of the evaluation report: the budget per pilot year against what was awarded,
the money spent and unspent after the settlements, and every overrun with when the board was
informed."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from reportlab.platypus import KeepTogether
from reportlab.platypus import Spacer

from swv_desktop.formatting import long_date
from swv_desktop.formatting import money
from swv_desktop.formatting import percent
from swv_desktop.formatting import thousands
from swv_desktop.reports.charts import hbar_chart
from swv_desktop.reports.evaluatie_data import EvaluatieCijfers
from swv_desktop.reports.evaluatie_tabellen import table
from swv_desktop.reports.evaluatie_vragen import section
from swv_desktop.reports.text import para


def _spent(f: EvaluatieCijfers) -> list[Flowable]:
    """Spent and unspent money, from the schools' accounts and the settlements."""
    heading = para("Besteed en niet besteed", "Heading")
    if not f.vastgesteld:
        return [
            heading,
            para(
                "Nog geen toekenning is vastgesteld: de bedragen hieronder en de kosten per "
                "behouden leerling zijn de toegekende bedragen. Zodra de verantwoording van de "
                "scholen is vastgesteld, telt het vastgestelde bedrag."
            ),
        ]
    rows = [
        [
            g.jaar,
            money(g.toegekend_cents),
            money(g.vastgesteld_cents),
            f"{g.vaststellingen} van {g.toekenningen}",
            money(g.niet_besteed_cents),
            money(g.terugbetaald_cents),
            money(g.nog_vast_te_stellen_cents),
        ]
        for g in f.geld
    ]
    return [
        KeepTogether(
            [
                heading,
                para(
                    f"Van de vastgestelde toekenningen is {money(f.niet_besteed_cents)} niet "
                    "besteed. Waar een toekenning is vastgesteld, telt in dit rapport het "
                    "vastgestelde bedrag; waar nog niet, het toegekende."
                ),
                table(
                    [
                        "Pilotjaar",
                        "Toegekend",
                        "Vastgesteld",
                        "Toekenningen vastgesteld",
                        "Niet besteed",
                        "Terugbetaald",
                        "Nog vast te stellen",
                    ],
                    rows,
                    [18, 24, 24, 22, 24, 24, 24],
                ),
            ]
        )
    ]


def budget_section(f: EvaluatieCijfers) -> list[Flowable]:
    """Section 6: budget and award per pilot year, spent and unspent money, and the overruns
    with when the board was informed."""
    rows = [
        [
            b.jaar,
            money(b.budget_cents),
            money(b.toegekend_cents),
            percent(b.toegekend_cents, b.budget_cents),
            money(b.overschrijding_cents),
            thousands(b.leerlingen),
        ]
        for b in f.budget
    ]
    block: list[Flowable] = [
        *section("6. Budget en overschrijding", None),
        table(
            ["Pilotjaar", "Budget", "Toegekend", "Benut", "Overschrijding", "Leerlingen"],
            rows,
            [26, 30, 30, 20, 30, 24],
        ),
    ]
    if len(f.budget) > 1:
        block += [
            Spacer(1, 3 * mm),
            hbar_chart(
                "Budget en toegekend per pilotjaar",
                list(f.jaren),
                [
                    ("Budget", [b.budget_cents for b in f.budget]),
                    ("Toegekend", [b.toegekend_cents for b in f.budget]),
                ],
                money=True,
            ),
        ]
    story: list[Flowable] = [KeepTogether(block)]
    story += _spent(f)
    story.append(para("Overschrijdingen en het informeren van het bestuur", "Heading"))
    if f.notities:
        note_rows = [
            [
                n.schooljaar_label,
                money(n.overschrijding_cents),
                long_date(n.aangemaakt_op),
                long_date(n.bestuur_geinformeerd_op) or "nog niet geïnformeerd",
                n.reden,
            ]
            for n in f.notities
        ]
        story.append(
            table(
                ["Pilotjaar", "Boven budget", "Ontstaan op", "Bestuur geïnformeerd", "Reden"],
                note_rows,
                [22, 26, 28, 32, 52],
                right_from=99,
            )
        )
    else:
        story.append(
            para("Het budget is niet overschreden; het bestuur hoefde niet te worden geïnformeerd.")
        )
    return story
