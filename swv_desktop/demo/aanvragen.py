"""The applications of one demo schooljaar: who applies for what, how far each got in the workflow,
the decisions with their beschikkingen, progress talks and the pupils' outcomes.

Every rule of the regulation holds for the generated data: individual awards within the year's cap
(one individual aanvraag per pupil per year), groups of 5-8 named pupils of one school within the
group cap with support cost lines only and a period inside the year, awards only with every
condition confirmed, the talk with the contactpersoon recorded and decided by the programmadirecteur.
"""

from __future__ import annotations

import random
from datetime import date
from datetime import timedelta

from swv_desktop.demo import teksten as txt
from swv_desktop.demo.rijen import AWARDED
from swv_desktop.demo.rijen import MARGIN_LAST_YEAR
from swv_desktop.demo.rijen import MAX_LEERJAAR
from swv_desktop.demo.rijen import ORDER
from swv_desktop.demo.rijen import PENDING_OVER_BUDGET
from swv_desktop.demo.rijen import STEP
from swv_desktop.demo.rijen import App
from swv_desktop.demo.rijen import Ctx
from swv_desktop.demo.rijen import Jaar
from swv_desktop.demo.rijen import LeerlingRij
from swv_desktop.demo.rijen import YearFigures
from swv_desktop.demo.rijen import at
from swv_desktop.demo.rijen import workday
from swv_desktop.demo.verloop import write_besluit
from swv_desktop.demo.verloop import write_gesprekken
from swv_desktop.demo.verloop import write_outcomes
from swv_desktop.models import PENDING_STATUSES
from swv_desktop.models import Aanvraag
from swv_desktop.models import AanvraagVoorwaarde
from swv_desktop.models import Doel
from swv_desktop.models import Groepsplan
from swv_desktop.models import GroepsplanLeerling
from swv_desktop.models import Kostenregel
from swv_desktop.models import KostenSoort
from swv_desktop.models import Soort
from swv_desktop.models import Status
from swv_desktop.models import StatusWijziging
from swv_desktop.models import Voorwaarde
from swv_desktop.models import VsoBetrokkenheid
from swv_desktop.services.voortgang import add_months


def _status_mix(n: int, current: bool) -> list[Status]:
    counts: dict[Status, int] = {}
    if current:
        each = max(1, round(n * 0.04))
        counts = {s: each for s in ORDER}
        counts[Status.INGETROKKEN] = max(1, round(n * 0.05))
        counts[Status.AFGEWEZEN] = max(1, round(n * 0.08))
        counts[Status.GEDEELTELIJK_TOEGEKEND] = max(1, round(n * 0.13))
    else:
        counts[Status.INGETROKKEN] = max(1, round(n * 0.07))
        counts[Status.AFGEWEZEN] = max(1, round(n * 0.10))
        counts[Status.GEDEELTELIJK_TOEGEKEND] = max(1, round(n * 0.14))
    counts[Status.TOEGEKEND] = max(1, n - sum(counts.values()))
    return [s for s, k in counts.items() for _ in range(k)]


def _pick_groups(
    ctx: Ctx, jaar: Jaar, pool: list[LeerlingRij], count: int
) -> list[list[LeerlingRij]]:
    rng = ctx.rng
    by_school: dict[int, list[LeerlingRij]] = {}
    for p in pool:
        by_school.setdefault(p.school, []).append(p)
    groups: list[list[LeerlingRij]] = []
    for _ in range(count):
        candidates = sorted(s for s, lst in by_school.items() if len(lst) >= jaar.group_min)
        if not candidates:
            break
        school = rng.choice(candidates)
        lst = by_school[school]
        size = rng.randint(jaar.group_min, max(jaar.group_min, min(8, len(lst))))
        groups.append(lst[:size])
        del lst[:size]
    return groups


def _fits(key: str, leerling: LeerlingRij, year_index: int) -> bool:
    base = leerling.niveau.split("/")[0]
    leerjaar = leerling.leerjaar_in(year_index)
    if key == "onderbouw":
        return leerjaar <= 2
    if key == "examen":
        return leerjaar == MAX_LEERJAAR[base] and base != "pro"
    if key == "pro":
        return base == "pro"
    return True


def fitting_titles(members: list[LeerlingRij], year_index: int) -> list[str]:
    """The group titles that fit every member (no "examenklassen" for a first-year group)."""
    return [
        titel for key, titel in txt.GROEP_TITELS if all(_fits(key, m, year_index) for m in members)
    ]


