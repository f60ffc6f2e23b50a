"""Benchmark of the letters and the evaluation report (a script, not a test).

    .venv/bin/python bench/bench_letters.py [--letters 1000] [--jobs N] [--no-serial] [LARGE.db [YEAR]]

1. one beschikking against a bare ReportLab document of the same length (same number of pages,
   the same text as plain paragraphs in a built-in font), in the same run: ratio, goal <= 2x;
2. rendering N letters (fictional data; individual and group letters mixed) in this process and
   in worker processes as ``issue_pending`` does (``reports.batch.render_all``, one per core or
   ``--jobs``), goal <= 10 s for 1,000;
3. combining those N rendered letters into one print PDF (``merge_pdfs``, as ``combined_pdf`` and
   ``export_letters`` do);
4. with a database path: the figures, the PDF and the Excel export of the evaluation report of a
   (large) year.

The header shows whether ReportLab's C accelerator (the ``rl_accel`` package) is in use and the
load of the machine (other processes slow the parallel run down).

Heavy imports (database, services, pypdf) stay out of the module level: worker processes import
this script again when they start, as Python's "spawn" start method does with a main module.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import reportlab  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.platypus import Paragraph  # noqa: E402
from reportlab.platypus import SimpleDocTemplate  # noqa: E402

from swv_desktop.reports.batch import render_all  # noqa: E402
from swv_desktop.reports.batch import worker_count  # noqa: E402
from swv_desktop.reports.beschikking import render_beschikking  # noqa: E402
from swv_desktop.reports.beschikking_data import Afzender  # noqa: E402
from swv_desktop.reports.beschikking_data import BeschikkingData  # noqa: E402
from swv_desktop.reports.beschikking_data import BriefSoort  # noqa: E402
from swv_desktop.reports.beschikking_data import Geadresseerde  # noqa: E402
from swv_desktop.reports.beschikking_data import LeerlingRegel  # noqa: E402
from swv_desktop.reports.beschikking_data import Ondertekening  # noqa: E402
from swv_desktop.reports.beschikking_data import Toetsing  # noqa: E402

GOAL_RATIO = 2.0
GOAL_1000_S = 10.0


def sample(index: int = 1, leerlingen: int = 1) -> BeschikkingData:
    """A fictional letter; ``pupils > 1`` makes it a group letter."""
    from swv_desktop.services.beschikkingen.brieftekst import DEFAULT_TEKSTEN

    groep = leerlingen > 1
    texts = {k: v for k, (_label, v) in DEFAULT_TEKSTEN.items()}
    return BeschikkingData(
        soort=BriefSoort.TOEKENNING_GROEP if groep else BriefSoort.TOEKENNING_INDIVIDUEEL,
        kenmerk=f"MWB-2021-{index:04d}",
        briefdatum=date(2021, 10, 4),
        schooljaar="2021-2022",
        afzender=Afzender(
            "Samenwerkingsverband VO Voorbeeld",
            "Stationsplein 12",
            "6221 BT",
            "Maastricht",
            "043 123 45 67",
            "bureau@voorbeeld.example",
            "www.voorbeeld.example",
        ),
        geadresseerde=Geadresseerde(
            "Stichting Voorbeeld VO",
            "Voorbeeldcollege",
            "mevrouw A. Voorbeeld",
            "Schoolstraat 10",
            "1234 CD",
            "Voorbeeldstad",
        ),
        aanvraagnummer=f"A-2021-{index:04d}",
        aanvraagdatum=date(2021, 9, 13),
        contactpersoon="Kees Voorbeeld",
        uitkomst="Toegekend",
        groep=groep,
        aangevraagd_cents=3_000_000 if groep else 650_000,
        toegekend_cents=3_000_000 if groep else 650_000,
        periode_start=date(2021, 10, 4),
        periode_eind=date(2022, 7, 31),
        doel="Sociaal-emotionele vaardigheden",
        ondertekening=Ondertekening(
            "Petra Voorbeeld",
            "Programmadirecteur Kwaliteit en beleid",
            "namens het bestuur van het samenwerkingsverband",
        ),
        inleiding=texts["inleiding"],
        grondslag=texts["grondslag"],
        besluit_tekst=texts[
            "besluit_toekenning_groep" if groep else "besluit_toekenning_individueel"
        ],
        motivering="De aanvraag is getoetst aan de voorwaarden van de regeling en voldoet daaraan.",
        slot=texts["slot"],
        rechtsmiddel="Bent u het niet eens met dit besluit, dan kunt u binnen zes weken om heroverweging verzoeken.",
        leerlingen=tuple(
            LeerlingRegel("S. d. V.", f"V{100000 + index * 20 + n}") for n in range(leerlingen)
        ),
        toetsing=tuple(
            Toetsing(
                f"Voorwaarde {n} van de regeling, zoals besproken met de contactpersoon",
                True,
                "Vastgesteld op 10 september 2021.",
            )
            for n in range(6)
        ),
        voorwaarden=tuple(
            texts[k]
            for k in (
                "voorwaarde_voortgang",
                "voorwaarde_opp_individueel",
                "voorwaarde_evaluatie",
                "voorwaarde_verantwoording",
                "voorwaarde_niet_besteed",
            )
        ),
        voortgang_data=(date(2022, 1, 4), date(2022, 4, 4), date(2022, 7, 4)),
        afschrift=("Kees Voorbeeld, contactpersoon",),
        bijlagen=("Regeling Pilot Maatwerkbudget (september 2021)",),
    )


def bare_document(lines: list[str], pages: int) -> Callable[[], bytes]:
    """A plain ReportLab document with the same text, padded/trimmed to the same page count."""
    style = getSampleStyleSheet()["Normal"]

    def build() -> bytes:
        out = BytesIO()
        doc = SimpleDocTemplate(out, pagesize=A4, invariant=1)
        doc.build([Paragraph(line, style) for line in lines])
        return out.getvalue()

    # tune the number of lines once so the page count matches
    while _pages(build()) < pages:
        lines += lines[: max(1, len(lines) // 4)]
    while _pages(build()) > pages and len(lines) > 1:
        lines.pop()
    return build


def _pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(BytesIO(pdf)).pages)


def best_of(func: Callable[[], object], runs: int, repeat: int = 3) -> float:
    """Best mean seconds per call over ``repeat`` rounds of ``runs`` calls."""
    func()
    means = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(runs):
            func()
        means.append((time.perf_counter() - start) / runs)
    return min(means)


def _letters(count: int) -> list[BeschikkingData]:
    """``count`` letters: every fifth a group letter of 8 pupils."""
    return [sample(i, 1 if i % 5 else 8) for i in range(1, count + 1)]


def _children_cpu() -> float:
    """CPU seconds used by ended child processes (the workers, once the pool has shut down)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _accelerated() -> bool:
    from reportlab.lib import rl_accel

    return getattr(rl_accel.fp_str, "__module__", "") == "_rl_accel"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument(
        "--jobs", type=int, default=0, help="worker processes (default: one per core)"
    )
    parser.add_argument(
        "--no-serial", dest="serial", action="store_false", help="skip the serial run"
    )
    parser.add_argument("database", nargs="?", type=Path)
    parser.add_argument("year", nargs="?", default=None)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    # imported here, not at the top: worker processes import this script again ("spawn")
    from pypdf import PdfReader

    from swv_desktop.services.beschikkingen.uitgifte import merge_pdfs

    rows: list[tuple[str, str, str]] = []

    letter = sample(1)
    pdf = render_beschikking(letter)
    page_count = _pages(pdf)
    text_lines = [
        line
        for p in PdfReader(BytesIO(pdf)).pages
        for line in (p.extract_text() or "").splitlines()
        if line.strip()
    ]
    bare = bare_document(
        [line.replace("&", "&amp;").replace("<", "&lt;") for line in text_lines], page_count
    )
    ours = best_of(lambda: render_beschikking(letter), 40)
    theirs = best_of(bare, 40)
    ratio = ours / theirs
    rows.append((f"1 beschikking ({page_count} p.)", f"{ours * 1000:.1f} ms", ""))
    rows.append(
        (f"kale ReportLab, zelfde lengte ({_pages(bare())} p.)", f"{theirs * 1000:.1f} ms", "")
    )
    rows.append(
        (
            "verhouding",
            f"{ratio:.2f}x",
            "ok" if ratio <= GOAL_RATIO else f"boven doel {GOAL_RATIO}x",
        )
    )

    letters = _letters(args.letters)
    goal = GOAL_1000_S * args.letters / 1000
    if args.serial:
        start = time.perf_counter()
        serial = [render_beschikking(data) for data in letters]
        seconds = time.perf_counter() - start
        rows.append(
            (
                f"{args.letters} brieven (1 proces)",
                f"{seconds:.2f} s",
                ("ok" if seconds <= goal else f"boven doel {goal:.0f} s")
                + f", {sum(map(len, serial)) / args.letters / 1024:.0f} kB/brief",
            )
        )
    jobs = args.jobs or worker_count()
    workers_cpu = _children_cpu()
    start = time.perf_counter()
    rendered = list(render_all(render_beschikking, letters, workers=jobs))
    seconds = time.perf_counter() - start
    workers_cpu = _children_cpu() - workers_cpu
    rows.append(
        (
            f"{args.letters} brieven ({jobs} proces{'sen' if jobs > 1 else ''}, render_all)",
            f"{seconds:.2f} s",
            ("ok" if seconds <= goal else f"boven doel {goal:.0f} s")
            + (f", {workers_cpu:.1f} s CPU in de werkprocessen" if workers_cpu else ""),
        )
    )
    if args.serial and rendered != serial:
        raise SystemExit("Parallel gerenderde brieven wijken af van de seriële: fout.")
    start = time.perf_counter()
    combined = merge_pdfs(rendered)
    seconds = time.perf_counter() - start
    rows.append(
        (
            f"{args.letters} brieven samenvoegen tot 1 PDF",
            f"{seconds:.2f} s",
            f"{len(combined) / 1024 / 1024:.0f} MB, {_pages(combined)} p.",
        )
    )

    if args.database is not None:
        from swv_desktop.demo.teksten import DEMO_PASSWORD
        from swv_desktop.reports.evaluatie import render_evaluatie
        from swv_desktop.reports.excel import evaluatie_xlsx
        from swv_desktop.services.evaluatie.use_cases import evaluation_figures
        from swv_desktop.services.schooljaren import list_schooljaren
        from swv_desktop.services.toegang import Gate

        gate = Gate(args.database)
        pd = gate.sign_in("programmadirecteur", DEMO_PASSWORD)
        assert gate.db is not None
        db = gate.db
        try:
            years = [args.year] if args.year else [j.label for j in reversed(list_schooljaren(db))]
            for label in years:
                for kind in ("interim", "final"):
                    start = time.perf_counter()
                    figures = evaluation_figures(db, pd, label, kind)
                    t_fig = time.perf_counter() - start
                    t_pdf = statistics.mean(
                        _timed(lambda f=figures: render_evaluatie(f)) for _ in range(2)
                    )
                    t_xlsx = _timed(lambda f=figures: evaluatie_xlsx(f))
                    rows.append(
                        (
                            f"rapport {kind} {label} ({figures.aanvragen} aanvragen)",
                            f"{t_fig + t_pdf + t_xlsx:.2f} s",
                            f"cijfers {t_fig:.2f} s, pdf {t_pdf:.2f} s, xlsx {t_xlsx:.2f} s",
                        )
                    )
        finally:
            db.close()

    width = max(len(r[0]) for r in rows)
    accel = "met rl_accel (C)" if _accelerated() else "zonder rl_accel (pure Python)"
    print(
        f"ReportLab {reportlab.Version}, {accel}, {os.cpu_count()} kernen, "
        f"belasting vooraf {load_before:.1f}"
    )
    print(f"{'meting':<{width}}  {'tijd':>10}  opmerking")
    print("-" * (width + 40))
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>10}  {note}")


def _timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
