"""The commands: every mutating service function, by name, so that a team server can replay it.

A laptop with a replica does not write to the server's database: each change it makes is a
*command* (its name, its arguments as JSON and the version of the record it started from) that
the server replays through the very same service function, so every rule is checked where all
the data is. This module is the one registry of those functions.

- ``@command("aanvraag.maken")`` on a service function registers it under that name. Called on a
  standalone database it does exactly what it did; on a database with ``WriteHooks`` (a replica,
  ``swv_desktop.sync``) the call goes to the hooks, which run it locally and queue the command.
- ``Command.encode`` / ``Command.decode`` turn the arguments (input dataclasses, enums, dates,
  lists) into JSON-safe data and back, strictly: an unknown field, a wrong type or an actor in
  the payload is refused with a Dutch message. The actor is never part of a payload; the server
  takes it from the signed-in session.
- ``NOT_COMMANDS`` names the public functions that write but are no command, with the reason
  (a read that logs access, restoring a backup, the first-run wizard). A test checks that every
  public service function that writes is in exactly one of the two lists.
"""

from __future__ import annotations

import contextvars
import dataclasses
import functools
import inspect
import types
import typing
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any
from typing import TypeVar

from swv_desktop.db import Database
from swv_desktop.errors import KnownError
from swv_desktop.services.common import Actor
from swv_desktop.services.common import Progress

F = TypeVar("F", bound=Callable[..., Any])

REGISTRY: dict[str, Command] = {}
"""Every command by name."""

NOT_COMMANDS: dict[str, str] = {
    "swv_desktop.services.instellingen.first_run": "de eerste start van een lege database, lokaal",
    "swv_desktop.services.leerlingen.get_leerling": "inzien (legt alleen de inzage vast)",
    "swv_desktop.services.leerlingen.export_leerling": "inzien en exporteren (legt de inzage vast)",
    "swv_desktop.services.avg_kopie.make_avg_kopie": "een AVG-kopie naar bestanden op deze computer (legt de export vast)",
    "swv_desktop.services.reservekopieen.restore_backup": "een reservekopie van dit bestand terugzetten",
    "swv_desktop.services.beschikkingen.uitgifte.export_letters": "een export naar bestanden op deze computer (legt de export vast)",
    "swv_desktop.services.evaluatie.use_cases.write_report": "een rapport naar een bestand op deze computer (legt de export vast)",
    "swv_desktop.services.queries.export.export_list": "een lijst naar een Excel-bestand op deze computer (legt de export vast)",
    "swv_desktop.services.queries.export.export_gesprekken": "de gesprekkenlijst naar een Excel-bestand op deze computer (legt de export vast)",
    "swv_desktop.services.vso_expertise.export_xlsx": "het register naar een Excel-bestand op deze computer (legt de export vast)",
    "swv_desktop.services.verantwoording.overzicht.geldstroom": "inzien (legt alleen de inzage vast)",
    "swv_desktop.services.bewaren.opschonen.purge": "de bewaartermijnen toepassen: de database zelf (de server of dit bestand) past de regels toe, geen wijziging van een gebruiker om na te spelen",
    "swv_desktop.services.aanvragen.use_cases.get_aanvraag": "inzien (legt alleen de inzage vast)",
    "swv_desktop.services.beschikkingen.uitgifte.get_issued_pdf": "inzien (legt alleen de inzage vast)",
    "swv_desktop.services.beschikkingen.uitgifte.render_preview": "inzien (legt alleen de inzage vast)",
    "swv_desktop.services.verantwoording.use_cases.get_vaststelling_pdf": "inzien (legt alleen de inzage vast)",
    "swv_desktop.services.verantwoording.use_cases.render_vaststelling_preview": "inzien (legt alleen de inzage vast)",
    "swv_desktop.services.queries.lists.fetch": "een lijst inzien (legt alleen de inzage vast)",
    "swv_desktop.services.voortgang.gesprekken_bekijken": "een lijst inzien (legt alleen de inzage vast)",
    "swv_desktop.services.voortgang.overdue_gesprekken": "een lijst inzien (legt alleen de inzage vast)",
    "swv_desktop.services.voortgang.upcoming_gesprekken": "een lijst inzien (legt alleen de inzage vast)",
    "swv_desktop.services.dashboard.load_dashboard": "het overzicht inzien (legt de inzage van zijn lijsten vast)",
    "swv_desktop.services.toegangslog.schrijven.lijst_bekeken": "legt een inzage vast in het toegangslogboek van deze database",
    "swv_desktop.services.toegangslog.schrijven.aanmeldingen_bijwerken": "legt een aanmelding vast waar die gebeurt (venster of server)",
    "swv_desktop.services.toegangslog.schrijven.afmelding": "legt een afmelding vast in het toegangslogboek van deze database",
    "swv_desktop.services.toegangslog.schrijven.export_gemaakt": "legt een export vast in het toegangslogboek van deze database",
    "swv_desktop.services.toegangslog.lezen.exporteren": "het toegangslogboek naar een Excel-bestand op deze computer (legt de export vast)",
    "swv_desktop.services.bewaren.herstel.reapply": "het verwijderregister opnieuw toepassen na het terugzetten van een reservekopie van dit bestand",
    "swv_desktop.services.scope.rechten.transaction": "de opening van een use case (rechten en transactie), zelf geen handeling",
}
"""Public service functions that write but are no command (``module.function``: why not)."""

