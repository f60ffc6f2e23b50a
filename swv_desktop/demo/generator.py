"""The demo database: fictional but realistic data for trying the product and for benchmarks.

``generate_demo(path)`` creates a new database with a fictional samenwerkingsverband, the pilot
years 2021-2022 and 2022-2023 with the regulation's figures, about 6 boards and 14 schools, one
account per role (plus two more contactpersonen), 80 pupils with OPPs, 45 applications (group plans
among them) spread over the whole workflow, decisions with issued beschikkingen, progress talks
(some overdue), outcomes, and in the last year an open application that would take the awarded
total past the budget. "Today" is a fixed demo date (15 June of the last year) so everything is
deterministic for a seed. ``--pupils 50000 --years 10`` builds a large database for benchmarks.
"""

from __future__ import annotations

import json
import random
import time as clock_time
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from pathlib import Path

from sqlalchemy import Table
from sqlalchemy import bindparam
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy import update

from swv_desktop.db import Clock
from swv_desktop.db import Database
from swv_desktop.demo import teksten as txt
from swv_desktop.demo.aanvragen import generate_year
from swv_desktop.demo.basis import FIRST_YEAR
from swv_desktop.demo.basis import write_basis
from swv_desktop.demo.basis import write_leerlingen
from swv_desktop.demo.geld import write_geld
from swv_desktop.demo.klok import demo_clock_until
from swv_desktop.demo.opp import write_opps
from swv_desktop.demo.rijen import Ctx
from swv_desktop.demo.rijen import YearFigures
from swv_desktop.demo.vso import write_vso_register
from swv_desktop.demo.writer import RowWriter
from swv_desktop.dialect import Target
from swv_desktop.dialect import after_bulk_load
from swv_desktop.dialect import continue_sequences
from swv_desktop.dialect import discard
from swv_desktop.dialect import is_empty
from swv_desktop.dialect import parse_target
from swv_desktop.encryption.convert import enroll_accounts
from swv_desktop.encryption.convert import new_keyring
from swv_desktop.encryption.slotcrypto import KdfParams
from swv_desktop.errors import KnownError
from swv_desktop.formatting import long_date
from swv_desktop.formatting import money
from swv_desktop.models import AuditEntry
from swv_desktop.models import Base
from swv_desktop.models import Beschikking
from swv_desktop.models import Vaststelling
from swv_desktop.opening import open_database
from swv_desktop.services.auth import authenticate
from swv_desktop.services.beschikkingen.uitgifte import issue_pending
from swv_desktop.services.common import Progress

LARGE_FROM_LEERLINGEN = 1000
"""From this many pupils the demo is a benchmark database: letters only for the first two years."""
ISSUED_YEARS_LARGE = 2


def demo_clock(years: int = 2) -> Clock:
    """The fixed demo 'now': 15 June of the last demo year (15 June 2023 for two years)."""
    return demo_clock_until(FIRST_YEAR + years)


@dataclass(frozen=True)
class DemoSummary:
    """What ``generate_demo`` made; ``str()`` gives a short Dutch summary."""

    path: Path | str
    seed: int
    today: date
    counts: dict[str, int]
    jaren: list[YearFigures]
    uitgegeven: int
    uitgifte_opmerking: str
    seconds: float
    accounts: list[str] = field(default_factory=list)

    def count(self, table: str) -> int:
        """Rows written to ``table``."""
        return self.counts.get(table, 0)

    def __str__(self) -> str:
        c = self.count
        groepen = sum(j.groepen for j in self.jaren)
        achterstallig = sum(j.achterstallig for j in self.jaren)
        lines = [
            f"Demodatabase aangemaakt: {self.path}",
            f"Seed {self.seed}; 'vandaag' is in de demo {long_date(self.today)}.",
            f"{c('schoolbestuur')} schoolbesturen, {c('school')} scholen, "
            f"{c('gebruiker')} gebruikers: {', '.join(self.accounts)} "
            f"(wachtwoord {txt.DEMO_PASSWORD}).",
            f"{c('leerling')} leerlingen met {c('opp')} OPP-versies; {c('aanvraag')} aanvragen "
            f"({groepen} groepsaanpakken); {c('besluit')} besluiten met evenveel beschikkingen, "
            f"waarvan {self.uitgegeven} uitgegeven.",
            f"{c('voortgangsgesprek')} voortgangsgesprekken ({achterstallig} achterstallig), "
            f"{c('leerling_uitkomst')} uitkomsten van leerlingen.",
            f"{c('betalingen')} betalingen, {c('verantwoordingen')} verantwoordingen, "
            f"{c('vaststellingen')} vaststellingen met een terugbetaling.",
        ]
        for j in self.jaren:
            extra = " (budget afgeleid van de omvang)" if j.budget_afgeleid else ""
            lines.append(
                f"{j.label}: toegekend {money(j.awarded_cents)} van {money(j.budget_cents)}{extra}; "
                f"in behandeling {money(j.pending_cents)}; {j.aanvragen} aanvragen, "
                f"{j.toekenningen} toekenningen, {j.afwijzingen} afwijzingen."
            )
        if self.uitgifte_opmerking:
            lines.append(self.uitgifte_opmerking)
        lines.append(f"Klaar in {self.seconds:.1f} s.")
        return "\n".join(lines)


