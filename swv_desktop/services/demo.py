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

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from ..db import Clock, Database, open_database
from ..errors import KnownError
from ..formatting import long_date, money, schooljaar_label
from ..models import (
    AuditEntry,
    Gebruiker,
    Instroomroute,
    Leerling,
    Organisatie,
    Rol,
    School,
    Schoolbestuur,
    Schooljaar,
)
from . import demo_data as txt
from .auth import hash_password
from .common import Actor
from .demo_aanvragen import Ctx, Jaar, Pupil, SchoolRef, YearFigures, generate_year
from .demo_opp import write_opps
from .instellingen import REGELING_DEFAULTS

Progress = Callable[[str], None]
FIRST_YEAR = 2021
LARGE_FROM_PUPILS = 1000
"""From this many pupils the demo is a benchmark database: letters only for the first two years."""
ISSUED_YEARS_LARGE = 2


def demo_clock(years: int = 2) -> Clock:
    """The fixed demo 'now': 15 June of the last demo year (15 June 2023 for two years)."""
    moment = datetime(FIRST_YEAR + years, 6, 15, 10, 0, tzinfo=UTC)
    return lambda: moment


@dataclass(frozen=True)
class DemoSummary:
    """What ``generate_demo`` made; ``str()`` gives a short Dutch summary."""

    path: Path
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


def _refuse_existing(path: Path) -> None:
    if path.exists() and (path.is_dir() or path.stat().st_size > 0):
        raise KnownError(
            f"'{path}' bestaat al en is niet leeg. De demo overschrijft nooit een bestaande "
            "database; kies een ander pad of verwijder het bestand eerst."
        )


def _validate(pupils: int, years: int) -> None:
    if not 20 <= pupils <= 1_000_000:
        raise KnownError("Het aantal leerlingen voor de demo ligt tussen 20 en 1.000.000.")
    if not 1 <= years <= 30:
        raise KnownError("Het aantal schooljaren voor de demo ligt tussen 1 en 30.")


def _unique_names(rng: random.Random, fixed: tuple[str, ...], a: tuple[str, ...],
                  b: tuple[str, ...], count: int, pattern: str) -> list[str]:  # fmt: skip
    names = list(fixed[:count])
    combos = [
        pattern.format(x=x, y=y) for x in a for y in b if pattern.format(x=x, y=y) not in names
    ]
    rng.shuffle(combos)
    round_no = 1
    while len(names) < count:
        if not combos:
            round_no += 1
            combos = [f"{n} {round_no}" for n in fixed + tuple(names[: len(fixed)])]
        names.append(combos.pop())
    return names[:count]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(txt.VOORNAMEN)} {rng.choice(txt.ACHTERNAMEN)}"


def _address(rng: random.Random) -> dict[str, str]:
    plaats, pc = rng.choice(txt.PLAATSEN)
    letters = "".join(rng.choice("ABCDEGHJKLMNPRSTVWXZ") for _ in range(2))
    return {
        "adres": f"{rng.choice(txt.STRATEN)} {rng.randint(1, 180)}",
        "postcode": f"{pc} {letters}",
        "plaats": plaats,
    }


