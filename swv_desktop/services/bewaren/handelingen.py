"""The deletions themselves, each keyed by the ids of one record type, so that a purge and the
re-application of its register line after a restore do exactly the same thing.

Every function works inside the caller's transaction, skips ids that are not (or no longer)
there, and returns how many rows of each table it deleted or emptied. The order in
``HANDELINGEN`` is the order a purge applies them (foreign keys: what refers to a row goes
before the row)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import Table
from sqlalchemy import delete
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from swv_desktop.models import Aanvraag
from swv_desktop.models import AanvraagVoorwaarde
from swv_desktop.models import AuditEntry
from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import Betaling
from swv_desktop.models import BudgetNotitie
from swv_desktop.models import Groepsplan
from swv_desktop.models import GroepsplanLeerling
from swv_desktop.models import Kostenregel
from swv_desktop.models import Leerling
from swv_desktop.models import LeerlingUitkomst
from swv_desktop.models import Opp
from swv_desktop.models import StatusWijziging
from swv_desktop.models import Terugbetaling
from swv_desktop.models import Toegang
from swv_desktop.models import Vaststelling
from swv_desktop.models import Verantwoording
from swv_desktop.models import Voortgangsgesprek
from swv_desktop.models import VsoInzet

CHUNK = 500
"""Ids per ``IN (...)``: well under SQLite's limit of bound parameters."""

Telling = Counter[str]
"""Rows per table that a step deleted or emptied."""


def chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    """``ids`` sorted, in lists of at most ``CHUNK``."""
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def ids_where(session: Session, column: Any, among: Any, values: Iterable[int]) -> list[int]:
    """The values of ``column`` in the rows whose ``among`` is one of ``values``."""
    found: list[int] = []
    for part in chunks(values):
        found.extend(int(v) for v in session.scalars(select(column).where(among.in_(part))))
    return found


def _delete(
    session: Session, table: Table, condition: Callable[[list[int]], Any], ids: Iterable[int]
) -> int:
    count = 0
    for part in chunks(ids):
        result = session.execute(delete(table).where(condition(part)))
        count += int(result.rowcount or 0)  # type: ignore[attr-defined]
    return count


def _update(
    session: Session,
    table: Table,
    condition: Callable[[list[int]], Any],
    ids: Iterable[int],
    values: dict[str, Any],
) -> int:
    count = 0
    for part in chunks(ids):
        result = session.execute(update(table).where(condition(part)).values(**values))
        count += int(result.rowcount or 0)  # type: ignore[attr-defined]
    return count


def _in(column: Any) -> Callable[[list[int]], ColumnElement[bool]]:
    return lambda part: column.in_(part)


def _table(model: Any) -> Table:
    return model.__table__  # type: ignore[no-any-return]


def aanvraag_children(session: Session, aanvraag_ids: Sequence[int]) -> dict[str, list[int]]:
    """The ids of everything hanging under these aanvragen, per audit entity name."""
    besluiten = ids_where(session, Besluit.id, Besluit.aanvraag_id, aanvraag_ids)
    vaststellingen = ids_where(session, Vaststelling.id, Vaststelling.aanvraag_id, aanvraag_ids)
    return {
        "aanvraag": list(aanvraag_ids),
        "besluit": besluiten,
        "beschikking": ids_where(session, Beschikking.id, Beschikking.besluit_id, besluiten),
        "voortgangsgesprek": ids_where(
            session, Voortgangsgesprek.id, Voortgangsgesprek.aanvraag_id, aanvraag_ids
        ),
        "betaling": ids_where(session, Betaling.id, Betaling.aanvraag_id, aanvraag_ids),
        "verantwoording": ids_where(
            session, Verantwoording.id, Verantwoording.aanvraag_id, aanvraag_ids
        ),
        "vaststelling": vaststellingen,
        "terugbetaling": ids_where(
            session, Terugbetaling.id, Terugbetaling.vaststelling_id, vaststellingen
        ),
        "budget_notitie": ids_where(session, BudgetNotitie.id, BudgetNotitie.besluit_id, besluiten),
    }


def leerling_children(session: Session, leerling_ids: Sequence[int]) -> dict[str, list[int]]:
    """The ids of a pupil's own records, per audit entity name."""
    return {
        "leerling": list(leerling_ids),
        "opp": ids_where(session, Opp.id, Opp.leerling_id, leerling_ids),
        "leerling_uitkomst": ids_where(
            session, LeerlingUitkomst.id, LeerlingUitkomst.leerling_id, leerling_ids
        ),
    }


