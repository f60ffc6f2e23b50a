"""Run every benchmark script in this folder, one after another (``make bench``).

Builds the large database once (``--pupils 50000 --years 10``) in a temporary folder unless a path
is given with ``BENCH_DB``, and passes it to each script. Benchmarks are measurements, not tests:
each script prints ratios against a bare baseline measured in the same run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import build_demo

HERE = Path(__file__).resolve().parent
SCRIPTS = (
    "bench_core.py",
    "bench_letters.py",
    "bench_ui.py",
    "bench_files.py",
    "bench_transactions.py",
)


def main() -> int:
    large = os.environ.get("BENCH_DB")
    with tempfile.TemporaryDirectory() as tmp:
        if not large:
            large = str(Path(tmp) / "groot.db")
            print(f"Grote database maken in {large} ...", flush=True)
            start = time.perf_counter()
            build_demo(large, 50_000, 10)
            print(f"  klaar in {time.perf_counter() - start:.1f} s", flush=True)
        failed = 0
        for name in SCRIPTS:
            script = HERE / name
            if not script.exists():
                continue
            print(f"\n== {name}", flush=True)
            failed += (
                subprocess.run([sys.executable, str(script), large], check=False).returncode != 0
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
