"""PyInstaller entry script of both executables (swv-desktop with a console, swv-desktop-gui
without): the same program, streams made safe when there is no console."""

import sys

from swv_desktop.__main__ import main_gui

if __name__ == "__main__":
    sys.exit(main_gui())
