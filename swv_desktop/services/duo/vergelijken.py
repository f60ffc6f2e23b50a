"""The preview of a DUO import: the records of the files matched against the database, each
with what the import would do; nothing written.

Boards are matched on their bevoegd-gezagnummer, schools on their vestigingsnummer (BRIN + two
digits). What the bureau keeps itself (contactpersoon, ondersteuningscoördinator, IBAN) is kept;
names of existing records only change when asked (the bureau often uses a shorter name). Each
line goes through the same rules as the school and board forms.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.errors import ValidationError
from swv_desktop.models import School
from swv_desktop.models import Schoolbestuur
from swv_desktop.services import scholen
from swv_desktop.services import scope
from swv_desktop.services.common import Actor
from swv_desktop.services.duo.bestanden import BestuurRecord
from swv_desktop.services.duo.bestanden import Records
from swv_desktop.services.duo.bestanden import SchoolRecord
from swv_desktop.services.duo.bestanden import read_files
from swv_desktop.services.duo.plan import Actie
from swv_desktop.services.duo.plan import ImportPlan
from swv_desktop.services.duo.plan import PlanRegel
from swv_desktop.services.duo.plan import Wijziging
from swv_desktop.services.duo.plan import error_text
from swv_desktop.services.scholen import BestuurInput
from swv_desktop.services.scholen import SchoolInput
from swv_desktop.services.scope import Recht


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _changes(fields: Sequence[tuple[str, str, str]]) -> tuple[Wijziging, ...]:
    return tuple(
        Wijziging(veld, oud, nieuw) for veld, oud, nieuw in fields if not _same(oud, nieuw)
    )


_ADRES = (("Naam", "naam"), ("Adres", "adres"), ("Postcode", "postcode"), ("Plaats", "plaats"))
"""The fields of a board or school the files hold (label, attribute), compared on import."""


def _bestaand(
    soort: str,
    sleutel: str,
    existing: Schoolbestuur | School,
    clean: BestuurInput | SchoolInput,
    *,
    meer: Sequence[tuple[str, str, str]] = (),
    bestuur_data: BestuurInput | None = None,
    school_data: SchoolInput | None = None,
    bestuur_nummer: str = "",
) -> PlanRegel:
    """The plan line of a board or school that is there already: skipped when its name,
    address and ``meer`` (label, old, new) stay the same, otherwise changed with the data."""
    changes = _changes(
        [*((label, getattr(existing, f), getattr(clean, f)) for label, f in _ADRES), *meer]
    )
    if not changes:
        return PlanRegel(
            soort,
            sleutel,
            existing.naam,
            Actie.OVERSLAAN,
            "Ongewijzigd",
            record_id=existing.id,
            bestuur_nummer=bestuur_nummer,
        )
    return PlanRegel(
        soort,
        sleutel,
        existing.naam,
        Actie.WIJZIGEN,
        wijzigingen=changes,
        record_id=existing.id,
        bestuur_data=bestuur_data,
        school_data=school_data,
        bestuur_nummer=bestuur_nummer,
    )


def _in_scope(plaats: str, gemeente: str, gemeenten: frozenset[str]) -> bool:
    return not gemeenten or plaats.casefold() in gemeenten or gemeente.casefold() in gemeenten


Gegevens = TypeVar("Gegevens", BestuurInput, SchoolInput)


def _op_bestaand(
    base: Gegevens, existing: Schoolbestuur | School, namen_bijwerken: bool
) -> Gegevens:
    """``base`` (from the file) for a board or school that is there already: its own name
    unless ``namen_bijwerken``, and the loaded version from the database. The caller keeps the
    fields the files do not hold."""
    return replace(
        base,
        naam=base.naam if namen_bijwerken else existing.naam,
        versie=existing.versie,
    )


def _plan_bestuur(
    r: BestuurRecord,
    existing: Schoolbestuur | None,
    namen_bijwerken: bool,
) -> PlanRegel:
    base = BestuurInput(r.naam, r.nummer, r.adres, r.postcode, r.plaats)
    if existing is not None:
        base = replace(_op_bestaand(base, existing, namen_bijwerken), iban=existing.iban)
    try:
        clean = scholen.clean_bestuur(base)
    except ValidationError as error:
        return PlanRegel("bestuur", r.nummer, r.naam, Actie.OVERSLAAN, error_text(error))
    if existing is None:
        return PlanRegel(
            "bestuur", clean.bevoegd_gezag_nummer, clean.naam, Actie.TOEVOEGEN, bestuur_data=clean
        )
    return _bestaand("bestuur", clean.bevoegd_gezag_nummer, existing, clean, bestuur_data=clean)


def plan_import(
    db: Database,
    actor: Actor,
    files: Sequence[tuple[str, bytes]],
    *,
    gemeenten: Sequence[str] = (),
    alleen_bestaande: bool = False,
    namen_bijwerken: bool = False,
) -> ImportPlan:
    """What importing ``files`` (name, contents) would do; writes nothing. ``gemeenten`` (plaats
    or gemeente names) limits what is added to the SWV's region; ``alleen_bestaande`` only updates
    records that are already there."""
    scope.require(actor, Recht.SCHOLEN_BEHEREN)
    records: Records = read_files(files)
    region = frozenset(g.strip().casefold() for g in gemeenten if g.strip())
    with scope.read(db, actor, Recht.SCHOLEN_BEHEREN) as session:
        besturen = {b.bevoegd_gezag_nummer: b for b in session.scalars(select(Schoolbestuur))}
        schools = {s.vestigingsnummer: s for s in session.scalars(select(School))}
        bestuur_nummers = {b.id: b.bevoegd_gezag_nummer for b in besturen.values()}
        school_regels: list[PlanRegel] = []
        for school, dubbel in _once(records.scholen, lambda x: x.vestiging):
            school_regels.append(
                _double("school", school.vestiging, school.naam, dubbel)
                if dubbel
                else _plan_school(
                    school,
                    schools.get(school.vestiging),
                    region,
                    alleen_bestaande,
                    namen_bijwerken,
                    bestuur_nummers,
                )
            )
        wanted = {r.bestuur_nummer for r in school_regels if r.actie is not Actie.OVERSLAAN}
        regels: list[PlanRegel] = []
        for board, dubbel in _once(records.besturen, lambda x: x.nummer):
            existing = besturen.get(board.nummer)
            reden = f"Staat dubbel in de bestanden (regel {dubbel})." if dubbel else ""
            if not reden and existing is None:
                reden = _new_board_skipped(board, records, wanted, region, alleen_bestaande)
            regels.append(
                PlanRegel("bestuur", board.nummer, board.naam, Actie.OVERSLAAN, reden)
                if reden
                else _plan_bestuur(board, existing, namen_bijwerken)
            )
        known = set(besturen) | {r.sleutel for r in regels if r.actie is Actie.TOEVOEGEN}
        for regel in school_regels:
            if regel.actie is not Actie.OVERSLAAN and regel.bestuur_nummer not in known:
                regel = replace(
                    regel,
                    actie=Actie.OVERSLAAN,
                    wijzigingen=(),
                    reden=f"Het bestuur met bevoegd-gezagnummer {regel.bestuur_nummer or '?'} "
                    "staat niet in de database en niet in de bestanden: importeer ook het "
                    "bestand met de besturen.",
                )
            regels.append(regel)
    return ImportPlan(tuple(regels))


T = TypeVar("T", BestuurRecord, SchoolRecord)


def _once(records: Sequence[T], key: Callable[[T], str]) -> list[tuple[T, int]]:
    """Each record with 0, or with the line of its first occurrence when its key came before."""
    first: dict[str, int] = {}
    out = []
    for record in records:
        out.append((record, first.get(key(record), 0)))
        first.setdefault(key(record), record.regel)
    return out


def _double(soort: str, sleutel: str, naam: str, regel: int) -> PlanRegel:
    return PlanRegel(
        soort, sleutel, naam, Actie.OVERSLAAN, f"Staat dubbel in de bestanden (regel {regel})."
    )


def _new_board_skipped(
    r: BestuurRecord,
    records: Records,
    wanted: set[str],
    region: frozenset[str],
    alleen_bestaande: bool,
) -> str:
    """Why a board that is not in the database yet is not added ("" when it is): with a schools
    file, only the boards of schools that are added or changed; without one, the boards in the
    chosen gemeenten (or all of them when none are chosen)."""
    if alleen_bestaande:
        return "Nog niet in de database (alleen bestaande bijwerken)"
    if records.scholen:
        if r.nummer in wanted:
            return ""
        return "Geen van zijn scholen wordt toegevoegd of bijgewerkt"
    if _in_scope(r.plaats, r.gemeente, region):
        return ""
    return "Buiten de gekozen gemeenten"


def _plan_school(
    r: SchoolRecord,
    existing: School | None,
    region: frozenset[str],
    alleen_bestaande: bool,
    namen_bijwerken: bool,
    bestuur_nummers: dict[int, str],
) -> PlanRegel:
    if existing is None and alleen_bestaande:
        return PlanRegel(
            "school",
            r.vestiging,
            r.naam,
            Actie.OVERSLAAN,
            "Nog niet in de database (alleen bestaande bijwerken)",
        )
    if existing is None and not _in_scope(r.plaats, r.gemeente, region):
        return PlanRegel(
            "school", r.vestiging, r.naam, Actie.OVERSLAAN, "Buiten de gekozen gemeenten"
        )
    base = SchoolInput(r.naam, r.brin, r.vestiging, 0, r.adres, r.postcode, r.plaats)
    if existing is not None:
        base = replace(
            _op_bestaand(base, existing, namen_bijwerken),
            ondersteuningscoordinator=existing.ondersteuningscoordinator,
            contactpersoon_id=existing.contactpersoon_id,
        )
    try:
        clean = scholen.clean_school(replace(base, bestuur_id=1))  # the board is resolved later
    except ValidationError as error:
        return PlanRegel("school", r.vestiging, r.naam, Actie.OVERSLAAN, error_text(error))
    if not r.bestuur_nummer:
        return PlanRegel(
            "school",
            r.vestiging,
            r.naam,
            Actie.OVERSLAAN,
            "Het bevoegd-gezagnummer ontbreekt in het bestand.",
        )
    clean = replace(clean, bestuur_id=None)
    if existing is None:
        return PlanRegel(
            "school",
            clean.vestigingsnummer,
            clean.naam,
            Actie.TOEVOEGEN,
            school_data=clean,
            bestuur_nummer=r.bestuur_nummer,
        )
    return _bestaand(
        "school",
        clean.vestigingsnummer,
        existing,
        clean,
        meer=[("Bestuur", bestuur_nummers.get(existing.bestuur_id, ""), r.bestuur_nummer)],
        school_data=clean,
        bestuur_nummer=r.bestuur_nummer,
    )


__all__ = ["plan_import"]
