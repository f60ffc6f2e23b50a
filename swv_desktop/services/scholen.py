"""School boards and schools: kept up to date by the secretariaat (and the beheerder)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.db import Database
from swv_desktop.errors import Validator
from swv_desktop.models import Gebruiker
from swv_desktop.models import Rol
from swv_desktop.models import School
from swv_desktop.models import Schoolbestuur
from swv_desktop.services import invoer
from swv_desktop.services import scope
from swv_desktop.services.commands import command
from swv_desktop.services.common import Actor
from swv_desktop.services.common import audited_save
from swv_desktop.services.common import claim_version
from swv_desktop.services.common import get_or_404
from swv_desktop.services.common import plain
from swv_desktop.services.common import snapshot
from swv_desktop.services.iban import format_iban
from swv_desktop.services.scope import Recht

EDITORS = tuple(sorted(scope.RECHTEN[Recht.SCHOLEN_BEHEREN]))
_BRIN = r"[0-9]{2}[A-Z]{2}"
_VESTIGING = r"[0-9]{2}[A-Z]{2}[0-9]{2}"
_POSTCODE = re.compile(r"^[0-9]{4} ?[A-Z]{2}$", re.ASCII)
_BEVOEGD_GEZAG = r"[0-9]{4,6}"


@dataclass
class BestuurInput:
    """What the bestuur form edits."""

    naam: str
    bevoegd_gezag_nummer: str
    adres: str = ""
    postcode: str = ""
    plaats: str = ""
    iban: str = ""
    versie: int | None = None
    """The version the form loaded (``None`` for a new board)."""


@dataclass
class SchoolInput:
    """What the school form edits."""

    naam: str
    brin: str
    vestigingsnummer: str
    bestuur_id: int | None
    adres: str = ""
    postcode: str = ""
    plaats: str = ""
    ondersteuningscoordinator: str = ""
    contactpersoon_id: int | None = None
    versie: int | None = None
    """The version the form loaded (``None`` for a new school)."""


def _check_address(
    v: Validator, adres: object, postcode: object, plaats: object
) -> tuple[str, str, str]:
    """The address fields, checked; the postcode normalised to ``1234 AB``."""
    street = invoer.text(v, "adres", "Het adres", adres, max_len=200)
    town = invoer.text(v, "plaats", "De plaats", plaats, max_len=100)
    code = invoer.text(v, "postcode", "De postcode", postcode, max_len=10)
    if code and not (code.isascii() and _POSTCODE.match(code.upper())):
        v.add("postcode", f"'{code}' is geen Nederlandse postcode (1234 AB).")
    return street, _norm_postcode(code), town


def _norm_postcode(postcode: str) -> str:
    raw = postcode.strip().upper().replace(" ", "")
    return f"{raw[:4]} {raw[4:]}" if len(raw) == 6 else postcode.strip()


def clean_bestuur(data: BestuurInput) -> BestuurInput:
    """The board's fields checked and normalised, or ``ValidationError`` naming each field."""
    v = Validator()
    naam = invoer.text(
        v,
        "naam",
        "De naam",
        data.naam,
        max_len=200,
        required="Vul de naam van het schoolbestuur in.",
    )
    nummer = invoer.code(
        v,
        "bevoegd_gezag_nummer",
        data.bevoegd_gezag_nummer,
        _BEVOEGD_GEZAG,
        "Het bevoegd-gezagnummer bestaat uit 4 tot 6 cijfers.",
    )
    adres, postcode, plaats = _check_address(v, data.adres, data.postcode, data.plaats)
    iban = invoer.iban(v, "iban", "Het IBAN", data.iban)
    v.raise_if_any()
    return BestuurInput(naam, nummer, adres, postcode, plaats, iban, data.versie)


def write_bestuur(
    session: Session, actor: Actor, now: datetime, data: BestuurInput, bestuur_id: int | None
) -> int:
    """Store a cleaned board (``clean_bestuur``) in the open write transaction, audited."""
    v = Validator()
    nummer = data.bevoegd_gezag_nummer
    clash = session.scalars(
        select(Schoolbestuur.id).where(Schoolbestuur.bevoegd_gezag_nummer == nummer)
    ).first()
    v.check(
        clash is None or clash == bestuur_id,
        "bevoegd_gezag_nummer",
        f"Er is al een schoolbestuur met bevoegd-gezagnummer {nummer}.",
    )
    v.raise_if_any()
    if bestuur_id is None:
        bestuur = Schoolbestuur(naam="", bevoegd_gezag_nummer=nummer)
        session.add(bestuur)
        before = None
    else:
        bestuur = get_or_404(session, Schoolbestuur, bestuur_id, "Schoolbestuur")
        claim_version(
            session, bestuur, data.versie, entiteit="schoolbestuur", wat=f"bestuur {bestuur.naam}"
        )
        before = snapshot(bestuur)
    bestuur.naam = data.naam
    bestuur.bevoegd_gezag_nummer = nummer
    bestuur.adres = data.adres
    bestuur.postcode = data.postcode
    bestuur.plaats = data.plaats
    bestuur.iban = data.iban
    audited_save(session, actor, "schoolbestuur", bestuur, before, now=now)
    return bestuur.id


@command("bestuur.opslaan", entity="schoolbestuur", id_param="bestuur_id")
def save_bestuur(
    db: Database, actor: Actor, data: BestuurInput, bestuur_id: int | None = None
) -> int:
    """Create or change a school board; returns its id."""
    scope.active(db, actor, Recht.SCHOLEN_BEHEREN)
    clean = clean_bestuur(data)
    with db.transaction() as session:
        return write_bestuur(session, actor, db.clock(), clean, bestuur_id)


