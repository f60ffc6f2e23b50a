"""The domain invariants that ``swv-desktop check`` verifies, as plain SQL on a read-only connection.

Each check yields ``(True, message)`` when it holds, ``(False, message)`` per finding and
``(None, message)`` for information (the budget figures per year). Only decisions in force count:
a decision replaced by a herziening is history.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any

from sqlalchemy import LargeBinary
from sqlalchemy import cast
from sqlalchemy import column
from sqlalchemy import select
from sqlalchemy import table
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.engine import Row

from swv_desktop.dialect import has_table
from swv_desktop.formatting import money

Finding = tuple[bool | None, str]


def _q(conn: Connection, sql: str) -> list[Row[Any]]:
    """The rows of one plain SQL query (the same SQL on SQLite and PostgreSQL), read by the
    names of its columns."""
    return list(conn.execute(text(sql)))


MAX_DETAILS = 10
IN_FORCE = "NOT EXISTS (SELECT 1 FROM besluit later WHERE later.herziening_van_id = b.id)"
AWARD = "b.uitkomst IN ('toegekend', 'gedeeltelijk_toegekend')"


def _listed(rows: list[str]) -> str:
    shown = ", ".join(rows[:MAX_DETAILS])
    rest = len(rows) - MAX_DETAILS
    return shown + (f" en nog {rest}" if rest > 0 else "")


def _individual_caps(conn: Connection) -> Iterator[Finding]:
    rows = _q(
        conn,
        f"""SELECT a.nummer, b.toegekend_cents, j.individueel_max_cents
            FROM besluit b JOIN aanvraag a ON a.id = b.aanvraag_id
            JOIN schooljaar j ON j.id = a.schooljaar_id
            WHERE a.soort = 'individueel' AND {AWARD} AND {IN_FORCE}
              AND b.toegekend_cents > j.individueel_max_cents
            ORDER BY a.nummer""",
    )
    for r in rows:
        yield (
            False,
            (
                f"Aanvraag {r.nummer}: toegekend {money(r.toegekend_cents)}, meer dan het maximum "
                f"van {money(r.individueel_max_cents)} per leerling."
            ),
        )
    leerlingen = _q(
        conn,
        f"""SELECT l.leerlingnummer, j.label, SUM(b.toegekend_cents) AS total,
                   j.individueel_max_cents
            FROM besluit b JOIN aanvraag a ON a.id = b.aanvraag_id
            JOIN schooljaar j ON j.id = a.schooljaar_id
            JOIN leerling l ON l.id = a.leerling_id
            WHERE a.soort = 'individueel' AND {AWARD} AND {IN_FORCE}
            GROUP BY a.leerling_id, a.schooljaar_id, j.label, j.individueel_max_cents,
                     l.leerlingnummer
            HAVING SUM(b.toegekend_cents) > j.individueel_max_cents
            ORDER BY j.label, l.leerlingnummer""",
    )
    for r in leerlingen:
        yield (
            False,
            (
                f"Leerling {r.leerlingnummer} kreeg in {r.label} samen {money(r.total)} individueel "
                f"toegekend, meer dan het maximum van {money(r.individueel_max_cents)}."
            ),
        )
    if not rows and not leerlingen:
        yield (
            True,
            "Individuele toekenningen blijven binnen het maximum, ook per leerling per jaar.",
        )


def _group_rules(conn: Connection) -> Iterator[Finding]:
    rows = _q(
        conn,
        f"""SELECT a.nummer, b.toegekend_cents, j.groep_max_cents, j.groep_min_leerlingen,
                   (SELECT COUNT(DISTINCT gl.leerling_id) FROM groepsplan g
                    JOIN groepsplan_leerling gl ON gl.groepsplan_id = g.id
                    WHERE g.aanvraag_id = a.id)
                 + (SELECT COALESCE(SUM(g.deelnemers_verwijderd), 0) FROM groepsplan g
                    WHERE g.aanvraag_id = a.id) AS deelnemers,
                   (SELECT COUNT(*) FROM groepsplan g JOIN kostenregel k ON k.groepsplan_id = g.id
                    WHERE g.aanvraag_id = a.id AND k.soort = 'ontwikkeltijd') AS ontwikkeltijd
            FROM besluit b JOIN aanvraag a ON a.id = b.aanvraag_id
            JOIN schooljaar j ON j.id = a.schooljaar_id
            WHERE a.soort = 'groep' AND {AWARD} AND {IN_FORCE}
            ORDER BY a.nummer""",
    )
    found = False
    for r in rows:
        nummer, amount, cap = r.nummer, r.toegekend_cents, r.groep_max_cents
        minimum, count, development = r.groep_min_leerlingen, r.deelnemers, r.ontwikkeltijd
        if amount > cap:
            found = True
            yield (
                False,
                (
                    f"Groepsaanvraag {nummer}: toegekend {money(amount)}, meer dan het maximum van "
                    f"{money(cap)} voor een groepsaanpak."
                ),
            )
        if count < minimum:
            found = True
            yield (
                False,
                (
                    f"Groepsaanvraag {nummer} is toegekend voor {count} leerling(en); het minimum is "
                    f"{minimum}."
                ),
            )
        if development:
            found = True
            yield False, f"Groepsaanvraag {nummer} is toegekend met kosten voor ontwikkeltijd."
    if not found:
        yield (
            True,
            (
                f"Toegekende groepsaanpakken ({len(rows)}) blijven binnen het maximum, hebben genoeg "
                "leerlingen en geen ontwikkeltijd."
            ),
        )


def _budgets(conn: Connection) -> Iterator[Finding]:
    rows = _q(
        conn,
        f"""SELECT j.label, j.budget_cents,
                   COALESCE((SELECT SUM(b.toegekend_cents) FROM besluit b
                             JOIN aanvraag a ON a.id = b.aanvraag_id
                             WHERE a.schooljaar_id = j.id AND {IN_FORCE}), 0) AS awarded,
                   (SELECT COUNT(*) FROM budget_notitie n WHERE n.schooljaar_id = j.id) AS notes
            FROM schooljaar j ORDER BY j.start_datum""",
    )
    found = False
    for r in rows:
        label, budget, awarded, notes = r.label, r.budget_cents, r.awarded, r.notes
        yield None, f"{label}: toegekend {money(awarded)} van een budget van {money(budget)}."
        if awarded > budget and not notes:
            found = True
            yield (
                False,
                (
                    f"{label}: het budget is met {money(awarded - budget)} overschreden zonder notitie "
                    "'bestuur informeren'."
                ),
            )
    if not found:
        yield True, "Budgetten: geen overschrijding zonder notitie 'bestuur informeren'."


def _besluiten_have_letters(conn: Connection) -> Iterator[Finding]:
    missing = [
        f"{r.nummer} ({r.uitkomst.replace('_', ' ')})"
        for r in _q(
            conn,
            f"""SELECT a.nummer, b.uitkomst FROM besluit b JOIN aanvraag a ON a.id = b.aanvraag_id
                WHERE {IN_FORCE} AND NOT EXISTS
                  (SELECT 1 FROM beschikking s WHERE s.besluit_id = b.id)
                ORDER BY a.nummer""",
        )
    ]
    if missing:
        yield False, f"{len(missing)} besluit(en) zonder beschikking: {_listed(missing)}."
    mismatched = [
        f"{r.nummer} (status {r.status.replace('_', ' ')})"
        for r in _q(
            conn,
            f"""SELECT a.nummer, a.status FROM aanvraag a
                LEFT JOIN besluit b ON b.aanvraag_id = a.id AND {IN_FORCE}
                WHERE (a.status IN ('toegekend', 'gedeeltelijk_toegekend', 'afgewezen')
                       AND (b.id IS NULL OR b.uitkomst != a.status))
                   OR (a.status NOT IN ('toegekend', 'gedeeltelijk_toegekend', 'afgewezen')
                       AND b.id IS NOT NULL)
                ORDER BY a.nummer""",
        )
    ]
    if mismatched:
        yield (
            False,
            (
                f"{len(mismatched)} aanvra(a)g(en) waarvan de status niet past bij het geldende "
                f"besluit: {_listed(mismatched)}."
            ),
        )
    if not missing and not mismatched:
        yield True, "Elk besluit heeft zijn beschikking; de status van elke aanvraag past erbij."


def _frozen(conn: Connection, name: str, what: str) -> Iterator[Finding]:
    """Every issued letter in table ``name`` still matches the sha256 taken when it was issued;
    ``what`` is the plural in the findings ("beschikkingen"). On a team laptop's replica a
    letter whose bytes were never fetched from the server (``sync.brieven``) is no damage: it
    is counted apart."""
    count, bad, not_fetched = 0, [], 0
    replica = has_table(conn, "sync_laptop_ctl")
    b = table(name, column("id"), column("kenmerk"), column("pdf"), column("sha256"))
    letters = (
        # read as bytes whatever was stored (text planted by hand in SQLite's BLOB column too)
        select(b.c.kenmerk, cast(b.c.pdf, LargeBinary).label("pdf"), b.c.sha256)
        .where(column("uitgegeven_op").is_not(None))
        .order_by(b.c.id)
    )
    for row in conn.execute(letters):
        kenmerk, pdf, sha = row.kenmerk, row.pdf, row.sha256
        count += 1
        if pdf is None and sha and replica:
            not_fetched += 1
        elif pdf is None or not sha:
            bad.append(f"{kenmerk} (geen brief opgeslagen)")
        elif hashlib.sha256(bytes(pdf)).hexdigest() != sha:
            bad.append(f"{kenmerk} (brief wijkt af van de vingerafdruk)")
    if bad:
        yield (False, f"{len(bad)} uitgegeven {what} beschadigd of gewijzigd: {_listed(bad)}.")
    elif not_fetched:
        yield (
            True,
            f"De {count - not_fetched} uitgegeven {what} op deze laptop zijn ongewijzigd "
            f"(sha256 klopt); {not_fetched} nog niet van de server opgehaald (dat gebeurt als "
            "u de brief opent).",
        )
    else:
        yield True, f"De {count} uitgegeven {what} zijn ongewijzigd (sha256 klopt)."


def _issued_letters(conn: Connection) -> Iterator[Finding]:
    yield from _frozen(conn, "beschikking", "beschikkingen")


def _issued_settlements(conn: Connection) -> Iterator[Finding]:
    yield from _frozen(conn, "vaststelling", "vaststellingsbrieven")


def _kenmerken(conn: Connection) -> Iterator[Finding]:
    found = False
    for r in _q(
        conn, "SELECT kenmerk, COUNT(*) AS n FROM beschikking GROUP BY kenmerk HAVING COUNT(*) > 1"
    ):
        found = True
        yield False, f"Kenmerk {r.kenmerk} komt {r.n} keer voor."
    per_year: dict[str, list[tuple[int, str]]] = {}
    wrong_year = []
    for r in _q(
        conn,
        """SELECT j.label, j.start_datum, s.volgnummer, s.kenmerk,
                  a.schooljaar_id = s.schooljaar_id AS aanvraag_jaar
           FROM beschikking s JOIN schooljaar j ON j.id = s.schooljaar_id
           JOIN besluit b ON b.id = s.besluit_id JOIN aanvraag a ON a.id = b.aanvraag_id
           ORDER BY j.start_datum, s.volgnummer""",
    ):
        label, volgnummer, kenmerk = r.label, r.volgnummer, r.kenmerk
        per_year.setdefault(label, []).append((volgnummer, kenmerk))
        if not re.fullmatch(rf".+-{str(r.start_datum)[:4]}-{volgnummer:03d}", kenmerk):
            wrong_year.append(f"{kenmerk} (volgnummer {volgnummer} in {label})")
        if not r.aanvraag_jaar:
            wrong_year.append(f"{kenmerk} (ander schooljaar dan de aanvraag)")
    if wrong_year:
        found = True
        yield False, f"Kenmerken die niet bij jaar of volgnummer passen: {_listed(wrong_year)}."
    for label, items in per_year.items():
        numbers = [n for n, _k in items]
        if numbers != list(range(1, len(numbers) + 1)):
            found = True
            gaps = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
            detail = f"ontbrekend: {_listed([str(g) for g in gaps])}" if gaps else "dubbel"
            yield (
                False,
                f"De volgnummers van de beschikkingen in {label} lopen niet door ({detail}).",
            )
    if not found:
        yield True, "Kenmerken zijn uniek en lopen per schooljaar zonder gaten door."


def domain_findings(conn: Connection) -> Iterator[Finding]:
    """Every domain check in turn."""
    for check in (
        _individual_caps,
        _group_rules,
        _budgets,
        _besluiten_have_letters,
        _issued_letters,
        _issued_settlements,
        _kenmerken,
    ):
        yield from check(conn)
