"""Entry point: ``swv-desktop [--db PATH] [--demo] [--smoke]`` opens the window; a subcommand
(demo, check, letters, report) runs a batch job without importing Qt. Both start with a private
umask (files 0600, folders 0700: the database, its WAL, backups, the log, exports).

``swv-desktop`` is the console script (batch output stays readable); ``swv-desktop-gui`` (a
gui-script, and ``swv-desktop-gui.exe`` in the Windows build) starts the same program without a
console window behind it.
"""

from __future__ import annotations

import os
import sys
import time


def main(argv: list[str] | None = None) -> int:
    """Dispatch to the batch commands or start the desktop application."""
    started = time.perf_counter()
    from swv_desktop.encryption.private_files import restrict_process_umask

    restrict_process_umask()  # every file and folder the program writes: its user's only

    if getattr(sys, "frozen", False):  # letters render in worker processes, also frozen; not
        import multiprocessing  # frozen, ``freeze_support`` does nothing, and its import (40 ms)

        multiprocessing.freeze_support()  # would only delay the sign-in window
    args = list(sys.argv[1:] if argv is None else argv)
    if args and not args[0].startswith("-"):  # a subcommand (the window's options start with
        from swv_desktop.cli import SUBCOMMANDS  # "-": it does not load the batch commands)

        if args[0] in SUBCOMMANDS:
            from swv_desktop.cli import main as cli_main

            return cli_main(args)
    from swv_desktop.qtcheck import display_problem

    problem = display_problem()
    if problem is not None:  # Qt would abort with its own English message
        print(problem.message, file=sys.stderr)
        return 1 if problem.packages else 2
    from swv_desktop.ui.launch import run_gui

    return run_gui(args, started=started)


def main_gui(argv: list[str] | None = None) -> int:
    """The windowed entry point: without a console (pythonw, a windowed exe) ``sys.stdout`` and
    ``sys.stderr`` are None, and a print would raise; they go to the null device instead."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    return main(argv)


if __name__ == "__main__":
    sys.exit(main())
