"""Benchmark of the window (a script, not a test).

0. Sign-in: ``swv-desktop --db DB --demo --smoke-signin`` (the sign-in window painted, exit)
   against the bare window, the two run in turns. The figure of the goal is the time from
   starting the process to its first paint event (both print the ``time.time()`` of it); the
   time to the exit is printed beside it. Goal: at most 1.5x. ``--signin-only`` runs just this.
   Measured on the demo database and on the large one (goal 1.5x on both: the sign-in window
   reads only the key-slot sidecar, so the size of the database should not show).
1. Start-up: ``swv-desktop --db DB --demo --smoke`` (sign in, main window, dashboard painted with
   its data, exit) on the demo database and on the large ``--pupils 50000 --years 10`` database,
   each against a bare PySide6 window (QApplication + QMainWindow, first paint, exit) started the
   same way in the same run. Wall-clock from process start to exit, median of ``--repeat`` runs:
   printed for information, it has no goal (``--smoke`` signs in at once, so the import that the
   light start does while the user types is on its path). Then the program's own figure from
   the accepted sign-in to the painted dashboard (the smoke line's "na aanmelden"), with the
   sign-in itself (password check, key unwrap) apart. Goal: 0.4 s (demo), 0.8 s (large: the
   issue's "within 2x").
2. List filter latency on the large database: typing in the Leerlingen and Aanvragen search field,
   one keystroke at a time; the time from the changed text to the filtered, repainted table (the
   150 ms typing pause of the search field is not counted; what the list loads in the background
   finishes before typing starts, and its time is printed), median and maximum against a bare
   search field and table in the same process. Goal: at most 50 ms per keystroke, maximum.

    .venv/bin/python bench/bench_ui.py [LARGE_DB] [--demo-db PATH] [--repeat 5] [--signin-only]
    .venv/bin/python bench/bench_ui.py bench/groot.db --keystrokes-only     # part 2 alone

Databases that do not exist are built with the demo generator first (the large one takes minutes).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchlib import build_demo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BARE_WINDOW = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

class Label(QLabel):
    def paintEvent(self, event):
        super().paintEvent(event)
        if not painted:
            painted.append(time.time())
            print(f"getekend om {painted[0]:.6f}", flush=True)
        QTimer.singleShot(0, app.quit)

painted = []

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(Label("Leeg venster"))
window.resize(1280, 800)
window.show()
sys.exit(app.exec())
"""

SIGNIN_GOAL = 1.5
KEYSTROKE_GOAL_MS = 50.0
AFTER_SIGNIN_GOAL_S = 0.4
"""From "Aanmelden" to the painted dashboard, without the password check and key unwrap (2x on
the large database)."""
TYPED = {
    "leerling": ("jansen", "van der", "LL-04711"),
    "aanvraag": ("A2025", "lyceum", "jansen"),
}


def _env() -> dict[str, str]:
    """The environment of the measured processes: offscreen unless told otherwise, and with
    bytecode caching on (an installed program starts from its ``.pyc`` files; with
    ``PYTHONDONTWRITEBYTECODE`` set, as on the build machines, every start compiled every module
    again: 0.65 s of the start-up measured)."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def wall_time(args: list[str]) -> float:
    """Seconds from starting ``python args`` to its exit (fails loudly on a non-zero exit)."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=_env(), check=False
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"mislukt: {' '.join(args)}\n{result.stdout}\n{result.stderr}")
    return elapsed


AFTER_SIGNIN = re.compile(
    r"na aanmelden ([0-9.]+) s \(aanmelden zelf ([0-9.]+) s;"
    r" processortijd na aanmelden ([0-9.]+) s\)"
)
"""The smoke line's figures: from the accepted sign-in to the painted dashboard, and the sign-in
itself (password check and key unwrap)."""


def after_signin(args: list[str]) -> tuple[float, float, float]:
    """The smoke run's (after sign-in, sign-in itself, processor time after sign-in) seconds, as
    the program measured them."""
    result = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=_env(), check=False
    )
    found = AFTER_SIGNIN.search(result.stdout)
    if result.returncode != 0 or found is None:
        raise SystemExit(f"mislukt: {' '.join(args)}\n{result.stdout}\n{result.stderr}")
    return float(found.group(1)), float(found.group(2)), float(found.group(3))


PAINTED_AT = re.compile(r"getekend om ([0-9.]+)")
"""The ``time.time()`` of the first paint, printed by the bare window and by ``--smoke-signin``."""


