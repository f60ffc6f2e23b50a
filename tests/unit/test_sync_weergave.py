"""How the "Niet verwerkt" screen names a refused change and sets her values beside the
server's."""

from __future__ import annotations

from swv_desktop.services.commands import all_commands
from swv_desktop.sync import weergave


def test_every_command_has_a_dutch_name() -> None:
    assert sorted(set(all_commands()) - set(weergave.LABELS)) == []
    assert sorted(set(weergave.LABELS) - set(all_commands())) == []
    assert weergave.label("gesprek.vastleggen") == "Voortgangsgesprek vastleggen"


def test_her_values_beside_the_servers_differences_first() -> None:
    mine = {
        "leerling_id": 7,
        "data": {
            "voornaam": "Testa",
            "tussenvoegsel": "van",
            "leerjaar": 2,
            "geboortedatum": "2011-03-14",
            "versie": 3,
        },
    }
    server = {
        "id": 7,
        "voornaam": "Testa",
        "tussenvoegsel": "",
        "leerjaar": 4,
        "geboortedatum": "2011-03-14",
        "versie": 4,
        "wachtwoord_hash": "x",
    }
    rows = weergave.verschillen(mine, server)
    assert [(r.veld, r.mijn, r.server) for r in rows] == [
        ("Tussenvoegsel", "van", ""),
        ("Leerjaar", "2", "4"),
        ("Voornaam", "Testa", "Testa"),
        ("Geboortedatum", "14 maart 2011", "14 maart 2011"),
    ]
    assert weergave.verschillen({"bedrag_cents": 600_000}, {}) == [
        weergave.Verschil("Bedrag", "€ 6.000,00", "")
    ]


def test_moments_as_the_window_shows_them() -> None:
    assert weergave.moment("2021-10-04T09:30:00+00:00") == "4 oktober 2021 11:30"
    assert weergave.moment("") == ""


def test_an_unreachable_server_is_explained_in_dutch() -> None:
    """A refused connection (nothing listens on the port) reads as Dutch words, not as the
    operating system's ``[Errno 111] Connection refused``."""
    import socket

    import pytest

    from swv_desktop.sync.client import Connection
    from swv_desktop.sync.client import Unreachable

    with socket.socket() as probe:  # a free loopback port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(Unreachable) as refused:
        Connection(base=f"http://127.0.0.1:{port}", timeout=5).call("/status")
    assert "niet bereikbaar (de server weigert de verbinding; draait hij?)" in refused.value.message
    assert "Errno" not in refused.value.message
