"""The money after the demo's awards, recorded through the services (as the bureau would): every
award whose beschikking went out is paid two weeks later; most 2021-2022 schools sent their
account (verantwoording), some are overdue; two awards of 2021-2022 are settled with their
letter issued and sent, and a repayment received (one in full, one in part).

Only the first pilot year is accounted for, and at most ``MAX_AWARDS`` awards per year are paid,
so a large benchmark database stays quick to build.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.demo import teksten as txt
from swv_desktop.demo.rijen import workday
from swv_desktop.models import (
    Aanvraag,
    Beschikking,
    Besluit,
    Gebruiker,
    Rol,
    Schooljaar,
    Uitkomst,
)
from swv_desktop.services.auth import authenticate
from swv_desktop.services.budget import in_force
from swv_desktop.services.common import Actor, Progress
from swv_desktop.services.verantwoording import use_cases as geld
from swv_desktop.services.verantwoording.regels import accounting_deadline

MAX_AWARDS = 60
OVERDUE_EVERY = 4
"""Every fourth 2021-2022 award has no account yet (overdue on the demo's 'today')."""
SETTLED = 2


@dataclass(frozen=True)
class _Award:
    aanvraag_id: int
    jaar_index: int
    toegekend_cents: int
    verzonden_op: date
    periode_eind: date
    contactpersoon: Actor


def _actors(db: Database) -> dict[str, Actor]:
    """Every active demo account, signed in like a person (the batch has no actor of its own)."""
    with db.read() as session:
        names = list(session.scalars(select(Gebruiker.gebruikersnaam).where(Gebruiker.actief)))
    return {name: authenticate(db, name, txt.DEMO_PASSWORD) for name in names}


def _awards(db: Database, actors: dict[str, Actor]) -> list[_Award]:
    by_id = {a.id: a for a in actors.values()}
    with db.read() as session:
        years = list(session.scalars(select(Schooljaar.id).order_by(Schooljaar.start_datum)))
        rows = session.execute(
            select(
                Aanvraag.id,
                Aanvraag.schooljaar_id,
                Aanvraag.contactpersoon_id,
                Besluit.toegekend_cents,
                Besluit.periode_eind,
                Beschikking.verzonden_op,
            )
            .join(Besluit, Besluit.aanvraag_id == Aanvraag.id)
            .join(Beschikking, Beschikking.besluit_id == Besluit.id)
            .where(
                in_force(),
                Besluit.uitkomst != Uitkomst.AFGEWEZEN,
                Beschikking.uitgegeven_op.is_not(None),
                Beschikking.verzonden_op.is_not(None),
            )
            .order_by(Aanvraag.schooljaar_id, Beschikking.volgnummer)
        ).all()
    awards: list[_Award] = []
    per_year: dict[int, int] = {}
    for aid, jaar_id, cp_id, cents, eind, sent in rows:
        index = years.index(jaar_id)
        per_year[index] = per_year.get(index, 0) + 1
        if per_year[index] <= MAX_AWARDS and cp_id in by_id and sent is not None:
            awards.append(_Award(aid, index, cents, sent, eind, by_id[cp_id]))
    return awards


def _spending(rng: random.Random, total: int) -> dict[str, int]:
    """``total`` split over the kinds: mostly support, some materials and expertise."""
    materialen = rng.choice((0, 5, 10)) * total // 100
    extern = rng.choice((0, 0, 10, 15)) * total // 100
    vso = rng.choice((0, 0, 0, 10)) * total // 100
    return {
        "ondersteuning_cents": total - materialen - extern - vso,
        "materialen_cents": materialen,
        "externe_expertise_cents": extern,
        "vso_expertise_cents": vso,
    }


def write_geld(db: Database, rng: random.Random, today: date, say: Progress) -> dict[str, int]:
    """Record the payments, accounts, settlements and repayments; returns how many of each."""
    actors = _actors(db)
    sec = actors["secretariaat"]
    pd = actors["programmadirecteur"]
    counts = dict.fromkeys(("betalingen", "verantwoordingen", "vaststellingen"), 0)
    counts["terugbetalingen"] = 0
    awards = _awards(db, actors)
    say(f"Betalingen en verantwoordingen ({len(awards)} toekenningen) ...")
    first_year = [a for a in awards if a.jaar_index == 0]
    for award in awards:
        paid_on = workday(award.verzonden_op + timedelta(days=14))
        if paid_on > today:
            continue
        geld.record_betaling(
            db,
            sec,
            award.aanvraag_id,
            geld.BetalingInput(
                paid_on, award.toegekend_cents, f"BT-{paid_on:%Y%m%d}-{award.aanvraag_id:04d}"
            ),
        )
        counts["betalingen"] += 1
    overdue = {i for i in range(len(first_year)) if i % OVERDUE_EVERY == OVERDUE_EVERY - 1}
    own = [
        i for i, a in enumerate(first_year) if a.contactpersoon.gebruikersnaam == "contactpersoon"
    ]
    if own and not overdue & set(own):
        overdue.add(own[0])  # the demo's first contactpersoon sees a reminder too
    settled = 0
    for i, award in enumerate(first_year):
        due = accounting_deadline(award.periode_eind)
        if i in overdue or due >= today:
            continue  # overdue: the school has not sent its account yet
        received = workday(due - timedelta(days=rng.randint(0, 20)))
        spent = award.toegekend_cents * rng.randint(82, 100) // 100 // 100 * 100
        checked = workday(received + timedelta(days=rng.randint(2, 10)))
        geld.save_verantwoording(
            db,
            award.contactpersoon,
            award.aanvraag_id,
            geld.VerantwoordingInput(
                ontvangen_op=received,
                gecontroleerd_op=checked if i % 5 != 2 else None,
                opmerkingen=rng.choice(txt.VERANTWOORDING_OPMERKINGEN),
                bijlage=f"DMS-{received.year}-{1000 + award.aanvraag_id}",
                **_spending(rng, spent),
            ),
        )
        counts["verantwoordingen"] += 1
        if settled < SETTLED and i % 5 != 2 and spent < award.toegekend_cents:
            settled += 1
            letter_day = workday(checked + timedelta(days=7))
            result = geld.vaststellen(
                db,
                pd,
                award.aanvraag_id,
                geld.VaststellingInput(
                    letter_day,
                    toelichting="De school heeft minder uren ondersteuning ingezet dan begroot.",
                ),
            )
            geld.issue_vaststelling(db, pd, result.vaststelling_id)
            geld.mark_vaststelling_sent(
                db, sec, result.vaststelling_id, workday(letter_day + timedelta(days=1))
            )
            back = result.terug_cents if settled == 1 else result.terug_cents // 2
            geld.record_terugbetaling(
                db,
                sec,
                result.vaststelling_id,
                geld.BetalingInput(
                    workday(letter_day + timedelta(days=21)), back, f"ONTV-{result.kenmerk}"
                ),
            )
            counts["vaststellingen"] += 1
            counts["terugbetalingen"] += 1
    assert pd.rol is Rol.PROGRAMMADIRECTEUR
    return counts
