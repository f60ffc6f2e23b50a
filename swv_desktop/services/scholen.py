"""School boards and schools: kept up to date by the secretariaat (and the beheerder)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from swv_desktop.db import Database
from swv_desktop.errors import Validator
from swv_desktop.models import Gebruiker, Rol, School, Schoolbestuur
from swv_desktop.services.common import (
    Actor,
    audit,
    claim_version,
    get_or_404,
    require_role,
    snapshot,
)
from swv_desktop.services.iban import format_iban, iban_problem, normalize_iban

EDITORS = (Rol.SECRETARIAAT, Rol.BEHEERDER)
_BRIN = re.compile(r"^\d{2}[A-Z]{2}$")
_VESTIGING = re.compile(r"^\d{2}[A-Z]{2}\d{2}$")
_POSTCODE = re.compile(r"^\d{4} ?[A-Z]{2}$")


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


def _check_address(v: Validator, postcode: str) -> None:
    if postcode.strip():
        v.check(
            bool(_POSTCODE.match(postcode.strip().upper())),
            "postcode",
            f"'{postcode}' is geen Nederlandse postcode (1234 AB).",
        )


def _norm_postcode(postcode: str) -> str:
    raw = postcode.strip().upper().replace(" ", "")
    return f"{raw[:4]} {raw[4:]}" if len(raw) == 6 else postcode.strip()


def save_bestuur(
    db: Database, actor: Actor, data: BestuurInput, bestuur_id: int | None = None
) -> int:
    """Create or change a school board; returns its id."""
    require_role(actor, *EDITORS, action="schoolbesturen wijzigen")
    v = Validator()
    v.check(bool(data.naam.strip()), "naam", "Vul de naam van het schoolbestuur in.")
    nummer = data.bevoegd_gezag_nummer.strip()
    v.check(
        nummer.isdigit() and 4 <= len(nummer) <= 6,
        "bevoegd_gezag_nummer",
        "Het bevoegd-gezagnummer bestaat uit 4 tot 6 cijfers.",
    )
    _check_address(v, data.postcode)
    iban_error = iban_problem(data.iban)
    v.check(iban_error is None, "iban", iban_error or "")
    with db.transaction() as session:
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
                session,
                bestuur,
                data.versie,
                entiteit="schoolbestuur",
                wat=f"bestuur {bestuur.naam}",
            )
            before = snapshot(bestuur)
        bestuur.naam = data.naam.strip()
        bestuur.bevoegd_gezag_nummer = nummer
        bestuur.adres = data.adres.strip()
        bestuur.postcode = _norm_postcode(data.postcode)
        bestuur.plaats = data.plaats.strip()
        bestuur.iban = normalize_iban(data.iban)
        session.flush()
        action = "aangemaakt" if before is None else "gewijzigd"
        audit(
            session,
            actor,
            "schoolbestuur",
            bestuur.id,
            action,
            before,
            snapshot(bestuur),
            now=db.clock(),
        )
        return bestuur.id


def save_school(db: Database, actor: Actor, data: SchoolInput, school_id: int | None = None) -> int:
    """Create or change a school (vestiging); returns its id."""
    require_role(actor, *EDITORS, action="scholen wijzigen")
    v = Validator()
    brin = data.brin.strip().upper()
    vestiging = data.vestigingsnummer.strip().upper()
    v.check(bool(data.naam.strip()), "naam", "Vul de naam van de school in.")
    v.check(
        bool(_BRIN.match(brin)),
        "brin",
        "De BRIN-code bestaat uit 2 cijfers en 2 letters (bijv. 12AB).",
    )
    v.check(
        bool(_VESTIGING.match(vestiging)) and vestiging.startswith(brin),
        "vestigingsnummer",
        "Het vestigingsnummer is de BRIN-code gevolgd door 2 cijfers (bijv. 12AB00).",
    )
    v.check(data.bestuur_id is not None, "bestuur_id", "Kies het schoolbestuur.")
    _check_address(v, data.postcode)
    with db.transaction() as session:
        if data.bestuur_id is not None:
            v.check(
                session.get(Schoolbestuur, data.bestuur_id) is not None,
                "bestuur_id",
                "Het gekozen schoolbestuur bestaat niet (meer).",
            )
        if data.contactpersoon_id is not None:
            cp = session.get(Gebruiker, data.contactpersoon_id)
            v.check(
                cp is not None and cp.rol is Rol.CONTACTPERSOON,
                "contactpersoon_id",
                "Kies een contactpersoon van het bureau.",
            )
        clash = session.scalars(
            select(School.id).where(School.vestigingsnummer == vestiging)
        ).first()
        v.check(
            clash is None or clash == school_id,
            "vestigingsnummer",
            f"Er is al een school met vestigingsnummer {vestiging}.",
        )
        v.raise_if_any()
        assert data.bestuur_id is not None
        if school_id is None:
            school = School(
                naam="", brin=brin, vestigingsnummer=vestiging, bestuur_id=data.bestuur_id
            )
            session.add(school)
            before = None
        else:
            school = get_or_404(session, School, school_id, "School")
            claim_version(
                session, school, data.versie, entiteit="school", wat=f"school {school.naam}"
            )
            before = snapshot(school)
        school.naam = data.naam.strip()
        school.brin = brin
        school.vestigingsnummer = vestiging
        school.bestuur_id = data.bestuur_id
        school.adres = data.adres.strip()
        school.postcode = _norm_postcode(data.postcode)
        school.plaats = data.plaats.strip()
        school.ondersteuningscoordinator = data.ondersteuningscoordinator.strip()
        school.contactpersoon_id = data.contactpersoon_id
        session.flush()
        action = "aangemaakt" if before is None else "gewijzigd"
        audit(session, actor, "school", school.id, action, before, snapshot(school), now=db.clock())
        return school.id


def get_bestuur(db: Database, bestuur_id: int) -> BestuurInput:
    """A board's editable fields."""
    with db.read() as session:
        b = get_or_404(session, Schoolbestuur, bestuur_id, "Schoolbestuur")
        return BestuurInput(
            b.naam,
            b.bevoegd_gezag_nummer,
            b.adres,
            b.postcode,
            b.plaats,
            format_iban(b.iban),
            versie=b.versie,
        )


def get_school(db: Database, school_id: int) -> SchoolInput:
    """A school's editable fields."""
    with db.read() as session:
        s = get_or_404(session, School, school_id, "School")
        return SchoolInput(
            naam=s.naam,
            brin=s.brin,
            vestigingsnummer=s.vestigingsnummer,
            bestuur_id=s.bestuur_id,
            adres=s.adres,
            postcode=s.postcode,
            plaats=s.plaats,
            ondersteuningscoordinator=s.ondersteuningscoordinator,
            contactpersoon_id=s.contactpersoon_id,
            versie=s.versie,
        )


def bestuur_choices(db: Database) -> list[tuple[int, str]]:
    """(id, name) of every board, for choice lists."""
    with db.read() as session:
        rows = session.execute(
            select(Schoolbestuur.id, Schoolbestuur.naam).order_by(Schoolbestuur.naam)
        ).all()
        return [(r[0], r[1]) for r in rows]


def school_choices(db: Database) -> list[tuple[int, str]]:
    """(id, "name (vestigingsnummer)") of every school, for choice lists."""
    with db.read() as session:
        rows = session.execute(
            select(School.id, School.naam, School.vestigingsnummer).order_by(
                func.lower(School.naam)
            )
        ).all()
        return [(r[0], f"{r[1]} ({r[2]})") for r in rows]