def paint_and_exit(args: list[str]) -> tuple[float, float]:
    """Seconds from starting ``python args`` to its first paint (the figure of the goal), and to
    its exit."""
    spawned, start = time.time(), time.perf_counter()
    result = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=_env(), check=False
    )
    elapsed = time.perf_counter() - start
    found = PAINTED_AT.search(result.stdout)
    if result.returncode != 0 or found is None:
        raise SystemExit(f"mislukt: {' '.join(args)}\n{result.stdout}\n{result.stderr}")
    return float(found.group(1)) - spawned, elapsed


def alternating_paints(
    baseline: list[str], measured: list[str], repeat: int
) -> tuple[tuple[float, float], tuple[float, float]]:
    """(to first paint, to exit) medians of ``baseline`` and of ``measured``, run in turns after
    one warm-up run of each."""
    paint_and_exit(baseline)
    paint_and_exit(measured)
    runs: tuple[list[tuple[float, float]], list[tuple[float, float]]] = ([], [])
    for _ in range(repeat):
        runs[0].append(paint_and_exit(baseline))
        runs[1].append(paint_and_exit(measured))
    base, mine = (
        (statistics.median(r[0] for r in side), statistics.median(r[1] for r in side))
        for side in runs
    )
    return base, mine


def load_average() -> str:
    """The 1-minute load average (the machine is shared; printed with every figure)."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "?"


def ensure_db(path: Path, leerlingen: int, years: int) -> Path:
    """Build the demo database at ``path`` unless it exists."""
    if path.exists():
        return path
    print(f"Database maken: {path} ({leerlingen} leerlingen, {years} jaar) ...", flush=True)
    start = time.perf_counter()
    build_demo(path, leerlingen, years, env=_env(), quiet=True)
    print(f"  klaar in {time.perf_counter() - start:.1f} s", flush=True)
    return path


def bench_startup(dbs: dict[str, Path], repeat: int) -> bool:
    """Start-up times against the bare window (run in turns), and from the same ``--smoke`` runs
    the program's own figures after the sign-in; True when every goal is met."""
    print(
        f"\nStart tot dashboard (mediaan van {repeat}, om en om met het kale venster,"
        f" wandkloktijd van proces):"
    )
    ok = True
    for name, path in dbs.items():
        smoke = ["-m", "swv_desktop", "--db", str(path), "--demo", "--smoke"]
        wall_time(["-c", BARE_WINDOW])
        after_signin(smoke)  # warm-up (file cache)
        bare_times, times, runs = [], [], []
        for _ in range(repeat):
            bare_times.append(wall_time(["-c", BARE_WINDOW]))
            start = time.perf_counter()
            runs.append(after_signin(smoke))
            times.append(time.perf_counter() - start)
        bare, seconds = statistics.median(bare_times), statistics.median(times)
        ratio = seconds / bare
        print(f"  {'kaal PySide6-venster':<28} {bare:6.2f} s  (load {load_average()})")
        print(
            f"  {'--demo --smoke, ' + name:<28} {seconds:6.2f} s  {ratio:4.1f}x"
            "  (geen doel: met --smoke komt het importeren dat de lichte start doet terwijl de"
            " gebruiker typt op het pad)"
        )
        after = statistics.median(r[0] for r in runs)
        limit = AFTER_SIGNIN_GOAL_S if name == "demo" else 2 * AFTER_SIGNIN_GOAL_S
        ok &= after <= limit
        print(
            f"  {'  na aanmelden tot dashboard':<28} {after:6.2f} s"
            f"  (doel <= {limit:.1f} s: {'gehaald' if after <= limit else 'NIET gehaald'};"
            f" aanmelden zelf {statistics.median(r[1] for r in runs):.2f} s;"
            f" processortijd na aanmelden {statistics.median(r[2] for r in runs):.2f} s)"
        )
    return ok


def bench_signin(path: Path, repeat: int, name: str = "demo") -> bool:
    """``--smoke-signin`` (process start to the painted sign-in window, then exit) against the
    bare window measured in the same run; True when the goal is met."""
    print(
        f"\nStart tot aanmeldvenster, {name} (mediaan van {repeat}, om en om met het kale"
        f" venster, vanaf het starten van het proces; load {load_average()}):"
    )
    (bare, bare_exit), (seconds, seconds_exit) = alternating_paints(
        ["-c", BARE_WINDOW],
        ["-m", "swv_desktop", "--db", str(path), "--demo", "--smoke-signin"],
        repeat,
    )
    ratio = seconds / bare
    verdict = "gehaald" if ratio <= SIGNIN_GOAL else "NIET gehaald"
    print(f"  {'':<28} {'getekend':>8}  {'':>4}   {'afgesloten':>10}")
    print(f"  {'kaal PySide6-venster':<28} {bare:6.2f} s  {'':>4}   {bare_exit:8.2f} s")
    print(
        f"  {'--demo --smoke-signin':<28} {seconds:6.2f} s  {ratio:4.1f}x  {seconds_exit:8.2f} s"
        f"  {seconds_exit / bare_exit:4.1f}x  (doel: getekend <= {SIGNIN_GOAL}x: {verdict};"
        f" load nu {load_average()})"
    )
    return ratio <= SIGNIN_GOAL


