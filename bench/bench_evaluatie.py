"""The evaluation report on a large database: time to compute and render the PDF and the Excel
export, page count, and PNGs of the pages with the charts to look at (a script, not a test).

``python bench/bench_evaluatie.py [bench/groot.db] [--out bench/evaluatie-groot]`` builds the
large demo (50,000 pupils, 167 schools, ten years) on first use, exactly as ``bench_core.py``
does, then renders the final evaluation of the last year and its interim evaluation. With
``pdftoppm`` on the PATH the pages holding "per school" are written as PNGs beside the PDF.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from swv_desktop.demo.generator import generate_demo
from swv_desktop.demo.teksten import DEMO_PASSWORD
from swv_desktop.models import Schooljaar
from swv_desktop.services.evaluatie.use_cases import EvaluatieSoort
from swv_desktop.services.evaluatie.use_cases import evaluation_figures
from swv_desktop.services.evaluatie.use_cases import report_pdf
from swv_desktop.services.evaluatie.use_cases import report_xlsx
from swv_desktop.services.toegang import Gate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=Path("bench/groot.db"))
    parser.add_argument("--out", type=Path, default=Path("bench/evaluatie-groot"))
    parser.add_argument("--pupils", type=int, default=50_000)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"Database bouwen: {args.path} ({args.pupils} leerlingen, {args.years} jaren) ...")
        start = time.perf_counter()
        generate_demo(args.path, leerlingen=args.pupils, years=args.years)
        print(f"Bouwtijd database: {time.perf_counter() - start:.1f} s")
    gate = Gate(args.path)
    pd = gate.sign_in("programmadirecteur", DEMO_PASSWORD)
    db = gate.db
    assert db is not None
    args.out.mkdir(parents=True, exist_ok=True)
    status = 0
    try:
        with db.read() as session:
            labels = list(
                session.scalars(select(Schooljaar.label).order_by(Schooljaar.start_datum))
            )
        for kind in (EvaluatieSoort.EIND, EvaluatieSoort.TUSSEN):
            start = time.perf_counter()
            figures = evaluation_figures(db, pd, labels[-1], kind)
            t_figures = time.perf_counter() - start
            start = time.perf_counter()
            pdf = report_pdf(db, pd, labels[-1], kind, concept=True)
            t_pdf = time.perf_counter() - start
            start = time.perf_counter()
            xlsx = report_xlsx(db, pd, labels[-1], kind)
            t_xlsx = time.perf_counter() - start
            reader = PdfReader(BytesIO(pdf))
            texts = [page.extract_text() or "" for page in reader.pages]
            chart_pages = [i + 1 for i, t in enumerate(texts) if "Toegekend bedrag per school" in t]
            sheets = load_workbook(BytesIO(xlsx), read_only=True).sheetnames
            name = f"{kind.value}-{labels[-1]}"
            (args.out / f"{name}.pdf").write_bytes(pdf)
            (args.out / f"{name}.xlsx").write_bytes(xlsx)
            print(
                f"{figures.titel}: {len(figures.per_school)} scholen, {figures.aanvragen} "
                f"aanvragen; cijfers {t_figures:.2f} s, PDF {t_pdf:.2f} s ({len(reader.pages)} "
                f"pagina's), Excel {t_xlsx:.2f} s ({len(sheets)} bladen); grafiek per school op "
                f"pagina {chart_pages}"
            )
            if not chart_pages:
                print("  GEEN grafiek per school gevonden")
                status = 1
            if shutil.which("pdftoppm") and chart_pages:
                for page in chart_pages[:2]:
                    subprocess.run(
                        ["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page)]
                        + [str(args.out / f"{name}.pdf"), str(args.out / f"{name}-p{page}")],
                        check=True,
                    )
                print(f"  PNG's in {args.out}")
    finally:
        gate.sign_out()
    return status


if __name__ == "__main__":
    sys.exit(main())