_SKIPPED = ("db", "actor")
_REPLAYING: contextvars.ContextVar[bool] = contextvars.ContextVar("swv_replaying", default=False)


class CommandError(KnownError):
    """A command that cannot be replayed as sent: unknown, malformed, or with a forged actor."""


@dataclass(frozen=True)
class Command:
    """One registered mutating service function."""

    name: str
    function: Callable[..., Any]
    online_only: bool = False
    """Needs the whole budget or a shared sequence (deciding, issuing): never queued offline."""
    entity: str | None = None
    """The table of the record the command edits (shown with both versions on a conflict)."""
    id_param: str | None = None
    """The argument holding that record's id."""
    secret_result: bool = False
    """The result is a secret (a one-time code): answered once, never stored with the command's
    answer on the server (a resend gets the answer without it)."""

    @functools.cached_property
    def parameters(self) -> dict[str, inspect.Parameter]:
        """The arguments a payload holds (everything except ``db`` and ``actor``)."""
        sig = inspect.signature(self.function)
        return {n: p for n, p in sig.parameters.items() if n not in _SKIPPED}

    @functools.cached_property
    def hints(self) -> dict[str, Any]:
        namespace = {"Database": Database, "Actor": Actor, "Progress": Progress, "Path": Path}
        return typing.get_type_hints(self.function, localns=namespace)

    def bind(self, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> dict[str, Any]:
        """The arguments of a call (without ``db`` and ``actor``) by name, defaults filled in."""
        sig = inspect.signature(self.function)
        bound = sig.bind(None, None, *args, **kwargs)
        bound.apply_defaults()
        return {n: v for n, v in bound.arguments.items() if n not in _SKIPPED}

    def encode(self, arguments: Mapping[str, Any]) -> dict[str, Any]:
        """The arguments as JSON-safe data (callables such as ``progress`` are left out)."""
        return {
            name: _encode(arguments[name])
            for name in self.parameters
            if name in arguments and not _is_callable_hint(self.hints[name])
        }

    def decode(self, payload: object) -> dict[str, Any]:
        """The keyword arguments of a payload, checked strictly against the signature."""
        if not isinstance(payload, dict):
            raise CommandError(f"De opdracht '{self.name}' is ongeldig: geen gegevens.")
        if "actor" in payload or "gebruiker" in payload:
            raise CommandError(
                "De opdracht noemt zelf een gebruiker; de server weigert dat. Wie iets doet, "
                "bepaalt de server uit de aanmelding, nooit uit de opdracht."
            )
        unknown = sorted(set(payload) - set(self.parameters))
        if unknown:
            raise CommandError(
                f"De opdracht '{self.name}' bevat onbekende gegevens ({', '.join(unknown)})."
            )
        out: dict[str, Any] = {}
        for name, param in self.parameters.items():
            hint = self.hints[name]
            if _is_callable_hint(hint):
                continue
            if name not in payload:
                if param.default is inspect.Parameter.empty:
                    raise CommandError(f"De opdracht '{self.name}' mist het gegeven '{name}'.")
                continue
            out[name] = _decode(payload[name], hint, f"{self.name}.{name}")
        return out

    def base_version(self, arguments: Mapping[str, Any]) -> int | None:
        """The version of the edited record the call started from (``versie`` argument, the
        newest OPP version for a new one, ``vorige_versie``, or the input dataclass's
        ``versie``), ``None`` for a create."""
        for name in ("versie", "vorige_versie"):
            if isinstance(arguments.get(name), int):
                return int(arguments[name])
        for value in arguments.values():
            versie = getattr(value, "versie", None)
            if dataclasses.is_dataclass(value) and isinstance(versie, int):
                return versie
        return None

    def record_id(self, arguments: Mapping[str, Any]) -> int | None:
        """The id of the record the command edits, when it says which."""
        value = arguments.get(self.id_param) if self.id_param else None
        return value if isinstance(value, int) else None

    def invoke(self, db: Database, actor: Actor, arguments: Mapping[str, Any]) -> Any:
        """Run the service function itself (no hooks), as the replay on server and replica do."""
        with replaying():
            return self.function(db, actor, **arguments)


@contextmanager
def replaying() -> Iterator[None]:
    """Within this block decorated functions run directly (a replay, or one command calling
    another), never through the hooks again."""
    token = _REPLAYING.set(True)
    try:
        yield
    finally:
        _REPLAYING.reset(token)


def command(
    name: str,
    *,
    online_only: bool = False,
    entity: str | None = None,
    id_param: str | None = None,
    secret_result: bool = False,
) -> Callable[[F], F]:
    """Register a service function ``f(db, actor, ...)`` as the command ``name``."""

    def register(function: F) -> F:
        if name in REGISTRY:
            raise ValueError(f"command {name!r} registered twice")
        spec = Command(name, function, online_only, entity, id_param, secret_result)
        REGISTRY[name] = spec

        @functools.wraps(function)
        def wrapper(db: Database, actor: Actor, *args: Any, **kwargs: Any) -> Any:
            hooks = db.hooks
            if hooks is None or _REPLAYING.get():
                return function(db, actor, *args, **kwargs)
            return hooks.run_command(spec, db, actor, spec.bind(args, kwargs))

        wrapper.command = spec  # type: ignore[attr-defined]
        return typing.cast(F, wrapper)

    return register


def get(name: object) -> Command:
    """The command ``name`` or a Dutch refusal."""
    if not isinstance(name, str) or name not in REGISTRY:
        raise CommandError(f"De server kent de opdracht '{name}' niet.")
    return REGISTRY[name]


def all_commands() -> dict[str, Command]:
    """Every command, after importing every service module that registers some."""
    _import_services()
    return dict(REGISTRY)


def _import_services() -> None:
    import importlib
    import pkgutil

    import swv_desktop.services as package

    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)


