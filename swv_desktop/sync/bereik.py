"""Which rows of which table a user's replica holds (the pull's scope filter).

- contactpersoon: her own schools and their pupils, OPPs, outcomes, aanvragen with everything
  under them (conditions, plans, talks, history, decisions, letters, payments, accounts,
  settlements), the VSO expertise deployed at her schools, plus what everyone may see:
  users (never a password hash), boards, schooljaren, settings, letter texts, evaluations.
- programmadirecteur: everything.
- secretariaat: boards, schools, aanvragen, decisions and letters with their sending state, the
  money (payments, accounts, settlements, repayments); pupils
  only by number (names and birth date blanked); no OPPs, talks or outcomes.
- beheerder: users, settings, schooljaren, letter texts, boards and schools; no pupil data.

Written table by table here until ``services/scope.py`` (the need-to-know rules, issue 14) is on
main; then ``visible`` should ask it for the school ids and this module keeps only the per-table
joins. ``scope_key`` changes when the set of visible schools changes (a school reassigned), and
the pull then sends the whole scope again, so rows that left it also leave the replica.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from sqlalchemy import Select, Table, select, true
from sqlalchemy.orm import Session

from swv_desktop.models import Rol
from swv_desktop.services.common import Actor
from swv_desktop.sync.protocol import synced_tables, table

EVERYONE = frozenset(
    {
        "gebruiker",
        "organisatie",
        "schooljaar",
        "brieftekst",
        "schoolbestuur",
        "evaluatie_antwoord",
        "evaluatietekst",
    }
)
SECRETARIAAT = EVERYONE | {
    "school",
    "leerling",
    "aanvraag",
    "besluit",
    "beschikking",
    "budget_notitie",
    "betaling",
    "verantwoording",
    "vaststelling",
    "terugbetaling",
}
BEHEERDER = frozenset(
    {"gebruiker", "organisatie", "schooljaar", "brieftekst", "schoolbestuur", "school"}
)


def _ids(name: str) -> Any:
    return table(name).c.id


def _schools(actor: Actor) -> Select[Any]:
    school = table("school")
    return select(school.c.id).where(school.c.contactpersoon_id == actor.id)


def _under_schools(actor: Actor) -> dict[str, Any]:
    """Per table, the condition that keeps a contactpersoon's rows."""
    t = table
    schools = _schools(actor)
    pupils = select(_ids("leerling")).where(t("leerling").c.school_id.in_(schools))
    aanvragen = select(_ids("aanvraag")).where(t("aanvraag").c.school_id.in_(schools))
    plans = select(_ids("groepsplan")).where(t("groepsplan").c.aanvraag_id.in_(aanvragen))
    besluiten = select(_ids("besluit")).where(t("besluit").c.aanvraag_id.in_(aanvragen))
    vaststellingen = select(_ids("vaststelling")).where(
        t("vaststelling").c.aanvraag_id.in_(aanvragen)
    )
    return {
        "school": t("school").c.id.in_(schools),
        "leerling": t("leerling").c.id.in_(pupils),
        "opp": t("opp").c.leerling_id.in_(pupils),
        "leerling_uitkomst": t("leerling_uitkomst").c.leerling_id.in_(pupils),
        "aanvraag": t("aanvraag").c.id.in_(aanvragen),
        "aanvraag_voorwaarde": t("aanvraag_voorwaarde").c.aanvraag_id.in_(aanvragen),
        "groepsplan": t("groepsplan").c.id.in_(plans),
        "groepsplan_leerling": t("groepsplan_leerling").c.groepsplan_id.in_(plans)
        & t("groepsplan_leerling").c.leerling_id.in_(pupils),
        "kostenregel": t("kostenregel").c.groepsplan_id.in_(plans),
        "status_wijziging": t("status_wijziging").c.aanvraag_id.in_(aanvragen),
        "voortgangsgesprek": t("voortgangsgesprek").c.aanvraag_id.in_(aanvragen),
        "besluit": t("besluit").c.id.in_(besluiten),
        "beschikking": t("beschikking").c.besluit_id.in_(besluiten),
        "budget_notitie": t("budget_notitie").c.besluit_id.in_(besluiten),
        "betaling": t("betaling").c.aanvraag_id.in_(aanvragen),
        "verantwoording": t("verantwoording").c.aanvraag_id.in_(aanvragen),
        "vaststelling": t("vaststelling").c.id.in_(vaststellingen),
        "terugbetaling": t("terugbetaling").c.vaststelling_id.in_(vaststellingen),
        "vso_inzet": t("vso_inzet").c.school_id.in_(schools),
    }


def visible(actor: Actor, tab: Table) -> Select[Any] | None:
    """The rows of ``tab`` the actor's replica holds, or ``None`` for none at all."""
    name = tab.name
    if actor.rol is Rol.PROGRAMMADIRECTEUR:
        return select(tab)
    if actor.rol is Rol.CONTACTPERSOON:
        if name in EVERYONE:
            return select(tab)
        condition = _under_schools(actor).get(name)
        return None if condition is None else select(tab).where(condition)
    allowed = SECRETARIAAT if actor.rol is Rol.SECRETARIAAT else BEHEERDER
    return select(tab).where(true()) if name in allowed else None


def mask(actor: Actor, name: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row as the actor's replica may hold it: never a password hash; for the secretariaat a
    pupil by number only."""
    if name == "gebruiker":
        row = {**row, "wachtwoord_hash": ""}
    if name == "leerling" and actor.rol is Rol.SECRETARIAAT:
        born = row.get("geboortedatum")
        year = born.year if isinstance(born, date) else 2000
        row = {
            **row,
            "voornaam": "",
            "tussenvoegsel": "",
            "achternaam": "(afgeschermd)",
            "geboortedatum": date(year, 1, 1),
        }
    return row


def scope_key(session: Session, actor: Actor) -> str:
    """Changes whenever the set of rows in scope changes other than row by row: another role,
    or another set of schools for a contactpersoon."""
    parts = [actor.rol.value, str(actor.id)]
    if actor.rol is Rol.CONTACTPERSOON:
        parts += [str(i) for i in sorted(session.scalars(_schools(actor)))]
    return hashlib.sha256(",".join(parts).encode()).hexdigest()[:32]


def tables_for(actor: Actor) -> list[Table]:
    """The synchronised tables of which the actor's replica holds any row."""
    return [t for t in synced_tables() if visible(actor, t) is not None]