BARE_KEYSTROKE_ROWS = 200


def _steal_ms() -> float:
    """The machine's stolen time so far (a virtual machine's processors waiting for the host),
    in ms; 0 where ``/proc/stat`` does not say."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
        return int(fields[8]) * 1000 / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _preempted() -> int:
    """How often the calling thread was preempted so far (involuntary context switches)."""
    import resource

    return resource.getrusage(resource.RUSAGE_THREAD).ru_nivcsw


def _bare_keystroke_ms(app: Any, texts: tuple[str, ...]) -> tuple[list[float], list[float]]:
    """The baseline of a keystroke: a bare search field above a bare table of
    ``BARE_KEYSTROKE_ROWS`` fixed rows (no query, no filter), set and repainted the same way."""
    from PySide6.QtGui import QStandardItem
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QLineEdit
    from PySide6.QtWidgets import QTableView
    from PySide6.QtWidgets import QVBoxLayout
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    field, table = QLineEdit(), QTableView()
    model = QStandardItemModel(BARE_KEYSTROKE_ROWS, 8)
    for r in range(BARE_KEYSTROKE_ROWS):
        for c in range(8):
            model.setItem(r, c, QStandardItem(f"cel {r}.{c}"))
    table.setModel(model)
    layout = QVBoxLayout(window)
    layout.addWidget(field)
    layout.addWidget(table)
    window.resize(1200, 760)
    window.show()
    app.processEvents()
    viewport = table.viewport()  # its Python wrapper is made once, not in the first keystroke
    times, cpu = [], []
    for text in texts:
        for i in range(1, len(text) + 1):
            start, cpu_start = time.perf_counter(), time.thread_time()
            field.setText(text[:i])
            viewport.repaint()
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.thread_time() - cpu_start) * 1000)
            app.processEvents()
    window.close()
    return times, cpu


def bench_filter(path: Path) -> bool:
    """Keystroke latency of the list screens on the large database: the search text set, the
    table filtered (in memory once the list's rows are loaded; see ``ui/table_models.py``) and
    repainted, against a bare search field and table in the same process."""
    from PySide6.QtWidgets import QApplication

    from swv_desktop.formatting import thousands
    from swv_desktop.services.queries import lists as queries
    from swv_desktop.services.toegang import Gate
    from swv_desktop.ui import gc_guard
    from swv_desktop.ui.app import demo_clock_for
    from swv_desktop.ui.appearance import apply_appearance
    from swv_desktop.ui.context import UiContext
    from swv_desktop.ui.list_configs import LIST_CONFIGS
    from swv_desktop.ui.lists import ListScreen
    from swv_desktop.ui.signin import DEMO_PASSWORD
    from swv_desktop.ui.worker import wait_for_all

    app = QApplication.instance() or QApplication(["bench"])
    assert isinstance(app, QApplication)
    apply_appearance(app)
    gc_guard.install(app)  # as the window runs: collected on the GUI thread between events
    gate = Gate(path)
    actor = gate.sign_in("programmadirecteur", DEMO_PASSWORD)
    assert gate.db is not None
    db = gate.db
    demo_clock_for(db)
    ctx = UiContext(db=db, actor=actor, clock=db.clock, demo=True)
    bare, bare_cpu = _bare_keystroke_ms(app, tuple(t for texts in TYPED.values() for t in texts))
    print(
        f"\nZoeken in de lijsten ({path.name}; per toetsaanslag: tekst, filteren, opnieuw tekenen;"
        f" kaal veld met tabel: mediaan {statistics.median(bare):.1f} ms, max {max(bare):.1f} ms,"
        f" processortijd max {max(bare_cpu):.1f} ms;"
        f" load {load_average()}):"
    )
    ok = True
    try:
        for kind, texts in TYPED.items():
            start = time.perf_counter()
            screen = ListScreen(ctx, LIST_CONFIGS[kind])
            screen.resize(1200, 760)
            screen.show()
            app.processEvents()
            opened = (time.perf_counter() - start) * 1000
            wait_for_all()
            app.processEvents()
            loaded = (time.perf_counter() - start) * 1000
            in_memory = screen.model.searchable_ready
            viewport = screen.table.viewport()
            """Asked before typing: the first ``viewport()`` from Python makes the widget's
            wrapper, and in a fresh process PySide then sets up its widget types (about 25
            million instructions under callgrind), which is the script's cost, not a keystroke's."""
            times: list[float] = []
            filtering: list[float] = []
            cpu: list[float] = []
            """The GUI thread's processor time per keystroke (what the load of a shared
            machine adds to the wall clock is not in it)."""
            machine: list[tuple[str, float, int]] = []
            """Per keystroke: the text, the machine's stolen time (ms, /proc/stat, in steps of
            10 ms) and how often the GUI thread was preempted: for telling a slow keystroke
            that did more work from one the machine slowed down."""
            for text in texts:
                for i in range(1, len(text) + 1):
                    stolen, preempted = _steal_ms(), _preempted()
                    start, cpu_start = time.perf_counter(), time.thread_time()
                    screen.search.setText(text[:i])
                    screen.apply_filter()
                    between = time.perf_counter()
                    viewport.repaint()
                    done = time.perf_counter()
                    cpu.append((time.thread_time() - cpu_start) * 1000)
                    times.append((done - start) * 1000)
                    filtering.append((between - start) * 1000)
                    machine.append((text[:i], _steal_ms() - stolen, _preempted() - preempted))
                    # a person types slower than this: let a count in the background finish
                    wait_for_all()
                    app.processEvents()
                screen.search.clear()
                screen.apply_filter()
            worst = max(times)
            rows = queries.count(db, actor, kind)
            ok &= worst <= KEYSTROKE_GOAL_MS
            verdict = "gehaald" if worst <= KEYSTROKE_GOAL_MS else "NIET gehaald"
            print(
                f"  {LIST_CONFIGS[kind].title:<12} {thousands(rows):>7} rijen;"
                f" lijst geopend in {opened:5.0f} ms, alle rijen geladen na {loaded:5.0f} ms"
                f" ({'in het geheugen' if in_memory else 'zoekt in SQL'})"
            )
            print(
                f"  {'':<12} per toets mediaan {statistics.median(times):5.1f} ms,"
                f" max {worst:5.1f} ms (filteren max {max(filtering):5.1f} ms;"
                f" {worst / max(bare):4.1f}x het kale veld; processortijd mediaan"
                f" {statistics.median(cpu):4.1f} ms, max {max(cpu):4.1f} ms)"
                f" (doel <= {KEYSTROKE_GOAL_MS:.0f} ms: {verdict})"
            )
            slowest = times.index(worst)
            typed, stolen, preempted = machine[slowest]
            print(
                f"  {'':<12} langzaamste toets {typed!r}: filteren {filtering[slowest]:5.1f} ms,"
                f" processortijd {cpu[slowest]:5.1f} ms, gestolen tijd {stolen:.0f} ms,"
                f" {preempted}x verdrongen"
            )
            screen.close()
    finally:
        db.close()
    return ok


def main(argv: list[str] | None = None) -> int:
    """Run both parts; exit 0 when every goal is met, 1 otherwise."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("large", type=Path, nargs="?", default=None, help="grote database")
    parser.add_argument("--demo-db", type=Path, default=None, help="demodatabase")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--signin-only", action="store_true", help="alleen de start tot het aanmeldvenster"
    )
    parser.add_argument(
        "--keystrokes-only", action="store_true", help="alleen het typen in de lijsten"
    )
    args = parser.parse_args(argv)
    if args.keystrokes_only:
        large = ensure_db(args.large or Path("bench/groot.db"), 50_000, 10)
        return 0 if bench_filter(large) else 1
    with tempfile.TemporaryDirectory(prefix="swv-bench-ui-") as tmp:
        folder = Path(tmp)
        demo = ensure_db(args.demo_db or folder / "demo.db", 80, 2)
        ok = bench_signin(demo, args.repeat)
        if args.signin_only:
            return 0 if ok else 1
        large = ensure_db(args.large or folder / "groot.db", 50_000, 10)
        ok &= bench_signin(large, args.repeat, "groot")
        ok &= bench_startup({"demo": demo, "groot": large}, args.repeat)
        ok &= bench_filter(large)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
