"""The role x action matrix, generated from every public service function.

Every public function of ``swv_desktop.services`` that takes a database either is in ``OPEN``
(no pupil data, letters or reports: the settings a sign-in screen needs, key-slot plumbing),
runs inside a caller's open transaction (its second parameter is the ``session`` of a service
call that checked the actor), or takes an ``actor`` as second parameter and has a row in
``MATRIX``: who may call it, and how to call it. A new function without a row fails ``test_every_service_function_is_in_the_matrix``.
``OPEN`` and ``MATRIX`` are in ``role_matrix.py``, the records the rows are called on in
``role_records.py``.
Each row is then called as every role, as a contactpersoon of another school, as a deactivated
account of each role and as a forged actor: the refused ones raise ``PermissionDenied`` and
change nothing (no audit entry); the allowed ones are not refused.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from role_matrix import BEH
from role_matrix import CP
from role_matrix import MATRIX
from role_matrix import OPEN
from role_matrix import PD
from role_matrix import SEC
from role_records import make_records
from signed_in import signed_in
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update

import swv_desktop.services as services_package
from swv_desktop.errors import KnownError
from swv_desktop.errors import PermissionDenied
from swv_desktop.models import AuditEntry
from swv_desktop.models import Gebruiker
from swv_desktop.models import Rol
from swv_desktop.services.common import Actor


def public_functions() -> dict[str, Callable[..., Any]]:
    """Every public function of the services package whose first parameter is ``db``."""
    found: dict[str, Callable[..., Any]] = {}
    for info in pkgutil.walk_packages(services_package.__path__, "swv_desktop.services."):
        module = importlib.import_module(info.name)
        for name, fn in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != info.name:
                continue
            if info.name.split(".")[2] == "scope":
                continue  # the checks themselves (the package and its modules)
            params = list(inspect.signature(fn).parameters)
            if params and params[0] == "db":
                found[f"{info.name.removeprefix('swv_desktop.services.')}.{name}"] = fn
    return found


def test_every_service_function_is_in_the_matrix() -> None:
    functions = public_functions()
    for name, fn in functions.items():
        params = list(inspect.signature(fn).parameters)
        if params[1:2] == ["session"]:
            continue  # runs inside the open transaction of a service call that checked the actor
        if name in OPEN:
            assert "actor" not in params, f"{name} neemt een actor: haal hem uit OPEN"
            continue
        assert params[:2] == ["db", "actor"], f"{name}: de tweede parameter moet 'actor' zijn"
        assert name in MATRIX, f"{name} staat niet in de rol-x-actiematrix"
    assert set(MATRIX) <= set(functions), set(MATRIX) - set(functions)
    assert set(functions) >= OPEN, OPEN - set(functions)


def _audit_count(world: Any) -> int:
    with world.db.read() as session:
        return int(session.scalar(select(func.count(AuditEntry.id))) or 0)


def _deactivated(world: Any) -> dict[str, Actor]:
    out = {}
    for rol in Rol:
        actor = signed_in(world.db, rol, f"uit-dienst-{rol.value}")
        out[f"uitgeschakelde {rol.label.lower()}"] = actor
    with world.db.transaction() as session:
        session.execute(
            update(Gebruiker)
            .where(Gebruiker.gebruikersnaam.like("uit-dienst-%"))
            .values(actief=False)
        )
    return out


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role_matrix(name: str, world: Any, tmp_path: Path) -> None:
    fn = public_functions()[name]
    row = MATRIX[name]
    world.tmp = tmp_path
    records = make_records(world)
    stranger = world.contactpersoon_of(world.andere_school_id)
    real = {
        CP: world.contactpersoon,
        PD: world.directeur,
        SEC: world.secretariaat,
        BEH: world.beheerder,
    }
    forged = Actor(world.directeur.id, "programmadirecteur", "Dirk Directeur", PD)
    refused: dict[str, Actor] = {
        f"{rol.label.lower()}": a for rol, a in real.items() if rol not in row.allowed
    }
    refused |= _deactivated(world)
    refused["nagemaakte programmadirecteur"] = forged
    if row.scoped or CP not in row.allowed:
        refused["contactpersoon van een andere school"] = stranger
    for who, actor in refused.items():
        args, kwargs = row.call(records, actor)
        before = _audit_count(world)
        with pytest.raises(PermissionDenied):
            fn(world.db, actor, *args, **kwargs)
            pytest.fail(f"{name} liet {who} toe")
        assert _audit_count(world) == before, f"{name}: de weigering van {who} liet een spoor na"
    allowed = [real[rol] for rol in sorted(row.allowed)]
    if not row.scoped and CP in row.allowed:
        allowed.append(stranger)
    for actor in allowed:
        args, kwargs = row.call(records, actor)
        try:
            fn(world.db, actor, *args, **kwargs)
        except PermissionDenied as exc:
            pytest.fail(f"{name} weigerde {actor.rol.label.lower()} {actor.gebruikersnaam}: {exc}")
        except KnownError:
            pass  # the state of the records may refuse it; the role was let through