# -- payload codec -------------------------------------------------------------------------


def _is_callable_hint(hint: Any) -> bool:
    options = typing.get_args(hint) if _is_union(hint) else (hint,)
    return any(
        typing.get_origin(o) is Callable or o is Callable or _origin(o) is Callable
        for o in options
        if o is not type(None)
    )


def _origin(hint: Any) -> Any:
    import collections.abc

    origin = typing.get_origin(hint)
    return Callable if origin is collections.abc.Callable else origin


def _is_union(hint: Any) -> bool:
    return typing.get_origin(hint) in (typing.Union, types.UnionType)


def _encode(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, bool | int | str | float):
        return value
    raise TypeError(f"cannot encode {type(value).__name__} in a command")


def _bad(where: str, wanted: str) -> CommandError:
    return CommandError(f"De opdracht is ongeldig: '{where}' moet {wanted} zijn.")


def _decode(value: Any, hint: Any, where: str) -> Any:  # noqa: C901 - one branch per kind
    if hint is Any:
        return value
    if _is_union(hint):
        options = [o for o in typing.get_args(hint) if o is not type(None)]
        if value is None:
            if len(options) < len(typing.get_args(hint)):
                return None
            raise _bad(where, "ingevuld")
        errors: list[CommandError] = []
        for option in options:
            try:
                return _decode(value, option, where)
            except CommandError as exc:
                errors.append(exc)
        raise errors[0]
    origin = typing.get_origin(hint)
    if origin in (list, Sequence, tuple) or hint in (list, tuple):
        if not isinstance(value, list):
            raise _bad(where, "een lijst")
        args = typing.get_args(hint) or (Any,)
        items = [_decode(v, args[0], f"{where}[{i}]") for i, v in enumerate(value)]
        return tuple(items) if origin is tuple else items
    if origin in (dict, Mapping) or hint is dict:
        if not isinstance(value, dict):
            raise _bad(where, "een verzameling velden")
        key_t, val_t = typing.get_args(hint) or (str, Any)
        return {
            _decode(k, key_t, where): _decode(v, val_t, f"{where}.{k}") for k, v in value.items()
        }
    if isinstance(hint, type) and issubclass(hint, Enum):
        try:
            return hint(value)
        except ValueError:
            raise _bad(where, "een van " + ", ".join(str(m.value) for m in hint)) from None
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _decode_dataclass(value, hint, where)
    if hint is bool:
        if not isinstance(value, bool):
            raise _bad(where, "ja of nee")
        return value
    if hint is int:
        if type(value) is not int:
            raise _bad(where, "een geheel getal")
        return value
    if hint is float:
        if type(value) not in (int, float):
            raise _bad(where, "een getal")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise _bad(where, "tekst")
        return value
    if hint is datetime:
        try:
            moment = datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise _bad(where, "een tijdstip") from None
        if moment.tzinfo is None:
            raise _bad(where, "een tijdstip met tijdzone")
        return moment
    if hint is date:
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            raise _bad(where, "een datum (JJJJ-MM-DD)") from None
    raise CommandError(f"De opdracht is ongeldig: '{where}' kan niet worden gelezen.")


def _decode_dataclass(value: Any, cls: type[Any], where: str) -> Any:
    if not isinstance(value, dict):
        raise _bad(where, "een verzameling velden")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    unknown = sorted(set(value) - set(fields))
    if unknown:
        raise CommandError(f"De opdracht bevat onbekende gegevens ({', '.join(unknown)}).")
    kwargs = {}
    for name, f in fields.items():
        if name in value:
            kwargs[name] = _decode(value[name], hints[name], f"{where}.{name}")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise CommandError(f"De opdracht mist het gegeven '{where}.{name}'.")
    return cls(**kwargs)