def _setup(ctx_rng: random.Random, w, years: int, pupils: int, now: datetime) -> dict:  # type: ignore[no-untyped-def]
    """Organisation, users, schooljaren, boards and schools; returns the ids the rest needs."""
    rng = ctx_rng
    w.add(Organisatie, **txt.ORGANISATIE)
    pw_hash = hash_password(txt.DEMO_PASSWORD)  # once: argon2id is slow on purpose
    created = datetime(FIRST_YEAR, 8, 2, 9, 0, tzinfo=UTC)
    users: dict[str, int] = {}
    for username, rol, naam in txt.DEMO_ACCOUNTS:
        users[username] = w.add(
            Gebruiker,
            gebruikersnaam=username,
            volledige_naam=naam,
            email=f"{username}@swv-rivierenland-oost.example",
            rol=Rol(rol),
            wachtwoord_hash=pw_hash,
            actief=True,
            aangemaakt_op=created,
        )
    jaren: list[Jaar] = []
    for y in range(years):
        label = schooljaar_label(FIRST_YEAR + y)
        start, end = date(FIRST_YEAR + y, 8, 1), date(FIRST_YEAR + y + 1, 7, 31)
        jid = w.add(
            Schooljaar,
            label=label,
            start_datum=start,
            eind_datum=end,
            tussenevaluatie_op=date(FIRST_YEAR + 1, 6, 30) if y == 0 else None,
            eindevaluatie_op=date(FIRST_YEAR + 2, 5, 31) if y == 1 else None,
            **REGELING_DEFAULTS,
        )
        jaren.append(
            Jaar(
                index=y,
                id=jid,
                label=label,
                start=start,
                end=end,
                budget_cents=REGELING_DEFAULTS["budget_cents"],
                cap_cents=REGELING_DEFAULTS["individueel_max_cents"],
                group_cap_cents=REGELING_DEFAULTS["groep_max_cents"],
                group_min=REGELING_DEFAULTS["groep_min_leerlingen"],
                interval=REGELING_DEFAULTS["voortgang_interval_maanden"],
            )
        )
    n_schools = max(14, round(pupils / 300))
    n_boards = max(6, round(n_schools / 2.4))
    bestuur_namen = _unique_names(rng, txt.BESTUUR_NAMEN, txt.BESTUUR_SOORTEN,
                                  txt.BESTUUR_WOORDEN, n_boards, "{x} {y}")  # fmt: skip
    boards = [
        w.add(
            Schoolbestuur, naam=naam, bevoegd_gezag_nummer=f"{41000 + 13 * i:05d}", **_address(rng)
        )
        for i, naam in enumerate(bestuur_namen)
    ]
    school_namen = _unique_names(rng, txt.SCHOOL_NAMEN, txt.SCHOOL_WOORDEN,
                                 txt.SCHOOL_SOORTEN, n_schools, "{x} {y}")  # fmt: skip
    brins = sorted({f"{rng.randint(10, 99)}{rng.choice('ABCDEFGHJKLMNPRSTUVWXZ')}"
                    f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXZ')}" for _ in range(n_schools * 3)})  # fmt: skip
    rng.shuffle(brins)
    cps = [users["contactpersoon"], users["contactpersoon2"], users["contactpersoon3"]]
    schools: list[SchoolRef] = []
    for i, naam in enumerate(school_namen):
        cp = cps[i % len(cps)]
        board = boards[i] if i < len(boards) else rng.choice(boards)
        sid = w.add(
            School,
            naam=naam,
            brin=brins[i],
            vestigingsnummer=f"{brins[i]}00",
            ondersteuningscoordinator=f"{rng.choice(('mevr.', 'dhr.'))} {_person(rng)}",
            bestuur_id=board,
            contactpersoon_id=cp,
            **_address(rng),
        )
        schools.append(SchoolRef(id=sid, contactpersoon_id=cp))
    return {"users": users, "jaren": jaren, "schools": schools}


_NIVEAUS = ("vmbo-bb", "vmbo-kb", "vmbo-gt", "havo", "vwo", "pro")
_MAX_LEERJAAR = {"vmbo-bb": 4, "vmbo-kb": 4, "vmbo-gt": 4, "havo": 5, "vwo": 6, "pro": 5}
_COMBINED = {"vmbo-bb": "vmbo-bb/kb", "vmbo-kb": "vmbo-kb/gt", "vmbo-gt": "vmbo-gt/havo",
             "havo": "havo/vwo"}  # fmt: skip


def _pupils(rng: random.Random, w, count: int, years: int, schools: list[SchoolRef]) -> list[Pupil]:  # type: ignore[no-untyped-def]
    weights = [rng.uniform(0.5, 2.0) for _ in schools]
    school_of = rng.choices(range(len(schools)), weights=weights, k=count)
    result: list[Pupil] = []
    for i in range(count):
        home = rng.randint(-1, years - 1)
        active = tuple(y for y in (home, home + 1) if 0 <= y < years)
        base = rng.choices(_NIVEAUS, weights=(3, 3, 4, 3, 2, 1))[0]
        top = _MAX_LEERJAAR[base]
        leerjaar = rng.choices(range(1, top + 1), weights=[6, 5, 4, 3, 2, 1][:top])[0]
        niveau = (
            _COMBINED[base] if base in _COMBINED and leerjaar <= 2 and rng.random() < 0.25 else base
        )
        ref = FIRST_YEAR + active[-1]
        born = date(ref - 12 - leerjaar, 10, 1) + timedelta(days=rng.randint(0, 364))
        if rng.random() < 0.1:
            born -= timedelta(days=365)
        if leerjaar == 1 and rng.random() < 0.35:
            route = Instroomroute.ONDERINSTROOM
        elif rng.random() < 0.1:
            route = Instroomroute.OVERSTAP_VSO
        else:
            route = Instroomroute.REGULIER_VO
        first = date(FIRST_YEAR + active[0], 8, 1)
        pid = w.add(
            Leerling,
            leerlingnummer=f"LL-{i + 1:06d}",
            voornaam=rng.choice(txt.VOORNAMEN),
            tussenvoegsel=rng.choice(txt.TUSSENVOEGSELS),
            achternaam=rng.choice(txt.ACHTERNAMEN),
            geboortedatum=born,
            school_id=schools[school_of[i]].id,
            niveau=niveau,
            leerjaar=leerjaar,
            instroomroute=route,
            aangemaakt_op=datetime(first.year, first.month, rng.randint(2, 20), 9, 0, tzinfo=UTC),
        )
        result.append(
            Pupil(id=pid, school=school_of[i], years=active, geboortedatum=born, niveau=niveau)
        )
    return result


def _apps_per_year(pupils: int, years: int) -> list[int]:
    total = round(pupils * 9 / 16)
    base, extra = divmod(total, years)
    return [base + (1 if y >= years - extra else 0) for y in range(years)]


def generate_demo(
    path: Path,
    *,
    seed: int = 2021,
    pupils: int = 80,
    years: int = 2,
    progress: Progress | None = None,
    clock: Clock | None = None,
) -> DemoSummary:
    """Create a new demo database at ``path`` (refused when the file exists and is not empty)."""
    path = Path(path)
    _refuse_existing(path)
    _validate(pupils, years)
    say = progress or (lambda _m: None)
    started = time.perf_counter()
    clock = clock or demo_clock(years)
    db = open_database(path, clock=clock)
    try:
        summary = _fill(db, seed=seed, pupils=pupils, years=years, say=say)
    except BaseException:
        db.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    db.close()
    return DemoSummary(**{**summary, "seconds": time.perf_counter() - started})


def _fill(db: Database, *, seed: int, pupils: int, years: int, say: Progress) -> dict:  # type: ignore[type-arg]
    from .demo_writer import RowWriter

    rng = random.Random(seed)
    now = db.clock()
    today = now.date()
    large = pupils >= LARGE_FROM_PUPILS
    w = RowWriter(db)
    say("Organisatie, gebruikers, schooljaren, besturen en scholen ...")
    ids = _setup(rng, w, years, pupils, now)
    say(f"{pupils} leerlingen ...")
    pupil_rows = _pupils(rng, w, pupils, years, ids["schools"])
    issued_years = set(range(ISSUED_YEARS_LARGE)) if large else set(range(years))
    ctx = Ctx(
        rng=rng,
        w=w,
        today=today,
        jaren=ids["jaren"],
        schools=ids["schools"],
        pupils=pupil_rows,
        pd_id=ids["users"]["programmadirecteur"],
        prefix=txt.ORGANISATIE["kenmerk_prefix"],
        send_years=issued_years,
    )
    figures = []
    for jaar, n in zip(ids["jaren"], _apps_per_year(pupils, years), strict=True):
        say(f"Schooljaar {jaar.label}: {n} aanvragen ...")
        figures.append(generate_year(ctx, jaar, n))
    say("OPP's ...")
    write_opps(ctx)
    w.add(AuditEntry, op=now, gebruiker_id=None, gebruikersnaam="systeem", entiteit="database",
          entiteit_id=None, actie="demo aangemaakt", voor="",
          na=f'{{"seed": {seed}, "leerlingen": {pupils}, "jaren": {years}}}')  # fmt: skip
    w.flush()
    with db.engine.begin() as conn:
        for jaar in ids["jaren"]:
            conn.execute(
                text("UPDATE schooljaar SET budget_cents = :b WHERE id = :i"),
                {"b": jaar.budget_cents, "i": jaar.id},
            )
    uitgegeven, note = _issue(db, ctx, ids, large, say)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return {
        "path": db.path,
        "seed": seed,
        "today": today,
        "counts": dict(w.counts),
        "jaren": figures,
        "uitgegeven": uitgegeven,
        "uitgifte_opmerking": note,
        "accounts": [a[0] for a in txt.DEMO_ACCOUNTS],
    }


def _issue(db: Database, ctx: Ctx, ids: dict, large: bool, say: Progress) -> tuple[int, str]:  # type: ignore[type-arg]
    """Issue (render and freeze) the beschikkingen; in large mode only those of the first years."""
    try:
        from .beschikkingen import issue_pending
    except ImportError:  # pragma: no cover - only while the letters module is being written
        return 0, "De beschikkingen zijn niet uitgegeven: de briefmodule ontbreekt."
    pd = txt.DEMO_ACCOUNTS[3]
    actor = Actor(id=ids["users"]["programmadirecteur"], gebruikersnaam=pd[0], naam=pd[2],
                  rol=Rol.PROGRAMMADIRECTEUR)  # fmt: skip
    targets = [j.id for j in ids["jaren"][:ISSUED_YEARS_LARGE]] if large else [None]
    issued = 0
    for jaar_id in targets:
        issued += issue_pending(
            db, actor, schooljaar_id=jaar_id, progress=_every(say, 500 if large else 10)
        )
    # letters of the demo were issued on their letter date (the service stamps 'now')
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE beschikking SET uitgegeven_op = briefdatum || ' 16:30:00.000000' "
                "WHERE uitgegeven_op IS NOT NULL"
            )
        )
    note = ""
    if large:
        labels = ", ".join(j.label for j in ids["jaren"][:ISSUED_YEARS_LARGE])
        note = (
            f"Grote demo: alleen de beschikkingen van {labels} zijn uitgegeven; die van latere "
            "jaren staan klaar om uit te geven."
        )
    return issued, note


def _every(say: Progress, n: int) -> Progress:
    count = 0

    def report(message: str) -> None:
        nonlocal count
        count += 1
        if count % n == 0:
            say(message)

    return report
