"""The money after the demo's awards, recorded through the services (as the bureau would): every
award whose beschikking went out is paid two weeks later; the schools sent their account
(verantwoording) for the years whose accounts fell due: of the last such year every fourth is
still overdue, of the year before one in fifty, older years are all accounted; two awards of 2021-2022
are settled with their letter issued and sent, and a repayment received (one in full, one in
part).

At most ``MAX_AWARDS`` awards per year go through the services, so a large benchmark database
stays quick to build; there the other awards of the years that fell due get their payment and
account as bulk rows by the same rules (as the rest of the large data is written).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from typing import Any

from sqlalchemy import Select
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.db import Database
from swv_desktop.demo import teksten as txt
from swv_desktop.demo.rijen import workday
from swv_desktop.models import Aanvraag
from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import Betaling
from swv_desktop.models import Gebruiker
from swv_desktop.models import Rol
from swv_desktop.models import School
from swv_desktop.models import Schoolbestuur
from swv_desktop.models import Schooljaar
from swv_desktop.models import Uitkomst
from swv_desktop.models import Verantwoording
from swv_desktop.services.auth import authenticate
from swv_desktop.services.budget import in_force
from swv_desktop.services.common import Actor
from swv_desktop.services.common import Progress
from swv_desktop.services.verantwoording import betalingen
from swv_desktop.services.verantwoording import use_cases as geld
from swv_desktop.services.verantwoording.regels import accounting_deadline

MAX_AWARDS = 60
OVERDUE_EVERY = 4
"""Of the last year whose accounts fell due, every fourth award has no account yet (overdue on
the demo's 'today'; in the two-year demo that is 2021-2022)."""
OLD_OVERDUE_EVERY = 50
"""Of the year before it, one award in fifty is still without its account; the years before
that are all accounted (a bureau chases the last ones)."""
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


def _year_ids(session: Session) -> list[int]:
    """The schooljaren's ids, oldest first: an award's year is its index here."""
    return list(session.scalars(select(Schooljaar.id).order_by(Schooljaar.start_datum)))


def _awards_in_force(*extra: Any) -> Select[tuple[Any, ...]]:
    """The awards in force that were not refused: the aanvraag, its schooljaar and contactpersoon,
    the amount awarded and the end of the period, then ``extra``."""
    return (
        select(
            Aanvraag.id,
            Aanvraag.schooljaar_id,
            Aanvraag.contactpersoon_id,
            Besluit.toegekend_cents,
            Besluit.periode_eind,
            *extra,
        )
        .join(Besluit, Besluit.aanvraag_id == Aanvraag.id)
        .where(in_force(), Besluit.uitkomst != Uitkomst.AFGEWEZEN)
    )


def _awards(db: Database, actors: dict[str, Actor]) -> list[_Award]:
    by_id = {a.id: a for a in actors.values()}
    with db.read() as session:
        years = _year_ids(session)
        rows = session.execute(
            _awards_in_force(Beschikking.verzonden_op)
            .join(Beschikking, Beschikking.besluit_id == Besluit.id)
            .where(Beschikking.uitgegeven_op.is_not(None), Beschikking.verzonden_op.is_not(None))
            .order_by(Aanvraag.schooljaar_id, Beschikking.volgnummer)
        ).all()
    awards: list[_Award] = []
    per_year: dict[int, int] = {}
    for row in rows:
        index = years.index(row.schooljaar_id)
        per_year[index] = per_year.get(index, 0) + 1
        cp_id, sent = row.contactpersoon_id, row.verzonden_op
        if per_year[index] <= MAX_AWARDS and cp_id in by_id and sent is not None:
            awards.append(
                _Award(row.id, index, row.toegekend_cents, sent, row.periode_eind, by_id[cp_id])
            )
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


def _latest_due_year(db: Database, today: date) -> int:
    """The index of the last schooljaar whose accounts fell due before ``today`` (-1: none)."""
    with db.read() as session:
        ends = list(session.scalars(select(Schooljaar.eind_datum).order_by(Schooljaar.start_datum)))
    due = [i for i, end in enumerate(ends) if accounting_deadline(end) < today]
    return max(due, default=-1)


def _is_overdue(position: int, years_back: int) -> bool:
    """Whether the award at ``position`` of a year has no account yet; ``years_back``: 0 for
    the last year whose accounts fell due, 1 for the year before it, and so on."""
    if years_back > 1:
        return False
    every = OVERDUE_EVERY if years_back == 0 else OLD_OVERDUE_EVERY
    return position % every == every - 1


def _overdue(count: int, years_back: int) -> set[int]:
    """Which of a year's ``count`` awards (by position) have no account yet."""
    return {i for i in range(count) if _is_overdue(i, years_back)}


def write_geld(
    db: Database, rng: random.Random, today: date, say: Progress, *, large: bool = False
) -> dict[str, int]:
    """Record the payments, accounts, settlements and repayments; returns how many of each.
    ``large``: the awards beyond ``MAX_AWARDS`` a year get theirs as bulk rows."""
    actors = _actors(db)
    sec = actors["secretariaat"]
    pd = actors["programmadirecteur"]
    counts = dict.fromkeys(("betalingen", "verantwoordingen", "vaststellingen"), 0)
    counts["terugbetalingen"] = 0
    awards = _awards(db, actors)
    say(f"Betalingen en verantwoordingen ({len(awards)} toekenningen) ...")
    for award in awards:
        paid_on = workday(award.verzonden_op + timedelta(days=14))
        if paid_on > today:
            continue
        betalingen.record_betaling(
            db,
            sec,
            award.aanvraag_id,
            betalingen.BetalingInput(
                paid_on, award.toegekend_cents, f"BT-{paid_on:%Y%m%d}-{award.aanvraag_id:04d}"
            ),
        )
        counts["betalingen"] += 1
    latest = _latest_due_year(db, today)
    settled = 0
    for jaar_index in sorted({a.jaar_index for a in awards if a.jaar_index <= latest}):
        year = [a for a in awards if a.jaar_index == jaar_index]
        overdue = _overdue(len(year), latest - jaar_index)
        own = [i for i, a in enumerate(year) if a.contactpersoon.gebruikersnaam == "contactpersoon"]
        if jaar_index == latest and own and not overdue & set(own):
            overdue.add(own[0])  # the demo's first contactpersoon sees a reminder too
        for i, award in enumerate(year):
            due = accounting_deadline(award.periode_eind)
            if i in overdue or due >= today:
                continue  # overdue: the school has not sent its account yet
            received = workday(due - timedelta(days=rng.randint(0, 20)))
            spent = award.toegekend_cents * rng.randint(82, 100) // 100 // 100 * 100
            checked = workday(received + timedelta(days=rng.randint(2, 10)))
            betalingen.save_verantwoording(
                db,
                award.contactpersoon,
                award.aanvraag_id,
                betalingen.VerantwoordingInput(
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
                _settle(db, pd, sec, award, checked, settled)
                counts["vaststellingen"] += 1
                counts["terugbetalingen"] += 1
    if large:
        paid, accounted = _bulk_rest(db, rng, today, {a.aanvraag_id for a in awards}, latest)
        counts["betalingen"] += paid
        counts["verantwoordingen"] += accounted
    assert pd.rol is Rol.PROGRAMMADIRECTEUR
    return counts


def _settle(db: Database, pd: Actor, sec: Actor, award: _Award, checked: date, nth: int) -> None:
    """Settle ``award`` a week after its account was checked, issue and send the letter, and
    record the repayment (the first in full, the second in part)."""
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
    back = result.terug_cents if nth == 1 else result.terug_cents // 2
    betalingen.record_terugbetaling(
        db,
        sec,
        result.vaststelling_id,
        betalingen.BetalingInput(
            workday(letter_day + timedelta(days=21)), back, f"ONTV-{result.kenmerk}"
        ),
    )


def _bulk_rest(
    db: Database, rng: random.Random, today: date, done: set[int], latest: int
) -> tuple[int, int]:
    """The large database's other awards of the years that fell due (up to ``latest``): a
    payment two weeks after the first letter and, by the rules above, the account. Bulk rows
    (no audit entries), like the rest of the large data; returns (payments, accounts)."""
    with db.read() as session:
        years = _year_ids(session)
        letter_day = (
            select(func.min(Beschikking.briefdatum))
            .where(Beschikking.besluit_id == Besluit.id)
            .scalar_subquery()
        )
        rows = session.execute(
            _awards_in_force(letter_day.label("first_letter"), Schoolbestuur.iban)
            .join(School, School.id == Aanvraag.school_id)
            .join(Schoolbestuur, Schoolbestuur.id == School.bestuur_id)
            .order_by(Aanvraag.schooljaar_id, Aanvraag.id)
        ).all()
    now = db.clock()
    payments: list[dict[str, object]] = []
    accounts: list[dict[str, object]] = []
    position: dict[int, int] = {}
    for row in rows:
        aid, cp_id, cents = row.id, row.contactpersoon_id, row.toegekend_cents
        eind, first_letter, iban = row.periode_eind, row.first_letter, row.iban
        index = years.index(row.schooljaar_id)
        if aid in done or index > latest or first_letter is None:
            continue
        due = accounting_deadline(eind)
        if due >= today:
            continue
        i = position[index] = position.get(index, -1) + 1
        paid_on = workday(first_letter + timedelta(days=14))
        if paid_on > today:
            continue
        payments.append(
            {
                "aanvraag_id": aid,
                "datum": paid_on,
                "bedrag_cents": cents,
                "referentie": f"BT-{paid_on:%Y%m%d}-{aid:04d}",
                "iban": iban or "",
                "vastgelegd_op": now,
            }
        )
        if _is_overdue(i, latest - index):
            continue
        received = max(first_letter, workday(due - timedelta(days=rng.randint(0, 20))))
        spent = cents * rng.randint(82, 100) // 100 // 100 * 100
        accounts.append(
            {
                "aanvraag_id": aid,
                "ontvangen_op": received,
                **_spending(rng, spent),
                "gecontroleerd_door_id": cp_id,
                "gecontroleerd_op": workday(received + timedelta(days=rng.randint(2, 10))),
                "opmerkingen": rng.choice(txt.VERANTWOORDING_OPMERKINGEN),
                "bijlage": f"DMS-{received.year}-{1000 + aid}",
                "vastgelegd_op": now,
            }
        )
    with db.engine.begin() as conn:
        if payments:
            conn.execute(insert(Betaling), payments)
        if accounts:
            conn.execute(insert(Verantwoording), accounts)
    return len(payments), len(accounts)
