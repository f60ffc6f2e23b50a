"""The foundation of the demo database: the fictional SWV's settings, the demo accounts (one
password hash for all of them), the schooljaren with the regulation's figures, school boards,
schools and pupils."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta

from swv_desktop.demo import teksten as txt
from swv_desktop.demo.rijen import MAX_LEERJAAR
from swv_desktop.demo.rijen import Jaar
from swv_desktop.demo.rijen import LeerlingRij
from swv_desktop.demo.rijen import SchoolRef
from swv_desktop.demo.writer import RowWriter
from swv_desktop.formatting import schooljaar_label
from swv_desktop.models import Gebruiker
from swv_desktop.models import Instroomroute
from swv_desktop.models import Leerling
from swv_desktop.models import Organisatie
from swv_desktop.models import Rol
from swv_desktop.models import School
from swv_desktop.models import Schoolbestuur
from swv_desktop.models import Schooljaar
from swv_desktop.services.auth import hash_password
from swv_desktop.services.iban import make_iban
from swv_desktop.services.instellingen import REGELING_DEFAULTS

FIRST_YEAR = 2021
_LETTERS = "ABCDEFGHJKLMNPRSTUVWXZ"


@dataclass
class Basis:
    """What the rest of the generator needs from the foundation."""

    users: dict[str, int]
    jaren: list[Jaar]
    schools: list[SchoolRef]


def _unique_names(
    rng: random.Random,
    fixed: tuple[str, ...],
    a: tuple[str, ...],
    b: tuple[str, ...],
    count: int,
    pattern: str,
) -> list[str]:
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


def _coordinator(rng: random.Random) -> str:
    """``mevrouw A. Bakker`` or ``de heer P. Smit``: the form the letters' salutation reads, with a
    title that fits the first name."""
    title, names = rng.choice((("mevrouw", txt.VOORNAMEN_VROUW), ("de heer", txt.VOORNAMEN_MAN)))
    return f"{title} {rng.choice(names)[0]}. {rng.choice(txt.ACHTERNAMEN)}"


def school_niveaus(naam: str) -> tuple[str, ...]:
    """The niveaus a school of this (fictional) name offers: a praktijkschool only pro, a mavo
    vmbo-gt, a vakcollege the vmbo, a lyceum or atheneum havo and vwo, a college or
    scholengemeenschap vmbo to vwo (no pro: that is the praktijkschool's)."""
    lower = naam.lower()
    if "praktijk" in lower:
        return ("pro",)
    if "mavo" in lower:
        return ("vmbo-gt",)
    if "vakcollege" in lower:
        return ("vmbo-bb", "vmbo-kb", "vmbo-gt")
    if "lyceum" in lower or "atheneum" in lower:
        return ("havo", "vwo")
    return ("vmbo-bb", "vmbo-kb", "vmbo-gt", "havo", "vwo")


def _address(rng: random.Random) -> dict[str, str]:
    plaats, pc = rng.choice(txt.PLAATSEN)
    letters = "".join(rng.choice("ABCDEGHJKLMNPRSTVWXZ") for _ in range(2))
    return {
        "adres": f"{rng.choice(txt.STRATEN)} {rng.randint(1, 180)}",
        "postcode": f"{pc} {letters}",
        "plaats": plaats,
    }


def write_basis(rng: random.Random, w: RowWriter, years: int, leerlingen: int) -> Basis:
    """Organisation, users, schooljaren, boards and schools (about one school per 300 pupils)."""
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
    n_schools = max(14, round(leerlingen / 300))
    n_besturen = max(6, round(n_schools / 2.4))
    bestuur_namen = _unique_names(
        rng, txt.BESTUUR_NAMEN, txt.BESTUUR_SOORTEN, txt.BESTUUR_WOORDEN, n_besturen, "{x} {y}"
    )
    besturen = [
        w.add(
            Schoolbestuur,
            naam=naam,
            bevoegd_gezag_nummer=f"{41000 + 13 * i:05d}",
            iban=make_iban("TEST", f"{1000 + 7 * i:010d}"),  # fictional bank code
            **_address(rng),
        )
        for i, naam in enumerate(bestuur_namen)
    ]
    school_namen = _unique_names(
        rng, txt.SCHOOL_NAMEN, txt.SCHOOL_WOORDEN, txt.SCHOOL_SOORTEN, n_schools, "{x} {y}"
    )
    brins: list[str] = []
    while len(brins) < n_schools:
        code = f"{rng.randint(10, 99)}{rng.choice(_LETTERS)}{rng.choice(_LETTERS)}"
        if code not in brins:
            brins.append(code)
    cps = [users["contactpersoon"], users["contactpersoon2"], users["contactpersoon3"]]
    schools: list[SchoolRef] = []
    for i, naam in enumerate(school_namen):
        cp = cps[i % len(cps)]
        bestuur = besturen[i] if i < len(besturen) else rng.choice(besturen)
        sid = w.add(
            School,
            naam=naam,
            brin=brins[i],
            vestigingsnummer=f"{brins[i]}00",
            ondersteuningscoordinator=_coordinator(rng),
            bestuur_id=bestuur,
            contactpersoon_id=cp,
            **_address(rng),
        )
        schools.append(SchoolRef(id=sid, contactpersoon_id=cp, niveaus=school_niveaus(naam)))
    return Basis(users=users, jaren=jaren, schools=schools)


_NIVEAU_WEIGHTS = {"vmbo-bb": 3, "vmbo-kb": 3, "vmbo-gt": 4, "havo": 3, "vwo": 2, "pro": 1}
# niveau -> (the combined class in leerjaar 1-2, the niveau the school must offer too)
_COMBINED = {
    "vmbo-bb": ("vmbo-bb/kb", "vmbo-kb"),
    "vmbo-kb": ("vmbo-kb/gt", "vmbo-gt"),
    "vmbo-gt": ("vmbo-gt/havo", "havo"),
    "havo": ("havo/vwo", "vwo"),
}


def write_leerlingen(
    rng: random.Random, w: RowWriter, count: int, years: int, schools: list[SchoolRef]
) -> list[LeerlingRij]:
    """The pupils, each active in one or two consecutive demo years, with a fitting date of birth
    for the leerjaar in the last of them."""
    weights = [rng.uniform(0.5, 2.0) for _ in schools]
    school_of = rng.choices(range(len(schools)), weights=weights, k=count)
    result: list[LeerlingRij] = []
    for i in range(count):
        home = rng.randint(-1, years - 1)
        active = tuple(y for y in (home, home + 1) if 0 <= y < years)
        offered = schools[school_of[i]].niveaus or tuple(_NIVEAU_WEIGHTS)
        base = rng.choices(offered, weights=[_NIVEAU_WEIGHTS[n] for n in offered])[0]
        top = MAX_LEERJAAR[base]
        leerjaar = rng.choices(range(1, top + 1), weights=[6, 5, 4, 3, 2, 1][:top])[0]
        if leerjaar < len(active):  # in VO in each of its years: leerjaar 1 has no year before
            active = active[-1:]
        combined, other = _COMBINED.get(base, ("", ""))
        niveau = (
            combined
            if combined and other in offered and leerjaar <= 2 and rng.random() < 0.25
            else base
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
            LeerlingRij(
                id=pid,
                school=school_of[i],
                years=active,
                geboortedatum=born,
                niveau=niveau,
                leerjaar=leerjaar,
            )
        )
    return result
