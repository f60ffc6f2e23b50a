"""Entry point: ``swv-desktop [--db PATH] [--demo] [--smoke]`` opens the window; a subcommand
(demo, check, letters, report) runs a batch job without importing Qt."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Dispatch to the batch commands or start the desktop application."""
    import multiprocessing

    multiprocessing.freeze_support()  # letters render in worker processes, also in a frozen build
    args = list(sys.argv[1:] if argv is None else argv)
    from swv_desktop.cli import SUBCOMMANDS

    if args and args[0] in SUBCOMMANDS:
        from swv_desktop.cli import main as cli_main

        return cli_main(args)
    from swv_desktop.ui.app import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
