"""What follows a demo application's decision: the Besluit with its Beschikking (kenmerk
sequential per schooljaar), progress talks every interval (some left overdue in the running year)
and the pupils' outcomes at the end of the year."""

from __future__ import annotations

import random
from datetime import timedelta

from swv_desktop.demo import teksten as txt
from swv_desktop.demo.rijen import AWARDED
from swv_desktop.demo.rijen import MAX_LEERJAAR
from swv_desktop.demo.rijen import App
from swv_desktop.demo.rijen import Ctx
from swv_desktop.demo.rijen import Jaar
from swv_desktop.demo.rijen import LeerlingRij
from swv_desktop.demo.rijen import at
from swv_desktop.demo.rijen import workday
from swv_desktop.models import Beoordeling
from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import LeerlingResultaat
from swv_desktop.models import LeerlingUitkomst
from swv_desktop.models import Soort
from swv_desktop.models import Uitkomst
from swv_desktop.models import Voortgangsgesprek
from swv_desktop.services.voortgang import talk_due


def write_besluit(ctx: Ctx, app: App, jaar: Jaar, volgnummer: int) -> None:
    """The programmadirecteur's decision and its (not yet issued) beschikking."""
    rng, w, day = ctx.rng, ctx.w, app.days["besluit"]
    uitkomst = Uitkomst(app.status.value)
    if uitkomst is Uitkomst.TOEGEKEND:
        motivering = txt.MOTIVERING_TOEGEKEND.format(doel=app.doel.label.lower())
    elif uitkomst is Uitkomst.GEDEELTELIJK:
        motivering = txt.MOTIVERING_GEDEELTELIJK
    else:
        motivering = txt.MOTIVERING_AFGEWEZEN
    if app.soort is Soort.GROEP:
        start, end = app.days["plan_start"], app.days["plan_eind"]
    else:
        start, end = max(day, jaar.start), jaar.end
    app.days["periode_start"], app.days["periode_eind"] = start, end
    besluit_id = w.add(
        Besluit,
        aanvraag_id=app.id,
        uitkomst=uitkomst,
        toegekend_cents=app.awarded,
        motivering=motivering,
        besloten_door_id=ctx.pd_id,
        besloten_op=at(day, rng),
        herziening_van_id=None,
        overschrijding_reden="",
        periode_start=start,
        periode_eind=end,
    )
    send_day = workday(day + timedelta(days=rng.randint(1, 3)))
    sent = (
        send_day
        if jaar.index in ctx.send_years and send_day <= ctx.today - timedelta(days=3)
        else None
    )
    w.add(
        Beschikking,
        besluit_id=besluit_id,
        schooljaar_id=jaar.id,
        volgnummer=volgnummer,
        kenmerk=f"{ctx.prefix}-{jaar.start.year}-{volgnummer:03d}",
        briefdatum=day,
        verzonden_op=sent,
        uitgegeven_op=None,
        pdf=None,
        sha256=None,
    )


def write_gesprekken(ctx: Ctx, app: App, jaar: Jaar, make_overdue: bool) -> bool:
    """Progress talks every interval from the start of the support period (``talk_due``, the rule
    of the letter and the overdue list); returns True when one is left overdue."""
    rng, today = ctx.rng, ctx.today
    end, last = app.days["periode_eind"], app.days["besluit"]
    due = talk_due(app.days["periode_start"], jaar.interval)
    while due < today and due <= end:
        if make_overdue and due >= today - timedelta(days=80):
            return True
        day = due + timedelta(days=rng.randint(-14, 5))
        day = workday(max(last + timedelta(days=7), min(day, end, today - timedelta(days=1))))
        day = min(day, end, today - timedelta(days=1))
        nxt = talk_due(day, jaar.interval)
        ctx.w.add(
            Voortgangsgesprek,
            aanvraag_id=app.id,
            datum=day,
            deelnemers=rng.choice(txt.GESPREK_DEELNEMERS),
            notities=rng.choice(txt.GESPREK_NOTITIES),
            beoordeling=rng.choices(list(Beoordeling), weights=(3, 4, 2, 1))[0],
            volgende_op=nxt,
            gevoerd_door_id=app.school.contactpersoon_id,
            vastgelegd_op=at(day, rng),
        )
        last, due = day, nxt
    return False


def _anders(rng: random.Random, leerling: LeerlingRij, year_index: int) -> str:
    """Why a pupil left regular VO otherwise: after the last leerjaar of vmbo or pro to the mbo,
    else a move out of the region."""
    base = leerling.niveau.split("/")[0]
    kind = "pro" if base == "pro" else "vmbo" if base.startswith("vmbo") else ""
    if kind and leerling.leerjaar_in(year_index) == MAX_LEERJAAR[base] and rng.random() < 0.5:
        return txt.UITKOMST_ANDERS_EXAMEN[kind]
    return txt.UITKOMST_ANDERS


def write_outcomes(ctx: Ctx, jaar: Jaar, apps: list[App], current: bool) -> None:
    """Outcomes of the pupils with an award: all of them in a past year, about half so far in
    the running one."""
    rng = ctx.rng
    seen: set[int] = set()
    for app in apps:
        if app.status not in AWARDED:
            continue
        for leerling in [app.leerling] if app.leerling else app.members:
            if leerling.id in seen or (current and rng.random() < 0.5):
                continue
            seen.add(leerling.id)
            resultaat = rng.choices(list(LeerlingResultaat), weights=(16, 2, 2))[0]
            opmerking = (
                _anders(rng, leerling, jaar.index)
                if resultaat is LeerlingResultaat.ANDERS
                else rng.choice(txt.UITKOMST_OPMERKINGEN)
            )
            day = (
                ctx.today - timedelta(days=rng.randint(1, 12))
                if current
                else jaar.end - timedelta(days=rng.randint(5, 30))
            )
            ctx.w.add(
                LeerlingUitkomst,
                leerling_id=leerling.id,
                schooljaar_id=jaar.id,
                resultaat=resultaat,
                voortgang=rng.choices(list(Beoordeling), weights=(4, 4, 2, 1))[0],
                opmerkingen=opmerking,
                vastgelegd_op=at(day, rng),
            )