def delete_aanvragen(session: Session, ids: Sequence[int], today: date) -> Telling:
    """Remove these aanvragen with everything under them: conditions, history, group plan,
    talks, decisions, letters, payments, accounts, settlements and repayments."""
    ids = [int(i) for i in ids_where(session, Aanvraag.id, Aanvraag.id, ids)]
    told: Telling = Counter()
    if not ids:
        return told
    kids = aanvraag_children(session, ids)
    plannen = ids_where(session, Groepsplan.id, Groepsplan.aanvraag_id, ids)
    steps: list[tuple[str, Any, Any, list[int]]] = [
        ("terugbetaling", Terugbetaling, Terugbetaling.id, kids["terugbetaling"]),
        ("vaststelling", Vaststelling, Vaststelling.id, kids["vaststelling"]),
        ("verantwoording", Verantwoording, Verantwoording.id, kids["verantwoording"]),
        ("betaling", Betaling, Betaling.id, kids["betaling"]),
        ("beschikking", Beschikking, Beschikking.id, kids["beschikking"]),
        ("voortgangsgesprek", Voortgangsgesprek, Voortgangsgesprek.id, kids["voortgangsgesprek"]),
        ("kostenregel", Kostenregel, Kostenregel.groepsplan_id, plannen),
        ("groepsplan_leerling", GroepsplanLeerling, GroepsplanLeerling.groepsplan_id, plannen),
        ("groepsplan", Groepsplan, Groepsplan.id, plannen),
        ("aanvraag_voorwaarde", AanvraagVoorwaarde, AanvraagVoorwaarde.aanvraag_id, ids),
        ("status_wijziging", StatusWijziging, StatusWijziging.aanvraag_id, ids),
    ]
    for name, model, column, keys in steps:
        told[name] += _delete(session, _table(model), _in(column), keys)
    # a budget note stays with its schooljaar (financial term); it only loses the link
    _update(
        session,
        _table(BudgetNotitie),
        _in(BudgetNotitie.besluit_id),
        kids["besluit"],
        {"besluit_id": None},
    )
    _update(session, _table(Besluit), _in(Besluit.id), kids["besluit"], {"herziening_van_id": None})
    told["besluit"] += _delete(session, _table(Besluit), _in(Besluit.id), kids["besluit"])
    told["aanvraag"] += _delete(session, _table(Aanvraag), _in(Aanvraag.id), ids)
    return told


def pseudonymise_aanvragen(session: Session, ids: Sequence[int], today: date) -> Telling:
    """Keep what the accounts need of these aanvragen (number, school, schooljaar, amounts,
    decisions with their kenmerk and frozen letter, payments, settlements) and remove the rest:
    the link to the pupil, the free texts about the pupil, and the progress talks."""
    ids = ids_where(session, Aanvraag.id, Aanvraag.id, ids)
    told: Telling = Counter()
    if not ids:
        return told
    kids = aanvraag_children(session, ids)
    told["voortgangsgesprek"] += _delete(
        session, _table(Voortgangsgesprek), _in(Voortgangsgesprek.id), kids["voortgangsgesprek"]
    )
    told["aanvraag_voorwaarde"] += _update(
        session,
        _table(AanvraagVoorwaarde),
        lambda part: (
            AanvraagVoorwaarde.aanvraag_id.in_(part) & (AanvraagVoorwaarde.toelichting != "")
        ),
        ids,
        {"toelichting": ""},
    )
    told["status_wijziging"] += _update(
        session,
        _table(StatusWijziging),
        lambda part: StatusWijziging.aanvraag_id.in_(part) & (StatusWijziging.toelichting != ""),
        ids,
        {"toelichting": ""},
    )
    told["besluit"] += _update(
        session, _table(Besluit), _in(Besluit.id), kids["besluit"], {"motivering": ""}
    )
    told["verantwoording"] += _update(
        session,
        _table(Verantwoording),
        _in(Verantwoording.id),
        kids["verantwoording"],
        {"opmerkingen": ""},
    )
    told["vaststelling"] += _update(
        session,
        _table(Vaststelling),
        _in(Vaststelling.id),
        kids["vaststelling"],
        {"toelichting": ""},
    )
    told["aanvraag"] += _update(
        session,
        _table(Aanvraag),
        _in(Aanvraag.id),
        ids,
        {
            "leerling_id": None,
            "omschrijving": "",
            "besproken_notitie": "",
            "vso_toelichting": "",
            "gepseudonimiseerd_op": today,
            "versie": Aanvraag.versie + 1,
        },
    )
    return told