def _refuse_existing(path: Target) -> None:
    if not is_empty(path):
        raise KnownError(
            f"'{path}' bestaat al en is niet leeg. De demo overschrijft nooit een bestaande "
            "database; kies een ander pad of verwijder het bestand eerst."
        )


def _validate(leerlingen: int, years: int) -> None:
    if not 20 <= leerlingen <= 1_000_000:
        raise KnownError("Het aantal leerlingen voor de demo ligt tussen 20 en 1.000.000.")
    if not 1 <= years <= 30:
        raise KnownError("Het aantal schooljaren voor de demo ligt tussen 1 en 30.")


def _apps_per_year(leerlingen: int, years: int) -> list[int]:
    total = round(leerlingen * 9 / 16)
    base, extra = divmod(total, years)
    return [base + (1 if y >= years - extra else 0) for y in range(years)]


def generate_demo(
    path: Path | str,
    *,
    seed: int = 2021,
    leerlingen: int = 80,
    years: int = 2,
    progress: Progress | None = None,
    clock: Clock | None = None,
    encrypted: bool = True,
    kdf: KdfParams | None = None,
) -> DemoSummary:
    """Create a new demo database at ``path`` (refused when the file exists and is not empty).

    Deterministic for a seed: the clock is fixed (``demo_clock``) unless one is given. From
    ``LARGE_FROM_PUPILS`` pupils only the beschikkingen of the first two years are issued.
    A SQLite file is encrypted like every database (key file beside it; each demo account opens
    it with the demo password); ``encrypted=False`` only for the plain side of the benchmark.
    """
    target = parse_target(path)
    _refuse_existing(target)
    _validate(leerlingen, years)
    say = progress or (lambda _message: None)
    started = clock_time.perf_counter()
    ring = None
    if encrypted and isinstance(target, Path):
        ring = new_keyring(target, txt.ORGANISATIE["naam"], kdf)
    db = open_database(target, keys=ring, clock=clock or demo_clock(years))
    try:
        summary = _fill(db, seed=seed, leerlingen=leerlingen, years=years, say=say)
        if ring is not None:  # the demo accounts' slots, from their (shared) password hash
            with db.engine.connect() as conn:
                users = conn.exec_driver_sql(
                    "SELECT gebruikersnaam, wachtwoord_hash FROM gebruiker WHERE actief"
                ).all()
            enroll_accounts(
                ring.file, ring.data_key, [(r.gebruikersnaam, r.wachtwoord_hash) for r in users]
            )
            ring.file.save()
        after_bulk_load(db.engine)
    except BaseException:
        discard(target, db.engine)
        db.close()
        if isinstance(target, Path):
            for suffix in (".sleutels", ".aanmeldpogingen"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
        raise
    db.close()
    return replace(summary, seconds=clock_time.perf_counter() - started)


def _fill(db: Database, *, seed: int, leerlingen: int, years: int, say: Progress) -> DemoSummary:
    rng = random.Random(seed)
    now = db.clock()
    large = leerlingen >= LARGE_FROM_LEERLINGEN
    w = RowWriter(db)
    say("Organisatie, gebruikers, schooljaren, besturen en scholen ...")
    basis = write_basis(rng, w, years, leerlingen)
    say(f"{leerlingen} leerlingen ...")
    leerling_rows = write_leerlingen(rng, w, leerlingen, years, basis.schools)
    issued_years = range(ISSUED_YEARS_LARGE) if large else range(years)
    ctx = Ctx(
        rng=rng,
        w=w,
        today=now.date(),
        jaren=basis.jaren,
        schools=basis.schools,
        leerlingen=leerling_rows,
        pd_id=basis.users["programmadirecteur"],
        prefix=txt.ORGANISATIE["kenmerk_prefix"],
        send_years=set(issued_years),
    )
    figures = []
    for jaar, n in zip(basis.jaren, _apps_per_year(leerlingen, years), strict=True):
        say(f"Schooljaar {jaar.label}: {n} aanvragen ...")
        figures.append(generate_year(ctx, jaar, n))
    say("OPP's ...")
    write_opps(ctx)
    say("VSO-expertiseregister ...")
    write_vso_register(rng, w, basis.jaren, basis.schools, now.date(), now)
    w.add(
        AuditEntry,
        op=now,
        gebruiker_id=None,
        gebruikersnaam="systeem",
        entiteit="database",
        entiteit_id=None,
        actie="demo aangemaakt",
        voor="",
        na=json.dumps({"seed": seed, "leerlingen": leerlingen, "jaren": years}),
    )
    w.flush()
    with db.engine.begin() as conn:  # large mode derives the budgets from what was awarded
        continue_sequences(conn, [t.name for t in Base.metadata.sorted_tables if "id" in t.c])
        for jaar in basis.jaren:
            conn.execute(
                text("UPDATE schooljaar SET budget_cents = :b WHERE id = :i"),
                {"b": jaar.budget_cents, "i": jaar.id},
            )
    targets: list[int | None] = [basis.jaren[y].id for y in issued_years] if large else [None]
    uitgegeven = _issue(db, targets, say, large)
    money_counts = write_geld(db, rng, now.date(), say, large=large)
    _issued_on_letter_day(db, Vaststelling.__table__)
    note = ""
    if large:
        labels = " en ".join(basis.jaren[y].label for y in issued_years)
        note = (
            f"Grote demo: alleen de beschikkingen van {labels} zijn uitgegeven; die van latere "
            "jaren staan klaar om uit te geven. Betalingen en verantwoordingen van de "
            "afgelopen jaren staan er als rijen in."
        )
    return DemoSummary(
        path=db.path or db.location,
        seed=seed,
        today=now.date(),
        counts={**w.counts, **money_counts},
        jaren=figures,
        uitgegeven=uitgegeven,
        uitgifte_opmerking=note,
        seconds=0.0,
        accounts=[a[0] for a in txt.DEMO_ACCOUNTS],
    )


def _issue(db: Database, targets: list[int | None], say: Progress, large: bool) -> int:
    """Issue (render and freeze) the beschikkingen of ``targets`` (``None``: every year)."""
    username, _rol, _naam = txt.DEMO_ACCOUNTS[3]
    actor = authenticate(db, username, txt.DEMO_PASSWORD)  # the batch signs in, like a person
    issued = 0
    for jaar_id in targets:
        issued += issue_pending(
            db, actor, schooljaar_id=jaar_id, progress=_every(say, 500 if large else 10)
        )
    _issued_on_letter_day(db, Beschikking.__table__)
    return issued


def _issued_on_letter_day(db: Database, table: object) -> None:
    """In the story each letter was issued on its letter date (the service stamps 'now')."""
    assert isinstance(table, Table)
    with db.engine.begin() as conn:
        issued_on = conn.execute(
            select(table.c.id, table.c.briefdatum).where(table.c.uitgegeven_op.is_not(None))
        ).all()
        if issued_on:
            conn.execute(
                update(table)
                .where(table.c.id == bindparam("b_id"))
                .values(uitgegeven_op=bindparam("moment")),
                [
                    {
                        "b_id": r.id,
                        "moment": datetime.combine(r.briefdatum, time(16, 30), tzinfo=UTC),
                    }
                    for r in issued_on
                ],
            )


def _every(say: Progress, n: int) -> Progress:
    count = 0

    def report(message: str) -> None:
        nonlocal count
        count += 1
        if count % n == 0:
            say(message)

    return report
