"""What several benchmark scripts share: building a large demo database in a child process, and
signing in on a copy of one (the given file is never changed). Imported by the scripts in this
folder (run as ``python bench/NAME.py``, so the folder is on the path)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.demo.teksten import DEMO_PASSWORD
from swv_desktop.encryption.keyslots import sidecar_path
from swv_desktop.models import Aanvraag
from swv_desktop.models import Besluit
from swv_desktop.models import School
from swv_desktop.models import Uitkomst
from swv_desktop.services.budget import in_force
from swv_desktop.services.common import Actor
from swv_desktop.services.toegang import Gate


def build_demo(
    path: Path | str,
    pupils: int,
    years: int,
    *,
    env: dict[str, str] | None = None,
    quiet: bool = False,
) -> None:
    """``swv-desktop demo --db PATH --pupils N --years N`` in a child process (output hidden
    with ``quiet``)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "swv_desktop",
            "demo",
            "--db",
            str(path),
            "--pupils",
            str(pupils),
            "--years",
            str(years),
        ],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def missing(path: Path) -> bool:
    """True (with how to make it) when the demo database ``path`` does not exist."""
    if path.exists():
        return False
    print(f"{path} bestaat niet; maak hem met swv-desktop demo --db {path} ...")
    return True


@contextmanager
def signed_in_copy(path: Path, username: str) -> Iterator[tuple[Path, Gate, Actor]]:
    """A copy of the demo database ``path`` (with its key file) in a temporary folder, signed in
    as ``username`` with the demo password: (the copy's path, its gate, the actor)."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "bench.db"
        shutil.copyfile(path, copy)
        shutil.copyfile(sidecar_path(path), sidecar_path(copy))
        gate = Gate(copy)
        actor = gate.sign_in(username, DEMO_PASSWORD)
        assert gate.db is not None
        yield copy, gate, actor


def own_awards(session: Session, actor: Actor) -> list[int]:
    """The ids of the awards in force (not refused) at the schools of contactpersoon ``actor``,
    in id order: where the sync benchmarks record their progress talks."""
    mine = select(School.id).where(School.contactpersoon_id == actor.id)
    return list(
        session.scalars(
            select(Aanvraag.id)
            .join(Besluit, Besluit.aanvraag_id == Aanvraag.id)
            .where(Aanvraag.school_id.in_(mine), in_force(), Besluit.uitkomst != Uitkomst.AFGEWEZEN)
            .order_by(Aanvraag.id)
        )
    )
