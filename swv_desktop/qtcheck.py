"""Before the window opens on Linux: is there a display, and are the system libraries that Qt's
xcb platform plugin needs installed? Qt itself aborts the process with an English message when
they are missing; this module says in Dutch what is wrong and gives the one ``apt-get install``
line that fixes it. Standard library only (no Qt import: it runs before Qt is loaded).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

# soname -> Debian/Ubuntu package, for everything the xcb plugin of PySide6 links against that a
# minimal desktop install may lack (README, "Linux-bureaublad").
DEBIAN_PACKAGES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}

NO_DISPLAY = (
    "Geen beeldscherm gevonden: DISPLAY en WAYLAND_DISPLAY zijn niet gezet, dus het venster kan "
    "hier niet openen.\n"
    "Start het in een grafische sessie (of via ssh -X). Zonder scherm werken de opdrachten wel:\n"
    "  swv-desktop check --db PAD, swv-desktop letters ..., swv-desktop --help\n"
    "en een proefstart zonder scherm: QT_QPA_PLATFORM=offscreen swv-desktop --demo --smoke"
)

_LOCAL_DISPLAY = re.compile(r"^(?:unix)?:(\d+)(?:\.\d+)?$")
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


@dataclass(frozen=True)
class Problem:
    """What stops the window from opening, in Dutch, and the packages that fix it (if any)."""

    message: str
    packages: tuple[str, ...] = ()


def missing_sonames(ldd_output: str) -> list[str]:
    """The libraries ``ldd`` reports as "not found", each once, in order."""
    seen: list[str] = []
    for name in _NOT_FOUND.findall(ldd_output):
        if name not in seen:
            seen.append(name)
    return seen


def packages_for(sonames: list[str]) -> tuple[str, ...]:
    """The Debian packages that provide ``sonames`` (a soname we do not know is kept as is)."""
    return tuple(dict.fromkeys(DEBIAN_PACKAGES.get(name, name) for name in sonames))


def xcb_plugin() -> Path | None:
    """The xcb platform plugin of the installed PySide6 (found without importing Qt)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for base in spec.submodule_search_locations:
        plugin = Path(base) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.exists():
            return plugin
    return None


def missing_xcb_libraries(plugin: Path | None = None) -> list[str]:
    """Sonames the xcb plugin needs that the dynamic linker cannot find on this system."""
    import subprocess  # only with an X display: the light start does not pay for it otherwise

    plugin = plugin or xcb_plugin()
    if plugin is not None and shutil.which("ldd"):
        result = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=False)
        return missing_sonames(result.stdout)
    # No ldd (or no plugin found): compare the known list with the linker cache.
    if not shutil.which("ldconfig") and not Path("/sbin/ldconfig").exists():
        return []
    ldconfig = shutil.which("ldconfig") or "/sbin/ldconfig"
    cache = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, check=False).stdout
    return [name for name in DEBIAN_PACKAGES if name not in cache]


def local_x_server_answers(display: str) -> bool:
    """False only when ``display`` is a local X display (``:0``) and no X server listens on its
    socket (abstract or in /tmp/.X11-unix); remote displays (ssh -X) are left to Qt."""
    import socket

    match = _LOCAL_DISPLAY.match(display)
    if match is None:
        return True
    path = f"/tmp/.X11-unix/X{match.group(1)}"
    for address in ("\0" + path, path):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(2)
            try:
                sock.connect(address)
            except OSError:
                continue
            return True
    return False


def display_problem(environ: dict[str, str] | None = None) -> Problem | None:
    """Why the window cannot open here, or None when it can (or when Qt will not use xcb)."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None  # offscreen, wayland, vnc ...: not the xcb plugin
    if not env.get("DISPLAY"):
        if env.get("WAYLAND_DISPLAY") and not platform:
            return None  # Qt picks its Wayland plugin
        return Problem(NO_DISPLAY)
    missing = missing_xcb_libraries()
    if missing:
        packages = packages_for(missing)
        return Problem(
            "Het venster kan niet openen: Qt mist systeembibliotheken voor X11 (xcb): "
            + ", ".join(missing)
            + ".\nInstalleer ze met:\n  sudo apt-get install "
            + " ".join(packages),
            packages,
        )
    if not local_x_server_answers(env["DISPLAY"]):
        return Problem(
            f"Geen beeldscherm bereikbaar: er luistert geen X-server op DISPLAY={env['DISPLAY']}, "
            "dus het venster kan niet openen.\n" + NO_DISPLAY.split("\n", 1)[1]
        )
    return None


def can_install_packages() -> bool:
    """Root on Debian or Ubuntu with apt-get: ``make run`` may install what is missing itself."""
    return (
        hasattr(os, "geteuid")
        and os.geteuid() == 0
        and Path("/etc/debian_version").exists()
        and shutil.which("apt-get") is not None
    )


def install_packages(packages: tuple[str, ...]) -> bool:
    """``apt-get install`` the packages (after ``apt-get update``); True when that succeeded."""
    import subprocess

    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    if subprocess.run(install, env=env, check=False).returncode == 0:
        return True
    subprocess.run(["apt-get", "update"], env=env, check=False)
    return subprocess.run(install, env=env, check=False).returncode == 0


def main(argv: list[str] | None = None) -> int:
    """``python -m swv_desktop.qtcheck [--install]``: 0 = the window can open, 1 = libraries are
    missing (the apt-get line is printed), 2 = no display at all (said in Dutch)."""
    args = sys.argv[1:] if argv is None else argv
    problem = display_problem()
    if problem is None:
        return 0
    if problem.packages and "--install" in args and can_install_packages():
        print("Ontbrekende systeembibliotheken installeren: " + " ".join(problem.packages))
        if install_packages(problem.packages) and display_problem() is None:
            return 0
        problem = display_problem() or problem
    print(problem.message, file=sys.stderr)
    return 1 if problem.packages else 2


if __name__ == "__main__":
    sys.exit(main())
