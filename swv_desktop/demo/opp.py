"""The OPP versions of the demo pupils, written after the applications so that each OPP states
what the maatwerkbudget is used for (the approach of every group a pupil takes part in, too)."""

from __future__ import annotations

from datetime import date
from datetime import timedelta

from swv_desktop.demo import teksten as txt
from swv_desktop.demo.rijen import Ctx
from swv_desktop.demo.rijen import LeerlingRij
from swv_desktop.demo.rijen import at
from swv_desktop.demo.rijen import workday
from swv_desktop.models import Opp
from swv_desktop.models import Toestemming
from swv_desktop.services.opp_versies import age_on


def _inzet(leerling: LeerlingRij, before: date | None) -> str:
    texts = [t for d, t, filled in leerling.uses if filled and (before is None or d < before)]
    return " ".join(dict.fromkeys(texts))


def _versions(ctx: Ctx, leerling: LeerlingRij) -> list[date]:
    rng, today = ctx.rng, ctx.today
    leerling.uses.sort(key=lambda u: u[0])
    if leerling.uses:
        first = leerling.uses[0][0]
    else:
        start = ctx.jaren[leerling.years[0]].start
        first = min(start + timedelta(days=rng.randint(10, 150)), today - timedelta(days=7))
    v1 = workday(first - timedelta(days=rng.randint(14, 120)))
    later = [d for d, _t, _f in leerling.uses if d >= v1 + timedelta(days=240)]
    if later:
        return [v1, workday(later[0] - timedelta(days=rng.randint(7, 30)))]
    if rng.random() < 0.2:
        v2 = workday(v1 + timedelta(days=rng.randint(150, 300)))
        if v2 <= today - timedelta(days=5):
            return [v1, v2]
    return [v1]


def write_opps(ctx: Ctx) -> None:
    """One or two OPP versions per pupil; the newest names every use of the budget."""
    rng, today = ctx.rng, ctx.today
    for leerling in ctx.leerlingen:
        dates = _versions(ctx, leerling)
        base = leerling.niveau.split("/")[0]
        cp = ctx.schools[leerling.school].contactpersoon_id
        for versie, day in enumerate(dates, start=1):
            newer = dates[versie] if versie < len(dates) else None
            consent = min(day + timedelta(days=rng.randint(2, 14)), today)
            door = (
                Toestemming.LEERLING
                if age_on(leerling.geboortedatum, consent) >= 16 and rng.random() < 0.6
                else Toestemming.OUDERS
            )
            evaluated = newer or day + timedelta(days=rng.randint(150, 200))
            ctx.w.add(
                Opp,
                leerling_id=leerling.id,
                versie=versie,
                vastgesteld_op=day,
                laatst_geevalueerd_op=evaluated if evaluated <= today else None,
                volgende_evaluatie_op=day + timedelta(days=365),
                uitstroomprofiel=txt.UITSTROOMPROFIELEN.get(base, "Vervolgonderwijs mbo"),
                belemmerende_factoren=" ".join(rng.sample(txt.BELEMMEREND, 2)),
                bevorderende_factoren=" ".join(rng.sample(txt.BEVORDEREND, 2)),
                onderwijsbehoeften=" ".join(rng.sample(txt.ONDERWIJSBEHOEFTEN, 2)),
                afwijkingen_programma=rng.choice(txt.AFWIJKINGEN),
                ondersteuning_begeleiding=rng.choice(txt.ONDERSTEUNING),
                inzet_maatwerkbudget=_inzet(leerling, newer),
                toestemming_door=door,
                toestemming_datum=consent,
                aangemaakt_op=at(day, rng),
                aangemaakt_door_id=cp,
            )