def delete_deelnames(session: Session, ids: Sequence[int], today: date) -> Telling:
    """Remove these named participations in group plans; each plan counts the participants it
    lost (``deelnemers_verwijderd``), so the award stays one for as many pupils."""
    told: Telling = Counter()
    per_plan: Counter[int] = Counter()
    for part in chunks(ids):
        for plan_id in session.scalars(
            select(GroepsplanLeerling.groepsplan_id).where(GroepsplanLeerling.id.in_(part))
        ):
            per_plan[int(plan_id)] += 1
    for plan_id, lost in per_plan.items():
        session.execute(
            update(Groepsplan)
            .where(Groepsplan.id == plan_id)
            .values(deelnemers_verwijderd=Groepsplan.deelnemers_verwijderd + lost)
        )
    told["groepsplan_leerling"] += _delete(
        session, _table(GroepsplanLeerling), _in(GroepsplanLeerling.id), ids
    )
    return told


def delete_leerlingen(session: Session, ids: Sequence[int], today: date) -> Telling:
    """Remove these pupils with their OPP versions and outcomes (their aanvragen and group
    participations were dealt with before: deleted, or pseudonymised)."""
    told: Telling = Counter()
    told["opp"] += _delete(session, _table(Opp), _in(Opp.leerling_id), ids)
    told["leerling_uitkomst"] += _delete(
        session, _table(LeerlingUitkomst), _in(LeerlingUitkomst.leerling_id), ids
    )
    told["leerling"] += _delete(session, _table(Leerling), _in(Leerling.id), ids)
    return told


def delete_vso_inzet(session: Session, ids: Sequence[int], today: date) -> Telling:
    """Remove these lines of the VSO expertise register."""
    return Counter({"vso_inzet": _delete(session, _table(VsoInzet), _in(VsoInzet.id), ids)})


def delete_budget_notities(session: Session, ids: Sequence[int], today: date) -> Telling:
    """Remove these 'bestuur informeren' notes."""
    return Counter(
        {"budget_notitie": _delete(session, _table(BudgetNotitie), _in(BudgetNotitie.id), ids)}
    )


def scrub_audit(session: Session, ids: Sequence[int], today: date) -> Telling:
    """Empty the before/after copies of these audit entries (who, when and what kind of action
    stay): they held the records that were deleted or pseudonymised."""
    count = _update(
        session,
        _table(AuditEntry),
        lambda part: AuditEntry.id.in_(part),
        ids,
        {"voor": "", "na": ""},
    )
    return Counter({"audit_entry": count})


def delete_audit(session: Session, ids: Sequence[int], today: date) -> Telling:
    """Remove these audit entries (older than the term of the log)."""
    return Counter({"audit_entry": _delete(session, _table(AuditEntry), _in(AuditEntry.id), ids)})


def scrub_toegang(session: Session, ids: Sequence[int], today: date) -> Telling:
    """Drop the pupil from these access-log rows (who, when and what kind of view stay): the
    pupil's data was deleted."""
    count = _update(
        session,
        _table(Toegang),
        lambda part: Toegang.id.in_(part),
        ids,
        {"leerling_id": None, "leerlingnummer": None, "omschrijving": ""},
    )
    return Counter({"toegangslog": count})


def delete_toegang(session: Session, ids: Sequence[int], today: date) -> Telling:
    """Remove these access-log rows (older than the term of the log)."""
    return Counter({"toegangslog": _delete(session, _table(Toegang), _in(Toegang.id), ids)})


Handeling = Callable[[Session, Sequence[int], date], Telling]

HANDELINGEN: dict[tuple[str, str], Handeling] = {
    ("aanvraag", "verwijderd"): delete_aanvragen,
    ("groepsplan_leerling", "verwijderd"): delete_deelnames,
    ("aanvraag", "gepseudonimiseerd"): pseudonymise_aanvragen,
    ("leerling", "verwijderd"): delete_leerlingen,
    ("vso_inzet", "verwijderd"): delete_vso_inzet,
    ("budget_notitie", "verwijderd"): delete_budget_notities,
    ("audit_entry", "gepseudonimiseerd"): scrub_audit,
    ("audit_entry", "verwijderd"): delete_audit,
    ("toegangslog", "gepseudonimiseerd"): scrub_toegang,
    ("toegangslog", "verwijderd"): delete_toegang,
}
"""(record type, what is done) -> the step; in the order a purge applies them."""


def existing(session: Session, model: Any, ids: Iterable[int]) -> list[int]:
    """Those of ``ids`` that are rows of ``model``."""
    return ids_where(session, model.id, model.id, ids)


def count_rows(session: Session, model: Any) -> int:
    """How many rows ``model``'s table has."""
    return int(session.scalar(select(func.count()).select_from(model)) or 0)
