"""Sections 1 to 5 of the evaluation report, one per monitoring question of the regulation:
the question in italics, the tables, a chart where it adds something, and the programmadirecteur's
answer."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from reportlab.platypus import KeepTogether
from reportlab.platypus import Spacer

from swv_desktop.formatting import hours
from swv_desktop.formatting import money
from swv_desktop.formatting import percent
from swv_desktop.formatting import thousands
from swv_desktop.reports.charts import hbar_chart
from swv_desktop.reports.charts import top_with_rest
from swv_desktop.reports.evaluatie_data import VRAGEN
from swv_desktop.reports.evaluatie_data import EvaluatieCijfers
from swv_desktop.reports.evaluatie_tabellen import breakdown_table
from swv_desktop.reports.evaluatie_tabellen import count_table
from swv_desktop.reports.evaluatie_tabellen import kept
from swv_desktop.reports.evaluatie_tabellen import outcome_table
from swv_desktop.reports.evaluatie_tabellen import table
from swv_desktop.reports.evaluatie_tabellen import usage_table
from swv_desktop.reports.text import markup
from swv_desktop.reports.text import para


def section(title: str, question: str | None) -> list[Flowable]:
    """A section's numbered heading and, under it in italics, the monitoring question it
    answers (if any)."""
    out: list[Flowable] = [para(title, "H1")]
    if question:
        out.append(para(question, "Question"))
    return out


def _answer(f: EvaluatieCijfers, key: str) -> list[Flowable]:
    answer = f.antwoord(key).strip()
    body = (
        para(answer)
        if answer
        else markup("<i>De programmadirecteur heeft deze vraag nog niet beantwoord.</i>")
    )
    return [KeepTogether([para("Oordeel van de programmadirecteur", "Heading"), body])]


def _top_chart(title: str, names: list[str], values: list[int], what: str) -> list[Flowable]:
    """The largest ``TOP_N`` as bars and the rest as "overige (n)"; when the rest together would
    dwarf every bar (a large SWV), the rest is a line under the chart instead, so the bars of the
    top stay comparable. The full table follows either way."""
    labels, amounts = top_with_rest(names, values)
    story: list[Flowable] = [Spacer(1, 3 * mm)]
    if len(labels) == len(names):
        return [*story, hbar_chart(title, labels, [("Toegekend", amounts)], money=True)]
    title += f" (de {len(labels) - 1} hoogste; de volledige tabel volgt)"
    rest_label, rest = labels[-1], amounts[-1]
    if rest <= 2 * max(amounts[:-1], default=0):
        return [*story, hbar_chart(title, labels, [("Toegekend", amounts)], money=True)]
    count = len(names) - len(labels) + 1
    note = para(
        f"{rest_label.split(' ')[0].capitalize()} {count} {what} samen: {money(rest)} "
        "(niet als balk getoond: die zou de balken hierboven onleesbaar klein maken).",
        "Small",
    )
    return [
        *story,
        KeepTogether(
            [hbar_chart(title, labels[:-1], [("Toegekend", amounts[:-1])], money=True), note]
        ),
    ]


def _usage(f: EvaluatieCijfers) -> list[Flowable]:
    story = section("1. Gebruik per schoolbestuur en school", VRAGEN["gebruik"])
    story.append(kept(usage_table(f.per_bestuur, "Schoolbestuur", False), len(f.per_bestuur)))
    for rows, more_than, per, plural in (
        (f.per_bestuur, 1, "schoolbestuur", "schoolbesturen"),
        (f.per_school, 3, "school", "scholen"),
    ):
        if len(rows) > more_than:  # a chart only where there is something to compare
            story += _top_chart(
                f"Toegekend bedrag per {per}",
                [r.naam for r in rows],
                [r.toegekend_cents for r in rows],
                plural,
            )
    story += [Spacer(1, 3 * mm), kept(usage_table(f.per_school, "School", True), len(f.per_school))]
    story.append(para("Scholen en schoolbesturen zonder aanvraag", "Heading"))
    schools, boards = f.scholen_zonder_aanvraag, f.besturen_zonder_aanvraag
    story.append(
        para(
            f"{len(schools)} van de {f.scholen_totaal} scholen en {len(boards)} van de "
            f"{f.besturen_totaal} schoolbesturen hebben in deze periode geen aanvraag ingediend."
        )
    )
    if boards:
        story.append(para("Schoolbesturen: " + "; ".join(boards) + ".", "Small"))
    if schools:
        story.append(para("Scholen: " + "; ".join(schools) + ".", "Small"))
    return story + _answer(f, "gebruik")


def _amounts(f: EvaluatieCijfers) -> list[Flowable]:
    story = section("2. Aangevraagde en toegekende bedragen", VRAGEN["bedragen"])
    rows = [
        [
            r.soort,
            thousands(r.aanvragen),
            thousands(r.toegekend),
            money(r.aangevraagd_cents),
            money(r.toegekend_cents),
            money(r.gemiddeld_cents),
        ]
        for r in f.per_soort
    ]
    rows.append(
        [
            "Totaal",
            thousands(f.aanvragen),
            thousands(f.toekenningen),
            money(f.aangevraagd_cents),
            money(f.toegekend_cents),
            money(f.gemiddeld_cents),
        ]
    )
    story += [
        table(
            ["Soort", "Aanvragen", "Toekenningen", "Aangevraagd", "Toegekend", "Gemiddeld"],
            rows,
            [34, 20, 24, 29, 29, 29],
            total_row=True,
        ),
        para("Gemiddeld: het toegekende bedrag per toekenning, afgerond op hele centen.", "Small"),
        para("Besluiten die gelden", "Heading"),
        count_table("Besluit", f.besluiten, with_amount=True),
        para("Openstaande aanvragen en prognose", "Heading"),
        para(
            (
                f"Op de peildatum staat 1 aanvraag open, met {money(f.openstaand_cents)} "
                "aangevraagd."
                if f.openstaand_aantal == 1
                else f"Op de peildatum staan {f.openstaand_aantal} aanvragen open, met samen "
                f"{money(f.openstaand_cents)} aangevraagd."
            )
            + " Van elke aangevraagde euro is tot nu toe "
            f"{percent(round(f.toekenningsratio * 1000), 1000)} toegekend. Bij dat percentage "
            f"komt het toegekende bedrag uit op {money(f.prognose_cents)}, tegen een budget van "
            f"{money(f.budget_cents)}."
        ),
    ]
    if len(f.budget) > 1:
        story += [para("Vergelijking per pilotjaar", "Heading"), *_year_on_year(f)]
    return story + _answer(f, "bedragen")


def _year_on_year(f: EvaluatieCijfers) -> list[Flowable]:
    rows = [
        [
            b.jaar,
            thousands(b.aanvragen),
            thousands(b.toekenningen),
            money(b.toegekend_cents),
            thousands(b.leerlingen),
            percent(b.behouden, b.vastgelegd) if b.vastgelegd else "–",
        ]
        for b in f.budget
    ]
    return [
        table(
            ["Pilotjaar", "Aanvragen", "Toekenningen", "Toegekend", "Leerlingen", "Behouden"],
            rows,
            [26, 22, 26, 32, 24, 30],
        ),
        para(
            "Behouden: het aandeel behouden in regulier VO van de vastgelegde uitkomsten.", "Small"
        ),
    ]


def _purposes_and_vso(f: EvaluatieCijfers) -> list[Flowable]:
    story = section("3. Waarvoor scholen het budget inzetten", VRAGEN["doelen"])
    story += [
        count_table("Doel van de aanvraag", f.doelen, with_amount=True),
        para(
            "Didactische ondersteuning valt buiten de regeling; zulke aanvragen worden afgewezen.",
            "Small",
        ),
        *_answer(f, "doelen"),
    ]
    story += section("4. Samenwerking met het VSO", VRAGEN["vso"])
    story.append(count_table("Betrokkenheid van het VSO", f.vso, with_amount=True))
    if f.vso_scholen:
        story += [
            Spacer(1, 3 * mm),
            kept(
                table(
                    ["VSO-school", "Aanvragen"],
                    [[t.label, thousands(t.aantal)] for t in f.vso_scholen],
                    [110, 30],
                ),
                len(f.vso_scholen),
            ),
        ]
    return story + _vso_register(f) + _answer(f, "vso")


def _vso_register(f: EvaluatieCijfers) -> list[Flowable]:
    """The register of VSO expertise used in regular VO, beside the VSO involvement above."""
    r = f.vso_inzet
    story: list[Flowable] = [
        Spacer(1, 4 * mm),
        para("Laagdrempelige inzet van VSO-expertise in het regulier VO", "Heading"),
    ]
    if r.inzetten == 0:
        return [*story, para("In het register is geen inzet vastgelegd.", "Body")]
    story.append(
        para(
            f"Het register telt {thousands(r.inzetten)} "
            f"{'inzet' if r.inzetten == 1 else 'inzetten'} van VSO-expertise op vragen van "
            f"docenten en teams, op {thousands(r.scholen)} "
            f"{'school' if r.scholen == 1 else 'scholen'}, samen {hours(r.minuten)}.",
            "Body",
        )
    )
    for first, rows in (
        ("Soort vraag", r.per_soort),
        ("VSO-school of partner", r.per_partner),
        ("VO-school", r.per_school),
        ("Oordeel van het team", r.per_beoordeling),
    ):
        body = [[t.label, str(t.inzetten), hours(t.minuten)] for t in rows]
        story += [
            Spacer(1, 2 * mm),
            kept(table([first, "Inzetten", "Tijd"], body, [100, 25, 30]), len(body)),
        ]
    return story


def _pupils(f: EvaluatieCijfers) -> list[Flowable]:
    story = section("5. Leerlingen: uitkomst en voortgang", VRAGEN["leerlingen"])
    story += [
        para(
            f"Het maatwerkbudget bereikte {f.leerlingen_uniek} verschillende leerlingen, samen "
            f"{f.leerlingen} leerlingjaren (een leerling met ondersteuning in twee pilotjaren telt "
            f"één keer als leerling en twee keer als leerlingjaar). Per behouden leerling is "
            f"{money(f.kosten_per_behouden_cents)} "
            + (
                "besteed (vastgesteld, of toegekend waar nog niet vastgesteld)."
                if f.vastgesteld
                else "toegekend."
            )
        ),
        kept(outcome_table("Uitkomst aan het einde van het schooljaar", f.resultaten), 6),
        Spacer(1, 3 * mm),
        para("Uitkomst naar instroomroute, niveau en leerjaar", "Heading"),
        kept(breakdown_table("Instroomroute", f.per_route), len(f.per_route)),
        Spacer(1, 2 * mm),
        kept(breakdown_table("Niveau", f.per_niveau), len(f.per_niveau)),
        Spacer(1, 2 * mm),
        kept(breakdown_table("Leerjaar", f.per_leerjaar), len(f.per_leerjaar)),
        Spacer(1, 3 * mm),
        kept(outcome_table("Voortgang aan het einde van het schooljaar", f.voortgang_eind), 7),
        Spacer(1, 3 * mm),
        kept(count_table("Beoordeling in de voortgangsgesprekken", f.voortgang_gesprekken), 6),
    ]
    return story + _answer(f, "leerlingen")


def question_sections(f: EvaluatieCijfers) -> list[Flowable]:
    """Sections 1 to 5: usage, amounts, purposes and the VSO, and the pupils."""
    return _usage(f) + _amounts(f) + _purposes_and_vso(f) + _pupils(f)