def clean_school(data: SchoolInput) -> SchoolInput:
    """The school's fields checked and normalised, or ``ValidationError`` naming each field."""
    v = Validator()
    naam = invoer.text(
        v, "naam", "De naam", data.naam, max_len=200, required="Vul de naam van de school in."
    )
    brin = invoer.code(
        v, "brin", data.brin, _BRIN, "De BRIN-code bestaat uit 2 cijfers en 2 letters (bijv. 12AB)."
    )
    wrong_vestiging = "Het vestigingsnummer is de BRIN-code gevolgd door 2 cijfers (bijv. 12AB00)."
    vestiging = invoer.code(
        v, "vestigingsnummer", data.vestigingsnummer, _VESTIGING, wrong_vestiging
    )
    if vestiging and vestiging[:4] != brin:
        v.add("vestigingsnummer", wrong_vestiging)
    coordinator = invoer.text(
        v,
        "ondersteuningscoordinator",
        "De ondersteuningscoördinator",
        data.ondersteuningscoordinator,
        max_len=200,
    )
    bestuur_id = invoer.ident(v, "bestuur_id", "Het schoolbestuur", data.bestuur_id)
    contactpersoon_id = invoer.ident(
        v, "contactpersoon_id", "De contactpersoon", data.contactpersoon_id
    )
    v.check(data.bestuur_id is not None, "bestuur_id", "Kies het schoolbestuur.")
    adres, postcode, plaats = _check_address(v, data.adres, data.postcode, data.plaats)
    v.raise_if_any()
    return SchoolInput(
        naam,
        brin,
        vestiging,
        bestuur_id,
        adres,
        postcode,
        plaats,
        coordinator,
        contactpersoon_id,
        data.versie,
    )


def write_school(
    session: Session, actor: Actor, now: datetime, data: SchoolInput, school_id: int | None
) -> int:
    """Store a cleaned school (``clean_school``) in the open write transaction, audited."""
    v = Validator()
    bestuur_id, contactpersoon_id = data.bestuur_id, data.contactpersoon_id
    if bestuur_id is not None:
        v.check(
            session.get(Schoolbestuur, bestuur_id) is not None,
            "bestuur_id",
            "Het gekozen schoolbestuur bestaat niet (meer).",
        )
    if contactpersoon_id is not None:
        cp = session.get(Gebruiker, contactpersoon_id)
        v.check(
            cp is not None and cp.rol is Rol.CONTACTPERSOON,
            "contactpersoon_id",
            "Kies een contactpersoon van het bureau.",
        )
    vestiging = data.vestigingsnummer
    clash = session.scalars(select(School.id).where(School.vestigingsnummer == vestiging)).first()
    v.check(
        clash is None or clash == school_id,
        "vestigingsnummer",
        f"Er is al een school met vestigingsnummer {vestiging}.",
    )
    v.raise_if_any()
    assert bestuur_id is not None
    if school_id is None:
        school = School(naam="", brin=data.brin, vestigingsnummer=vestiging, bestuur_id=bestuur_id)
        session.add(school)
        before = None
    else:
        school = get_or_404(session, School, school_id, "School")
        claim_version(session, school, data.versie, entiteit="school", wat=f"school {school.naam}")
        before = snapshot(school)
    school.naam = data.naam
    school.brin = data.brin
    school.vestigingsnummer = vestiging
    school.bestuur_id = bestuur_id
    school.adres = data.adres
    school.postcode = data.postcode
    school.plaats = data.plaats
    school.ondersteuningscoordinator = data.ondersteuningscoordinator
    school.contactpersoon_id = contactpersoon_id
    audited_save(session, actor, "school", school, before, now=now)
    return school.id


@command("school.opslaan", entity="school", id_param="school_id")
def save_school(db: Database, actor: Actor, data: SchoolInput, school_id: int | None = None) -> int:
    """Create or change a school (vestiging); returns its id."""
    scope.active(db, actor, Recht.SCHOLEN_BEHEREN)
    clean = clean_school(data)
    with db.transaction() as session:
        return write_school(session, actor, db.clock(), clean, school_id)


def get_bestuur(db: Database, bestuur_id: int) -> BestuurInput:
    """A board's editable fields."""
    with db.read() as session:
        b = get_or_404(session, Schoolbestuur, bestuur_id, "Schoolbestuur")
        return plain(BestuurInput, b, iban=format_iban(b.iban))


def get_school(db: Database, school_id: int) -> SchoolInput:
    """A school's editable fields."""
    with db.read() as session:
        s = get_or_404(session, School, school_id, "School")
        return plain(SchoolInput, s)


def bestuur_choices(db: Database) -> list[tuple[int, str]]:
    """(id, name) of every board, for choice lists."""
    with db.read() as session:
        rows = session.execute(
            select(Schoolbestuur.id, Schoolbestuur.naam).order_by(Schoolbestuur.naam)
        ).all()
        return [(r.id, r.naam) for r in rows]


def school_choices(db: Database, contactpersoon_id: int | None = None) -> list[tuple[int, str]]:
    """(id, "name (vestigingsnummer)") of every school (of one contactpersoon), for choice lists."""
    query = select(School.id, School.naam, School.vestigingsnummer).order_by(
        func.lower(School.naam)
    )
    if contactpersoon_id is not None:
        query = query.where(School.contactpersoon_id == contactpersoon_id)
    with db.read() as session:
        rows = session.execute(query).all()
        return [(r.id, f"{r.naam} ({r.vestigingsnummer})") for r in rows]
