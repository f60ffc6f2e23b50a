"""Benchmark of the core services on a large database (a script, not a test).

Builds (or reuses) the ``swv-desktop demo --pupils 50000 --years 10`` database, then times the
budget overview and the overdue list of the services against the same figures computed by one raw
SQLite query in the same run, and prints the ratios (goal: at most 2x).

    .venv/bin/python bench/bench_core.py [PATH] [--pupils 50000] [--years 10] [--repeat 15]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from swv_desktop.demo.generator import demo_clock
from swv_desktop.demo.generator import generate_demo
from swv_desktop.demo.teksten import DEMO_PASSWORD
from swv_desktop.encryption.connect import connect
from swv_desktop.services.auth import authenticate
from swv_desktop.services.budget import budget_overview
from swv_desktop.services.toegang import Gate
from swv_desktop.services.voortgang import overdue_gesprekken

GOAL = 2.0
IN_FORCE = "NOT EXISTS (SELECT 1 FROM besluit later WHERE later.herziening_van_id = b.id)"

RAW_BUDGET = f"""
SELECT j.budget_cents,
       (SELECT COALESCE(SUM(b.toegekend_cents), 0) FROM besluit b
        JOIN aanvraag a ON a.id = b.aanvraag_id WHERE a.schooljaar_id = j.id AND {IN_FORCE}),
       (SELECT COUNT(*) FROM besluit b JOIN aanvraag a ON a.id = b.aanvraag_id
        WHERE a.schooljaar_id = j.id AND {IN_FORCE} AND b.uitkomst != 'afgewezen'),
       (SELECT COALESCE(SUM(a.aangevraagd_cents), 0) FROM aanvraag a WHERE a.schooljaar_id = j.id
        AND a.status IN ('ingediend', 'besproken', 'ter_besluitvorming')),
       (SELECT COUNT(*) FROM aanvraag a WHERE a.schooljaar_id = j.id
        AND a.status IN ('ingediend', 'besproken', 'ter_besluitvorming'))
FROM schooljaar j WHERE j.id = ?
"""

RAW_OVERDUE = f"""
SELECT a.id, due FROM (
    SELECT a.id AS id, a.nummer AS nummer, b.periode_eind AS eind, a.contactpersoon_id AS cp,
           COALESCE((SELECT MAX(v.volgende_op) FROM voortgangsgesprek v WHERE v.aanvraag_id = a.id),
                    date(b.besloten_op, '+' || j.voortgang_interval_maanden || ' months')) AS due
    FROM aanvraag a JOIN besluit b ON b.aanvraag_id = a.id
    JOIN schooljaar j ON j.id = a.schooljaar_id
    JOIN school s ON s.id = a.school_id
    JOIN gebruiker g ON g.id = a.contactpersoon_id
    WHERE {IN_FORCE} AND b.uitkomst != 'afgewezen'
) a
WHERE due < ? AND due <= eind AND (? IS NULL OR cp = ?)
ORDER BY due, nummer
"""


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The median wall time of ``fn`` over ``repeat`` runs (after one warm-up) and its result."""
    result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def line(name: str, service: float, raw: float) -> float:
    ratio = service / raw if raw else float("inf")
    verdict = "doel gehaald" if ratio <= GOAL else f"BOVEN HET DOEL ({GOAL:.0f}x)"
    print(
        f"  {name:<50} service {service * 1000:8.2f} ms   ruwe SQL {raw * 1000:8.2f} ms   "
        f"verhouding {ratio:5.2f}x  {verdict}"
    )
    return ratio


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=Path("bench/groot.db"))
    parser.add_argument("--pupils", type=int, default=50_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)

    if args.path.exists():
        print(f"Bestaande database hergebruikt: {args.path}")
    else:
        print(
            f"Database bouwen: {args.path} ({args.leerlingen} leerlingen, {args.years} jaren) ..."
        )
        start = time.perf_counter()
        summary = generate_demo(
            args.path,
            seed=args.seed,
            leerlingen=args.leerlingen,
            years=args.years,
            progress=lambda m: print(f"  {time.perf_counter() - start:7.1f} s  {m}", flush=True),
        )
        print(summary)
        print(f"Bouwtijd database: {time.perf_counter() - start:.1f} s")

    gate = Gate(args.path)  # the demo is encrypted: sign in, then a raw keyed connection
    gate.sign_in("programmadirecteur", DEMO_PASSWORD)
    db = gate.db
    assert db is not None
    raw = connect(args.path, db.keys.data_key if db.keys else None, create=False)
    made = raw.execute("SELECT op FROM audit_entry WHERE actie = 'demo aangemaakt'").fetchone()
    # "today" of the demo is the moment it was made (15 June of its last year)
    today: date = date.fromisoformat(made[0][:10]) if made else demo_clock(args.years)().date()
    jaren = [r[0] for r in raw.execute("SELECT id FROM schooljaar ORDER BY start_datum")]
    counts = raw.execute(
        "SELECT (SELECT COUNT(*) FROM leerling), (SELECT COUNT(*) FROM aanvraag), "
        "(SELECT COUNT(*) FROM besluit), (SELECT COUNT(*) FROM voortgangsgesprek)"
    ).fetchone()
    print(
        f"Omvang: {counts[0]} leerlingen, {counts[1]} aanvragen, {counts[2]} besluiten, "
        f"{counts[3]} voortgangsgesprekken; 'vandaag' = {today.isoformat()}; "
        f"mediaan van {args.repeat} keer."
    )
    ratios = []

    print("Budgetoverzicht per schooljaar:")
    for jaar_id in (jaren[0], jaren[-1]):
        t_service, overview = timed(lambda j=jaar_id: budget_overview(db, j), args.repeat)
        t_raw, row = timed(lambda j=jaar_id: raw.execute(RAW_BUDGET, (j,)).fetchone(), args.repeat)
        expected = (
            overview.budget_cents,
            overview.awarded_cents,
            overview.awarded_count,
            overview.pending_cents,
            overview.pending_count,
        )
        if tuple(row) != expected:
            print(f"  VERSCHIL {overview.label}: service {expected} tegen ruwe SQL {tuple(row)}")
            return 1
        ratios.append(line(f"budget_overview {overview.label}", t_service, t_raw))

    print("Achterstallige voortgangsgesprekken:")
    pd = authenticate(db, "programmadirecteur", DEMO_PASSWORD)
    cp = raw.execute("SELECT id FROM gebruiker WHERE gebruikersnaam = 'contactpersoon'").fetchone()
    for label, cp_id in (("alle contactpersonen", None), ("één contactpersoon", cp[0])):
        t_service, rows = timed(lambda c=cp_id: overdue_gesprekken(db, pd, today, c), args.repeat)
        t_raw, raw_rows = timed(
            lambda c=cp_id: raw.execute(RAW_OVERDUE, (today.isoformat(), c, c)).fetchall(),
            args.repeat,
        )
        got = [(r.aanvraag_id, r.due.isoformat()) for r in rows]
        if got != [tuple(r) for r in raw_rows]:
            print(f"  VERSCHIL overdue_talks ({label}): {len(got)} tegen {len(raw_rows)} rijen")
            return 1
        ratios.append(line(f"overdue_talks, {label} ({len(got)} rijen)", t_service, t_raw))

    raw.close()
    db.close()
    worst = max(ratios)
    print(f"Slechtste verhouding: {worst:.2f}x (doel <= {GOAL:.0f}x).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