def _plan_apps(ctx: Ctx, jaar: Jaar, n: int, current: bool) -> list[App]:
    rng = ctx.rng
    statuses = _status_mix(n, current)
    rng.shuffle(statuses)
    pool = [p for p in ctx.leerlingen if jaar.index in p.years]
    rng.shuffle(pool)
    awarded_idx = [i for i, s in enumerate(statuses) if s in AWARDED]
    wanted = min(max(1, round(n / 7)), len(awarded_idx))
    groups = _pick_groups(ctx, jaar, pool, wanted)
    group_idx = set(rng.sample(awarded_idx, len(groups)))
    in_group = {p.id for g in groups for p in g}
    singles = iter(
        [p for p in pool if p.id not in in_group]
        + [p for p in pool if p.id in in_group]
        + [p for p in ctx.leerlingen if jaar.index not in p.years]
    )
    apps: list[App] = []
    special_done = not current
    for i, status in enumerate(statuses):
        if i in group_idx:
            members = groups.pop()
            school = ctx.schools[members[0].school]
            per_leerling = rng.randrange(10, 19) * STEP
            amount = min(jaar.group_cap_cents, per_leerling * len(members))
            titel = rng.choice(fitting_titles(members, jaar.index))
            app = App(Soort.GROEP, status, school, members=members, amount=amount, titel=titel)
        else:
            leerling = next(singles)
            amount = min(jaar.cap_cents, rng.randrange(8, 33) * STEP)
            if status is Status.TER_BESLUITVORMING and not special_done:
                amount, special_done = PENDING_OVER_BUDGET, True
            app = App(Soort.INDIVIDUEEL, status, ctx.schools[leerling.school], leerling=leerling)
            app.amount = amount
        app.doel = rng.choice((Doel.SOCIAAL_EMOTIONEEL, Doel.LEERVOORWAARDEN))
        if status is Status.TOEGEKEND:
            app.awarded = app.amount
        elif status is Status.GEDEELTELIJK_TOEGEKEND:
            share = int(app.amount * rng.uniform(0.55, 0.85))
            app.awarded = max(STEP, share // STEP * STEP)
        if status is Status.INGETROKKEN:
            app.reached = rng.choice(ORDER[:3])
        apps.append(app)
    return apps


def _bounds(app: App, jaar: Jaar) -> tuple[int, int]:
    if app.soort is Soort.GROEP:
        return 8 * STEP * len(app.members), jaar.group_cap_cents // STEP * STEP
    return 4 * STEP, jaar.cap_cents // STEP * STEP


def _fit_budget(ctx: Ctx, jaar: Jaar, apps: list[App], current: bool) -> bool:
    """Adjust fully awarded amounts so the year lands where the story needs it; when the budget of
    the regulation cannot fit this many applications (large mode) derive the budget instead."""
    rng = ctx.rng
    awarded = sum(a.awarded for a in apps)
    fraction = rng.uniform(0.78, 0.90)
    target = (
        jaar.budget_cents - MARGIN_LAST_YEAR
        if current
        else int(jaar.budget_cents * fraction) // STEP * STEP
    )
    adjustable = [a for a in apps if a.status is Status.TOEGEKEND]
    low = awarded - sum(a.awarded - _bounds(a, jaar)[0] for a in adjustable)
    high = awarded + sum(_bounds(a, jaar)[1] - a.awarded for a in adjustable)
    if not low <= target <= high:
        if current:
            jaar.budget_cents = awarded + MARGIN_LAST_YEAR
        else:
            jaar.budget_cents = -(-int(awarded / fraction) // 100_000) * 100_000
        return True
    diff = target - awarded
    rng.shuffle(adjustable)
    for app in adjustable:
        lo, hi = _bounds(app, jaar)
        step = min(diff, hi - app.awarded) if diff > 0 else max(diff, lo - app.awarded)
        app.awarded += step
        app.amount = app.awarded
        diff -= step
        if diff == 0:
            break
    return False


def _timeline(ctx: Ctx, app: App, jaar: Jaar, current: bool) -> None:
    rng, today = ctx.rng, ctx.today
    decided = app.status in (*AWARDED, Status.AFGEWEZEN)
    steps = ["aanvraag", "ingediend", "besproken", "ter", "besluit"]
    gaps = [0, rng.randint(0, 4), rng.randint(5, 14), rng.randint(1, 6), rng.randint(3, 12)]
    if decided:
        last = steps.index("besluit")
    elif app.status is Status.INGETROKKEN:
        last = ORDER.index(app.reached) + 1
    else:
        last = ORDER.index(app.status)
    span = sum(gaps[1 : last + 1])
    open_now = current and not decided and app.status is not Status.INGETROKKEN
    if open_now:
        start = today - timedelta(days=span + rng.randint(2, 20))
    else:
        latest = jaar.end - timedelta(days=60)
        if current:
            latest = min(latest, today - timedelta(days=45))
        if app.soort is Soort.GROEP:  # a plan van aanpak is made early in the year
            latest = min(latest, jaar.start + timedelta(days=150))
        start = jaar.start + timedelta(days=rng.randint(21, max(22, (latest - jaar.start).days)))
    day = start
    for i in range(last + 1):
        day = workday(day + timedelta(days=gaps[i]))
        app.days[steps[i]] = min(day, today - timedelta(days=1)) if open_now else day
    if app.status is Status.INGETROKKEN:
        app.days["ingetrokken"] = app.days.pop(steps[last])


def _conditions(app: App) -> list[tuple[Voorwaarde, bool, date | None, str]]:
    state = app.reached if app.status is Status.INGETROKKEN else app.status
    d0, gesprek = app.days["aanvraag"], app.days.get("besproken")
    rows: list[tuple[Voorwaarde, bool, date | None, str]] = []
    for cond in Voorwaarde:
        about_gesprek = cond in (
            Voorwaarde.BESPROKEN_CONTACTPERSOON,
            Voorwaarde.VOORTGANG_DRIEMAANDELIJKS,
        )
        if state is Status.CONCEPT:
            ok = cond in (Voorwaarde.NIET_UIT_BASIS, Voorwaarde.DOEL_NIET_DIDACTISCH)
        elif state is Status.INGEDIEND:
            ok = not about_gesprek
        else:
            ok = True
        note = ""
        if app.status is Status.AFGEWEZEN and cond is Voorwaarde.NIET_UIT_BASIS:
            ok, note = False, txt.AFWIJZING_TOELICHTING
        rows.append((cond, ok, (gesprek if about_gesprek else d0) if ok else None, note))
    return rows


def _cost_lines(rng: random.Random, total: int) -> list[tuple[str, int]]:
    count = rng.randint(2, 4)
    names = rng.sample(txt.KOSTEN_OMSCHRIJVINGEN, count)
    lines: list[tuple[str, int]] = []
    left = total
    for name in names[:-1]:
        part = max(STEP, int(left * rng.uniform(0.25, 0.5)) // STEP * STEP)
        part = min(part, left - STEP * (count - len(lines) - 1))
        lines.append((name, part))
        left -= part
    lines.append((names[-1], left))
    return lines


def _write_app(ctx: Ctx, app: App, jaar: Jaar, nummer: str) -> None:
    rng, w, cp = ctx.rng, ctx.w, app.school.contactpersoon_id
    vso = rng.choices(list(VsoBetrokkenheid), weights=(5, 3, 2))[0]
    gesprek_day = app.days.get("besproken")
    app.id = w.add(
        Aanvraag,
        nummer=nummer,
        soort=app.soort,
        schooljaar_id=jaar.id,
        school_id=app.school.id,
        contactpersoon_id=cp,
        leerling_id=app.leerling.id if app.leerling else None,
        aangevraagd_cents=app.amount,
        doel=app.doel,
        omschrijving=app.titel or rng.choice(txt.OMSCHRIJVING_INDIVIDUEEL),
        aanvraagdatum=app.days["aanvraag"],
        status=app.status,
        vso_betrokkenheid=vso,
        vso_school="" if vso is VsoBetrokkenheid.GEEN else rng.choice(txt.VSO_SCHOLEN),
        vso_toelichting=""
        if vso is VsoBetrokkenheid.GEEN
        else "Consultatie van de ambulant begeleider over de aanpak in de klas.",
        besproken_op=gesprek_day,
        besproken_notitie=rng.choice(txt.BESPREKING_NOTITIES) if gesprek_day else "",
        aangemaakt_op=at(app.days["aanvraag"], rng),
    )
    for cond, ok, day, note in _conditions(app):
        w.add(
            AanvraagVoorwaarde,
            aanvraag_id=app.id,
            voorwaarde=cond,
            voldaan=ok,
            datum=day,
            toelichting=note,
        )
    previous: Status | None = None
    for key, naar in (
        ("aanvraag", Status.CONCEPT),
        ("ingediend", Status.INGEDIEND),
        ("besproken", Status.BESPROKEN),
        ("ter", Status.TER_BESLUITVORMING),
        ("ingetrokken", Status.INGETROKKEN),
        ("besluit", app.status),
    ):
        if key not in app.days:
            continue
        note = ""
        if naar is Status.INGETROKKEN:
            note = rng.choice(txt.INTREK_REDENEN)
        elif naar is Status.BESPROKEN:
            note = "Besproken met de school."
        door = ctx.pd_id if key == "besluit" else cp
        w.add(
            StatusWijziging,
            aanvraag_id=app.id,
            van=previous,
            naar=naar,
            door_id=door,
            op=at(app.days[key], rng),
            toelichting=note,
        )
        previous = naar
    if app.soort is Soort.GROEP:
        _write_plan(ctx, app, jaar)
    filled = app.status is not Status.CONCEPT
    if app.soort is Soort.GROEP:
        inzet = txt.INZET_GROEP.format(titel=app.titel, jaar=jaar.label)
        for p in app.members:
            p.uses.append((app.days["aanvraag"], inzet, filled))
    elif app.leerling is not None:
        inzet = rng.choice(txt.INZET_INDIVIDUEEL).format(n=rng.randint(1, 2))
        app.leerling.uses.append((app.days["aanvraag"], inzet, filled))


def _write_plan(ctx: Ctx, app: App, jaar: Jaar) -> None:
    rng, w = ctx.rng, ctx.w
    begin = app.days["aanvraag"] + timedelta(days=40)
    begin = add_months(date(begin.year, begin.month, 1), 1)
    eind = min(jaar.end, add_months(begin, rng.randint(6, 9)) - timedelta(days=1))
    app.days["plan_start"], app.days["plan_eind"] = begin, eind
    plan_id = w.add(
        Groepsplan,
        aanvraag_id=app.id,
        ondersteuning=txt.GROEP_ONDERSTEUNING,
        doelen=txt.GROEP_DOELEN,
        evaluatiewijze=txt.GROEP_EVALUATIE,
        periode_start=begin,
        periode_eind=eind,
    )
    for p in app.members:
        w.add(GroepsplanLeerling, groepsplan_id=plan_id, leerling_id=p.id)
    for name, amount in _cost_lines(rng, app.amount):
        w.add(
            Kostenregel,
            groepsplan_id=plan_id,
            omschrijving=name,
            soort=KostenSoort.ONDERSTEUNING,
            bedrag_cents=amount,
        )


def generate_year(ctx: Ctx, jaar: Jaar, n: int) -> YearFigures:
    """Plan and write the ``n`` applications of one schooljaar with everything that follows them."""
    current = jaar.index == len(ctx.jaren) - 1
    apps = _plan_apps(ctx, jaar, n, current)
    derived = _fit_budget(ctx, jaar, apps, current)
    for app in apps:
        _timeline(ctx, app, jaar, current)
    apps.sort(key=lambda a: (a.days["aanvraag"], a.soort.value))
    for seq, app in enumerate(apps, start=1):
        _write_app(ctx, app, jaar, f"A{jaar.start.year}-{seq:03d}")
    decided = sorted(
        (a for a in apps if "besluit" in a.days), key=lambda a: (a.days["besluit"], a.id)
    )
    for volgnummer, app in enumerate(decided, start=1):
        write_besluit(ctx, app, jaar, volgnummer)
    overdue = 0
    awarded_apps = [a for a in decided if a.status in AWARDED]
    behind: set[int] = set()  # every contactpersoon has at least one overdue talk to show
    for i, app in enumerate(awarded_apps):
        cp = app.school.contactpersoon_id
        flag = current and (i % 4 == 1 or cp not in behind)
        if write_gesprekken(ctx, app, jaar, flag):
            overdue += 1
            behind.add(cp)
    write_outcomes(ctx, jaar, apps, current)
    return YearFigures(
        label=jaar.label,
        budget_cents=jaar.budget_cents,
        awarded_cents=sum(a.awarded for a in apps),
        pending_cents=sum(a.amount for a in apps if a.status in PENDING_STATUSES),
        aanvragen=len(apps),
        groepen=sum(a.soort is Soort.GROEP for a in apps),
        toekenningen=len(awarded_apps),
        afwijzingen=sum(a.status is Status.AFGEWEZEN for a in apps),
        achterstallig=overdue,
        budget_afgeleid=derived,
    )
