"""The AVG copy on a team laptop is made by the server, from all the data the bureau holds (the
replica holds only part of it), and logged there; refused for a pupil of another school, and
offline with a Dutch message instead of a partial copy."""

from __future__ import annotations

import json
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from swv_desktop.models import Leerling
from swv_desktop.models import Toegang
from swv_desktop.models import ToegangActie
from swv_desktop.sync.client import Refused
from swv_desktop.sync.replica import OnlineOnly

from .harness import Team


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def _pupil(team: Team, nummer: str) -> int:
    with team.db.read() as s:
        return int(s.scalars(select(Leerling.id).where(Leerling.leerlingnummer == nummer)).one())


def test_a_team_laptop_gets_the_avg_copy_from_the_server(online: Team) -> None:
    team = online
    laptop = team.laptop("cp1", "cp1-avg")
    assert laptop.sync_round().exit_code == 0
    lid = _pupil(team, "A0001")

    kopie = laptop.avg_kopie(lid, "inzage-A0001.json")

    assert kopie.pdf.startswith(b"%PDF") and kopie.json_naam == "inzage-A0001.json"
    assert json.loads(kopie.json)["leerling"]["leerlingnummer"] == "A0001"
    text = _text(kopie.pdf)
    assert "A0001" in text and "Wie de gegevens heeft vastgelegd of gewijzigd" in text
    assert "Dirk Directeur" in text  # the decision taken in the office, from the server's trail
    with team.db.read() as s:  # made and logged on the server's access log, as the laptop's user
        made = s.scalars(
            select(Toegang.gebruikersnaam).where(
                Toegang.actie == ToegangActie.AVG_KOPIE, Toegang.leerling_id == lid
            )
        ).all()
    assert made == ["cp1"]

    with pytest.raises(Refused) as refused:  # a pupil of the other contactpersoon's school
        laptop.avg_kopie(_pupil(team, "B0001"))
    assert refused.value.status == 403 and "hoort niet bij uw scholen" in str(refused.value)

    laptop.go_offline()
    with pytest.raises(OnlineOnly, match="dat kan alleen met verbinding met de server"):
        laptop.avg_kopie(lid)
    laptop.close()
