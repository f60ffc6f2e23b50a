"""The command registry: every public service function that writes is a command (or says why
not), and a command's arguments survive the trip to JSON and back, strictly checked."""

from __future__ import annotations

import ast
import json
from datetime import UTC
from datetime import date
from datetime import datetime
from pathlib import Path

import pytest

from swv_desktop.models import Beoordeling
from swv_desktop.models import KostenSoort
from swv_desktop.models import Uitkomst
from swv_desktop.services import commands
from swv_desktop.services.aanvragen.regels import KostenregelInput
from swv_desktop.services.commands import CommandError
from swv_desktop.services.commands import all_commands
from swv_desktop.services.commands import get
from swv_desktop.services.voortgang import VoortgangInput

SERVICES = Path(commands.__file__).parent


def _writing_functions() -> set[str]:
    """``module.function`` of every public service function that opens a write transaction,
    itself or through another function of the services (followed to a fixed point)."""
    functions: dict[str, tuple[bool, set[str]]] = {}
    for path in sorted(SERVICES.rglob("*.py")):
        module = ".".join(path.relative_to(SERVICES.parent.parent).with_suffix("").parts)
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.FunctionDef):
                continue
            calls: set[str] = set()
            writes = False
            for call in ast.walk(node):
                if isinstance(call, ast.Call):
                    f = call.func
                    name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
                    writes = writes or name == "transaction"
                    calls.add(name)
            functions[f"{module}.{node.name}"] = (writes, calls)
    writing = {name for name, (writes, _) in functions.items() if writes}
    while True:
        names = {w.rsplit(".", 1)[1] for w in writing}
        more = {n for n, (_, calls) in functions.items() if n not in writing and calls & names}
        if not more:
            break
        writing |= more
    return {w for w in writing if not w.rsplit(".", 1)[1].startswith("_")}


def test_every_writing_service_function_is_a_command_or_says_why_not() -> None:
    registered = {f"{c.function.__module__}.{c.function.__name__}" for c in all_commands().values()}
    writing = _writing_functions()
    assert len(writing) > 25  # the scan itself finds the service functions
    missing = writing - registered - set(commands.NOT_COMMANDS)
    assert not missing, f"register these with @command(...) in services: {sorted(missing)}"
    assert not registered & set(commands.NOT_COMMANDS)
    stale = set(commands.NOT_COMMANDS) - writing
    assert not stale, f"NOT_COMMANDS names functions that no longer write: {stale}"
    # and nothing registered that does not write
    assert registered <= writing


def test_every_command_can_encode_its_signature() -> None:
    for spec in all_commands().values():
        assert "db" not in spec.parameters and "actor" not in spec.parameters
        for name in spec.parameters:
            assert name in spec.hints, (spec.name, name)
    assert get("besluit.nemen").online_only
    assert not get("gesprek.vastleggen").online_only


def test_group_aanvraag_survives_json(world) -> None:  # noqa: ANN001 - fixture
    spec = get("aanvraag.maken")
    data = world.group(
        [1, 2, 3],
        [
            KostenregelInput("Orthopedagoog", KostenSoort.ONDERSTEUNING, 1_500_000),
            KostenregelInput("Ontwikkeltijd", KostenSoort.ONTWIKKELTIJD, 250_050),
        ],
    )
    payload = json.loads(json.dumps(spec.encode({"data": data})))
    assert payload["data"]["groepsplan"]["periode_start"] == "2021-10-01"
    assert spec.decode(payload) == {"data": data}
    assert spec.base_version({"data": data}) is None


def test_edit_carries_its_base_version() -> None:
    spec = get("gesprek.vastleggen")
    talk = VoortgangInput(date(2021, 11, 2), "mentor, ouders", "Gaat goed.", Beoordeling.GOED)
    arguments = spec.bind((12, talk), {})
    assert arguments == {"aanvraag_id": 12, "data": talk}
    assert spec.decode(json.loads(json.dumps(spec.encode(arguments)))) == arguments
    wijzig = get("schooljaar.opslaan")
    assert wijzig.base_version({"versie": 4, "label": "2021-2022"}) == 4


def test_decision_payload_round_trip() -> None:
    spec = get("besluit.nemen")
    arguments = {
        "aanvraag_id": 3,
        "uitkomst": Uitkomst.GEDEELTELIJK,
        "bedrag_cents": 600_000,
        "motivering": "Deels",
        "overschrijding_reden": "",
        "briefdatum": None,
    }
    assert spec.decode(json.loads(json.dumps(spec.encode(arguments)))) == arguments


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"aanvraag_id": 1, "data": {}, "actor": {"id": 2}}, "bepaalt de server uit de aanmelding"),
        ({"aanvraag_id": 1, "gebruiker": "programmadirecteur"}, "noemt zelf een gebruiker"),
        ({"aanvraag_id": "1", "data": {}}, "moet een geheel getal zijn"),
        ({"aanvraag_id": True, "data": {}}, "moet een geheel getal zijn"),
        ({"aanvraag_id": 1}, "mist het gegeven 'data'"),
        ({"aanvraag_id": 1, "data": {}, "extra": 1}, "onbekende gegevens (extra)"),
        (
            {
                "aanvraag_id": 1,
                "data": {
                    "datum": "2021-13-01",
                    "deelnemers": "x",
                    "notities": "y",
                    "beoordeling": "goed",
                },
            },
            "moet een datum (JJJJ-MM-DD) zijn",
        ),
        (
            {
                "aanvraag_id": 1,
                "data": {"datum": None, "deelnemers": "x", "notities": "y", "beoordeling": "top"},
            },
            "moet een van goed, voldoende",
        ),
        (
            {"aanvraag_id": 1, "data": {"datum": None, "deelnemers": "x", "notities": "y"}},
            "mist het gegeven 'gesprek.vastleggen.data.beoordeling'",
        ),
        ([1, 2], "geen gegevens"),
    ],
)
def test_malformed_payloads_are_refused_in_dutch(payload: object, message: str) -> None:
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        get("gesprek.vastleggen").decode(payload)


def test_unknown_command_is_refused() -> None:
    with pytest.raises(CommandError, match="kent de opdracht 'wissen' niet"):
        get("wissen")


def test_datetime_needs_a_zone() -> None:
    hint = datetime
    assert commands._decode("2021-10-04T09:30:00+00:00", hint, "x") == datetime(
        2021, 10, 4, 9, 30, tzinfo=UTC
    )
    with pytest.raises(CommandError, match="tijdzone"):
        commands._decode("2021-10-04T09:30:00", hint, "x")


def test_standalone_call_is_unchanged(world) -> None:  # noqa: ANN001 - fixture
    """Without hooks the decorated function is the service itself."""
    assert world.db.hooks is None
    lid = world.add_leerling("90001")
    assert lid > 0
